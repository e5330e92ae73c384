//===- ToolSupport.cpp - what every dlc tool does the same way ------------===//
#include "tools/common/ToolSupport.h"
#include "compiler/codegen/CudaEmulation.h"
#include "compiler/codegen/Target.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/raw_ostream.h"

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <new>
#include <unistd.h>

using namespace mlir;
using namespace dlc;

namespace {
std::string describe(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc)) {
    if (auto opType = dyn_cast<NameLoc>(name.getChildLoc()))
      return "node '" + name.getName().str() + "' (" + opType.getName().str() + ")";
    return "'" + name.getName().str() + "'";
  }
  if (auto file = dyn_cast<FileLineColLoc>(loc)) {
    std::string where = file.getFilename().str();
    if (file.getLine() != 0)
      where += ":" + std::to_string(file.getLine()) + ":" + std::to_string(file.getColumn());
    return where;
  }
  if (auto fused = dyn_cast<FusedLoc>(loc))
    if (!fused.getLocations().empty())
      return describe(fused.getLocations().front());
  if (auto callSite = dyn_cast<CallSiteLoc>(loc))
    return describe(callSite.getCallee());
  return "";
}

const char *toolName = "dlc";
// Whether a ToolDiagnostics printed an error: the tool's one line.
std::atomic<bool> errorReported{false};

[[noreturn]] void reportOutOfMemory() {
  // Memory is exhausted: write without allocating.
  const char suffix[] = ": error: out of memory\n";
  ssize_t ignored = ::write(STDERR_FILENO, toolName, std::strlen(toolName));
  ignored = ::write(STDERR_FILENO, suffix, sizeof(suffix) - 1);
  (void)ignored;
  std::_Exit(1);
}

// A diagnostic's message on one line: later lines are context.
std::string oneLine(const Diagnostic &diag) {
  std::string message = diag.str();
  for (char &c : message)
    if (c == '\n')
      c = ' ';
  return message;
}

// A check dlc lacks ends here rather than in an abort: LLVM's fatal errors
// (a builder whose op cannot infer its result types, say) after the
// diagnostic that explains them, or alone as an internal error.
[[noreturn]] void reportFatalError(void *, const char *reason, bool) {
  if (!errorReported)
    llvm::errs() << toolName << ": error: internal error: " << reason << "\n";
  llvm::errs().flush();
  std::_Exit(1);
}
} // namespace

void dlc::reportOutOfMemoryAsError(const char *tool) {
  toolName = tool;
  std::set_new_handler(reportOutOfMemory);
  llvm::install_bad_alloc_error_handler(
      [](void *, const char *, bool) { reportOutOfMemory(); });
  llvm::install_fatal_error_handler(reportFatalError);
}

void dlc::parseToolCommandLine(int argc, char **argv, llvm::cl::OptionCategory &category,
                               const char *overview) {
  const char *slash = std::strrchr(argv[0], '/');
  reportOutOfMemoryAsError(slash ? slash + 1 : argv[0]);
  llvm::cl::SetVersionPrinter([](llvm::raw_ostream &os) {
    os << "dlc " DLC_VERSION " (LLVM " LLVM_VERSION_STRING ")\n";
  });
  // MLIR's printing and context flags (--mlir-print-debuginfo, ...) work in
  // every tool, as in mlir-opt, without crowding --help.
  mlir::registerAsmPrinterCLOptions();
  mlir::registerMLIRContextCLOptions();
  llvm::cl::HideUnrelatedOptions(category);
  llvm::cl::ParseCommandLineOptions(argc, argv, overview);
}

ToolDiagnostics::ToolDiagnostics(MLIRContext &context, std::string tool)
    : handler(&context, [tool, reported = false](Diagnostic &diag) mutable {
        if (diag.getSeverity() != DiagnosticSeverity::Error || reported)
          return success();
        reported = true;
        errorReported = true;
        std::string where = describe(diag.getLocation());
        llvm::errs() << tool << ": error: " << (where.empty() ? "" : where + ": ")
                     << oneLine(diag) << "\n";
        return success();
      }) {}

int dlc::reportError(const std::string &tool, const std::string &message) {
  llvm::errs() << tool << ": error: " << message << "\n";
  return 1;
}

bool dlc::parseShapes(const std::vector<std::string> &values,
                      std::map<std::string, std::vector<int64_t>> &shapes,
                      std::string &error) {
  for (const std::string &value : values) {
    size_t eq = value.rfind('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == value.size()) {
      error = "--shape '" + value + "' is not NAME=AxBxC";
      return false;
    }
    std::vector<int64_t> dims;
    llvm::SmallVector<llvm::StringRef> parts;
    llvm::StringRef(value).substr(eq + 1).split(parts, 'x');
    for (llvm::StringRef part : parts) {
      int64_t dim;
      if (part.getAsInteger(10, dim) || dim < 0) {
        error = "--shape '" + value + "' has a dim that is not a non-negative integer";
        return false;
      }
      dims.push_back(dim);
    }
    shapes[value.substr(0, eq)] = dims;
  }
  return true;
}

bool dlc::parseConstInputs(const std::vector<std::string> &values,
                           std::map<std::string, std::string> &files, std::string &error) {
  for (const std::string &value : values) {
    size_t eq = value.rfind('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == value.size()) {
      error = "--const-input '" + value + "' is not NAME=FILE.pb";
      return false;
    }
    files[value.substr(0, eq)] = value.substr(eq + 1);
  }
  return true;
}

void dlc::releaseOptionName(llvm::StringRef name) {
  llvm::StringMap<llvm::cl::Option *> &options = llvm::cl::getRegisteredOptions();
  if (auto it = options.find(name); it != options.end())
    it->second->removeArgument();
}

bool dlc::useEmulatedGpu(const std::string &cudaSource, TempFile &library, std::string &error) {
  if (std::error_code ec = llvm::sys::fs::createTemporaryFile("dlc-emulated", "so", library.path)) {
    error = "cannot create a temporary file: " + ec.message();
    return false;
  }
  if (!buildEmulatedKernels(cudaSource, std::string(library.path), error))
    return false;
  ::setenv("DLC_CUDA_EMULATOR", library.path.c_str(), 1);
  return true;
}

dlc::RunTargetOptions::RunTargetOptions(llvm::cl::OptionCategory &category)
    : target("target", llvm::cl::desc("Compile the model for: cpu (default) or cuda"),
             llvm::cl::init("cpu"), llvm::cl::cat(category)),
      gpuArch("gpu-arch", llvm::cl::desc("With --target cuda: the GPU architecture (sm_90)"),
              llvm::cl::init("sm_90"), llvm::cl::cat(category)),
      gpuPrecision("gpu-precision", llvm::cl::desc(kGpuPrecisionHelp), llvm::cl::init("fp32"),
                   llvm::cl::cat(category)),
      emulateGpu("emulate-gpu",
                 llvm::cl::desc("With --target cuda: run the kernels on the CPU, built from "
                                "their CUDA C++ with the system's C++ compiler, instead of on "
                                "a GPU"),
                 llvm::cl::cat(category)) {}

bool dlc::RunTargetOptions::check(std::string &error) const {
  if (target != "cpu" && target != "cuda")
    error = "--target " + target + " is not a target (cpu or cuda)";
  else if (target != "cuda" && emulateGpu)
    error = "--emulate-gpu needs --target cuda";
  else if (target != "cuda" && (gpuArch.getNumOccurrences() || gpuPrecision.getNumOccurrences()))
    error = std::string(gpuArch.getNumOccurrences() ? "--gpu-arch" : "--gpu-precision") +
            " needs --target cuda";
  else if (!isGpuPrecision(gpuPrecision))
    error = "--gpu-precision " + gpuPrecision + " is not a precision (" + kGpuPrecisions + ")";
  return error.empty();
}
