//===- Subprocess.h - running the system's tools (cc, dot) from the compiler ===//
#ifndef DLC_COMPILER_CODEGEN_SUBPROCESS_H
#define DLC_COMPILER_CODEGEN_SUBPROCESS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallString.h"

#include <string>

namespace dlc {

/// A temporary directory, removed with everything in it on every path out.
class ScratchDir {
public:
  ScratchDir() = default;
  ScratchDir(const ScratchDir &) = delete;
  ScratchDir &operator=(const ScratchDir &) = delete;
  ~ScratchDir();

  /// Creates the directory, its name starting with `prefix`.
  bool create(llvm::StringRef prefix, std::string &error);
  /// `name` inside the directory.
  std::string file(llvm::StringRef name) const;
  /// Writes `contents` to `file(name)`.
  bool write(llvm::StringRef name, llvm::StringRef contents, std::string &error) const;

private:
  llvm::SmallString<128> path;
};

/// Runs `program` (looked up on PATH) with `args`, its output going to a log
/// in `scratch`. A missing program, a non-zero exit or a run past
/// `timeoutSeconds` (0: no limit) sets `error` to "`what` failed: " and the
/// first line the program printed, or the reason it did not run.
bool runProgram(llvm::StringRef program, llvm::ArrayRef<std::string> args,
                const ScratchDir &scratch, unsigned timeoutSeconds, llvm::StringRef what,
                std::string &error);

} // namespace dlc

#endif // DLC_COMPILER_CODEGEN_SUBPROCESS_H
