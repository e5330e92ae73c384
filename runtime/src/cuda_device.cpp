//===- cuda_device.cpp - a CUDA GPU through the driver API, opened with dlopen ===//
#include "device.hpp"
#include "model.hpp"
#include "status.hpp"

#include <dlfcn.h>

#include <cstdlib>
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
constexpr CUresult kNoBinaryForGpu = 209;
constexpr int kComputeCapabilityMajor = 75;
constexpr int kComputeCapabilityMinor = 76;

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
  CudaDevice(const Driver &driver, const dlc_model &model) : driver(driver), model(model) {}

  ~CudaDevice() override {
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

  bool launch(uint32_t index, void *args, std::string &error) override {
    const dlc::runtime::Launch *row = prepareLaunch(model, index, args, params, error);
    return row && enter(error) &&
           check(driver.launchKernel(functions[index], row->grid, 1, 1, row->block, 1, 1,
                                     row->sharedBytes, stream, params.data(), nullptr),
                 "launching " + row->name, error);
  }

  bool synchronize(std::string &error) override {
    return enter(error) &&
           check(driver.streamSynchronize(stream), "running the kernels", error);
  }

private:
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
  const dlc_model &model;
  CUdevice device = 0;
  CUcontext context = nullptr;
  CUstream stream = nullptr;
  CUmodule module = nullptr;
  std::vector<CUfunction> functions;
  std::vector<void *> params;
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

const dlc::runtime::Launch *Device::prepareLaunch(const dlc_model &model, uint32_t launch,
                                                  void *args, std::vector<void *> &params,
                                                  std::string &error) {
  const std::vector<Launch> &table = model.cuda->launches;
  if (launch >= table.size()) {
    error = "the code launches kernel " + std::to_string(launch) + " of " +
            std::to_string(table.size());
    return nullptr;
  }
  // Kernels read each parameter through a pointer to its value.
  params.resize(table[launch].arguments);
  for (uint32_t i = 0; i < table[launch].arguments; ++i)
    params[i] = static_cast<char *>(args) + 8 * i;
  return &table[launch];
}
