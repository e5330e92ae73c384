//===- Freeze.cpp - --freeze regular expressions, checked without crashing ===//
#include "tools/dlc-train/Freeze.h"

#include <regex>

using namespace dlc;

bool train::checkFreezePattern(const std::string &pattern, std::string &error) {
  if (pattern.find('\n') != std::string::npos) {
    error = "--freeze: the pattern spans lines";
    return false;
  }
  try {
    std::regex compiled(pattern, std::regex::ECMAScript);
    (void)compiled;
  } catch (const std::regex_error &e) {
    error = "--freeze '" + pattern + "' is not a valid regular expression (" + e.what() + ")";
    return false;
  }
  return true;
}

std::vector<std::string> train::matchingNames(const std::string &pattern,
                                              const std::vector<std::string> &names) {
  std::vector<std::string> matches;
  try {
    std::regex compiled(pattern, std::regex::ECMAScript);
    for (const std::string &name : names)
      if (std::regex_search(name, compiled))
        matches.push_back(name);
  } catch (const std::regex_error &) {
    matches.clear();
  }
  return matches;
}
