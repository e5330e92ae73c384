/* Compiles the CUDA C++ that dlc generates (dlc-compile --target cuda
 * --emit cuda) for the host CPU, to check a model's kernels without a GPU:
 *
 *   c++ -std=c++17 -O1 -shared -fPIC -DDLC_CUDA_EMULATION \
 *       -include dlc/cuda_emulation.h model.cu -o model_emulated.so
 *   DLC_CUDA_EMULATOR=./model_emulated.so dlc-run model.dlc ...
 *
 * The runtime then runs the model's kernels from that library, with host
 * memory as GPU memory, through each kernel's dlc_launchN_emulated(args,
 * grid, block). Blocks run one after another. The threads of a block run in
 * order, each to its end, unless the kernel cooperates (shared memory,
 * barriers, warp-wide matrix products): then each thread is a fiber of its
 * own, and a barrier switches to the next thread until all have reached it,
 * as a GPU's threads would. Only the built-ins dlc's kernels use are here.
 * Include it in exactly one translation unit. */
#ifndef DLC_CUDA_EMULATION_H
#define DLC_CUDA_EMULATION_H

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#if !defined(__x86_64__)
#include <ucontext.h>
#endif

#define __global__
#define __device__
#define __forceinline__ inline
#define __launch_bounds__(threads)
#define __restrict__ __restrict
#define __align__(bytes) __attribute__((aligned(bytes)))
/* Blocks run one after another on one host thread: a block's shared
 * arrays are that thread's. */
#define __shared__ static thread_local

struct dlc_emulated_dim3 {
  unsigned x, y, z;
};
static thread_local dlc_emulated_dim3 threadIdx, blockIdx, blockDim, gridDim;

namespace dlc_emulation {
using Kernel = void (*)(void *const *args);

constexpr unsigned kWarp = 32;
constexpr unsigned kMaxThreads = 1024, kMaxWarps = kMaxThreads / kWarp;
/* Kernel locals and the calls of the built-ins; a fiber's stack is only
 * committed where touched. */
constexpr size_t kStackBytes = 256 * 1024;

#if defined(__x86_64__)
/* Pushes the callee-saved registers and the SSE and x87 control words,
 * stores the stack pointer in *save and pops the same from `resume`: a
 * thread switch without swapcontext's system call, which a block's
 * barriers would make millions of. */
extern "C" __attribute__((visibility("hidden"))) void dlc_emulation_switch(void **save,
                                                                           void *resume);
__asm__(".text\n"
        ".p2align 4\n"
        ".globl dlc_emulation_switch\n"
        ".hidden dlc_emulation_switch\n"
        ".type dlc_emulation_switch, @function\n"
        "dlc_emulation_switch:\n"
        "  pushq %rbp\n  pushq %rbx\n  pushq %r12\n  pushq %r13\n  pushq %r14\n  pushq %r15\n"
        "  subq $8, %rsp\n  stmxcsr (%rsp)\n  fnstcw 4(%rsp)\n"
        "  movq %rsp, (%rdi)\n  movq %rsi, %rsp\n"
        "  ldmxcsr (%rsp)\n  fldcw 4(%rsp)\n  addq $8, %rsp\n"
        "  popq %r15\n  popq %r14\n  popq %r13\n  popq %r12\n  popq %rbx\n  popq %rbp\n"
        "  ret\n"
        ".size dlc_emulation_switch, .-dlc_emulation_switch\n");

struct Context {
  void *stack;
};

inline void switchTo(Context &save, Context &resume) {
  dlc_emulation_switch(&save.stack, resume.stack);
}

/* A stack that dlc_emulation_switch resumes into `entry`, which must never
 * return. */
inline void prepare(Context &fiber, char *stack, size_t bytes, void (*entry)()) {
  uint64_t *top = reinterpret_cast<uint64_t *>((uintptr_t(stack) + bytes) & ~uintptr_t(15));
  *--top = 0; /* where entry's return address would be */
  *--top = reinterpret_cast<uint64_t>(entry);
  for (int i = 0; i < 6; ++i)
    *--top = 0;
  uint32_t mxcsr;
  uint16_t x87;
  __asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
  __asm__ volatile("fnstcw %0" : "=m"(x87));
  *--top = uint64_t(mxcsr) | uint64_t(x87) << 32;
  fiber.stack = top;
}
#else
struct Context {
  ucontext_t context;
};

inline void switchTo(Context &save, Context &resume) {
  swapcontext(&save.context, &resume.context);
}

inline void prepare(Context &fiber, char *stack, size_t bytes, void (*entry)()) {
  getcontext(&fiber.context);
  fiber.context.uc_stack.ss_sp = stack;
  fiber.context.uc_stack.ss_size = bytes;
  fiber.context.uc_link = nullptr;
  makecontext(&fiber.context, entry, 0);
}
#endif

inline void yield();

/* A block's or a warp's barrier. Returned threads count as arrived, as on
 * sm_70 and newer. */
struct Barrier {
  unsigned live;    /* its threads that have not returned */
  unsigned arrived; /* of those, at the barrier */
  unsigned generation;

  void release() {
    if (arrived && arrived >= live) {
      arrived = 0;
      ++generation;
    }
  }
  void leave() {
    --live;
    release();
  }
  void wait() {
    unsigned current = generation;
    ++arrived;
    release();
    while (generation == current)
      yield();
  }
};

/* The threads of the block that runs now, when it cooperates. */
struct Block {
  Kernel kernel;
  void *const *args;
  unsigned threads;
  Barrier all; /* its live count: threads that have not returned */
  unsigned current;
  Barrier warps[kMaxWarps];
  /* Each warp's operands of a matrix product, gathered from its lanes; two
   * sets, used in turn, so that one barrier per product suffices: a lane
   * fills the next set only while the others may still read this one. */
  float mmaA[2][kMaxWarps][16 * 16], mmaB[2][kMaxWarps][16 * 8];
  bool mmaTurn[kMaxThreads];
  /* What each lane offers a shuffle. */
  uint64_t offered[kMaxThreads];
  Context scheduler;
  Context fibers[kMaxThreads];
  bool done[kMaxThreads];
  /* Allocated for the largest block yet and kept for the host thread's
   * life; untouched pages cost nothing. Nothing here has a destructor, so
   * that reaching the block costs no TLS initialization check. */
  char *stacks;
  unsigned stackCount;
};
static thread_local Block block; /* zero-initialized */

inline void yield() { switchTo(block.fibers[block.current], block.scheduler); }


inline void fiberMain() {
  unsigned thread = block.current;
  block.kernel(block.args);
  block.done[thread] = true;
  block.all.leave();
  block.warps[thread / kWarp].leave();
  switchTo(block.fibers[thread], block.scheduler);
}

inline void setThread(unsigned b, unsigned t, unsigned grid, unsigned threads) {
  blockIdx = {b, 0, 0};
  threadIdx = {t, 0, 0};
  gridDim = {grid, 1, 1};
  blockDim = {threads, 1, 1};
}

inline void runCooperative(Kernel kernel, void *const *args, unsigned grid, unsigned threads) {
  block.kernel = kernel;
  block.args = args;
  block.threads = threads;
  unsigned warps = (threads + kWarp - 1) / kWarp;
  if (threads > kMaxThreads)
    std::abort();
  if (block.stackCount < threads) {
    std::free(block.stacks);
    block.stacks = static_cast<char *>(std::malloc(size_t(threads) * kStackBytes));
    if (!block.stacks)
      std::abort();
    block.stackCount = threads;
  }
  char *stacks = block.stacks;
  for (unsigned b = 0; b < grid; ++b) {
    block.all = {threads, 0, block.all.generation};
    for (unsigned w = 0; w < warps; ++w)
      block.warps[w] = {threads - w * kWarp < kWarp ? threads - w * kWarp : kWarp, 0,
                        block.warps[w].generation};
    for (unsigned t = 0; t < threads; ++t) {
      prepare(block.fibers[t], stacks + size_t(t) * kStackBytes, kStackBytes, &fiberMain);
      block.done[t] = false;
      block.mmaTurn[t] = false;
    }
    while (block.all.live) {
      for (unsigned t = 0; t < threads; ++t) {
        if (block.done[t])
          continue;
        block.current = t;
        setThread(b, t, grid, threads);
        switchTo(block.scheduler, block.fibers[t]);
      }
    }
  }
}
} // namespace dlc_emulation

/* Runs `kernel` over `grid` blocks of `threads`. */
static inline void dlc_emulation_run(dlc_emulation::Kernel kernel, void *const *args,
                                     unsigned grid, unsigned threads, bool cooperative) {
  if (cooperative) {
    dlc_emulation::runCooperative(kernel, args, grid, threads);
    return;
  }
  for (unsigned b = 0; b < grid; ++b)
    for (unsigned t = 0; t < threads; ++t) {
      dlc_emulation::setThread(b, t, grid, threads);
      kernel(args);
    }
}

static inline void __syncthreads() { dlc_emulation::block.all.wait(); }

static inline void __syncwarp(unsigned = 0xffffffffu) {
  dlc_emulation::block.warps[threadIdx.x / dlc_emulation::kWarp].wait();
}

/* Every lane of the warp offers `value` and takes lane ^ laneMask's. */
template <typename T> static inline T __shfl_xor_sync(unsigned, T value, int laneMask) {
  dlc_emulation::Block &block = dlc_emulation::block;
  static_assert(sizeof(T) <= sizeof(uint64_t), "a shuffle moves at most 8 bytes");
  unsigned lane = threadIdx.x % dlc_emulation::kWarp;
  unsigned first = threadIdx.x - lane;
  std::memcpy(&block.offered[threadIdx.x], &value, sizeof value);
  __syncwarp();
  T taken;
  std::memcpy(&taken, &block.offered[first + (lane ^ unsigned(laneMask))], sizeof taken);
  __syncwarp();
  return taken;
}

/* Blocks run one after another: an add is atomic as it is. */
static inline float atomicAdd(float *address, float value) {
  float old = *address;
  *address = old + value;
  return old;
}

namespace dlc_emulation {
template <typename To, typename From> inline To bitCast(From value) {
  static_assert(sizeof(To) == sizeof(From), "a bit cast keeps the size");
  To bits;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}
} // namespace dlc_emulation

static inline float __int_as_float(int bits) { return dlc_emulation::bitCast<float>(bits); }
static inline int __float_as_int(float value) { return dlc_emulation::bitCast<int>(value); }
static inline float __uint_as_float(unsigned bits) { return dlc_emulation::bitCast<float>(bits); }
static inline unsigned __float_as_uint(float value) {
  return dlc_emulation::bitCast<unsigned>(value);
}
static inline double __longlong_as_double(long long bits) {
  return dlc_emulation::bitCast<double>(bits);
}
static inline long long __double_as_longlong(double value) {
  return dlc_emulation::bitCast<long long>(value);
}
struct alignas(8) float2 {
  float x, y;
};
struct alignas(16) float4 {
  float x, y, z, w;
};
static inline float4 make_float4(float x, float y, float z, float w) { return {x, y, z, w}; }
/* The generated code's 8- and 16-byte accesses; on the CPU a misaligned
 * one would pass, so it is caught here as the GPU would fault on it. */
namespace dlc_emulation {
template <typename Vector> static inline void checkAligned(const float *p) {
  if (reinterpret_cast<uintptr_t>(p) % sizeof(Vector))
    std::abort();
}
template <typename Vector> static inline Vector load(const float *p) {
  checkAligned<Vector>(p);
  Vector value;
  std::memcpy(&value, p, sizeof value);
  return value;
}
} // namespace dlc_emulation
static inline float4 dlc_load4(const float *p) { return dlc_emulation::load<float4>(p); }
static inline float2 dlc_load2(const float *p) { return dlc_emulation::load<float2>(p); }
static inline void dlc_store4(float *p, float4 value) {
  dlc_emulation::checkAligned<float4>(p);
  std::memcpy(p, &value, sizeof value);
}
static inline float rsqrtf(float x) { return 1.0f / std::sqrt(x); }
static inline double rsqrt(double x) { return 1.0 / std::sqrt(x); }

/* cvt.rna.tf32.f32: the nearest value with a 10-bit mantissa, ties away
 * from zero, in a float's bits. */
static inline uint32_t dlc_to_tf32(float x) {
  uint32_t bits = __float_as_uint(x);
  if ((bits & 0x7f800000u) == 0x7f800000u)
    return bits;
  return (bits + 0x1000u) & 0xffffe000u;
}

namespace dlc_emulation {
/* d = A * B + c over the lanes of a warp, A 16 x depth (row major) and B
 * depth x 8, once `gather(A, B, group, index)` has put this lane's elements
 * in the warp's shared copies (lane = 4 * group + index). c and d hold
 * C(group, 2 * index + {0, 1}) and C(group + 8, ...). */
template <typename Gather>
static inline void warpMma(float d[4], const float c[4], unsigned depth, Gather gather) {
  Block &b = block;
  unsigned lane = threadIdx.x % kWarp, warp = threadIdx.x / kWarp;
  unsigned group = lane / 4, index = lane % 4;
  bool turn = b.mmaTurn[threadIdx.x];
  b.mmaTurn[threadIdx.x] = !turn;
  float *A = b.mmaA[turn][warp];
  float *B = b.mmaB[turn][warp];
  gather(A, B, group, index);
  __syncwarp();
  float out[4];
  for (unsigned r = 0; r < 4; ++r) {
    unsigned row = group + (r / 2) * 8, column = 2 * index + r % 2;
    float sum = c[r];
    for (unsigned k = 0; k < depth; ++k)
      sum += A[row * depth + k] * B[k * 8 + column];
    out[r] = sum;
  }
  for (unsigned r = 0; r < 4; ++r)
    d[r] = out[r];
}

/* float16 bits as a float (exact). */
static inline float halfToFloat(uint32_t bits) {
  float sign = bits & 0x8000u ? -1.0f : 1.0f;
  int exponent = (bits >> 10) & 0x1f, mantissa = bits & 0x3ff;
  if (exponent == 0x1f)
    return mantissa ? NAN : sign * INFINITY;
  if (exponent == 0)
    return sign * std::ldexp(float(mantissa), -24);
  return sign * std::ldexp(float(mantissa | 0x400), exponent - 25);
}

/* m16n8k16 with 16-bit operands, two a register, the first in the low
 * half: a[0..3] hold A(group, 2 * index + {0, 1}), A(group + 8, ...),
 * A(group, 2 * index + 8 + {0, 1}), A(group + 8, ...); b[0..1] hold
 * B(2 * index + {0, 1}, group), B(2 * index + 8 + {0, 1}, group). */
template <typename Decode>
static inline void mma16(float d[4], const uint32_t a[4], const uint32_t b[2], const float c[4],
                         Decode decode) {
  warpMma(d, c, 16, [&](float *A, float *B, unsigned group, unsigned index) {
    for (unsigned h = 0; h < 2; ++h) {
      unsigned k = 2 * index + h, shift = 16 * h;
      A[group * 16 + k] = decode(a[0] >> shift & 0xffffu);
      A[(group + 8) * 16 + k] = decode(a[1] >> shift & 0xffffu);
      A[group * 16 + k + 8] = decode(a[2] >> shift & 0xffffu);
      A[(group + 8) * 16 + k + 8] = decode(a[3] >> shift & 0xffffu);
      B[k * 8 + group] = decode(b[0] >> shift & 0xffffu);
      B[(k + 8) * 8 + group] = decode(b[1] >> shift & 0xffffu);
    }
  });
}

/* cvt.rn.bf16.f32: the nearest bfloat16, ties to even, as its 16 bits. */
static inline uint32_t toBf16(float x) {
  uint32_t bits = bitCast<uint32_t>(x);
  if ((bits & 0x7fffffffu) > 0x7f800000u)
    return (bits >> 16) | 0x40u;
  return (bits + 0x7fffu + ((bits >> 16) & 1u)) >> 16;
}

/* cvt.rn.f16.f32: the nearest float16, ties to even, as its 16 bits;
 * magnitudes from 65520 on become infinities. */
static inline uint32_t toF16(float x) {
  uint32_t bits = bitCast<uint32_t>(x);
  uint32_t sign = (bits >> 16) & 0x8000u, magnitude = bits & 0x7fffffffu;
  if (magnitude > 0x7f800000u)
    return sign | 0x7e00u;
  if (magnitude >= 0x477ff000u)
    return sign | 0x7c00u;
  if (magnitude >= 0x38800000u) /* 2^-14, the least normal float16 */
    return sign | ((magnitude + 0xfffu + ((magnitude >> 13) & 1u) - 0x38000000u) >> 13);
  /* Subnormal: a multiple of 2^-24, rounded by the FPU's nearest-even. */
  return sign | uint32_t(std::nearbyint(bitCast<float>(magnitude) * 16777216.0f));
}
} // namespace dlc_emulation

/* The conversions of float16 and bfloat16 elements: cvt.f32.f16,
 * cvt.rn.f16.f32, cvt.rn.bf16.f32, and cvt.rz.f32.f64 with the last bit set
 * when inexact (rounding to odd). */
static inline float dlc_from_f16(uint16_t bits) { return dlc_emulation::halfToFloat(bits); }
static inline uint16_t dlc_to_f16(float x) { return uint16_t(dlc_emulation::toF16(x)); }
static inline float dlc_from_bf16(uint16_t bits) { return __uint_as_float(uint32_t(bits) << 16); }
static inline uint16_t dlc_to_bf16(float x) { return uint16_t(dlc_emulation::toBf16(x)); }
static inline float dlc_round_odd_f32(double x) {
  float y = float(x);
  if (x != x || double(y) == x)
    return y;
  if (std::fabs(double(y)) > std::fabs(x))
    y = std::nextafter(y, 0.0f);
  return __uint_as_float(__float_as_uint(y) | 1u);
}

/* mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32: a[0..3] hold
 * A(group, index), A(group + 8, index), A(group, index + 4), A(group + 8,
 * index + 4); b[0..1] hold B(index, group), B(index + 4, group). */
static inline void dlc_mma_m16n8k8_tf32(float d[4], const uint32_t a[4], const uint32_t b[2],
                                        const float c[4]) {
  dlc_emulation::warpMma(d, c, 8, [&](float *A, float *B, unsigned group, unsigned index) {
    A[group * 8 + index] = __uint_as_float(a[0]);
    A[(group + 8) * 8 + index] = __uint_as_float(a[1]);
    A[group * 8 + index + 4] = __uint_as_float(a[2]);
    A[(group + 8) * 8 + index + 4] = __uint_as_float(a[3]);
    B[index * 8 + group] = __uint_as_float(b[0]);
    B[(index + 4) * 8 + group] = __uint_as_float(b[1]);
  });
}

/* mma.sync.aligned.m16n8k16.row.col.f32.{bf16,f16}.{bf16,f16}.f32. */
static inline void dlc_mma_m16n8k16_bf16(float d[4], const uint32_t a[4], const uint32_t b[2],
                                         const float c[4]) {
  dlc_emulation::mma16(d, a, b, c, [](uint32_t bits) { return dlc_from_bf16(uint16_t(bits)); });
}
static inline void dlc_mma_m16n8k16_f16(float d[4], const uint32_t a[4], const uint32_t b[2],
                                        const float c[4]) {
  dlc_emulation::mma16(d, a, b, c, [](uint32_t bits) { return dlc_from_f16(uint16_t(bits)); });
}

/* cvt.rn.{bf16,f16}x2.f32, `lo` in the low half. */
static inline uint32_t dlc_pack_bf16x2(float lo, float hi) {
  return dlc_emulation::toBf16(lo) | dlc_emulation::toBf16(hi) << 16;
}
static inline uint32_t dlc_pack_f16x2(float lo, float hi) {
  return dlc_emulation::toF16(lo) | dlc_emulation::toF16(hi) << 16;
}

#endif /* DLC_CUDA_EMULATION_H */
