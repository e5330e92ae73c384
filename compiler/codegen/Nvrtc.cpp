//===- Nvrtc.cpp - CUDA C++ to PTX and CUBIN with NVRTC, opened at run time ===//
#include "compiler/codegen/Nvrtc.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

#include <dlfcn.h>

#include <cctype>
#include <cstdlib>
#include <vector>

using namespace dlc;

namespace {
// NVRTC's C API as nvrtc.h declares it (results are nvrtcResult, 0 on
// success); declared here so that building dlc needs no CUDA headers.
using Program = struct _nvrtcProgram *;
struct NvrtcApi {
  int (*createProgram)(Program *, const char *, const char *, int, const char *const *,
                       const char *const *);
  int (*destroyProgram)(Program *);
  int (*compileProgram)(Program, int, const char *const *);
  int (*getPTXSize)(Program, size_t *);
  int (*getPTX)(Program, char *);
  int (*getCUBINSize)(Program, size_t *);
  int (*getCUBIN)(Program, char *);
  int (*getProgramLogSize)(Program, size_t *);
  int (*getProgramLog)(Program, char *);
  const char *(*getErrorString)(int);
  int (*version)(int *, int *);
};

template <typename F> bool bind(void *library, const char *symbol, F &function) {
  function = reinterpret_cast<F>(dlsym(library, symbol));
  return function != nullptr;
}

// Loaded once per process; null with `error` set when not found.
const NvrtcApi *loadNvrtc(std::string &error) {
  static NvrtcApi api;
  static std::string loadError;
  static bool loaded = [] {
    std::vector<std::string> candidates;
    if (const char *path = std::getenv("DLC_NVRTC"))
      candidates.push_back(path);
    for (const char *name : {"libnvrtc.so.13", "libnvrtc.so"}) {
      candidates.push_back(name);
      candidates.push_back(std::string("/usr/local/cuda/lib64/") + name);
    }
    void *library = nullptr;
    for (const std::string &candidate : candidates)
      if ((library = dlopen(candidate.c_str(), RTLD_NOW | RTLD_LOCAL)))
        break;
    if (!library) {
      loadError = "NVRTC (libnvrtc.so) was not found: install the CUDA toolkit or set DLC_NVRTC";
      return false;
    }
    if (!bind(library, "nvrtcCreateProgram", api.createProgram) ||
        !bind(library, "nvrtcDestroyProgram", api.destroyProgram) ||
        !bind(library, "nvrtcCompileProgram", api.compileProgram) ||
        !bind(library, "nvrtcGetPTXSize", api.getPTXSize) ||
        !bind(library, "nvrtcGetPTX", api.getPTX) ||
        !bind(library, "nvrtcGetCUBINSize", api.getCUBINSize) ||
        !bind(library, "nvrtcGetCUBIN", api.getCUBIN) ||
        !bind(library, "nvrtcGetProgramLogSize", api.getProgramLogSize) ||
        !bind(library, "nvrtcGetProgramLog", api.getProgramLog) ||
        !bind(library, "nvrtcGetErrorString", api.getErrorString) ||
        !bind(library, "nvrtcVersion", api.version)) {
      loadError = "the NVRTC library found lacks part of its C API";
      return false;
    }
    return true;
  }();
  if (!loaded)
    error = loadError;
  return loaded ? &api : nullptr;
}

// Besides the architecture; part of the cache key.
constexpr const char *kOptions[] = {"--std=c++17", "--fmad=true"};

// One compilation for `arch` ("compute_90" for PTX, "sm_90" for a CUBIN).
bool compile(const NvrtcApi &api, const std::string &source, const std::string &name,
             const std::string &arch, bool cubin, std::string &code, std::string &log,
             std::string &error) {
  Program program = nullptr;
  if (int result = api.createProgram(&program, source.c_str(), name.c_str(), 0, nullptr,
                                     nullptr)) {
    error = std::string("NVRTC cannot take the source: ") + api.getErrorString(result);
    return false;
  }
  std::string archOption = "--gpu-architecture=" + arch;
  const char *options[] = {archOption.c_str(), kOptions[0], kOptions[1]};
  int result = api.compileProgram(program, 3, options);
  size_t logSize = 0;
  if (api.getProgramLogSize(program, &logSize) == 0 && logSize > 1) {
    log.assign(logSize - 1, '\0');
    api.getProgramLog(program, log.data());
  }
  bool ok = result == 0;
  if (!ok) {
    error = "NVRTC cannot compile " + name + " for " + arch + ": " + api.getErrorString(result) +
            (log.empty() ? "" : "\n" + log);
  } else {
    size_t size = 0;
    ok = (cubin ? api.getCUBINSize(program, &size) : api.getPTXSize(program, &size)) == 0;
    if (ok) {
      code.assign(size, '\0');
      ok = (cubin ? api.getCUBIN(program, code.data()) : api.getPTX(program, code.data())) == 0;
    }
    if (!cubin && !code.empty() && code.back() == '\0')
      code.pop_back();
    if (!ok)
      error = "NVRTC compiled " + name + " but gave no " + (cubin ? "CUBIN" : "PTX");
  }
  api.destroyProgram(&program);
  return ok;
}
} // namespace

bool dlc::isGpuArch(const std::string &arch) {
  // sm_90, sm_100, and the architecture-specific sm_90a / sm_100f.
  size_t digits = arch.size() - 3 - (!arch.empty() && std::isalpha(arch.back()) ? 1 : 0);
  if (arch.size() < 5 || arch.compare(0, 3, "sm_") != 0 || digits < 2 || digits > 3)
    return false;
  for (size_t i = 3; i < 3 + digits; ++i)
    if (!std::isdigit(static_cast<unsigned char>(arch[i])))
      return false;
  return 3 + digits == arch.size() || arch.back() == 'a' || arch.back() == 'f';
}

namespace {
// The cache folder: $DLC_CACHE_DIR, else $XDG_CACHE_HOME/dlc, else
// ~/.cache/dlc; empty when there is none.
std::string cacheDirectory() {
  if (const char *dir = std::getenv("DLC_CACHE_DIR"))
    return dir;
  llvm::SmallString<128> path;
  if (const char *xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
    path = xdg;
  else if (!llvm::sys::path::cache_directory(path))
    return "";
  llvm::sys::path::append(path, "dlc");
  return std::string(path);
}

bool readFile(const std::string &path, std::string &out) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return false;
  out = (*buffer)->getBuffer().str();
  return true;
}

// Written under a unique name and renamed, so that concurrent compilers
// never read half a file.
void writeFile(const std::string &path, const std::string &bytes) {
  llvm::SmallString<128> temporary;
  int fd = -1;
  if (llvm::sys::fs::createUniqueFile(path + ".%%%%%%", fd, temporary))
    return;
  {
    llvm::raw_fd_ostream out(fd, /*shouldClose=*/true);
    out << bytes;
    if (out.has_error()) {
      out.clear_error();
      llvm::sys::fs::remove(temporary);
      return;
    }
  }
  if (llvm::sys::fs::rename(temporary, path))
    llvm::sys::fs::remove(temporary);
}
} // namespace

bool dlc::compileWithNvrtc(const std::string &source, const std::string &name,
                           const std::string &arch, NvrtcOutput &output, std::string &error) {
  const NvrtcApi *api = loadNvrtc(error);
  if (!api)
    return false;
  // A second build of the same kernels (dlc-run compiles each time it runs
  // an .onnx) takes NVRTC's earlier output.
  std::string directory = cacheDirectory();
  std::string key;
  if (!directory.empty()) {
    int major = 0, minor = 0;
    api->version(&major, &minor);
    std::string identity = std::to_string(major) + "." + std::to_string(minor) + " " + arch;
    for (const char *option : kOptions)
      identity += std::string(" ") + option;
    directory += "/nvrtc";
    uint64_t hash = llvm::xxh3_64bits(llvm::StringRef(identity + '\n' + source));
    key = directory + "/" + llvm::utohexstr(hash, /*LowerCase=*/true, 16);
    if (readFile(key + ".ptx", output.ptx) && readFile(key + ".cubin", output.cubin))
      return true;
  }
  std::string virtualArch = "compute_" + arch.substr(3);
  if (!compile(*api, source, name, virtualArch, false, output.ptx, output.log, error) ||
      !compile(*api, source, name, arch, true, output.cubin, output.log, error))
    return false;
  if (!key.empty() && !llvm::sys::fs::create_directories(directory)) {
    writeFile(key + ".ptx", output.ptx);
    writeFile(key + ".cubin", output.cubin);
  }
  return true;
}
