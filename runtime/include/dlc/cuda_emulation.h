/* Compiles the CUDA C++ that dlc generates (dlc-compile --target cuda
 * --emit cuda) for the host CPU, to check a model's kernels without a GPU:
 *
 *   c++ -std=c++17 -O1 -shared -fPIC -DDLC_CUDA_EMULATION \
 *       -include dlc/cuda_emulation.h model.cu -o model_emulated.so
 *   DLC_CUDA_EMULATOR=./model_emulated.so dlc-run model.dlc ...
 *
 * The runtime then runs the model's kernels from that library, blocks one
 * after another and the threads of each block in order, with host memory as
 * GPU memory. Only the built-ins dlc's kernels use are here. Include it in
 * exactly one translation unit: it defines dlc_emulation_set_thread. */
#ifndef DLC_CUDA_EMULATION_H
#define DLC_CUDA_EMULATION_H

#include <cmath>
#include <cstdint>
#include <cstring>

#define __global__
#define __device__
#define __forceinline__ inline
#define __launch_bounds__(threads)
#define __restrict__ __restrict

struct dlc_emulated_dim3 {
  unsigned x, y, z;
};
static thread_local dlc_emulated_dim3 threadIdx, blockIdx, blockDim, gridDim;

extern "C" __attribute__((visibility("default"))) void
dlc_emulation_set_thread(unsigned block, unsigned thread, unsigned grid, unsigned threads) {
  blockIdx = {block, 0, 0};
  threadIdx = {thread, 0, 0};
  gridDim = {grid, 1, 1};
  blockDim = {threads, 1, 1};
}

static inline float __int_as_float(int bits) {
  float value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}
static inline int __float_as_int(float value) {
  int bits;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}
static inline double __longlong_as_double(long long bits) {
  double value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}
static inline long long __double_as_longlong(double value) {
  long long bits;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}
static inline float rsqrtf(float x) { return 1.0f / std::sqrt(x); }
static inline double rsqrt(double x) { return 1.0 / std::sqrt(x); }

#endif /* DLC_CUDA_EMULATION_H */
