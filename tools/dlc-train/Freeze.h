//===- Freeze.h - --freeze regular expressions, as the compiler reads them ===//
#ifndef DLC_TOOLS_DLC_TRAIN_FREEZE_H
#define DLC_TOOLS_DLC_TRAIN_FREEZE_H

#include <string>
#include <vector>

namespace dlc::train {

/// Checks that `pattern` is a POSIX extended regular expression as
/// llvm::Regex, which the compiler's --freeze uses, reads it; false with one
/// line in `error` otherwise.
bool checkFreezePattern(const std::string &pattern, std::string &error);

/// The names in which `pattern` (a valid one) is found anywhere: exactly the
/// params the compiler's --freeze keeps fixed.
std::vector<std::string> matchingNames(const std::string &pattern,
                                       const std::vector<std::string> &names);

} // namespace dlc::train

#endif // DLC_TOOLS_DLC_TRAIN_FREEZE_H
