//===- ExpandBf16.cpp - bf16 conversions as integer arithmetic ------------===//
#include "passes/cpu/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Transforms/Passes.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace dlc {
#define GEN_PASS_DEF_DLCEXPANDBF16
#include "passes/cpu/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {
struct ExpandBf16Pass : dlc::impl::DlcExpandBf16Base<ExpandBf16Pass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    arith::populateExpandBFloat16Patterns(patterns);
    if (failed(applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
