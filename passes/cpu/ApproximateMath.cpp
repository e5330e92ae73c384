//===- ApproximateMath.cpp - vectorizable float32 exp, log, tanh, erf -----===//
#include "passes/cpu/Passes.h"

#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace dlc {
#define GEN_PASS_DEF_DLCAPPROXIMATEMATH
#include "passes/cpu/Passes.h.inc"
} // namespace dlc

using namespace mlir;

namespace {
struct ApproximateMathPass : dlc::impl::DlcApproximateMathBase<ApproximateMathPass> {
  void runOnOperation() override {
    // Upstream's pattern set also approximates the trigonometric functions,
    // whose range reduction loses accuracy on large arguments: it is applied
    // to these ops only (and to what their expansions create).
    SmallVector<Operation *> ops;
    getOperation()->walk([&](Operation *op) {
      if (isa<math::ExpOp, math::ExpM1Op, math::LogOp, math::Log1pOp, math::Log2Op,
              math::TanhOp, math::ErfOp>(op) &&
          getElementTypeOrSelf(op->getResult(0).getType()).isF32())
        ops.push_back(op);
    });
    if (ops.empty())
      return;
    RewritePatternSet patterns(&getContext());
    populateMathPolynomialApproximationPatterns(patterns);
    GreedyRewriteConfig config;
    config.strictMode = GreedyRewriteStrictness::ExistingAndNewOps;
    // Ops left over, should the driver stop early, still call libm: slower,
    // never wrong.
    (void)applyOpPatternsAndFold(ops, std::move(patterns), config);

    // The expansions evaluate their polynomials with math.fma, which the
    // libm conversion would turn into scalar fmaf calls. A multiply and an
    // add that may contract become one FMA instruction where the target has
    // it, and vectorize either way.
    getOperation()->walk([&](math::FmaOp fma) {
      OpBuilder b(fma);
      auto contract = arith::FastMathFlagsAttr::get(&getContext(),
                                                    arith::FastMathFlags::contract);
      Value product = b.create<arith::MulFOp>(fma.getLoc(), fma.getA(), fma.getB(), contract);
      fma.replaceAllUsesWith(
          b.create<arith::AddFOp>(fma.getLoc(), product, fma.getC(), contract).getResult());
      fma.erase();
    });
  }
};
} // namespace
