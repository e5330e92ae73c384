//===- VectorizePool.cpp - 2-D max and average pools along output rows ----===//
//
// A pool's output row is contiguous in NCHW, and so is the input segment
// under a vector of its columns (with width stride 2, the even lanes of two
// contiguous vectors, as in the convolution kernels). A tile of consecutive
// columns keeps one vector accumulator each over the whole window.
//
// arith.maximumf becomes llvm.maximum, which x86 has no instruction for: a
// max, a sign test for -0 < +0 and a NaN blend on every step of the chain
// (2.6x the time of a 3x3 pool). The kernel takes one `maxps` per step
// (`x > acc ? x : acc`) and ORs a NaN mask of its inputs beside the chain,
// applied once at the end: NaN still propagates; of -0 and +0 the first
// in window order wins.
//
//===----------------------------------------------------------------------===//
#include "passes/cpu/ConvSupport.h"
#include "passes/cpu/Passes.h"


namespace dlc {
#define GEN_PASS_DEF_DLCVECTORIZEPOOL
#include "passes/cpu/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc;

namespace {
// out[n, c, oh, ow] = combine(out[n, c, oh, ow],
//                             in[n, c, oh * strideH + kh * dilationH + offsetH,
//                                ow * strideW + kw * dilationW + offsetW])
// over the window (kh, kw).
struct Pool {
  linalg::GenericOp op;
  Value input, output;
  // The linalg.fill of `output` just before the pool: its value starts the
  // accumulators in registers and the fill goes.
  linalg::FillOp fill;
  bool isMax = false;
  int64_t batch = 0, channels = 0, outH = 0, outW = 0, kernelH = 0, kernelW = 0;
  cpu::WindowIndex rows, columns;
};

bool isDenseF32(Type type) {
  auto memref = dyn_cast<MemRefType>(type);
  return memref && memref.hasStaticShape() && memref.getLayout().isIdentity() &&
         memref.getElementType().isF32() && memref.getRank() == 4;
}

// The body is `yield combine(in, out)` (either order) with combine maximumf
// or addf, beside unused linalg.index ops; sets `isMax`.
bool matchBody(linalg::GenericOp op, bool &isMax) {
  Block &body = op.getRegion().front();
  SmallVector<Operation *> ops;
  for (Operation &nested : body.without_terminator())
    if (!isa<linalg::IndexOp>(nested) || !nested.use_empty())
      ops.push_back(&nested);
  if (ops.size() != 1)
    return false;
  Operation *combine = ops.front();
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  if (!isa<arith::MaximumFOp, arith::AddFOp>(combine) || yield.getNumOperands() != 1 ||
      yield.getOperand(0) != combine->getResult(0))
    return false;
  Value in = body.getArgument(0), out = body.getArgument(2);
  Value lhs = combine->getOperand(0), rhs = combine->getOperand(1);
  isMax = isa<arith::MaximumFOp>(combine);
  return (lhs == in && rhs == out) || (lhs == out && rhs == in);
}

std::optional<Pool> match(linalg::GenericOp op) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 ||
      op.getNumLoops() != 6)
    return std::nullopt;
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  for (unsigned i = 0; i < 6; ++i)
    if ((i < 4) != (iterators[i] == utils::IteratorType::parallel))
      return std::nullopt;
  Pool pool;
  pool.op = op;
  pool.input = op.getDpsInputOperand(0)->get();
  pool.output = op.getDpsInitOperand(0)->get();
  if (!isDenseF32(pool.input.getType()) || !isDenseF32(pool.output.getType()) ||
      !matchBody(op, pool.isMax))
    return std::nullopt;
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  MLIRContext *ctx = op.getContext();
  auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  if (maps[1] != AffineMap::get(6, 0, {d(4), d(5)}, ctx) ||
      maps[2] != AffineMap::get(6, 0, {d(0), d(1), d(2), d(3)}, ctx))
    return std::nullopt;
  AffineMap in = maps[0];
  if (in.getNumResults() != 4 || in.getResult(0) != d(0) || in.getResult(1) != d(1))
    return std::nullopt;
  auto rows = cpu::matchWindowIndex(in.getResult(2), 6, 2, 4);
  auto columns = cpu::matchWindowIndex(in.getResult(3), 6, 3, 5);
  if (!rows || !columns || columns->stride > 2)
    return std::nullopt;
  pool.rows = *rows;
  pool.columns = *columns;
  ArrayRef<int64_t> out = cast<MemRefType>(pool.output.getType()).getShape();
  SmallVector<int64_t, 4> loops = op.getStaticLoopRanges();
  pool.batch = out[0];
  pool.channels = out[1];
  pool.outH = out[2];
  pool.outW = out[3];
  pool.kernelH = loops[4];
  pool.kernelW = loops[5];
  // A one-column row (a global pool) would use one lane of each vector.
  if (pool.outW < 2 || pool.batch == 0 || pool.channels == 0 || pool.outH == 0 ||
      pool.kernelH == 0 || pool.kernelW == 0)
    return std::nullopt;
  auto fill = dyn_cast_or_null<linalg::FillOp>(cpu::neighbourWithEffects(op, /*after=*/false));
  if (fill && fill.hasPureBufferSemantics() && fill.getDpsInitOperand(0)->get() == pool.output)
    pool.fill = fill;
  return pool;
}

struct VectorizePoolPass : dlc::impl::DlcVectorizePoolBase<VectorizePoolPass> {
  using DlcVectorizePoolBase::DlcVectorizePoolBase;

  void runOnOperation() override {
    if (vectorWidth < 1) {
      getOperation().emitError("vector-width must be positive");
      return signalPassFailure();
    }
    cpu::replaceGenerics<Pool>(getOperation(), match, [&](OpBuilder &b, Pool &pool) {
      rewrite(b, pool);
      if (pool.fill)
        pool.fill.erase();
    });
  }

  void rewrite(OpBuilder &b, Pool &pool) {
    Location loc = pool.op.getLoc();
    // Up to four independent accumulators hide the combine's latency.
    int64_t tileWidth =
        std::min<int64_t>(4, llvm::divideCeil(pool.outW, vectorWidth)) * vectorWidth;
    scf::ParallelOp rows = cpu::buildParallelLoop(
        b, loc, {pool.batch, pool.channels, pool.outH},
        vectorWork({pool.batch, pool.channels, pool.outH, pool.outW, pool.kernelH,
                    pool.kernelW},
                   vectorWidth));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(rows.getBody());
    ValueRange ivs = rows.getInductionVars();
    cpu::forEachTile(b, loc, pool.outW, tileWidth, [&](Value column, int64_t width) {
      tile(b, pool, ivs[0], ivs[1], ivs[2], column, width);
    });
  }

  // out[n, c, oh][column .. column+width) in ceil(width / vectorWidth)
  // vector registers.
  void tile(OpBuilder &b, Pool &pool, Value n, Value c, Value oh, Value column,
            int64_t width) {
    Location loc = pool.op.getLoc();
    cpu::RowVectors vectors(b, loc, vectorWidth);
    int64_t count = llvm::divideCeil(width, vectorWidth);
    SmallVector<int64_t> lanes;
    SmallVector<Value> columns, inputColumns, initial;
    Value start;
    if (pool.fill)
      start = b.create<vector::SplatOp>(loc, vectors.type(),
                                        pool.fill.getDpsInputOperand(0)->get());
    for (int64_t v = 0; v < count; ++v) {
      lanes.push_back(std::min<int64_t>(vectorWidth, width - v * vectorWidth));
      columns.push_back(vectors.add(column, v * vectorWidth));
      inputColumns.push_back(
          vectors.add(vectors.mul(columns.back(), pool.columns.stride), pool.columns.offset));
      initial.push_back(start ? start
                              : vectors.load(pool.output, {n, c, oh, columns.back()}, lanes[v]));
    }
    // Max pools carry one NaN mask per accumulator after the accumulators.
    if (pool.isMax) {
      Value none = b.create<arith::ConstantOp>(
          loc, DenseElementsAttr::get(VectorType::get({vectorWidth}, b.getI1Type()), false));
      initial.append(count, none);
    }
    Value inputRow = vectors.add(vectors.mul(oh, pool.rows.stride), pool.rows.offset);
    scf::LoopNest nest = scf::buildLoopNest(
        b, loc, {vectors.index(0), vectors.index(0)},
        {vectors.index(pool.kernelH), vectors.index(pool.kernelW)},
        {vectors.index(1), vectors.index(1)}, initial,
        [&](OpBuilder &body, Location, ValueRange ivs, ValueRange carried) -> scf::ValueVector {
          cpu::RowVectors bodyVectors(body, loc, vectorWidth);
          Value ih = bodyVectors.add(inputRow, bodyVectors.mul(ivs[0], pool.rows.dilation));
          Value shift = bodyVectors.mul(ivs[1], pool.columns.dilation);
          scf::ValueVector next(carried.begin(), carried.end());
          for (int64_t v = 0; v < count; ++v) {
            Value segment = bodyVectors.loadStrided(pool.input, {n, c, ih},
                                                    bodyVectors.add(inputColumns[v], shift),
                                                    lanes[v], pool.columns.stride);
            if (!pool.isMax) {
              next[v] = body.create<arith::AddFOp>(loc, carried[v], segment);
              continue;
            }
            Value greater = body.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGT, segment,
                                                       carried[v]);
            next[v] = body.create<arith::SelectOp>(loc, greater, segment, carried[v]);
            Value isNaN =
                body.create<arith::CmpFOp>(loc, arith::CmpFPredicate::UNO, segment, segment);
            next[count + v] = body.create<arith::OrIOp>(loc, carried[count + v], isNaN);
          }
          return next;
        });
    Value nan;
    if (pool.isMax)
      nan = b.create<arith::ConstantOp>(
          loc, DenseElementsAttr::get(vectors.type(), APFloat::getNaN(APFloat::IEEEsingle())));
    for (int64_t v = 0; v < count; ++v) {
      Value result = nest.results[v];
      if (pool.isMax)
        result = b.create<arith::SelectOp>(loc, nest.results[count + v], nan, result);
      vectors.store(result, pool.output, {n, c, oh, columns[v]}, lanes[v]);
    }
  }
};
} // namespace
