//===- VectorLanes.h - elementwise thread loops, four iterations a thread -===//
//
// An elementwise kernel is bound by memory: one thread taking four
// neighbouring iterations of the innermost dim moves each float32 operand
// with one 16-byte access (a float4) instead of four 4-byte ones, and
// computes its indices once for the four.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_PASSES_CUDA_VECTORLANES_H
#define DLC_PASSES_CUDA_VECTORLANES_H

#include "passes/cuda/CudaKernelWriter.h"

#include "mlir/Dialect/SCF/IR/SCF.h"

namespace dlc {

/// How many neighbouring iterations of `loop`'s last dim one thread takes:
/// 4 when that dim runs from 0 by 1 a multiple of 4 times, the body is
/// straight-line arith, math, loads and stores, every store and at least one
/// access is a float32 element contiguous along that dim (its last index the
/// dim's induction variable, unit stride, other strides and the offset
/// multiples of 4 elements, the base 16-byte aligned) and every other load
/// does not vary along it; else 1. The memrefs the body uses must be bound
/// in `writer`.
int64_t vectorLanes(mlir::scf::ParallelOp loop, CudaKernelWriter &writer);

/// Writes the body of `loop` (with vectorLanes 4) for the four iterations of
/// its last dim from `first` (a multiple of 4; the other induction variables
/// bound): a float4 load or store per contiguous access, each op that varies
/// along the dim once per iteration, the others once.
mlir::LogicalResult writeVectorBody(mlir::scf::ParallelOp loop, CudaKernelWriter &writer,
                                    const std::string &first);

} // namespace dlc

#endif // DLC_PASSES_CUDA_VECTORLANES_H
