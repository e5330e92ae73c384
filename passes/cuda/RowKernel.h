//===- RowKernel.h - row reductions as warp-per-row kernels ---------------===//
#ifndef DLC_PASSES_CUDA_ROWKERNEL_H
#define DLC_PASSES_CUDA_ROWKERNEL_H

#include "passes/cuda/CudaKernelWriter.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"

#include <optional>

namespace dlc {

/// Consecutive linalg ops that share their leading row dims and compute a
/// row at a time (softmax, layer norm, a loss's sums): each iterates over
/// the rows alone, writing a row buffer (dims: the row dims), or over each
/// row's elements too, writing a buffer of the rows' elements at its own
/// indices, or reducing the elements into a row buffer with an associative
/// and commutative combiner (add, mul, max, min). At least one reduces.
struct RowGroup {
  llvm::SmallVector<mlir::linalg::LinalgOp> ops;
  llvm::SmallVector<int64_t> rowSizes, elementSizes;
};

/// The row group around reduction `op` in its block, if every buffer its
/// ops write is read only at the row being computed: what a warp per row
/// can compute with no other warp's help.
std::optional<RowGroup> matchRowGroup(mlir::linalg::LinalgOp op);

/// Writes the body of `launch`, whose ops (but constants and views) are one
/// row group: blocks of 256 threads, a warp per row in a grid-stride loop;
/// row values in registers (stored by lane 0), element loops strided by the
/// warp's lanes, reductions combined across lanes by __shfl_xor_sync. A few
/// long rows take a block each instead, the warps' parts combined through
/// shared memory. Sets the launch's blocks and threads per block.
mlir::LogicalResult writeRowKernel(mlir::func::FuncOp launch, CudaKernelWriter &writer,
                                   int64_t &blocks, int64_t &threads);

} // namespace dlc

#endif // DLC_PASSES_CUDA_ROWKERNEL_H
