//===- LinalgToGpuLoops.cpp - linalg to parallel loops, launches aside ----===//
#include "passes/cuda/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"

namespace dlc {
#define GEN_PASS_DEF_DLCLINALGTOGPULOOPS
#include "passes/cuda/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc;

namespace {
// A reduction with its parallel dims first (dlc-parallel-dims-first) that
// writes each element of its one output at one parallel point: the output
// map is a permutation of the parallel dims.
bool accumulates(linalg::LinalgOp op) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInits() != 1 || op.getNumReductionLoops() == 0 ||
      llvm::any_of(op.getStaticLoopRanges(), ShapedType::isDynamic))
    return false;
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  unsigned parallel = op.getNumParallelLoops();
  for (auto [i, iterator] : llvm::enumerate(iterators))
    if (linalg::isParallelIterator(iterator) != (i < parallel))
      return false;
  Value out = op.getDpsInits()[0];
  AffineMap outMap = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  if (outMap.getNumResults() != parallel || !outMap.isProjectedPermutation() ||
      llvm::is_contained(op.getDpsInputs(), out))
    return false;
  for (AffineExpr result : outMap.getResults())
    if (cast<AffineDimExpr>(result).getPosition() >= parallel)
      return false;
  return true;
}

// The fill of `out` just before `op` (constants and views between), whose
// value can start the sum in its place.
linalg::FillOp fillBefore(linalg::LinalgOp op, Value out) {
  Operation *previous = op->getPrevNode();
  while (previous && isa<arith::ConstantOp, memref::ViewOp>(previous))
    previous = previous->getPrevNode();
  auto fill = dyn_cast_or_null<linalg::FillOp>(previous);
  return fill && fill.hasPureBufferSemantics() && fill.getDpsInits()[0] == out ? fill
                                                                               : linalg::FillOp();
}

// The indices `map` picks at loop indices `ivs`.
SmallVector<Value> indicesAt(OpBuilder &b, Location loc, AffineMap map, ValueRange ivs) {
  SmallVector<Value> indices;
  for (AffineExpr expr : map.getResults()) {
    if (auto dim = dyn_cast<AffineDimExpr>(expr))
      indices.push_back(ivs[dim.getPosition()]);
    else
      indices.push_back(b.create<affine::AffineApplyOp>(
          loc, AffineMap::get(map.getNumDims(), 0, expr), ivs));
  }
  return indices;
}

// The output element stays in a register across the reduction loops
// (scf.for iter_args), loaded once (or the fill's value) and stored once,
// where linalg's own loops load and store it at every step. A sum to a
// scalar has no parallel loop: one thread runs its loops, and since its
// loads then do not wait on a store to the sum, they overlap.
void lowerAccumulating(IRRewriter &rewriter, linalg::LinalgOp op, linalg::FillOp fill) {
  Location loc = op.getLoc();
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  unsigned parallel = op.getNumParallelLoops();
  auto index = [&](int64_t value) {
    return rewriter.create<arith::ConstantIndexOp>(loc, value).getResult();
  };
  Value zero = index(0), one = index(1);
  SmallVector<Value> sizes;
  for (int64_t range : ranges)
    sizes.push_back(index(range));
  SmallVector<Value> lbs(parallel, zero), steps(parallel, one);
  SmallVector<Value> ubs(sizes.begin(), sizes.begin() + parallel);
  OpOperand *init = op.getDpsInitOperand(0);
  Value out = init->get();
  AffineMap outMap = op.getMatchingIndexingMap(init);
  Block *body = op.getBlock();
  auto accumulate = [&](OpBuilder &b, ValueRange outer) {
    SmallVector<Value> ivs(outer);
    SmallVector<Value> at = indicesAt(b, loc, outMap, ivs);
    Value first = fill ? fill.value() : b.create<memref::LoadOp>(loc, out, at).getResult();
    // One scf.for per reduction dim, the sum so far carried through them.
    std::function<Value(OpBuilder &, Value)> nest = [&](OpBuilder &b, Value sum) -> Value {
      if (ivs.size() == ranges.size()) {
        IRMapping mapping;
        for (OpOperand *input : op.getDpsInputOperands()) {
          Value value = input->get();
          if (isa<MemRefType>(value.getType()))
            value = b.create<memref::LoadOp>(
                loc, value, indicesAt(b, loc, op.getMatchingIndexingMap(input), ivs));
          mapping.map(op.getMatchingBlockArgument(input), value);
        }
        mapping.map(op.getMatchingBlockArgument(init), sum);
        for (Operation &inner : body->without_terminator()) {
          if (auto dim = dyn_cast<linalg::IndexOp>(inner))
            mapping.map(dim.getResult(), ivs[dim.getDim()]);
          else
            b.clone(inner, mapping);
        }
        return mapping.lookupOrDefault(body->getTerminator()->getOperand(0));
      }
      auto loop = b.create<scf::ForOp>(
          loc, zero, sizes[ivs.size()], one, ValueRange{sum},
          [&](OpBuilder &inner, Location, Value iv, ValueRange carried) {
            ivs.push_back(iv);
            Value next = nest(inner, carried.front());
            ivs.pop_back();
            inner.create<scf::YieldOp>(loc, next);
          });
      return loop.getResult(0);
    };
    b.create<memref::StoreOp>(loc, nest(b, first), out, at);
  };
  if (parallel == 0)
    accumulate(rewriter, {});
  else
    rewriter.create<scf::ParallelOp>(
        loc, lbs, ubs, steps,
        [&](OpBuilder &b, Location, ValueRange outer) { accumulate(b, outer); });
  if (fill)
    rewriter.eraseOp(fill);
}

struct LinalgToGpuLoopsPass : dlc::impl::DlcLinalgToGpuLoopsBase<LinalgToGpuLoopsPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func->hasAttr(attr::kLaunch))
      return;
    SmallVector<linalg::LinalgOp> ops;
    func.walk([&](linalg::LinalgOp op) { ops.push_back(op); });
    // Fills that start a sum become its first value, not loops of their own.
    llvm::DenseMap<Operation *, linalg::FillOp> fills;
    llvm::SmallPtrSet<Operation *, 8> folded;
    for (linalg::LinalgOp op : ops)
      if (accumulates(op))
        if (linalg::FillOp fill = fillBefore(op, op.getDpsInits()[0])) {
          fills[op] = fill;
          folded.insert(fill);
        }
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : ops) {
      if (folded.contains(op))
        continue;
      rewriter.setInsertionPoint(op);
      if (accumulates(op)) {
        lowerAccumulating(rewriter, op, fills.lookup(op));
      } else if (failed(linalg::linalgOpToParallelLoops(rewriter, op))) {
        op.emitOpError("cannot become parallel loops");
        return signalPassFailure();
      }
      rewriter.eraseOp(op);
    }
  }
};
} // namespace
