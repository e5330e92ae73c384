//===- Decompose.cpp - composed ops into smaller dlc ops ------------------===//
#include "dialects/graph/Decomposition.h"
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
  using DlcDecomposeBase::DlcDecomposeBase;

  void runOnOperation() override {
    if (failed(decomposeOps(getOperation(),
                            [&](Operation *op) { return all || !isa<LayerNormOp>(op); })))
      signalPassFailure();
  }
};
} // namespace
