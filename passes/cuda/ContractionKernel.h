//===- ContractionKernel.h - contractions as tiled tensor-core kernels ----===//
#ifndef DLC_PASSES_CUDA_CONTRACTIONKERNEL_H
#define DLC_PASSES_CUDA_CONTRACTIONKERNEL_H

#include "passes/cuda/CudaKernelWriter.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"

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

/// What one tiled kernel computes: the contraction; what fills its output
/// before it (a fill or an elementwise op whose body ignores the output), or
/// nothing, when the products add to the output's values; and elementwise
/// ops on the output after it, in order.
struct ContractionGroup {
  mlir::Operation *prologue = nullptr;
  Contraction contraction;
  llvm::SmallVector<mlir::linalg::GenericOp> epilogue;
};

/// `op` as a contraction large enough for a tiled kernel, with the ops of
/// its block around it that the kernel takes too.
std::optional<ContractionGroup> matchContractionGroup(mlir::linalg::LinalgOp op);

/// How the tiled kernel multiplies on the tensor cores: float32-exact (each
/// operand split into a tf32 value and a tf32 remainder, three products with
/// float32 sums, as CUTLASS's 3xTF32), or one product of operands rounded to
/// tf32's 10 mantissa bits (PyTorch's allow_tf32).
enum class ContractionPrecision { Fp32, Tf32 };

/// Writes the body of `launch`, whose ops (but constants) are one contraction
/// group over its arguments: blocks of 128 threads, each block one 64x64 tile
/// of the output, operands staged in shared memory 32 products deep and
/// multiplied by warp-wide mma.sync m16n8k8 tf32 with float32 accumulation;
/// then per output element the prologue's value, the sum, the epilogue, one
/// store. Sets the launch's blocks and threads per block.
mlir::LogicalResult writeContractionKernel(mlir::func::FuncOp launch, CudaKernelWriter &writer,
                                           ContractionPrecision precision, int64_t &blocks,
                                           int64_t &threads);

/// Device functions the tiled kernels call (tf32 rounding, mma.sync);
/// dlc/cuda_emulation.h has their emulations.
extern const char *const kContractionHelpers;

} // namespace dlc

#endif // DLC_PASSES_CUDA_CONTRACTIONKERNEL_H
