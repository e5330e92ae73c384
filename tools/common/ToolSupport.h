//===- ToolSupport.h - what every dlc tool does the same way --------------===//
#ifndef DLC_TOOLS_COMMON_TOOLSUPPORT_H
#define DLC_TOOLS_COMMON_TOOLSUPPORT_H

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"

#include <map>
#include <string>
#include <vector>

namespace dlc {

/// A temporary file removed on every path out.
struct TempFile {
  llvm::SmallString<128> path;
  TempFile() = default;
  TempFile(const TempFile &) = delete;
  TempFile &operator=(const TempFile &) = delete;
  ~TempFile() {
    if (!path.empty())
      llvm::sys::fs::remove(path);
  }
};

/// --gpu-precision's help, the same in every tool.
inline constexpr const char kGpuPrecisionHelp[] =
    "With --target cuda: how the tensor cores multiply float32, summing in float32 (fp32: as "
    "exact as float32, three tf32 products; tf32: one, faster, relative error near 1e-3; "
    "bf16 or fp16: one product of 16-bit operands, faster still, relative error near 1e-2 "
    "(bf16) or 1e-3 (fp16, magnitudes to 65504))";

/// --target, --gpu-arch, --gpu-precision and --emulate-gpu of the tools that
/// compile and run a model (dlc-run, dlc-train).
struct RunTargetOptions {
  explicit RunTargetOptions(llvm::cl::OptionCategory &category);
  llvm::cl::opt<std::string> target;
  llvm::cl::opt<std::string> gpuArch;
  llvm::cl::opt<std::string> gpuPrecision;
  llvm::cl::opt<bool> emulateGpu;
  /// False with `error` set for an unknown target or a CUDA option without
  /// --target cuda.
  bool check(std::string &error) const;
};

/// Builds a CUDA model's kernels (`cudaSource`) for this CPU into `library`,
/// a new temporary file, and points the runtime at it (DLC_CUDA_EMULATOR):
/// the sessions created next run their kernels there, not on a GPU.
bool useEmulatedGpu(const std::string &cudaSource, TempFile &library, std::string &error);

/// Makes running out of memory "TOOL: error: out of memory" and exit
/// status 1, wherever an allocation fails (operator new, LLVM's allocators),
/// and LLVM's fatal errors one line and exit status 1 too.
void reportOutOfMemoryAsError(const char *tool);

/// Parses the command line of a tool whose options are all in `category`
/// (others, from LLVM and MLIR libraries, are hidden); adds --version and
/// reports running out of memory as an error.
void parseToolCommandLine(int argc, char **argv, llvm::cl::OptionCategory &category,
                          const char *overview);

/// Unregisters a library's option called `name` (LLVM and MLIR libraries
/// register hidden options at load time), so that the tool can declare its
/// own option of that name. Call before constructing that option.
void releaseOptionName(llvm::StringRef name);

/// Prints the first error diagnostic as one line, "TOOL: error: WHERE:
/// MESSAGE", where WHERE names the ONNX node ("node 'conv1' (Conv)") or the
/// file. Later errors follow from the first (a node that reports two bad
/// inputs, a pass that fails after a verifier), so they are not printed.
class ToolDiagnostics {
public:
  ToolDiagnostics(mlir::MLIRContext &context, std::string tool);

private:
  mlir::ScopedDiagnosticHandler handler;
};

/// Prints "TOOL: error: MESSAGE" and returns 1, the tools' failure status.
int reportError(const std::string &tool, const std::string &message);

/// Parses --shape values "name=AxBxC" into `shapes`; false with `error` set.
bool parseShapes(const std::vector<std::string> &values,
                 std::map<std::string, std::vector<int64_t>> &shapes, std::string &error);
/// Parses --const-input values "name=file.pb" into `files`.
bool parseConstInputs(const std::vector<std::string> &values,
                      std::map<std::string, std::string> &files, std::string &error);

} // namespace dlc

#endif // DLC_TOOLS_COMMON_TOOLSUPPORT_H
