//===- ContractionKernel.h - contractions as tiled tensor-core kernels ----===//
#ifndef DLC_PASSES_CUDA_CONTRACTIONKERNEL_H
#define DLC_PASSES_CUDA_CONTRACTIONKERNEL_H

#include "passes/cuda/CudaKernelWriter.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

#include <optional>

namespace dlc {

/// A linalg op that sums products of two float32 operands into a float32
/// output (out += left * right over its reduction dims, with any affine
/// operand maps: matmuls, batched and transposed ones, convolutions) seen as
/// a GEMM. Its parallel dims are batch dims (in both operands), row dims (in
/// `left` only) or column dims (in `right` only); each role's dims, outermost
/// first, flatten into one GEMM dim, and so do the reduction dims.
struct Contraction {
  mlir::linalg::LinalgOp op;
  unsigned left = 0, right = 1; ///< input operand numbers
  llvm::SmallVector<unsigned> batchDims, rowDims, columnDims, reductionDims;
  llvm::SmallVector<int64_t> sizes; ///< every loop dim's static size
  /// Blocks that share each output tile's depth, each adding its part to
  /// the output atomically (then the group is the contraction alone).
  int64_t depthSplits = 1;
};

/// An input of a contraction that is a padded copy of an argument (a
/// convolution's padding): `fill` sets each of its elements to `padding`,
/// then `copy` writes `source` into the part at offsets `low` that `view`
/// makes (a memref.subview, or the reinterpret_cast expand-strided-metadata
/// makes of one). The kernel reads `source` where it lies and `padding`
/// elsewhere, so the padded buffer is never written.
struct PaddedInput {
  mlir::Operation *fill = nullptr;
  mlir::Operation *view = nullptr;
  mlir::linalg::CopyOp copy;
  mlir::Value source;
  llvm::SmallVector<int64_t> low;
  mlir::FloatAttr padding;
};

/// What one tiled kernel computes: the contraction; what fills its output
/// before it (a fill or an elementwise op whose body ignores the output), or
/// nothing, when the products add to the output's values; and elementwise
/// ops on the output after it, in order. Inputs that are padded copies come
/// with the ops that pad them (just before, with the prologue between).
struct ContractionGroup {
  mlir::Operation *prologue = nullptr;
  Contraction contraction;
  llvm::SmallVector<mlir::linalg::GenericOp> epilogue;
  std::optional<PaddedInput> padded[2]; ///< per input operand number

  /// Every op of the group, in block order.
  llvm::SmallVector<mlir::Operation *> ops() const;
};

/// `op` as a contraction large enough for a tiled kernel, with the ops of
/// its block around it that the kernel takes too.
std::optional<ContractionGroup> matchContractionGroup(mlir::linalg::LinalgOp op);

/// How the tiled kernel multiplies on the tensor cores, always summing in
/// float32: float32-exact (each operand split into a tf32 value and a tf32
/// remainder, three products with float32 sums, as CUTLASS's 3xTF32); one
/// product of operands rounded to tf32's 10 mantissa bits (PyTorch's
/// allow_tf32); or one product of operands rounded to bfloat16 (7 mantissa
/// bits, float32's range) or float16 (10 bits, magnitudes to 65504), as
/// autocast's mixed precision, at twice tf32's rate.
enum class ContractionPrecision { Fp32, Tf32, Bf16, Fp16 };

/// `name` (fp32, tf32, bf16 or fp16) as a precision.
std::optional<ContractionPrecision> parseContractionPrecision(llvm::StringRef name);

/// Writes the body of `launch`, whose ops (but constants) are one contraction
/// group over its arguments: blocks of 128 threads, each block one 64x64 tile
/// of the output, operands staged in shared memory 32 products deep and
/// multiplied by warp-wide mma.sync (m16n8k8 on tf32, m16n8k16 on bf16 or
/// fp16) with float32 accumulation;
/// then per output element the prologue's value, the sum, the epilogue, one
/// store. Sets the launch's blocks and threads per block.
mlir::LogicalResult writeContractionKernel(mlir::func::FuncOp launch, CudaKernelWriter &writer,
                                           ContractionPrecision precision, int64_t &blocks,
                                           int64_t &threads);

/// Device functions the tiled kernels call (roundings, mma.sync);
/// dlc/cuda_emulation.h has their emulations.
extern const char *const kContractionHelpers;

} // namespace dlc

#endif // DLC_PASSES_CUDA_CONTRACTIONKERNEL_H
