//===- ParallelDimsFirst.cpp - reductions inside, for a GPU's threads -----===//
#include "passes/cuda/Passes.h"
#include "passes/lowering/LoweringUtils.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/IR/PatternMatch.h"

namespace dlc {
#define GEN_PASS_DEF_DLCPARALLELDIMSFIRST
#include "passes/cuda/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc;

namespace {
struct ParallelDimsFirstPass : dlc::impl::DlcParallelDimsFirstBase<ParallelDimsFirstPass> {
  void runOnOperation() override {
    SmallVector<linalg::LinalgOp> ops;
    getOperation().walk([&](linalg::LinalgOp op) { ops.push_back(op); });
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : ops) {
      SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
      SmallVector<unsigned> order;
      for (auto [i, type] : llvm::enumerate(iterators))
        if (linalg::isParallelIterator(type))
          order.push_back(i);
      for (auto [i, type] : llvm::enumerate(iterators))
        if (!linalg::isParallelIterator(type))
          order.push_back(i);
      if (llvm::equal(order, llvm::seq<unsigned>(0, iterators.size())))
        continue;
      if (failed(reorderLoops(rewriter, op, order))) {
        op.emitOpError("loop interchange failed");
        return signalPassFailure();
      }
    }
  }
};
} // namespace
