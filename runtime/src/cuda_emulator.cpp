//===- cuda_emulator.cpp - a CUDA model's kernels run on the CPU ----------===//
//
// The library DLC_CUDA_EMULATOR names is the model's own CUDA source
// compiled for the host with dlc/cuda_emulation.h: each kernel N exports
// dlc_launchN_emulated(args, grid, block), which runs the kernel's blocks
// and threads as that header says. Device memory is host memory.
//
//===----------------------------------------------------------------------===//
#include "device.hpp"
#include "model.hpp"
#include "status.hpp"

#include <dlfcn.h>

#include <cstdlib>
#include <cstring>
#include <vector>

using dlc::runtime::Device;
using dlc::runtime::makeStatus;

namespace {
using Kernel = void (*)(void *const *args, unsigned grid, unsigned block);

class EmulatedDevice : public Device {
public:
  EmulatedDevice(void *library, const dlc_model &model) : Device(model), library(library) {}
  ~EmulatedDevice() override { dlclose(library); }

  bool open(const std::string &path, std::string &error) {
    for (const dlc::runtime::Launch &launch : model.cuda->launches) {
      std::string symbol = launch.name + "_emulated";
      auto kernel = reinterpret_cast<Kernel>(dlsym(library, symbol.c_str()));
      if (!kernel) {
        error = path + " lacks " + symbol + ": not built from this model's CUDA source";
        return false;
      }
      kernels.push_back(kernel);
    }
    return true;
  }

  void *allocate(size_t bytes, std::string &error) override {
    size_t rounded = (bytes + DLC_ARENA_ALIGNMENT) / DLC_ARENA_ALIGNMENT * DLC_ARENA_ALIGNMENT;
    void *buffer = std::aligned_alloc(DLC_ARENA_ALIGNMENT, rounded);
    if (!buffer)
      error = "cannot allocate " + std::to_string(bytes) + " bytes of emulated GPU memory";
    return buffer;
  }

  void release(void *buffer) override { std::free(buffer); }

  bool upload(void *to, const void *from, size_t bytes, std::string &) override {
    if (bytes)
      std::memcpy(to, from, bytes);
    return true;
  }

  bool download(void *to, const void *from, size_t bytes, std::string &) override {
    if (bytes)
      std::memcpy(to, from, bytes);
    return true;
  }

protected:
  bool run(const dlc::runtime::LaunchQueue &queue, std::string &) override {
    return forEachLaunch(queue, [&](uint32_t row, const dlc::runtime::Launch &launch,
                                    void *const *params) {
      kernels[row](params, launch.grid, launch.block);
      return true;
    });
  }

private:
  void *library;
  std::vector<Kernel> kernels;
};
} // namespace

dlc_status *dlc::runtime::openEmulatedDevice(const dlc_model &model, const std::string &path,
                                             std::unique_ptr<Device> &out) {
  void *library = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!library) {
    const char *reason = dlerror();
    return makeStatus(DLC_INVALID_ARGUMENT, "DLC_CUDA_EMULATOR: cannot open " + path + ": " +
                                                (reason ? reason : "unknown error"));
  }
  auto device = std::make_unique<EmulatedDevice>(library, model);
  std::string error;
  if (!device->open(path, error))
    return makeStatus(DLC_INVALID_ARGUMENT, "DLC_CUDA_EMULATOR: " + error);
  out = std::move(device);
  return nullptr;
}
