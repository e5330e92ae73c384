//===- Decompose.cpp - composed ops into smaller dlc ops ------------------===//
#include "dialects/graph/DlcDialect.h"
#include "passes/graph/Passes.h"

#include "mlir/IR/Builders.h"

namespace dlc {
#define GEN_PASS_DEF_DLCDECOMPOSE
#include "passes/graph/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
struct DecomposePass : dlc::impl::DlcDecomposeBase<DecomposePass> {
  void runOnOperation() override {
    SmallVector<DecomposableOpInterface> ops;
    getOperation().walk([&](DecomposableOpInterface op) { ops.push_back(op); });
    for (DecomposableOpInterface op : ops) {
      OpBuilder b(op);
      SmallVector<Value> replacements;
      if (failed(op.decompose(b, replacements)))
        return signalPassFailure();
      op->replaceAllUsesWith(replacements);
      op->erase();
    }
  }
};
} // namespace
