//===- cuda_device.cpp - a CUDA GPU through the driver API, opened with dlopen ===//
#include "device.hpp"
#include "model.hpp"
#include "status.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <cstdlib>
#include <string_view>
#include <vector>

using dlc::runtime::Device;
using dlc::runtime::makeStatus;

namespace {
// The driver API as cuda.h declares it (the _v2 symbols are what cuda.h's
// macros name); declared here so that the runtime needs no CUDA headers.
using CUresult = int;
using CUdevice = int;
using CUdeviceptr = unsigned long long;
using CUcontext = struct CUctx_st *;
using CUmodule = struct CUmod_st *;
using CUfunction = struct CUfunc_st *;
using CUstream = struct CUstream_st *;
using CUgraph = struct CUgraph_st *;
using CUgraphExec = struct CUgraphExec_st *;
constexpr CUresult kNoBinaryForGpu = 209;
constexpr int kComputeCapabilityMajor = 75;
constexpr int kComputeCapabilityMinor = 76;
constexpr int kCaptureModeThreadLocal = 1;

struct Driver {
  CUresult (*init)(unsigned);
  CUresult (*deviceGetCount)(int *);
  CUresult (*deviceGet)(CUdevice *, int);
  CUresult (*deviceGetAttribute)(int *, int, CUdevice);
  CUresult (*primaryCtxRetain)(CUcontext *, CUdevice);
  CUresult (*primaryCtxRelease)(CUdevice);
  CUresult (*ctxSetCurrent)(CUcontext);
  CUresult (*moduleLoadData)(CUmodule *, const void *);
  CUresult (*moduleUnload)(CUmodule);
  CUresult (*moduleGetFunction)(CUfunction *, CUmodule, const char *);
  CUresult (*memAlloc)(CUdeviceptr *, size_t);
  CUresult (*memFree)(CUdeviceptr);
  CUresult (*memcpyHtoD)(CUdeviceptr, const void *, size_t);
  CUresult (*memcpyDtoH)(void *, CUdeviceptr, size_t);
  CUresult (*streamCreate)(CUstream *, unsigned);
  CUresult (*streamDestroy)(CUstream);
  CUresult (*streamSynchronize)(CUstream);
  CUresult (*launchKernel)(CUfunction, unsigned, unsigned, unsigned, unsigned, unsigned,
                           unsigned, unsigned, CUstream, void **, void **);
  CUresult (*getErrorString)(CUresult, const char **);
  // CUDA graphs; null where the driver lacks them.
  CUresult (*streamBeginCapture)(CUstream, int);
  CUresult (*streamEndCapture)(CUstream, CUgraph *);
  CUresult (*graphInstantiate)(CUgraphExec *, CUgraph, unsigned long long);
  CUresult (*graphLaunch)(CUgraphExec, CUstream);
  CUresult (*graphDestroy)(CUgraph);
  CUresult (*graphExecDestroy)(CUgraphExec);
  bool hasGraphs = false;
};

template <typename F> bool bind(void *library, const char *symbol, F &function) {
  function = reinterpret_cast<F>(dlsym(library, symbol));
  return function != nullptr;
}

// Opened and initialised once per process; null with `error` set.
const Driver *loadDriver(std::string &error) {
  static Driver driver;
  static std::string loadError;
  static bool loaded = [] {
    void *library = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
    if (!library) {
      loadError = "the model runs on a CUDA GPU, but the CUDA driver (libcuda.so.1) cannot be "
                  "opened: no NVIDIA driver on this machine";
      return false;
    }
    bool complete =
        bind(library, "cuInit", driver.init) &&
        bind(library, "cuDeviceGetCount", driver.deviceGetCount) &&
        bind(library, "cuDeviceGet", driver.deviceGet) &&
        bind(library, "cuDeviceGetAttribute", driver.deviceGetAttribute) &&
        bind(library, "cuDevicePrimaryCtxRetain", driver.primaryCtxRetain) &&
        bind(library, "cuDevicePrimaryCtxRelease_v2", driver.primaryCtxRelease) &&
        bind(library, "cuCtxSetCurrent", driver.ctxSetCurrent) &&
        bind(library, "cuModuleLoadData", driver.moduleLoadData) &&
        bind(library, "cuModuleUnload", driver.moduleUnload) &&
        bind(library, "cuModuleGetFunction", driver.moduleGetFunction) &&
        bind(library, "cuMemAlloc_v2", driver.memAlloc) &&
        bind(library, "cuMemFree_v2", driver.memFree) &&
        bind(library, "cuMemcpyHtoD_v2", driver.memcpyHtoD) &&
        bind(library, "cuMemcpyDtoH_v2", driver.memcpyDtoH) &&
        bind(library, "cuStreamCreate", driver.streamCreate) &&
        bind(library, "cuStreamDestroy_v2", driver.streamDestroy) &&
        bind(library, "cuStreamSynchronize", driver.streamSynchronize) &&
        bind(library, "cuLaunchKernel", driver.launchKernel) &&
        bind(library, "cuGetErrorString", driver.getErrorString);
    if (!complete) {
      loadError = "the CUDA driver (libcuda.so.1) lacks part of the driver API";
      return false;
    }
    driver.hasGraphs = bind(library, "cuStreamBeginCapture_v2", driver.streamBeginCapture) &&
                       bind(library, "cuStreamEndCapture", driver.streamEndCapture) &&
                       bind(library, "cuGraphInstantiateWithFlags", driver.graphInstantiate) &&
                       bind(library, "cuGraphLaunch", driver.graphLaunch) &&
                       bind(library, "cuGraphDestroy", driver.graphDestroy) &&
                       bind(library, "cuGraphExecDestroy", driver.graphExecDestroy);
    if (CUresult result = driver.init(0)) {
      const char *text = nullptr;
      driver.getErrorString(result, &text);
      loadError = std::string("the CUDA driver does not start: ") + (text ? text : "unknown error");
      return false;
    }
    return true;
  }();
  if (!loaded)
    error = loadError;
  return loaded ? &driver : nullptr;
}

class CudaDevice : public Device {
public:
  CudaDevice(const Driver &driver, const dlc_model &model) : Device(model), driver(driver) {
    const char *graphs = std::getenv("DLC_CUDA_GRAPHS");
    useGraphs = driver.hasGraphs && !(graphs && std::string_view(graphs) == "0");
  }

  ~CudaDevice() override {
    for (Replay &replay : replays)
      if (replay.graph)
        driver.graphExecDestroy(replay.graph);
    if (module)
      driver.moduleUnload(module);
    if (stream)
      driver.streamDestroy(stream);
    if (context)
      driver.primaryCtxRelease(device);
  }

  // Takes the first GPU, loads the CUBIN if it is for this GPU, else the PTX.
  bool open(std::string &error) {
    int count = 0;
    if (!check(driver.deviceGetCount(&count), "counting GPUs", error))
      return false;
    if (count == 0) {
      error = "the model runs on a CUDA GPU, but the driver sees none";
      return false;
    }
    int major = 0, minor = 0;
    if (!check(driver.deviceGet(&device, 0), "opening GPU 0", error) ||
        !check(driver.deviceGetAttribute(&major, kComputeCapabilityMajor, device),
               "reading the GPU's architecture", error) ||
        !check(driver.deviceGetAttribute(&minor, kComputeCapabilityMinor, device),
               "reading the GPU's architecture", error) ||
        !check(driver.primaryCtxRetain(&context, device), "creating a context", error) ||
        !check(driver.ctxSetCurrent(context), "entering the context", error) ||
        !check(driver.streamCreate(&stream, 0), "creating a stream", error))
      return false;
    const std::string &wanted = model.artifact.metadata.device;
    std::string arch = "cuda sm_" + std::to_string(major * 10 + minor);
    CUresult loaded = kNoBinaryForGpu;
    if (arch == wanted)
      loaded = driver.moduleLoadData(&module, model.cuda->cubin.data());
    if (loaded == kNoBinaryForGpu)
      loaded = driver.moduleLoadData(&module, model.cuda->ptx.data());
    if (!check(loaded, "loading the kernels (built for " + wanted + ", the GPU is " + arch + ")",
               error))
      return false;
    for (const dlc::runtime::Launch &launch : model.cuda->launches) {
      CUfunction function = nullptr;
      if (!check(driver.moduleGetFunction(&function, module, launch.name.c_str()),
                 "finding kernel " + launch.name, error))
        return false;
      functions.push_back(function);
    }
    return true;
  }

  void *allocate(size_t bytes, std::string &error) override {
    CUdeviceptr address = 0;
    if (!enter(error) ||
        !check(driver.memAlloc(&address, bytes ? bytes : 1),
               "allocating " + std::to_string(bytes) + " bytes on the GPU", error))
      return nullptr;
    return reinterpret_cast<void *>(address);
  }

  void release(void *buffer) override {
    if (buffer && driver.ctxSetCurrent(context) == 0)
      driver.memFree(reinterpret_cast<CUdeviceptr>(buffer));
  }

  bool upload(void *to, const void *from, size_t bytes, std::string &error) override {
    return bytes == 0 ||
           (enter(error) && check(driver.memcpyHtoD(reinterpret_cast<CUdeviceptr>(to), from, bytes),
                                  "copying to the GPU", error));
  }

  bool download(void *to, const void *from, size_t bytes, std::string &error) override {
    return bytes == 0 ||
           (enter(error) &&
            check(driver.memcpyDtoH(to, reinterpret_cast<CUdeviceptr>(from), bytes),
                  "copying from the GPU", error));
  }

protected:
  bool run(const dlc::runtime::LaunchQueue &queue, std::string &error) override {
    return enter(error) && submit(queue, error) &&
           check(driver.streamSynchronize(stream), "running the kernels", error);
  }

private:
  // A run's launches, as they were, once to see if a later run repeats them,
  // then as a CUDA graph: one launch for the whole run instead of one per
  // kernel. Inference repeats one queue; a training step alternates two (its
  // state swaps buffers), so a few are kept.
  struct Replay {
    dlc::runtime::LaunchQueue queue;
    CUgraphExec graph = nullptr;
    uint64_t lastUse = 0;
  };
  static constexpr size_t kReplays = 4;

  bool submit(const dlc::runtime::LaunchQueue &queue, std::string &error) {
    if (!useGraphs || queue.empty())
      return launchAll(queue, error);
    auto seen = std::find_if(replays.begin(), replays.end(),
                             [&](const Replay &replay) { return replay.queue == queue; });
    if (seen == replays.end()) {
      remember(queue);
      return launchAll(queue, error);
    }
    seen->lastUse = ++uses;
    return (seen->graph || capture(queue, seen->graph, error)) &&
           check(driver.graphLaunch(seen->graph, stream), "launching the model's CUDA graph",
                 error);
  }

  // Keeps `queue` in place of the least recently used replay.
  void remember(const dlc::runtime::LaunchQueue &queue) {
    Replay *slot = nullptr;
    if (replays.size() < kReplays) {
      slot = &replays.emplace_back();
    } else {
      slot = &*std::min_element(
          replays.begin(), replays.end(),
          [](const Replay &a, const Replay &b) { return a.lastUse < b.lastUse; });
      if (slot->graph)
        driver.graphExecDestroy(slot->graph);
      slot->graph = nullptr;
    }
    slot->queue = queue;
    slot->lastUse = ++uses;
  }

  bool capture(const dlc::runtime::LaunchQueue &queue, CUgraphExec &exec, std::string &error) {
    if (!check(driver.streamBeginCapture(stream, kCaptureModeThreadLocal),
               "capturing a CUDA graph", error))
      return false;
    bool launched = launchAll(queue, error);
    CUgraph graph = nullptr;
    CUresult ended = driver.streamEndCapture(stream, &graph);
    bool made = launched && check(ended, "capturing a CUDA graph", error) &&
                check(driver.graphInstantiate(&exec, graph, 0), "instantiating a CUDA graph",
                      error);
    if (graph)
      driver.graphDestroy(graph);
    return made;
  }

  bool launchAll(const dlc::runtime::LaunchQueue &queue, std::string &error) {
    return forEachLaunch(queue, [&](uint32_t row, const dlc::runtime::Launch &launch,
                                    void **params) {
      return check(driver.launchKernel(functions[row], launch.grid, 1, 1, launch.block, 1, 1,
                                       launch.sharedBytes, stream, params, nullptr),
                   "launching " + launch.name, error);
    });
  }

  // The context is current per thread; a session may move between threads.
  bool enter(std::string &error) {
    return check(driver.ctxSetCurrent(context), "entering the context", error);
  }

  bool check(CUresult result, const std::string &what, std::string &error) {
    if (result == 0)
      return true;
    const char *text = nullptr;
    driver.getErrorString(result, &text);
    error = "CUDA error " + std::to_string(result) + " " + what + ": " +
            (text ? text : "unknown error");
    return false;
  }

  const Driver &driver;
  CUdevice device = 0;
  CUcontext context = nullptr;
  CUstream stream = nullptr;
  CUmodule module = nullptr;
  std::vector<CUfunction> functions;
  bool useGraphs = false;
  std::vector<Replay> replays;
  uint64_t uses = 0;
};
} // namespace

dlc_status *dlc::runtime::openCudaDevice(const dlc_model &model, std::unique_ptr<Device> &out) {
  std::string error;
  const Driver *driver = loadDriver(error);
  if (!driver)
    return makeStatus(DLC_UNSUPPORTED, error);
  auto device = std::make_unique<CudaDevice>(*driver, model);
  if (!device->open(error))
    return makeStatus(DLC_UNSUPPORTED, error);
  out = std::move(device);
  return nullptr;
}

dlc_status *dlc::runtime::openDevice(const dlc_model &model, std::unique_ptr<Device> &out) {
  if (const char *emulator = std::getenv("DLC_CUDA_EMULATOR"); emulator && *emulator)
    return openEmulatedDevice(model, emulator, out);
  return openCudaDevice(model, out);
}

bool Device::launch(uint32_t launch, const void *args, std::string &error) {
  const std::vector<dlc::runtime::Launch> &table = model.cuda->launches;
  if (launch >= table.size()) {
    error = "the code launches kernel " + std::to_string(launch) + " of " +
            std::to_string(table.size());
    return false;
  }
  queued.rows.push_back(launch);
  const auto *slots = static_cast<const uint64_t *>(args);
  queued.slots.insert(queued.slots.end(), slots, slots + table[launch].arguments);
  return true;
}

bool Device::synchronize(std::string &error) {
  bool ran = run(queued, error);
  queued.clear();
  return ran;
}
