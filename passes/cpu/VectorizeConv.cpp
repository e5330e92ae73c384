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
// smaller tile.
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
#include "passes/cpu/ConvSupport.h"

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

namespace {
// out[n, m, oh, ow] += in[n, c, oh * strideH + kh * dilationH + offsetH,
//                         ow * strideW + kw * dilationW + offsetW]
//                      * weight[m, c, kh, kw]   (or weight[c, m, kh, kw])
struct Conv {
  linalg::GenericOp op;
  Value input, weight, output;
  int64_t batch = 0, filters = 0, channels = 0, outH = 0, outW = 0, kernelH = 0,
          kernelW = 0;
  cpu::WindowIndex rows, columns;
  // Filter m reads input channels (m / groupFilters) * channels + c.
  int64_t groupFilters = 0;
  bool grouped = false;
  // The input gradient's weight is indexed [c, m, kh, kw].
  bool transposedWeight = false;
  // A packed forward weight, indexed [c, kh, kw, m].
  bool channelsLastWeight = false;
  // What fills the output before the convolution: a linalg.fill, or a
  // generic broadcasting `bias` [filters] along dim 1. Null: neither.
  Operation *init = nullptr;
  Value bias, fillValue;
  // The elementwise generic over the output right after the convolution.
  linalg::GenericOp epilogue;
};

bool isIdentityOver(linalg::GenericOp op, unsigned rank) {
  return op.hasPureBufferSemantics() && op.getNumLoops() == rank &&
         llvm::all_of(op.getIteratorTypesArray(),
                      [](utils::IteratorType t) { return t == utils::IteratorType::parallel; });
}

// Sets conv.init from the op that fills the output before the convolution.
void matchInit(Conv &conv) {
  Operation *before = cpu::neighbourWithEffects(conv.op, /*after=*/false);
  if (auto fill = dyn_cast_or_null<linalg::FillOp>(before)) {
    if (fill.hasPureBufferSemantics() && fill.getDpsInitOperand(0)->get() == conv.output &&
        fill.getDpsInputOperand(0)->get().getType().isF32()) {
      conv.init = fill;
      conv.fillValue = fill.getDpsInputOperand(0)->get();
    }
    return;
  }
  auto broadcast = dyn_cast_or_null<linalg::GenericOp>(before);
  if (!broadcast || !isIdentityOver(broadcast, 4) || broadcast.getNumDpsInputs() != 1 ||
      broadcast.getNumDpsInits() != 1 || broadcast.getDpsInitOperand(0)->get() != conv.output)
    return;
  MLIRContext *ctx = conv.op.getContext();
  SmallVector<AffineMap> maps = broadcast.getIndexingMapsArray();
  Block &body = broadcast.getRegion().front();
  auto bias = dyn_cast<MemRefType>(broadcast.getDpsInputOperand(0)->get().getType());
  if (!bias || bias.getRank() != 1 || !bias.getElementType().isF32() ||
      maps[0] != AffineMap::get(4, 0, {getAffineDimExpr(1, ctx)}, ctx) ||
      !maps[1].isIdentity() || body.getOperations().size() != 1 ||
      body.getTerminator()->getOperand(0) != body.getArgument(0))
    return;
  conv.init = broadcast;
  conv.bias = broadcast.getDpsInputOperand(0)->get();
}

// Whether `op` works on vectors as it does on scalars and its vector form
// lowers to instructions: arith and math.absf. The pipeline sends other math
// ops to libm (sqrt included), whose vector form becomes per-lane calls
// after the vector dialect is already lowered.
bool vectorizes(Operation &op) {
  auto vectorizable = [](Type type) { return type.isF32() || type.isInteger(1); };
  return op.hasTrait<OpTrait::Elementwise>() && op.getNumRegions() == 0 &&
         op.getNumResults() == 1 &&
         (isa<arith::ArithDialect>(op.getDialect()) ||
          isa<math::AbsFOp>(op)) &&
         llvm::all_of(op.getOperandTypes(), vectorizable) &&
         llvm::all_of(op.getResultTypes(), vectorizable);
}

// Sets conv.epilogue from an elementwise generic over the output (and
// inputs of its shape) right after the convolution whose body vectorizes.
void matchEpilogue(Conv &conv) {
  auto epilogue =
      dyn_cast_or_null<linalg::GenericOp>(cpu::neighbourWithEffects(conv.op, /*after=*/true));
  if (!epilogue || !isIdentityOver(epilogue, 4) || epilogue.getNumDpsInits() != 1 ||
      epilogue.getDpsInitOperand(0)->get() != conv.output ||
      !llvm::all_of(epilogue.getIndexingMapsArray(),
                    [](AffineMap map) { return map.isIdentity(); }))
    return;
  for (OpOperand *input : epilogue.getDpsInputOperands())
    if (input->get().getType() != conv.output.getType())
      return;
  for (Operation &op : epilogue.getRegion().front().without_terminator())
    if (!vectorizes(op))
      return;
  conv.epilogue = epilogue;
}

// Loops (n, m, oh, ow, c, kh, kw): the order ConvLowering builds for a
// convolution and for its input gradient (a convolution of the spread output
// gradient with the kernel walked backwards).
std::optional<Conv> match(linalg::GenericOp op) {
  if (!cpu::isConvolutionLike(op))
    return std::nullopt;
  Conv conv;
  conv.op = op;
  conv.input = op.getDpsInputOperand(0)->get();
  conv.weight = op.getDpsInputOperand(1)->get();
  conv.output = op.getDpsInitOperand(0)->get();
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  MLIRContext *ctx = op.getContext();
  auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  if (maps[2] != AffineMap::get(7, 0, {d(0), d(1), d(2), d(3)}, ctx))
    return std::nullopt;
  if (maps[1] == AffineMap::get(7, 0, {d(4), d(1), d(5), d(6)}, ctx))
    conv.transposedWeight = true;
  else if (maps[1] == AffineMap::get(7, 0, {d(4), d(5), d(6), d(1)}, ctx))
    conv.channelsLastWeight = true;
  else if (maps[1] != AffineMap::get(7, 0, {d(1), d(4), d(5), d(6)}, ctx))
    return std::nullopt;
  AffineMap in = maps[0];
  if (in.getNumResults() != 4 || in.getResult(0) != d(0))
    return std::nullopt;
  auto rows = cpu::matchWindowIndex(in.getResult(2), 7, 2, 5);
  auto columns = cpu::matchWindowIndex(in.getResult(3), 7, 3, 6);
  // Consecutive output columns read consecutive input columns, or every
  // other one (loaded as two vectors and deinterleaved); across channels
  // each input element is broadcast, so any stride will do.
  if (!rows || !columns || (columns->stride > 2 && !conv.channelsLastWeight))
    return std::nullopt;
  conv.rows = *rows;
  conv.columns = *columns;
  ArrayRef<int64_t> out = cast<MemRefType>(conv.output.getType()).getShape();
  ArrayRef<int64_t> weight = cast<MemRefType>(conv.weight.getType()).getShape();
  conv.batch = out[0];
  conv.filters = out[1];
  conv.outH = out[2];
  conv.outW = out[3];
  bool channelsFirst = conv.transposedWeight || conv.channelsLastWeight;
  conv.channels = weight[channelsFirst ? 0 : 1];
  conv.kernelH = weight[conv.channelsLastWeight ? 1 : 2];
  conv.kernelW = weight[conv.channelsLastWeight ? 2 : 3];
  if (conv.batch == 0 || conv.filters == 0 || conv.outH == 0 || conv.outW == 0 ||
      conv.channels == 0 || conv.kernelH == 0 || conv.kernelW == 0)
    return std::nullopt;
  // Grouped (depthwise included): the channel expression ConvLowering builds.
  std::optional<int64_t> groups = cpu::groupCount(
      cast<MemRefType>(conv.input.getType()).getShape()[1], conv.channels, conv.filters);
  if (!groups || (channelsFirst && *groups != 1))
    return std::nullopt;
  conv.groupFilters = conv.filters / *groups;
  conv.grouped = *groups > 1;
  AffineExpr channel = conv.grouped ? d(1).floorDiv(conv.groupFilters) * conv.channels + d(4) : d(4);
  if (in.getResult(1) != channel)
    return std::nullopt;
  // The channels-last kernel keeps its own order of stores.
  if (!conv.channelsLastWeight) {
    matchInit(conv);
    matchEpilogue(conv);
  }
  return conv;
}

struct VectorizeConvPass : dlc::impl::DlcVectorizeConvBase<VectorizeConvPass> {
  using DlcVectorizeConvBase::DlcVectorizeConvBase;

  void runOnOperation() override {
    if (vectorWidth < 1 || accumulators < 1) {
      getOperation().emitError("vector-width and accumulators must be positive");
      return signalPassFailure();
    }
    cpu::replaceGenerics<Conv>(getOperation(), match, [&](OpBuilder &b, Conv &conv) {
      rewrite(b, conv);
      if (conv.init)
        conv.init->erase();
      if (conv.epilogue)
        conv.epilogue.erase();
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
    Value filled;
    if (conv.fillValue)
      filled = b.create<vector::BroadcastOp>(loc, vectors.type(), conv.fillValue);
    for (int64_t r = 0; r < rows; ++r) {
      Value bias;
      if (conv.bias)
        bias = b.create<vector::BroadcastOp>(
            loc, vectors.type(), b.create<memref::LoadOp>(loc, conv.bias, filters[r]));
      for (int64_t v = 0; v < count; ++v)
        accumulators.push_back(
            bias     ? bias
            : filled ? filled
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
          result = applyEpilogue(b, vectors, conv, result, at, lanes[v]);
        vectors.store(result, conv.output, at, lanes[v]);
      }
  }

  // The epilogue's body on vectors: its output argument is `acc`, each
  // input the vector of that input at `at`, values from outside splat.
  Value applyEpilogue(OpBuilder &b, cpu::RowVectors &vectors, Conv &conv, Value acc,
                      ValueRange at, int64_t lanes) {
    Location loc = conv.op.getLoc();
    Block &body = conv.epilogue.getRegion().front();
    IRMapping mapped;
    for (OpOperand *input : conv.epilogue.getDpsInputOperands())
      mapped.map(body.getArgument(input->getOperandNumber()),
                 input->get() == conv.output ? acc : vectors.load(input->get(), at, lanes));
    mapped.map(body.getArgument(conv.epilogue.getNumDpsInputs()), acc);
    auto vectorOf = [&](Value scalar) -> Value {
      if (Value vector = mapped.lookupOrNull(scalar))
        return vector;
      Type type = scalar.getType().isF32()
                      ? Type(vectors.type())
                      : VectorType::get({vectorWidth}, scalar.getType());
      Value splat = b.create<vector::BroadcastOp>(loc, type, scalar);
      mapped.map(scalar, splat);
      return splat;
    };
    for (Operation &op : body.without_terminator()) {
      OperationState state(loc, op.getName());
      for (Value operand : op.getOperands())
        state.addOperands(vectorOf(operand));
      state.addTypes(VectorType::get({vectorWidth}, op.getResult(0).getType()));
      state.addAttributes(op.getAttrs());
      mapped.map(op.getResult(0), b.create(state)->getResult(0));
    }
    return vectorOf(body.getTerminator()->getOperand(0));
  }

  // An scf.parallel over (batch, tile of output channels, tile of output
  // positions); the last tile of each kind may be smaller, and each size
  // gets its own constant-shaped code.
  void rewriteAcrossChannels(OpBuilder &b, Conv &conv) {
    Location loc = conv.op.getLoc();
    cpu::RowVectors index(b, loc, vectorWidth);
    int64_t positions = conv.outH * conv.outW;
    int64_t vectors = std::clamp<int64_t>(llvm::divideCeil(conv.filters, vectorWidth), 1, 4);
    int64_t tileFilters = vectors * vectorWidth;
    int64_t tilePositions = std::clamp<int64_t>(accumulators / vectors, 1, positions);
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
