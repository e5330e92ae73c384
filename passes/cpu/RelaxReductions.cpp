//===- RelaxReductions.cpp - float reductions LLVM may vectorize ----------===//
//
// A float sum over a row is a chain of dependent adds: LLVM keeps their
// order, so the row runs one add per add latency, in scalar registers. The
// sum in source order is no more exact than a blocked one; with `reassoc`
// on the combining op LLVM keeps partial sums in vector lanes. (Divisions
// keep their rounding: a quantization's x / scale must round as written.)
//
//===----------------------------------------------------------------------===//
#include "passes/cpu/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Utils/Utils.h"

namespace dlc {
#define GEN_PASS_DEF_DLCRELAXREDUCTIONS
#include "passes/cpu/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc;

namespace {
// The combining op of each reduced output: the yielded float add, multiply,
// max or min that takes the output's running value.
void relaxCombiners(linalg::LinalgOp op) {
  Block *body = op.getBlock();
  auto yield = cast<linalg::YieldOp>(body->getTerminator());
  for (OpOperand &init : op.getDpsInitsMutable()) {
    Value yielded = yield.getValues()[init.getOperandNumber() - op.getNumDpsInputs()];
    Operation *combiner = yielded.getDefiningOp();
    if (isa_and_nonnull<arith::AddFOp, arith::MulFOp, arith::MaximumFOp, arith::MinimumFOp,
                        arith::MaxNumFOp, arith::MinNumFOp>(combiner) &&
        combiner->getBlock() == body &&
        llvm::is_contained(combiner->getOperands(), op.getMatchingBlockArgument(&init))) {
      auto fastMath = cast<arith::ArithFastMathInterface>(combiner);
      arith::FastMathFlags flags =
          fastMath.getFastMathFlagsAttr().getValue() | arith::FastMathFlags::reassoc;
      combiner->setAttr(fastMath.getFastMathAttrName(),
                        arith::FastMathFlagsAttr::get(combiner->getContext(), flags));
    }
  }
}

struct RelaxReductionsPass : dlc::impl::DlcRelaxReductionsBase<RelaxReductionsPass> {
  void runOnOperation() override {
    getOperation()->walk([](linalg::LinalgOp op) {
      if (llvm::any_of(op.getIteratorTypesArray(), linalg::isReductionIterator))
        relaxCombiners(op);
    });
  }
};
} // namespace
