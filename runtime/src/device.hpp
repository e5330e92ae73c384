//===- device.hpp - the GPU a CUDA model's session runs on ----------------===//
#ifndef DLC_RUNTIME_SRC_DEVICE_HPP
#define DLC_RUNTIME_SRC_DEVICE_HPP

#include "api.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

struct dlc_model;

namespace dlc::runtime {

struct Launch;

/// Where a CUDA model's buffers live and its kernels run. Buffers are
/// device addresses the host only passes on. Calls fail with `error` set.
class Device {
public:
  virtual ~Device() = default;
  /// A buffer of `bytes` (at least one), aligned to DLC_ARENA_ALIGNMENT.
  virtual void *allocate(size_t bytes, std::string &error) = 0;
  virtual void release(void *buffer) = 0;
  virtual bool upload(void *to, const void *from, size_t bytes, std::string &error) = 0;
  virtual bool download(void *to, const void *from, size_t bytes, std::string &error) = 0;
  /// Queues row `launch` of the model's launch table; `args` holds one
  /// 8-byte slot per kernel parameter.
  virtual bool launch(uint32_t launch, void *args, std::string &error) = 0;
  /// Waits for what was queued.
  virtual bool synchronize(std::string &error) = 0;

protected:
  /// Row `launch` of `model`'s launch table, with `params` pointing at each
  /// of its argument slots in `args`; null with `error` set for a row the
  /// table lacks.
  static const Launch *prepareLaunch(const dlc_model &model, uint32_t launch, void *args,
                                     std::vector<void *> &params, std::string &error);
};

/// The device for a session of `model` (which has CUDA code): the first CUDA
/// GPU through the driver API (libcuda opened with dlopen), or, when the
/// environment variable DLC_CUDA_EMULATOR names a library built from the
/// model's CUDA source with dlc/cuda_emulation.h, that source run on the CPU.
dlc_status *openDevice(const dlc_model &model, std::unique_ptr<Device> &out);

/// The CUDA driver's device (cuda_device.cpp) and the emulator (cuda_emulator.cpp).
dlc_status *openCudaDevice(const dlc_model &model, std::unique_ptr<Device> &out);
dlc_status *openEmulatedDevice(const dlc_model &model, const std::string &library,
                               std::unique_ptr<Device> &out);

} // namespace dlc::runtime

#endif // DLC_RUNTIME_SRC_DEVICE_HPP
