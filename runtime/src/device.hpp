//===- device.hpp - the GPU a CUDA model's session runs on ----------------===//
#ifndef DLC_RUNTIME_SRC_DEVICE_HPP
#define DLC_RUNTIME_SRC_DEVICE_HPP

#include "api.hpp"
#include "model.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace dlc::runtime {

/// The kernel launches of one run, in the order the entry's host code made
/// them: each a row of the launch table and a copy of its 8-byte argument
/// slots. Two runs that queue equal launches do the same work, so a device
/// may replay the first (a CUDA graph) instead of launching again.
struct LaunchQueue {
  std::vector<uint32_t> rows;
  std::vector<uint64_t> slots;

  bool operator==(const LaunchQueue &other) const {
    return rows == other.rows && slots == other.slots;
  }
  bool empty() const { return rows.empty(); }
  void clear() {
    rows.clear();
    slots.clear();
  }
};

/// Where a CUDA model's buffers live and its kernels run. Buffers are
/// device addresses the host only passes on. Calls fail with `error` set.
class Device {
public:
  explicit Device(const dlc_model &model) : model(model) {}
  virtual ~Device() = default;
  /// A buffer of `bytes` (at least one), aligned to DLC_ARENA_ALIGNMENT.
  virtual void *allocate(size_t bytes, std::string &error) = 0;
  virtual void release(void *buffer) = 0;
  virtual bool upload(void *to, const void *from, size_t bytes, std::string &error) = 0;
  virtual bool download(void *to, const void *from, size_t bytes, std::string &error) = 0;
  /// Queues row `launch` of the model's launch table; `args` holds one
  /// 8-byte slot per kernel parameter, copied here.
  bool launch(uint32_t launch, const void *args, std::string &error);
  /// Runs what was queued and waits for it.
  bool synchronize(std::string &error);
  /// Drops what was queued (a run that failed before it synchronized).
  void discard() { queued.clear(); }

protected:
  /// Runs `queue`, whose rows are in the launch table, and waits for it.
  virtual bool run(const LaunchQueue &queue, std::string &error) = 0;

  /// Calls `body(row, launch, params)` for each launch of `queue` in order, `params`
  /// pointing at each of its argument slots (what cuLaunchKernel takes);
  /// stops at the first that returns false.
  template <typename Body> bool forEachLaunch(const LaunchQueue &queue, Body body) {
    size_t slot = 0;
    for (uint32_t row : queue.rows) {
      const Launch &launch = model.cuda->launches[row];
      params.resize(launch.arguments);
      for (uint32_t i = 0; i < launch.arguments; ++i)
        params[i] = const_cast<uint64_t *>(&queue.slots[slot + i]);
      slot += launch.arguments;
      if (!body(row, launch, params.data()))
        return false;
    }
    return true;
  }

  const dlc_model &model;

private:
  LaunchQueue queued;
  std::vector<void *> params;
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
