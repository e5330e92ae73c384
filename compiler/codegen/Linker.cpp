//===- Linker.cpp - object files to a shared library ----------------------===//
#include "compiler/codegen/Linker.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

using namespace dlc;

namespace {
// Removes a scratch directory and everything in it on every path out.
struct ScratchDir {
  llvm::SmallString<128> path;
  ~ScratchDir() {
    if (!path.empty())
      llvm::sys::fs::remove_directories(path);
  }
};

bool writeFile(const std::string &path, const std::string &contents, std::string &error) {
  std::error_code ec;
  llvm::raw_fd_ostream out(path, ec, llvm::sys::fs::OF_None);
  if (ec) {
    error = "cannot write '" + path + "': " + ec.message();
    return false;
  }
  out << contents;
  return true;
}
} // namespace

bool dlc::linkSharedLibrary(const std::vector<std::string> &objects, std::string &library,
                            std::string &error) {
  llvm::ErrorOr<std::string> cc = llvm::sys::findProgramByName("cc");
  if (!cc) {
    error = "no C compiler driver 'cc' on PATH to link the model library";
    return false;
  }
  ScratchDir scratch;
  if (std::error_code ec = llvm::sys::fs::createUniqueDirectory("dlc-link", scratch.path)) {
    error = "cannot create a temporary directory: " + ec.message();
    return false;
  }
  std::vector<std::string> args{*cc, "-shared", "-nostartfiles", "-Wl,-z,noexecstack",
                                "-Wl,--build-id=none"};
  for (size_t i = 0; i < objects.size(); ++i) {
    std::string path = (scratch.path + "/part" + std::to_string(i) + ".o").str();
    if (!writeFile(path, objects[i], error))
      return false;
    args.push_back(path);
  }
  std::string output = (scratch.path + "/model.so").str();
  std::string log = (scratch.path + "/link.log").str();
  args.insert(args.end(), {"-o", output, "-lm"});
  llvm::SmallVector<llvm::StringRef> argRefs(args.begin(), args.end());
  std::optional<llvm::StringRef> redirects[] = {std::nullopt, llvm::StringRef(log),
                                                llvm::StringRef(log)};
  std::string message;
  int status = llvm::sys::ExecuteAndWait(*cc, argRefs, std::nullopt, redirects, 0, 0,
                                         &message);
  if (status != 0) {
    auto logText = llvm::MemoryBuffer::getFile(log);
    std::string detail = logText ? (*logText)->getBuffer().str() : message;
    detail = detail.substr(0, detail.find('\n'));
    error = "linking the model library failed: " + detail;
    return false;
  }
  auto result = llvm::MemoryBuffer::getFile(output, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!result) {
    error = "cannot read the linked library: " + result.getError().message();
    return false;
  }
  library = (*result)->getBuffer().str();
  return true;
}
