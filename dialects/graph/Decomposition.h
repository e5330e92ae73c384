//===- Decomposition.h - composite ops into their smaller dlc ops ---------===//
#ifndef DLC_DIALECTS_GRAPH_DECOMPOSITION_H
#define DLC_DIALECTS_GRAPH_DECOMPOSITION_H

#include "mlir/IR/Operation.h"
#include "llvm/ADT/STLFunctionalExtras.h"

namespace dlc {

/// Replaces every op under `root` that implements DecomposableOpInterface and
/// satisfies `filter` by its smaller ops, until none is left. Used by
/// --dlc-decompose (every such op), by autodiff (those without a gradient of
/// their own) and by dlc.gradient (those its sweep crosses).
mlir::LogicalResult decomposeOps(mlir::Operation *root,
                                 llvm::function_ref<bool(mlir::Operation *)> filter);

} // namespace dlc

#endif // DLC_DIALECTS_GRAPH_DECOMPOSITION_H
