//===- Subprocess.cpp - running the system's tools (cc, dot) from the compiler ===//
#include "compiler/codegen/Subprocess.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

using namespace dlc;

ScratchDir::~ScratchDir() {
  if (!path.empty())
    llvm::sys::fs::remove_directories(path);
}

bool ScratchDir::create(llvm::StringRef prefix, std::string &error) {
  if (std::error_code ec = llvm::sys::fs::createUniqueDirectory(prefix, path)) {
    path.clear();
    error = "cannot create a temporary directory: " + ec.message();
    return false;
  }
  return true;
}

std::string ScratchDir::file(llvm::StringRef name) const {
  return (path + "/" + name).str();
}

bool ScratchDir::write(llvm::StringRef name, llvm::StringRef contents,
                       std::string &error) const {
  std::string target = file(name);
  std::error_code ec;
  llvm::raw_fd_ostream out(target, ec, llvm::sys::fs::OF_None);
  if (ec) {
    error = "cannot write '" + target + "': " + ec.message();
    return false;
  }
  out << contents;
  return true;
}

bool dlc::runProgram(llvm::StringRef program, llvm::ArrayRef<std::string> args,
                     const ScratchDir &scratch, unsigned timeoutSeconds, llvm::StringRef what,
                     std::string &error) {
  llvm::ErrorOr<std::string> path = llvm::sys::findProgramByName(program);
  if (!path) {
    error = (what + " failed: no '" + program + "' on PATH").str();
    return false;
  }
  llvm::SmallVector<llvm::StringRef> argRefs{*path};
  argRefs.append(args.begin(), args.end());
  std::string log = scratch.file("program.log");
  std::optional<llvm::StringRef> redirects[] = {llvm::StringRef(""), llvm::StringRef(log),
                                                llvm::StringRef(log)};
  std::string message;
  int status = llvm::sys::ExecuteAndWait(*path, argRefs, std::nullopt, redirects,
                                         timeoutSeconds, 0, &message);
  if (status == 0)
    return true;
  std::string detail = message;
  if (status > 0) {
    auto logText = llvm::MemoryBuffer::getFile(log);
    if (logText && !(*logText)->getBuffer().empty())
      detail = (*logText)->getBuffer().str();
    else
      detail = "exit status " + std::to_string(status);
  }
  error = (what + " failed: " + detail.substr(0, detail.find('\n'))).str();
  return false;
}
