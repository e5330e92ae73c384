//===- Isolated.h - running code that may crash or hang in a child process ===//
//
// libonnx 1.12's checker, version converter and shape inference crash or
// loop on some malformed models that dlc's own checks do not foresee. Run in
// a forked child, such a failure becomes an error of the parent instead of
// its death.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_SUPPORT_ISOLATED_H
#define DLC_COMPILER_SUPPORT_ISOLATED_H

#include <functional>
#include <string>

namespace dlc {

/// Runs `work` in a forked child process and returns the bytes it produced
/// in `output`. False, with `error` saying what happened ("crashed with
/// signal 11 (Segmentation fault)", "did not finish in 60 s"), when the
/// child dies, exits without its result or outlives `seconds` (then it is
/// killed). The child shares nothing with the parent afterwards: only
/// `work`'s result comes back. Call it while the process has one thread.
bool runIsolated(const std::function<std::string()> &work, unsigned seconds,
                 std::string &output, std::string &error);

} // namespace dlc

#endif // DLC_COMPILER_SUPPORT_ISOLATED_H
