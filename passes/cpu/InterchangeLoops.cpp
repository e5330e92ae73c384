//===- InterchangeLoops.cpp - unit-stride innermost loops for LLVM --------===//
#include "passes/cpu/Passes.h"
#include "passes/lowering/LoweringUtils.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/IR/PatternMatch.h"

namespace dlc {
#define GEN_PASS_DEF_DLCINTERCHANGELOOPS
#include "passes/cpu/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc;

namespace {
// True if `expr` is `d<dim>` plus other terms: a step of that loop moves
// one element.
bool stepsByOne(AffineExpr expr, unsigned dim) {
  if (auto d = dyn_cast<AffineDimExpr>(expr))
    return d.getPosition() == dim;
  if (expr.getKind() == AffineExprKind::Add) {
    auto add = cast<AffineBinaryOpExpr>(expr);
    return stepsByOne(add.getLHS(), dim) || stepsByOne(add.getRHS(), dim);
  }
  return false;
}

// The new loop order (old loop indices), or nothing if the op is best as is.
std::optional<SmallVector<unsigned>> vectorizableOrder(linalg::LinalgOp op) {
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  if (llvm::none_of(iterators, linalg::isReductionIterator) || op.getNumDpsInits() == 0)
    return std::nullopt;
  AffineMap output = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  if (output.getNumResults() == 0)
    return std::nullopt;
  auto innermost = dyn_cast<AffineDimExpr>(output.getResults().back());
  if (!innermost)
    return std::nullopt;
  unsigned dim = innermost.getPosition();
  bool inputFollows = llvm::any_of(op.getDpsInputOperands(), [&](OpOperand *input) {
    AffineMap map = op.getMatchingIndexingMap(input);
    return map.getNumResults() > 0 && stepsByOne(map.getResults().back(), dim);
  });
  if (!inputFollows)
    return std::nullopt;
  SmallVector<unsigned> order;
  for (auto [i, type] : llvm::enumerate(iterators))
    if (linalg::isParallelIterator(type) && i != dim)
      order.push_back(i);
  for (auto [i, type] : llvm::enumerate(iterators))
    if (linalg::isReductionIterator(type))
      order.push_back(i);
  order.push_back(dim);
  if (llvm::equal(order, llvm::seq<unsigned>(0, iterators.size())))
    return std::nullopt;
  return order;
}

struct InterchangeLoopsPass : dlc::impl::DlcInterchangeLoopsBase<InterchangeLoopsPass> {
  void runOnOperation() override {
    SmallVector<linalg::LinalgOp> ops;
    getOperation().walk([&](linalg::LinalgOp op) { ops.push_back(op); });
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : ops) {
      std::optional<SmallVector<unsigned>> order = vectorizableOrder(op);
      if (!order)
        continue;
      if (failed(reorderLoops(rewriter, op, *order))) {
        op.emitOpError("loop interchange failed");
        return signalPassFailure();
      }
    }
  }
};
} // namespace
