//===- Freeze.h - --freeze regular expressions, checked without crashing --===//
#ifndef DLC_TOOLS_DLC_TRAIN_FREEZE_H
#define DLC_TOOLS_DLC_TRAIN_FREEZE_H

#include <string>
#include <vector>

namespace dlc::train {

/// Checks that `pattern` is an ECMAScript regular expression; false with one
/// line in `error` otherwise. (std::regex reports bad patterns by throwing,
/// so this file is the one compiled with exceptions.)
bool checkFreezePattern(const std::string &pattern, std::string &error);

/// The names in which `pattern` (a valid one) is found anywhere, like
/// std::regex_search, as the compiler's --freeze matches params.
std::vector<std::string> matchingNames(const std::string &pattern,
                                       const std::vector<std::string> &names);

} // namespace dlc::train

#endif // DLC_TOOLS_DLC_TRAIN_FREEZE_H
