//===- Decomposition.cpp - composite ops into their smaller dlc ops -------===//
#include "dialects/graph/Decomposition.h"

#include "dialects/graph/DlcDialect.h"

#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace dlc::graph;

LogicalResult dlc::decomposeOps(Operation *root, llvm::function_ref<bool(Operation *)> filter) {
  // A decomposition may itself produce composite ops: repeat until none is left.
  while (true) {
    SmallVector<DecomposableOpInterface> ops;
    root->walk([&](DecomposableOpInterface op) {
      if (filter(op))
        ops.push_back(op);
    });
    if (ops.empty())
      return success();
    for (DecomposableOpInterface op : ops) {
      OpBuilder b(op);
      SmallVector<Value> replacements;
      if (failed(op.decompose(b, replacements)))
        return failure();
      op->replaceAllUsesWith(replacements);
      op->erase();
    }
  }
}
