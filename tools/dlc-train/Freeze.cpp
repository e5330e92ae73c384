//===- Freeze.cpp - --freeze regular expressions, as the compiler reads them ===//
#include "tools/dlc-train/Freeze.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Regex.h"

using namespace dlc;

bool train::checkFreezePattern(const std::string &pattern, std::string &error) {
  if (pattern.find('\n') != std::string::npos) {
    error = "--freeze: the pattern spans lines";
    return false;
  }
  std::string reason;
  if (!llvm::Regex(pattern).isValid(reason)) {
    error = "--freeze '" + pattern + "' is not a valid regular expression (" + reason + ")";
    return false;
  }
  return true;
}

std::vector<std::string> train::matchingNames(const std::string &pattern,
                                              const std::vector<std::string> &names) {
  std::vector<std::string> matches;
  llvm::Regex compiled(pattern);
  for (const std::string &name : names)
    if (compiled.match(name))
      matches.push_back(name);
  return matches;
}
