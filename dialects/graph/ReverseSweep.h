//===- ReverseSweep.h - reverse-mode differentiation over one block -------===//
//
// The core of autodiff, shared by --dlc-autodiff (a loss with respect to the
// params) and dlc.gradient (ONNX's Gradient: any value with respect to
// others): a sweep over a block's ops in reverse, each building its
// operands' gradients through GradientOpInterface.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_DIALECTS_GRAPH_REVERSESWEEP_H
#define DLC_DIALECTS_GRAPH_REVERSESWEEP_H

#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"

namespace dlc::graph {

/// The gradients (adjoints) of `target` with respect to `sources`, `target`'s
/// own adjoint being `seed` (of its type). The forward ops are those of the
/// builder's block before its insertion point; gradient ops are built at the
/// insertion point. Only ops on a path from a source to `target` through
/// float values are differentiated, and only the gradients a source needs
/// are built; fan-out accumulates with dlc.add. An op on such a path without
/// a gradient is an error at its location. A source `target` does not
/// depend on has no entry in the result.
mlir::FailureOr<llvm::DenseMap<mlir::Value, mlir::Value>>
sweepReverse(mlir::OpBuilder &b, mlir::Value target, mlir::Value seed,
             llvm::ArrayRef<mlir::Value> sources);

} // namespace dlc::graph

#endif // DLC_DIALECTS_GRAPH_REVERSESWEEP_H
