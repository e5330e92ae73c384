//===- FuseRowLoops.cpp - one loop over the rows a kernel's nests share ---===//
//
// A layer norm lowers to row sums, squared deviations from the row means and
// the normalization; a softmax to row maxima, exponentials, row sums and the
// division. As separate nests each one reads the whole input, so a kernel
// that is one pass over the data in the IR makes three or four trips through
// memory. Adjacent top-level nests whose iteration spaces start with the
// same dims (the rows), and that share buffers only row by row, become one
// scf.parallel over those rows: each row is read while it is in L1.
//
//===----------------------------------------------------------------------===//
#include "passes/cpu/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace dlc {
#define GEN_PASS_DEF_DLCFUSEROWLOOPS
#include "passes/cpu/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc;

namespace {
struct Access {
  Value buffer;
  OperandRange indices;
  bool writes;
};

// The nest's scalar loads and stores; false if it has other memory effects
// (vector accesses, calls) or nested parallel loops, which this pass does
// not reason about.
bool collectAccesses(scf::ParallelOp loop, SmallVectorImpl<Access> &accesses) {
  return !loop.getBody()
              ->walk([&](Operation *op) {
                if (auto load = dyn_cast<memref::LoadOp>(op)) {
                  accesses.push_back({load.getMemRef(), load.getIndices(), false});
                  return WalkResult::advance();
                }
                if (auto store = dyn_cast<memref::StoreOp>(op)) {
                  accesses.push_back({store.getMemRef(), store.getIndices(), true});
                  return WalkResult::advance();
                }
                if (isa<scf::ParallelOp>(op))
                  return WalkResult::interrupt();
                // Loops and their terminators: the ops inside are visited.
                if (op->hasTrait<OpTrait::HasRecursiveMemoryEffects>() || isMemoryEffectFree(op))
                  return WalkResult::advance();
                return WalkResult::interrupt();
              })
              .wasInterrupted();
}

// The buffer a view is taken from, and where in its bytes the view lies
// when that is known (a memref.view at a constant offset, as the memory
// planner makes them).
struct Placement {
  Value root;
  std::optional<std::pair<int64_t, int64_t>> bytes;
};

Placement placementOf(Value buffer) {
  Placement placement{buffer, std::nullopt};
  if (auto view = buffer.getDefiningOp<memref::ViewOp>()) {
    std::optional<int64_t> shift = getConstantIntValue(view.getByteShift());
    MemRefType type = view.getType();
    if (shift && type.hasStaticShape() && type.getElementType().isIntOrFloat())
      placement.bytes = {*shift,
                         *shift + type.getNumElements() * type.getElementTypeBitWidth() / 8};
  }
  while (auto view = placement.root.getDefiningOp<ViewLikeOpInterface>())
    placement.root = view.getViewSource();
  return placement;
}

// Distinct function arguments and allocations never overlap (EmitEntry
// states the same to LLVM), nor do views at disjoint offsets of one.
bool disjoint(Value a, Value b) {
  Placement pa = placementOf(a), pb = placementOf(b);
  if (pa.root != pb.root)
    return true;
  return pa.bytes && pb.bytes &&
         (pa.bytes->second <= pb.bytes->first || pb.bytes->second <= pa.bytes->first);
}

// True if the two buffers are the same elements under the same indices:
// one value, or views of one buffer at one offset with one type (the memory
// planner reuses a dead intermediate's bytes for a later one of its size).
bool sameBuffer(Value a, Value b) {
  if (a == b)
    return true;
  auto va = a.getDefiningOp<memref::ViewOp>(), vb = b.getDefiningOp<memref::ViewOp>();
  if (!va || !vb || va.getSource() != vb.getSource() || va.getType() != vb.getType())
    return false;
  std::optional<int64_t> sa = getConstantIntValue(va.getByteShift()),
                         sb = getConstantIntValue(vb.getByteShift());
  return sa && sb && *sa == *sb;
}

// An access of an identity-layout buffer whose leading indices are the
// row induction variables touches that row only.
bool withinRow(const Access &access, ValueRange rows) {
  auto type = cast<MemRefType>(access.buffer.getType());
  if (!type.getLayout().isIdentity() || access.indices.size() < rows.size())
    return false;
  return llvm::all_of(llvm::zip(rows, access.indices),
                      [](auto pair) { return std::get<0>(pair) == std::get<1>(pair); });
}

bool sameBound(Value a, Value b) {
  if (a == b)
    return true;
  std::optional<int64_t> ca = getConstantIntValue(a), cb = getConstantIntValue(b);
  return ca && cb && *ca == *cb;
}

// How many leading dims the two nests share, with equal bounds and steps.
size_t sharedRows(scf::ParallelOp a, scf::ParallelOp b) {
  size_t rows = 0;
  size_t most = std::min(a.getNumLoops(), b.getNumLoops());
  while (rows < most && sameBound(a.getLowerBound()[rows], b.getLowerBound()[rows]) &&
         sameBound(a.getUpperBound()[rows], b.getUpperBound()[rows]) &&
         sameBound(a.getStep()[rows], b.getStep()[rows]))
    ++rows;
  return rows;
}

// Iterations of the nest's first `dims` dims, if their bounds are constants.
std::optional<int64_t> iterations(scf::ParallelOp loop, size_t dims) {
  int64_t total = 1;
  for (size_t d = 0; d < dims; ++d) {
    std::optional<int64_t> count = constantTripCount(
        loop.getLowerBound()[d], loop.getUpperBound()[d], loop.getStep()[d]);
    if (!count)
      return std::nullopt;
    total *= std::max<int64_t>(*count, 0);
  }
  return total;
}

struct FuseRowLoopsPass : dlc::impl::DlcFuseRowLoopsBase<FuseRowLoopsPass> {
  using DlcFuseRowLoopsBase::DlcFuseRowLoopsBase;

  void runOnOperation() override {
    for (Block &block : getOperation().getBody()) {
      scf::ParallelOp previous;
      for (Operation &op : llvm::make_early_inc_range(block)) {
        if (auto loop = dyn_cast<scf::ParallelOp>(op)) {
          scf::ParallelOp fused = previous ? fuse(previous, loop) : scf::ParallelOp();
          previous = fused ? fused : loop;
        } else if (!isMemoryEffectFree(&op) || op.getNumRegions() != 0) {
          previous = {};
        }
      }
    }
  }

  // The two nests as one over their shared rows, placed where the second
  // one is (what lies between them is free of side effects), or nothing if
  // fusing them could change a result or lose parallelism.
  scf::ParallelOp fuse(scf::ParallelOp first, scf::ParallelOp second) {
    if (first.getNumResults() != 0 || second.getNumResults() != 0)
      return {};
    size_t rows = sharedRows(first, second);
    if (rows == 0)
      return {};
    // Whole-space fusion loses nothing; row fusion must leave the threads
    // enough rows to share.
    bool whole = rows == first.getNumLoops() && rows == second.getNumLoops();
    std::optional<int64_t> count = iterations(second, rows);
    if (!count || (!whole && *count < minRows))
      return {};
    SmallVector<Access> firstAccesses, secondAccesses;
    if (!collectAccesses(first, firstAccesses) || !collectAccesses(second, secondAccesses))
      return {};
    ValueRange firstRows = ValueRange(first.getBody()->getArguments()).take_front(rows);
    ValueRange secondRows = ValueRange(second.getBody()->getArguments()).take_front(rows);
    for (const Access &a : firstAccesses)
      for (const Access &b : secondAccesses) {
        if (!a.writes && !b.writes)
          continue;
        if (sameBuffer(a.buffer, b.buffer) ? !withinRow(a, firstRows) || !withinRow(b, secondRows)
                                           : !disjoint(a.buffer, b.buffer))
          return {};
      }

    OpBuilder builder(second);
    Location loc = builder.getFusedLoc({first.getLoc(), second.getLoc()});
    auto take = [&](OperandRange range) { return llvm::to_vector(range.take_front(rows)); };
    auto fused = builder.create<scf::ParallelOp>(
        loc, take(second.getLowerBound()), take(second.getUpperBound()),
        take(second.getStep()), [&](OpBuilder &body, Location, ValueRange ivs) {
          for (scf::ParallelOp loop : {first, second})
            cloneOverRows(body, loop, ivs);
        });
    first.erase();
    second.erase();
    return fused;
  }

  // Clones `loop`'s body at `b` for the rows `ivs`; the dims it has beyond
  // them become scf.for loops around it.
  void cloneOverRows(OpBuilder &b, scf::ParallelOp loop, ValueRange ivs) {
    IRMapping mapping;
    ValueRange loopIvs = loop.getBody()->getArguments();
    mapping.map(loopIvs.take_front(ivs.size()), ivs);
    auto clone = [&](OpBuilder &builder) {
      for (Operation &op : loop.getBody()->without_terminator())
        builder.clone(op, mapping);
    };
    size_t rows = ivs.size();
    if (rows == loop.getNumLoops())
      return clone(b);
    scf::buildLoopNest(b, loop.getLoc(), loop.getLowerBound().drop_front(rows),
                       loop.getUpperBound().drop_front(rows), loop.getStep().drop_front(rows),
                       [&](OpBuilder &body, Location, ValueRange inner) {
                         mapping.map(loopIvs.drop_front(rows), inner);
                         clone(body);
                       });
  }
};
} // namespace
