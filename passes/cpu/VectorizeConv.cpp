//===- VectorizeConv.cpp - register-blocked direct convolution kernels ----===//
//
// A 2-D convolution (any groups, width stride 1 or 2) from
// ConvLowering's linalg.generic becomes a direct convolution whose inner step
// is an outer product: a vector of consecutive output columns of one row
// gains, for each of a tile of output channels, a broadcast weight times the
// input row segment under it. The output row is contiguous in NCHW and so is
// the input segment (with stride 2, the even lanes of two contiguous
// vectors), so nothing is packed or gathered; the tile's
// accumulators stay in vector registers across the whole reduction over
// (input channel, kernel row, kernel column). Columns that do not fill a
// vector use masked loads and stores; channels that do not fill a tile get a
// smaller tile. Depthwise convolutions, which share no input between
// filters, have a kernel of their own (DepthwiseConv.cpp).
//
// The ops around the convolution in its kernel work on the same output:
// the bias broadcast (or fill) before it and the elementwise epilogue after
// it (activation, residual add) each made one more pass over an output that
// is often larger than the caches (MobileNetV2's 1x96x112x112: three passes
// of 4.8 MB around 16 multiply-adds per element). A tile starts its
// accumulators from the bias and applies the epilogue in registers before
// its one store; both ops go.
//
// Output rows narrower than a vector would leave lanes idle; for those
// --dlc-pack-weights stores the filter output-channels-last, and the
// vector runs across output channels instead: each step loads the tile's
// channels of one filter tap and adds them, times a broadcast input
// element, to each output position of the tile, which may span rows.
//
//===----------------------------------------------------------------------===//
#include "passes/cpu/Passes.h"
#include "passes/cpu/ConvKernels.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"

namespace dlc {
#define GEN_PASS_DEF_DLCVECTORIZECONV
#include "passes/cpu/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc;
using cpu::Conv;

namespace {
struct VectorizeConvPass : dlc::impl::DlcVectorizeConvBase<VectorizeConvPass> {
  using DlcVectorizeConvBase::DlcVectorizeConvBase;

  void runOnOperation() override {
    if (vectorWidth < 1 || accumulators < 1) {
      getOperation().emitError("vector-width and accumulators must be positive");
      return signalPassFailure();
    }
    cpu::replaceGenerics<Conv>(getOperation(), cpu::matchConv, [&](OpBuilder &b, Conv &conv) {
      rewrite(b, conv);
      if (conv.init)
        conv.init->erase();
      if (conv.epilogue)
        conv.epilogue.erase();
      for (Operation *op : conv.absorbed)
        op->erase();
    });
  }

  int64_t work(const Conv &conv) {
    return vectorWork({conv.batch, conv.filters, conv.outH, conv.outW, conv.channels,
                       conv.kernelH, conv.kernelW},
                      vectorWidth);
  }

  // The reduction over (input channel, kernel row, kernel column) with the
  // accumulators as loop-carried values.
  scf::LoopNest overTaps(
      OpBuilder &b, Conv &conv, ValueRange accumulators,
      function_ref<scf::ValueVector(OpBuilder &, cpu::RowVectors &, Value, Value, Value,
                                    ValueRange)>
          step) {
    Location loc = conv.op.getLoc();
    cpu::RowVectors index(b, loc, vectorWidth);
    return scf::buildLoopNest(
        b, loc, {index.index(0), index.index(0), index.index(0)},
        {index.index(conv.channels), index.index(conv.kernelH), index.index(conv.kernelW)},
        {index.index(1), index.index(1), index.index(1)}, accumulators,
        [&](OpBuilder &body, Location, ValueRange ivs, ValueRange acc) {
          cpu::RowVectors bodyVectors(body, loc, vectorWidth);
          return step(body, bodyVectors, ivs[0], ivs[1], ivs[2], acc);
        });
  }

  void rewrite(OpBuilder &b, Conv &conv) {
    if (conv.channelsLastWeight)
      return rewriteAcrossChannels(b, conv);
    if (cpu::isDepthwise(conv))
      return cpu::buildDepthwiseConv(b, conv, vectorWidth);
    Location loc = conv.op.getLoc();
    // One or two vectors of columns per tile; as many channels as the
    // accumulator budget allows.
    int64_t vectors = std::min<int64_t>(2, llvm::divideCeil(conv.outW, vectorWidth));
    int64_t tileWidth = vectors * vectorWidth;
    int64_t tileRows = std::clamp<int64_t>(accumulators / vectors, 1, conv.filters);

    scf::ParallelOp rows =
        cpu::buildParallelLoop(b, loc, {conv.batch, conv.outH}, work(conv));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(rows.getBody());
    Value n = rows.getInductionVars()[0], oh = rows.getInductionVars()[1];

    cpu::forEachTile(b, loc, conv.filters, tileRows, [&](Value filter, int64_t rowsHere) {
      cpu::forEachTile(b, loc, conv.outW, tileWidth, [&](Value column, int64_t width) {
        tile(b, conv, n, oh, filter, rowsHere, column, width);
      });
    });
  }

  // out[n, filter .. filter+rows)[oh][column .. column+width) accumulated in
  // rows x ceil(width / vectorWidth) vector registers.
  void tile(OpBuilder &b, Conv &conv, Value n, Value oh, Value filter, int64_t rows,
            Value column, int64_t width) {
    Location loc = conv.op.getLoc();
    cpu::RowVectors vectors(b, loc, vectorWidth);
    int64_t count = llvm::divideCeil(width, vectorWidth);
    SmallVector<int64_t> lanes;
    SmallVector<Value> columns;
    for (int64_t v = 0; v < count; ++v) {
      lanes.push_back(std::min<int64_t>(vectorWidth, width - v * vectorWidth));
      columns.push_back(vectors.add(column, v * vectorWidth));
    }

    SmallVector<Value> filters, accumulators;
    for (int64_t r = 0; r < rows; ++r)
      filters.push_back(vectors.add(filter, r));
    for (int64_t r = 0; r < rows; ++r) {
      Value initial = cpu::initialAccumulator(b, vectors, conv, filters[r]);
      for (int64_t v = 0; v < count; ++v)
        accumulators.push_back(
            initial ? initial
                    : vectors.load(conv.output, {n, filters[r], oh, columns[v]}, lanes[v]));
    }

    Value inputRow = vectors.add(vectors.mul(oh, conv.rows.stride), conv.rows.offset);
    // Where each vector's input starts, before the kernel column's shift.
    SmallVector<Value> inputColumns;
    for (int64_t v = 0; v < count; ++v)
      inputColumns.push_back(
          vectors.add(vectors.mul(columns[v], conv.columns.stride), conv.columns.offset));
    // With groups each filter of the tile reads its own group's channels.
    SmallVector<Value> firstChannel;
    if (conv.grouped)
      for (int64_t r = 0; r < rows; ++r)
        firstChannel.push_back(
            cpu::firstGroupChannel(b, loc, filters[r], conv.groupFilters, conv.channels));
    scf::LoopNest nest = overTaps(
        b, conv, accumulators,
        [&](OpBuilder &body, cpu::RowVectors &bodyVectors, Value c, Value kh, Value kw,
            ValueRange acc) -> scf::ValueVector {
          Value ih = bodyVectors.add(inputRow, bodyVectors.mul(kh, conv.rows.dilation));
          Value shift = bodyVectors.mul(kw, conv.columns.dilation);
          SmallVector<Value> segments;
          auto loadSegments = [&](Value channel) {
            segments.clear();
            for (int64_t v = 0; v < count; ++v)
              segments.push_back(bodyVectors.loadStrided(conv.input, {n, channel, ih},
                                                         bodyVectors.add(inputColumns[v], shift),
                                                         lanes[v], conv.columns.stride));
          };
          if (!conv.grouped)
            loadSegments(c);
          scf::ValueVector next;
          for (int64_t r = 0; r < rows; ++r) {
            if (conv.grouped)
              loadSegments(bodyVectors.add(firstChannel[r], c));
            SmallVector<Value> at{filters[r], c, kh, kw};
            if (conv.transposedWeight)
              std::swap(at[0], at[1]);
            Value w = body.create<memref::LoadOp>(loc, conv.weight, at);
            Value splat = body.create<vector::BroadcastOp>(loc, bodyVectors.type(), w);
            for (int64_t v = 0; v < count; ++v)
              next.push_back(body.create<vector::FMAOp>(loc, splat, segments[v],
                                                        acc[r * count + v]));
          }
          return next;
        });
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t v = 0; v < count; ++v) {
        SmallVector<Value> at{n, filters[r], oh, columns[v]};
        Value result = nest.results[r * count + v];
        if (conv.epilogue)
          result = cpu::applyEpilogue(b, vectors, conv, result, at, lanes[v]);
        vectors.store(result, conv.output, at, lanes[v]);
      }
  }

  // An scf.parallel over (batch, tile of output channels, tile of output
  // positions); the last tile of each kind may be smaller, and each size
  // gets its own constant-shaped code.
  void rewriteAcrossChannels(OpBuilder &b, Conv &conv) {
    Location loc = conv.op.getLoc();
    cpu::RowVectors index(b, loc, vectorWidth);
    int64_t positions = conv.outH * conv.outW;
    // A tile streams its filters' weights over the whole reduction (ResNet's
    // last 3x3s: 2.4 MB per 64 filters). Two vectors of filters and twice the
    // positions halve that stream per multiply-add and keep it within L2
    // for the next tile of positions, which reuses it.
    int64_t vectors = std::clamp<int64_t>(llvm::divideCeil(conv.filters, vectorWidth), 1, 2);
    int64_t tileFilters = vectors * vectorWidth;
    // Tiles of near-equal size: 49 positions as 5 x 10, not 4 x 12 + 1.
    int64_t mostPositions = std::clamp<int64_t>(accumulators / vectors, 1, positions);
    int64_t tilePositions =
        llvm::divideCeil(positions, llvm::divideCeil(positions, mostPositions));
    int64_t filterTiles = llvm::divideCeil(conv.filters, tileFilters);
    int64_t positionTiles = llvm::divideCeil(positions, tilePositions);

    scf::ParallelOp loop = cpu::buildParallelLoop(
        b, loc, {conv.batch, filterTiles, positionTiles}, work(conv));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    ValueRange ivs = loop.getInductionVars();
    Value filter = index.mul(ivs[1], tileFilters);
    Value position = index.mul(ivs[2], tilePositions);
    bySize(b, loc, ivs[1], conv.filters, tileFilters, [&](int64_t filtersHere) {
      bySize(b, loc, ivs[2], positions, tilePositions, [&](int64_t positionsHere) {
        acrossChannels(b, conv, ivs[0], filter, filtersHere, position, positionsHere);
      });
    });
  }

  // Calls `body` with the size of tile `tile` of `step` over [0, extent):
  // `step`, or for the last tile what is left.
  void bySize(OpBuilder &b, Location loc, Value tile, int64_t extent, int64_t step,
              function_ref<void(int64_t)> body) {
    int64_t rest = extent % step;
    if (rest == 0 || extent < step)
      return body(rest == 0 ? step : rest);
    Value last = b.create<arith::CmpIOp>(
        loc, arith::CmpIPredicate::eq, tile,
        b.create<arith::ConstantIndexOp>(loc, extent / step));
    auto branch = b.create<scf::IfOp>(loc, last, /*withElseRegion=*/true);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(branch.thenBlock());
    body(rest);
    b.setInsertionPointToStart(branch.elseBlock());
    body(step);
  }

  // out[n, filter .. filter+filters)[positions position ..] accumulated in
  // positions x ceil(filters / vectorWidth) vector registers; a position p
  // is output row p / outW, column p % outW.
  void acrossChannels(OpBuilder &b, Conv &conv, Value n, Value filter, int64_t filters,
                      Value position, int64_t positions) {
    Location loc = conv.op.getLoc();
    cpu::RowVectors vectors(b, loc, vectorWidth);
    int64_t count = llvm::divideCeil(filters, vectorWidth);
    int64_t plane = conv.outH * conv.outW;
    SmallVector<int64_t> lanes;
    SmallVector<Value> firstFilter, masks;
    auto maskType = VectorType::get({vectorWidth}, b.getI1Type());
    for (int64_t v = 0; v < count; ++v) {
      lanes.push_back(std::min<int64_t>(vectorWidth, filters - v * vectorWidth));
      firstFilter.push_back(vectors.add(filter, v * vectorWidth));
      Value mask = vectors.mask(lanes.back());
      masks.push_back(mask ? mask
                           : b.create<arith::ConstantOp>(
                                 loc, DenseElementsAttr::get(maskType, true)));
    }
    // Channels are a plane apart in the output: gathered and scattered
    // through a one-dimensional view.
    Value flat = b.create<memref::CollapseShapeOp>(
        loc, conv.output, ArrayRef<ReassociationIndices>{{0, 1, 2, 3}});
    auto offsetType = VectorType::get({vectorWidth}, b.getI64Type());
    SmallVector<int64_t> laneOffsets;
    for (int64_t lane = 0; lane < vectorWidth; ++lane)
      laneOffsets.push_back(lane * plane);
    Value offsets =
        b.create<arith::ConstantOp>(loc, DenseElementsAttr::get(offsetType, ArrayRef(laneOffsets)));

    Value firstOut = vectors.add(vectors.mul(vectors.add(vectors.mul(n, conv.filters), filter),
                                             plane),
                                 position);
    SmallVector<Value> outAt, inputRow, inputColumn, accumulators;
    for (int64_t p = 0; p < positions; ++p) {
      Value here = vectors.add(position, p);
      Value row = b.create<arith::DivUIOp>(loc, here, vectors.index(conv.outW));
      Value column = b.create<arith::RemUIOp>(loc, here, vectors.index(conv.outW));
      inputRow.push_back(vectors.add(vectors.mul(row, conv.rows.stride), conv.rows.offset));
      inputColumn.push_back(
          vectors.add(vectors.mul(column, conv.columns.stride), conv.columns.offset));
      for (int64_t v = 0; v < count; ++v) {
        outAt.push_back(vectors.add(firstOut, p + v * vectorWidth * plane));
        accumulators.push_back(b.create<vector::GatherOp>(
            loc, vectors.type(), flat, ValueRange{outAt.back()}, offsets, masks[v],
            vectors.zeros()));
      }
    }

    scf::LoopNest nest = overTaps(
        b, conv, accumulators,
        [&](OpBuilder &body, cpu::RowVectors &bodyVectors, Value c, Value kh, Value kw,
            ValueRange acc) -> scf::ValueVector {
          SmallVector<Value> weights;
          for (int64_t v = 0; v < count; ++v)
            weights.push_back(bodyVectors.load(conv.weight, {c, kh, kw, firstFilter[v]}, lanes[v]));
          Value rowShift = bodyVectors.mul(kh, conv.rows.dilation);
          Value columnShift = bodyVectors.mul(kw, conv.columns.dilation);
          scf::ValueVector next;
          for (int64_t p = 0; p < positions; ++p) {
            Value x = body.create<memref::LoadOp>(
                loc, conv.input,
                ValueRange{n, c, bodyVectors.add(inputRow[p], rowShift),
                           bodyVectors.add(inputColumn[p], columnShift)});
            Value splat = body.create<vector::BroadcastOp>(loc, bodyVectors.type(), x);
            for (int64_t v = 0; v < count; ++v)
              next.push_back(
                  body.create<vector::FMAOp>(loc, splat, weights[v], acc[p * count + v]));
          }
          return next;
        });
    for (int64_t i = 0; i < positions * count; ++i)
      b.create<vector::ScatterOp>(loc, flat, ValueRange{outAt[i]}, offsets, masks[i % count],
                                  nest.results[i]);
  }
};
} // namespace
