//===- VectorLanes.h - elementwise thread loops, four iterations a thread -===//
//
// An elementwise kernel is bound by memory: one thread taking four
// neighbouring iterations moves each float32 operand with one 16-byte
// access (a float4) instead of four 4-byte ones, and computes its indices
// once for the four.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_PASSES_CUDA_VECTORLANES_H
#define DLC_PASSES_CUDA_VECTORLANES_H

#include "passes/cuda/CudaKernelWriter.h"

#include "mlir/Dialect/SCF/IR/SCF.h"

namespace dlc {

/// How a thread loop's iterations group into a thread's: `lanes` (4, or 1
/// when they do not) neighbouring iterations of the run of `loop`'s dims
/// from `runStart` to the last, taken as one flat dim.
struct VectorPlan {
  int64_t lanes = 1;
  unsigned runStart = 0;
};

/// Four iterations a thread where the run's dims go from 0 by 1, a multiple
/// of 4 times in all, the body is straight-line arith, math, loads and
/// stores, every store and at least one access is a float32 element that
/// the run walks contiguously (its last indices the run's induction
/// variables in order, strides that step one element per iteration, the
/// rest of the offset a multiple of 4 elements, the base 16-byte aligned),
/// every other load does not vary along the run, and (in a run of several
/// dims) no other op reads the run's induction variables. The shortest
/// such run is taken. The memrefs the body uses must be bound in `writer`.
VectorPlan planVectorLanes(mlir::scf::ParallelOp loop, CudaKernelWriter &writer);

/// Writes the body of `loop` (planned with four lanes; the induction
/// variables bound to the first of the four iterations): a float4 load or
/// store per contiguous access, each op that varies along the run once per
/// iteration, the others once.
mlir::LogicalResult writeVectorBody(mlir::scf::ParallelOp loop, const VectorPlan &plan,
                                    CudaKernelWriter &writer);

} // namespace dlc

#endif // DLC_PASSES_CUDA_VECTORLANES_H
