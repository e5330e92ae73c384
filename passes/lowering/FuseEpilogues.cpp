//===- FuseEpilogues.cpp - one in-place elementwise epilogue per kernel ---===//
#include "dialects/kernel/KernelDialect.h"
#include "passes/lowering/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace dlc {
#define GEN_PASS_DEF_DLCFUSEEPILOGUES
#include "passes/lowering/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc;

namespace {
// An all-parallel generic that writes into a fresh tensor, and reads with an
// identity map a same-typed value that nothing else uses, may write over
// that value instead: bufferization then reuses the producer's buffer.
struct WriteIntoDeadInput : OpRewritePattern<linalg::GenericOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::GenericOp op,
                                PatternRewriter &rewriter) const override {
    if (op.getNumDpsInits() != 1 || op.getNumParallelLoops() != op.getNumLoops())
      return failure();
    OpOperand *init = op.getDpsInitOperand(0);
    if (!init->get().getDefiningOp<tensor::EmptyOp>() ||
        op.payloadUsesValueFromOperand(init))
      return failure();
    for (OpOperand *input : op.getDpsInputOperands()) {
      Value value = input->get();
      if (value.getType() != init->get().getType() || !value.hasOneUse() ||
          !op.getMatchingIndexingMap(input).isIdentity() ||
          isa<BlockArgument>(value) || !value.getDefiningOp<linalg::LinalgOp>())
        continue;
      rewriter.modifyOpInPlace(op, [&] {
        Block *body = op.getBody();
        BlockArgument inputArg = body->getArgument(input->getOperandNumber());
        BlockArgument initArg = body->getArgument(init->getOperandNumber());
        inputArg.replaceAllUsesWith(initArg);
        init->set(value);
      });
      return success();
    }
    return failure();
  }
};

// A reduction whose input an elementwise generic of the kernel computes
// becomes a generic itself, which the elementwise fusion then merges that
// prologue into: the input is computed as it is reduced, never stored.
struct GeneralizeReductionAfterPrologue : OpRewritePattern<linalg::ReduceOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::ReduceOp op,
                                PatternRewriter &rewriter) const override {
    bool prologue = llvm::any_of(op.getInputs(), [](Value input) {
      auto producer = input.getDefiningOp<linalg::GenericOp>();
      return producer && producer->hasOneUse() &&
             producer.getNumParallelLoops() == producer.getNumLoops();
    });
    if (!prologue)
      return failure();
    return linalg::generalizeNamedOp(rewriter, op);
  }
};

struct FuseEpiloguesPass : dlc::impl::DlcFuseEpiloguesBase<FuseEpiloguesPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    RewritePatternSet patterns(ctx);
    linalg::populateElementwiseOpsFusionPatterns(
        patterns, [](OpOperand *fused) {
          Operation *producer = fused->get().getDefiningOp();
          return producer && producer->hasOneUse();
        });
    linalg::populateEraseUnusedOperandsAndResultsPatterns(patterns);
    patterns.add<WriteIntoDeadInput, GeneralizeReductionAfterPrologue>(ctx);
    FrozenRewritePatternSet frozen(std::move(patterns));
    WalkResult result = getOperation().walk([&](dlc::kernel::KernelOp kernel) {
      if (failed(applyPatternsAndFoldGreedily(kernel.getBody(), frozen)))
        return WalkResult::interrupt();
      return WalkResult::advance();
    });
    if (result.wasInterrupted()) {
      getOperation().emitError("epilogue fusion did not converge");
      signalPassFailure();
    }
  }
};
} // namespace
