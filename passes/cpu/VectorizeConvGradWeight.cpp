//===- VectorizeConvGradWeight.cpp - vector filter-gradient kernels -------===//
//
// The filter gradient of a 2-D convolution,
//   dw[m, c, kh, kw] += sum over (n, oh, ow) of
//     in[n, c', oh * strideH + kh * dilationH, ow * strideW + kw * dilationW]
//     * dy[n, m, oh, ow],
// reduces over every output position. Along output columns both factors are
// contiguous (the input every other element with width stride 2), so a tile
// of filters x kernel columns keeps one vector of partial sums per weight:
// each step loads a vector of output-gradient columns per filter and the
// input segment under it per kernel column, and multiplies every pair. The
// partial sums are added across lanes once, after the whole reduction.
//
//===----------------------------------------------------------------------===//
#include "passes/cpu/ConvSupport.h"
#include "passes/cpu/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/PatternMatch.h"

namespace dlc {
#define GEN_PASS_DEF_DLCVECTORIZECONVGRADWEIGHT
#include "passes/cpu/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc;

namespace {
struct ConvGradWeight {
  linalg::GenericOp op;
  Value input, outputGrad, result;
  int64_t filters = 0, channels = 0, kernelH = 0, kernelW = 0, batch = 0, outH = 0, outW = 0;
  cpu::WindowIndex rows, columns;
  // Filter m reads input channels (m / groupFilters) * channels + c.
  int64_t groupFilters = 0;
  bool grouped = false;
};

// Loops (m, c, kh, kw, n, oh, ow): the order ConvLowering builds.
std::optional<ConvGradWeight> match(linalg::GenericOp op) {
  if (!cpu::isConvolutionLike(op))
    return std::nullopt;
  ConvGradWeight conv;
  conv.op = op;
  conv.input = op.getDpsInputOperand(0)->get();
  conv.outputGrad = op.getDpsInputOperand(1)->get();
  conv.result = op.getDpsInitOperand(0)->get();
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  MLIRContext *ctx = op.getContext();
  auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  if (maps[1] != AffineMap::get(7, 0, {d(4), d(0), d(5), d(6)}, ctx) ||
      maps[2] != AffineMap::get(7, 0, {d(0), d(1), d(2), d(3)}, ctx))
    return std::nullopt;
  AffineMap in = maps[0];
  if (in.getNumResults() != 4 || in.getResult(0) != d(4))
    return std::nullopt;
  auto rows = cpu::matchWindowIndex(in.getResult(2), 7, 5, 2);
  auto columns = cpu::matchWindowIndex(in.getResult(3), 7, 6, 3);
  if (!rows || !columns || columns->stride > 2)
    return std::nullopt;
  conv.rows = *rows;
  conv.columns = *columns;
  ArrayRef<int64_t> result = cast<MemRefType>(conv.result.getType()).getShape();
  ArrayRef<int64_t> grad = cast<MemRefType>(conv.outputGrad.getType()).getShape();
  conv.filters = result[0];
  conv.channels = result[1];
  conv.kernelH = result[2];
  conv.kernelW = result[3];
  conv.batch = grad[0];
  conv.outH = grad[2];
  conv.outW = grad[3];
  if (conv.filters == 0 || conv.channels == 0 || conv.kernelH == 0 || conv.kernelW == 0 ||
      conv.batch == 0 || conv.outH == 0 || conv.outW == 0)
    return std::nullopt;
  std::optional<int64_t> groups = cpu::groupCount(
      cast<MemRefType>(conv.input.getType()).getShape()[1], conv.channels, conv.filters);
  if (!groups)
    return std::nullopt;
  conv.groupFilters = conv.filters / *groups;
  conv.grouped = *groups > 1;
  AffineExpr channel = conv.grouped ? d(0).floorDiv(conv.groupFilters) * conv.channels + d(1) : d(1);
  if (in.getResult(1) != channel)
    return std::nullopt;
  return conv;
}

struct VectorizeConvGradWeightPass
    : dlc::impl::DlcVectorizeConvGradWeightBase<VectorizeConvGradWeightPass> {
  using DlcVectorizeConvGradWeightBase::DlcVectorizeConvGradWeightBase;

  void runOnOperation() override {
    if (vectorWidth < 1 || accumulators < 1) {
      getOperation().emitError("vector-width and accumulators must be positive");
      return signalPassFailure();
    }
    cpu::replaceGenerics<ConvGradWeight>(getOperation(), match,
                              [&](OpBuilder &b, ConvGradWeight &conv) { rewrite(b, conv); });
  }

  void rewrite(OpBuilder &b, ConvGradWeight &conv) {
    Location loc = conv.op.getLoc();
    cpu::RowVectors vectors(b, loc, vectorWidth);
    // Each step loads one vector per filter and one per kernel column of
    // the tile, so the tile is kept near square within the budget.
    int64_t tileColumns = std::min<int64_t>(conv.kernelW, std::max<int64_t>(1, accumulators / 4));
    int64_t tileFilters = std::clamp<int64_t>(accumulators / tileColumns, 1, conv.filters);

    scf::ParallelOp weights = cpu::buildParallelLoop(
        b, loc, {conv.channels, conv.kernelH},
        vectorWork({conv.filters, conv.channels, conv.kernelH, conv.kernelW, conv.batch,
                    conv.outH, conv.outW},
                   vectorWidth));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(weights.getBody());
    Value c = weights.getInductionVars()[0], kh = weights.getInductionVars()[1];
    cpu::forEachTile(b, loc, conv.filters, tileFilters, [&](Value filter, int64_t filtersHere) {
      cpu::forEachTile(b, loc, conv.kernelW, tileColumns, [&](Value kw, int64_t columnsHere) {
        tile(b, conv, c, kh, filter, filtersHere, kw, columnsHere);
      });
    });
  }

  // dw[filter .. filter+filtersHere)[c][kh][kw .. kw+columnsHere).
  void tile(OpBuilder &b, ConvGradWeight &conv, Value c, Value kh, Value filter,
            int64_t filtersHere, Value kw, int64_t columnsHere) {
    Location loc = conv.op.getLoc();
    cpu::RowVectors vectors(b, loc, vectorWidth);
    // With groups each filter reads its own group's channel c.
    SmallVector<Value> filters, inputChannels, kernelColumns;
    for (int64_t r = 0; r < filtersHere; ++r) {
      filters.push_back(vectors.add(filter, r));
      if (conv.grouped)
        inputChannels.push_back(vectors.add(
            cpu::firstGroupChannel(b, loc, filters.back(), conv.groupFilters, conv.channels),
            c));
    }
    // Where kernel column t's input starts for output column 0.
    Value rowShift = vectors.add(vectors.mul(kh, conv.rows.dilation), conv.rows.offset);
    for (int64_t t = 0; t < columnsHere; ++t)
      kernelColumns.push_back(vectors.add(
          vectors.mul(vectors.add(kw, t), conv.columns.dilation), conv.columns.offset));
    SmallVector<Value> initial(filtersHere * columnsHere, vectors.zeros());

    // Adds output columns [ow, ow + lanes) of row (n, oh) to the sums.
    auto step = [&](OpBuilder &builder, Value n, Value oh, Value ow, int64_t lanes,
                    ValueRange sums) -> SmallVector<Value> {
      cpu::RowVectors stepVectors(builder, loc, vectorWidth);
      Value ih = stepVectors.add(stepVectors.mul(oh, conv.rows.stride), rowShift);
      Value firstColumn = stepVectors.mul(ow, conv.columns.stride);
      auto segments = [&](Value channel) {
        SmallVector<Value> loaded;
        for (int64_t t = 0; t < columnsHere; ++t)
          loaded.push_back(stepVectors.loadStrided(conv.input, {n, channel, ih},
                                                   stepVectors.add(firstColumn, kernelColumns[t]),
                                                   lanes, conv.columns.stride));
        return loaded;
      };
      SmallVector<Value> shared;
      if (!conv.grouped)
        shared = segments(c);
      SmallVector<Value> next;
      for (int64_t r = 0; r < filtersHere; ++r) {
        Value grad = stepVectors.load(conv.outputGrad, {n, filters[r], oh, ow}, lanes);
        SmallVector<Value> own = conv.grouped ? segments(inputChannels[r]) : shared;
        for (int64_t t = 0; t < columnsHere; ++t)
          next.push_back(
              builder.create<vector::FMAOp>(loc, grad, own[t], sums[r * columnsHere + t]));
      }
      return next;
    };

    int64_t wholeColumns = conv.outW - conv.outW % vectorWidth;
    scf::LoopNest nest = scf::buildLoopNest(
        b, loc, {vectors.index(0), vectors.index(0)},
        {vectors.index(conv.batch), vectors.index(conv.outH)}, {vectors.index(1), vectors.index(1)},
        initial,
        [&](OpBuilder &body, Location, ValueRange ivs, ValueRange sums) -> scf::ValueVector {
          Value n = ivs[0], oh = ivs[1];
          SmallVector<Value> current(sums);
          if (wholeColumns > 0) {
            auto columns = body.create<scf::ForOp>(
                loc, body.create<arith::ConstantIndexOp>(loc, 0),
                body.create<arith::ConstantIndexOp>(loc, wholeColumns),
                body.create<arith::ConstantIndexOp>(loc, vectorWidth), current,
                [&](OpBuilder &inner, Location, Value ow, ValueRange carried) {
                  inner.create<scf::YieldOp>(
                      loc, step(inner, n, oh, ow, vectorWidth, carried));
                });
            current = columns.getResults();
          }
          if (wholeColumns < conv.outW)
            current = step(body, n, oh, body.create<arith::ConstantIndexOp>(loc, wholeColumns),
                           conv.outW - wholeColumns, current);
          return current;
        });

    for (int64_t r = 0; r < filtersHere; ++r)
      for (int64_t t = 0; t < columnsHere; ++t) {
        Value sum = b.create<vector::ReductionOp>(loc, vector::CombiningKind::ADD,
                                                  nest.results[r * columnsHere + t]);
        SmallVector<Value> at{filters[r], c, kh, vectors.add(kw, t)};
        Value old = b.create<memref::LoadOp>(loc, conv.result, at);
        b.create<memref::StoreOp>(loc, b.create<arith::AddFOp>(loc, old, sum), conv.result, at);
      }
  }
};
} // namespace
