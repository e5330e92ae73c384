//===- fake_cuda_driver.cpp - libcuda.so.1 on the CPU, for tests ----------===//
//
// The part of the CUDA driver API the runtime calls, over host memory, so
// that the runtime's driver path (module loading, launches, CUDA graphs)
// runs where there is no GPU. It reports one sm_90 GPU that takes PTX only
// (a CUBIN is machine code it cannot run), reads each kernel's parameter
// count from that PTX, as the driver does, and runs the kernel from
// $FAKE_CUDA_KERNELS: the model's CUDA source built with
// dlc/cuda_emulation.h. $FAKE_CUDA_LOG, when set, gets a line per kernel
// launch, graph capture and graph launch, for the test to count;
// $FAKE_CUDA_FAIL names a call (cuLaunchKernel, cuGraphLaunch) that fails.
//
//===----------------------------------------------------------------------===//
#include <dlfcn.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

namespace {
using Kernel = void (*)(void *const *args, unsigned grid, unsigned block);

constexpr int kSuccess = 0, kInvalidValue = 1, kNotFound = 500, kNoBinaryForGpu = 209,
              kCaptureInvalidated = 901, kUnknown = 999;

struct Function {
  Kernel kernel;
  size_t parameters;
};

struct Module {
  void *library;
  std::map<std::string, size_t> parameters; // per .entry of the PTX
  std::map<std::string, Function> functions;
};

struct Launch {
  Function *function;
  unsigned grid, block;
  std::vector<uint64_t> values;
};

struct Stream {
  bool capturing = false;
  std::vector<Launch> captured;
};

struct Graph {
  std::vector<Launch> launches;
};

void log(const std::string &line) {
  if (const char *path = std::getenv("FAKE_CUDA_LOG"))
    if (FILE *file = std::fopen(path, "a")) {
      std::fprintf(file, "%s\n", line.c_str());
      std::fclose(file);
    }
}

bool failing(const char *call) {
  const char *failure = std::getenv("FAKE_CUDA_FAIL");
  return failure && std::strcmp(failure, call) == 0;
}

void run(const Launch &launch) {
  std::vector<void *> params(launch.values.size());
  for (size_t i = 0; i < params.size(); ++i)
    params[i] = const_cast<uint64_t *>(&launch.values[i]);
  launch.function->kernel(params.data(), launch.grid, launch.block);
}

// The `.entry` functions of `ptx` and how many `.param`s each takes.
std::map<std::string, size_t> entries(const std::string &ptx) {
  std::map<std::string, size_t> found;
  for (size_t at = ptx.find(".entry "); at != std::string::npos;
       at = ptx.find(".entry ", at + 1)) {
    size_t open = ptx.find('(', at), close = ptx.find(')', open);
    if (open == std::string::npos || close == std::string::npos)
      break;
    std::string name = ptx.substr(at + 7, open - at - 7);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\n'))
      name.pop_back();
    size_t count = 0;
    for (size_t p = ptx.find(".param", open); p < close; p = ptx.find(".param", p + 1))
      ++count;
    found[name] = count;
  }
  return found;
}
} // namespace

extern "C" {
int cuInit(unsigned) { return kSuccess; }
int cuDeviceGetCount(int *count) {
  *count = 1;
  return kSuccess;
}
int cuDeviceGet(int *device, int ordinal) {
  *device = ordinal;
  return ordinal == 0 ? kSuccess : kInvalidValue;
}
int cuDeviceGetAttribute(int *value, int attribute, int) {
  *value = attribute == 75 ? 9 : 0; // compute capability 9.0
  return kSuccess;
}
int cuDevicePrimaryCtxRetain(void **context, int) {
  static int primary;
  *context = &primary;
  return kSuccess;
}
int cuDevicePrimaryCtxRelease_v2(int) { return kSuccess; }
int cuCtxSetCurrent(void *) { return kSuccess; }

int cuModuleLoadData(Module **module, const void *image) {
  const char *text = static_cast<const char *>(image);
  if (std::strncmp(text, "\x7f" "ELF", 4) == 0)
    return kNoBinaryForGpu;
  const char *kernels = std::getenv("FAKE_CUDA_KERNELS");
  void *library = kernels ? dlopen(kernels, RTLD_NOW | RTLD_LOCAL) : nullptr;
  if (!library)
    return kNotFound;
  *module = new Module{library, entries(text), {}};
  return kSuccess;
}
int cuModuleUnload(Module *module) {
  dlclose(module->library);
  delete module;
  return kSuccess;
}
int cuModuleGetFunction(Function **function, Module *module, const char *name) {
  auto parameters = module->parameters.find(name);
  auto kernel = reinterpret_cast<Kernel>(
      dlsym(module->library, (std::string(name) + "_emulated").c_str()));
  if (parameters == module->parameters.end() || !kernel)
    return kNotFound;
  *function = &(module->functions[name] = Function{kernel, parameters->second});
  return kSuccess;
}

int cuMemAlloc_v2(uint64_t *address, size_t bytes) {
  void *buffer = std::aligned_alloc(256, (bytes + 255) / 256 * 256);
  *address = reinterpret_cast<uint64_t>(buffer);
  return buffer ? kSuccess : 2;
}
int cuMemFree_v2(uint64_t address) {
  std::free(reinterpret_cast<void *>(address));
  return kSuccess;
}
int cuMemcpyHtoD_v2(uint64_t to, const void *from, size_t bytes) {
  std::memcpy(reinterpret_cast<void *>(to), from, bytes);
  return kSuccess;
}
int cuMemcpyDtoH_v2(void *to, uint64_t from, size_t bytes) {
  std::memcpy(to, reinterpret_cast<const void *>(from), bytes);
  return kSuccess;
}

int cuStreamCreate(Stream **stream, unsigned) {
  *stream = new Stream;
  return kSuccess;
}
int cuStreamDestroy_v2(Stream *stream) {
  delete stream;
  return kSuccess;
}
int cuStreamSynchronize(Stream *stream) {
  return stream->capturing ? kCaptureInvalidated : kSuccess;
}

int cuLaunchKernel(Function *function, unsigned gridX, unsigned gridY, unsigned gridZ,
                   unsigned blockX, unsigned blockY, unsigned blockZ, unsigned, Stream *stream,
                   void **params, void **extra) {
  if (gridY != 1 || gridZ != 1 || blockY != 1 || blockZ != 1 || extra)
    return kInvalidValue;
  if (failing("cuLaunchKernel"))
    return kUnknown;
  Launch launch{function, gridX, blockX, std::vector<uint64_t>(function->parameters)};
  for (size_t i = 0; i < launch.values.size(); ++i)
    std::memcpy(&launch.values[i], params[i], sizeof(uint64_t));
  if (stream->capturing) {
    stream->captured.push_back(std::move(launch));
    return kSuccess;
  }
  log("launch");
  run(launch);
  return kSuccess;
}

int cuGetErrorString(int result, const char **text) {
  *text = result == kSuccess ? "no error" : "an error of the test's driver";
  return kSuccess;
}

int cuStreamBeginCapture_v2(Stream *stream, int) {
  if (stream->capturing)
    return kInvalidValue;
  stream->capturing = true;
  stream->captured.clear();
  log("capture");
  return kSuccess;
}
int cuStreamEndCapture(Stream *stream, Graph **graph) {
  if (!stream->capturing)
    return kInvalidValue;
  stream->capturing = false;
  *graph = new Graph{std::move(stream->captured)};
  return kSuccess;
}
int cuGraphInstantiateWithFlags(Graph **exec, Graph *graph, unsigned long long) {
  *exec = new Graph(*graph);
  return kSuccess;
}
int cuGraphLaunch(Graph *exec, Stream *stream) {
  if (stream->capturing)
    return kInvalidValue;
  if (failing("cuGraphLaunch"))
    return kUnknown;
  log("graph launch");
  for (const Launch &launch : exec->launches)
    run(launch);
  return kSuccess;
}
int cuGraphDestroy(Graph *graph) {
  delete graph;
  return kSuccess;
}
int cuGraphExecDestroy(Graph *exec) {
  delete exec;
  return kSuccess;
}
}
