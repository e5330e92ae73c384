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
//===----------------------------------------------------------------------===//
#include "passes/cpu/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/PatternMatch.h"

namespace dlc {
#define GEN_PASS_DEF_DLCVECTORIZECONV
#include "passes/cpu/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc;

namespace {
// out[n, m, oh, ow] += in[n, c, oh * strideH + kh * dilationH,
//                         ow + kw * dilationW] * weight[m, c, kh, kw]
struct Conv {
  linalg::GenericOp op;
  Value input, weight, output;
  int64_t batch = 0, filters = 0, channels = 0, outH = 0, outW = 0, kernelH = 0,
          kernelW = 0, strideH = 1, strideW = 1, dilationH = 1, dilationW = 1;
  // Filter m reads input channels (m / groupFilters) * channels + c.
  int64_t groupFilters = 0;
  bool grouped = false;
};

// Adds the coefficient of each loop dim in `expr` to `coefficients`; false
// unless `expr` is a sum of dims times constants.
bool linearTerms(AffineExpr expr, SmallVectorImpl<int64_t> &coefficients, int64_t scale = 1) {
  if (auto dim = dyn_cast<AffineDimExpr>(expr)) {
    coefficients[dim.getPosition()] += scale;
    return true;
  }
  auto binary = dyn_cast<AffineBinaryOpExpr>(expr);
  if (!binary)
    return false;
  if (expr.getKind() == AffineExprKind::Add)
    return linearTerms(binary.getLHS(), coefficients, scale) &&
           linearTerms(binary.getRHS(), coefficients, scale);
  if (expr.getKind() == AffineExprKind::Mul)
    if (auto constant = dyn_cast<AffineConstantExpr>(binary.getRHS()))
      return linearTerms(binary.getLHS(), coefficients, scale * constant.getValue());
  return false;
}

// The coefficients of dims `outer` and `inner` in `expr`, when it is
// exactly outer * a + inner * b.
std::optional<std::pair<int64_t, int64_t>> windowCoefficients(AffineExpr expr, unsigned numDims,
                                                              unsigned outer, unsigned inner) {
  SmallVector<int64_t> coefficients(numDims, 0);
  if (!linearTerms(expr, coefficients))
    return std::nullopt;
  for (unsigned d = 0; d < numDims; ++d)
    if (d != outer && d != inner && coefficients[d] != 0)
      return std::nullopt;
  if (coefficients[outer] < 1 || coefficients[inner] < 1)
    return std::nullopt;
  return std::make_pair(coefficients[outer], coefficients[inner]);
}

bool isIdentityF32(Value value) {
  auto type = dyn_cast<MemRefType>(value.getType());
  return type && type.hasStaticShape() && type.getLayout().isIdentity() &&
         type.getElementType().isF32() && type.getRank() == 4;
}

// The body out + in * weight (in either order).
bool isMultiplyAccumulate(linalg::GenericOp op) {
  Block &body = op.getRegion().front();
  if (body.getOperations().size() != 3)
    return false;
  auto mul = dyn_cast<arith::MulFOp>(body.front());
  auto add = dyn_cast<arith::AddFOp>(*std::next(body.begin()));
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  if (!mul || !add || yield.getNumOperands() != 1 || yield.getOperand(0) != add.getResult())
    return false;
  Value in = body.getArgument(0), weight = body.getArgument(1), out = body.getArgument(2);
  bool product = (mul.getLhs() == in && mul.getRhs() == weight) ||
                 (mul.getLhs() == weight && mul.getRhs() == in);
  bool sum = (add.getLhs() == out && add.getRhs() == mul.getResult()) ||
             (add.getLhs() == mul.getResult() && add.getRhs() == out);
  return product && sum;
}

// Loops (n, m, oh, ow, c, kh, kw): the order ConvLowering builds.
std::optional<Conv> match(linalg::GenericOp op) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 ||
      op.getNumLoops() != 7 || !isMultiplyAccumulate(op))
    return std::nullopt;
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  for (unsigned i = 0; i < 7; ++i)
    if ((i < 4) != (iterators[i] == utils::IteratorType::parallel))
      return std::nullopt;
  Conv conv;
  conv.op = op;
  conv.input = op.getDpsInputOperand(0)->get();
  conv.weight = op.getDpsInputOperand(1)->get();
  conv.output = op.getDpsInitOperand(0)->get();
  if (!isIdentityF32(conv.input) || !isIdentityF32(conv.weight) || !isIdentityF32(conv.output))
    return std::nullopt;
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  MLIRContext *ctx = op.getContext();
  auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  if (maps[1] != AffineMap::get(7, 0, {d(1), d(4), d(5), d(6)}, ctx) ||
      maps[2] != AffineMap::get(7, 0, {d(0), d(1), d(2), d(3)}, ctx))
    return std::nullopt;
  AffineMap in = maps[0];
  if (in.getNumResults() != 4 || in.getResult(0) != d(0))
    return std::nullopt;
  auto rows = windowCoefficients(in.getResult(2), 7, 2, 5);
  auto columns = windowCoefficients(in.getResult(3), 7, 3, 6);
  // Consecutive output columns read consecutive input columns, or every
  // other one (loaded as two vectors and deinterleaved).
  if (!rows || !columns || columns->first > 2)
    return std::nullopt;
  conv.strideH = rows->first;
  conv.strideW = columns->first;
  conv.dilationH = rows->second;
  conv.dilationW = columns->second;
  ArrayRef<int64_t> out = cast<MemRefType>(conv.output.getType()).getShape();
  ArrayRef<int64_t> weight = cast<MemRefType>(conv.weight.getType()).getShape();
  conv.batch = out[0];
  conv.filters = out[1];
  conv.outH = out[2];
  conv.outW = out[3];
  conv.channels = weight[1];
  conv.kernelH = weight[2];
  conv.kernelW = weight[3];
  // Grouped (depthwise included): the channel expression ConvLowering builds.
  int64_t inputChannels = cast<MemRefType>(conv.input.getType()).getShape()[1];
  if (conv.channels == 0 || inputChannels % conv.channels != 0)
    return std::nullopt;
  int64_t groups = inputChannels / conv.channels;
  if (groups == 0 || conv.filters % groups != 0)
    return std::nullopt;
  conv.groupFilters = conv.filters / groups;
  conv.grouped = groups > 1;
  AffineExpr channel = conv.grouped ? d(1).floorDiv(conv.groupFilters) * conv.channels + d(4) : d(4);
  if (in.getResult(1) != channel)
    return std::nullopt;
  if (conv.batch == 0 || conv.filters == 0 || conv.outH == 0 || conv.outW == 0 ||
      conv.channels == 0 || conv.kernelH == 0 || conv.kernelW == 0)
    return std::nullopt;
  return conv;
}

struct VectorizeConvPass : dlc::impl::DlcVectorizeConvBase<VectorizeConvPass> {
  using DlcVectorizeConvBase::DlcVectorizeConvBase;

  void runOnOperation() override {
    if (vectorWidth < 1 || accumulators < 1) {
      getOperation().emitError("vector-width and accumulators must be positive");
      return signalPassFailure();
    }
    SmallVector<Conv> convs;
    getOperation().walk([&](linalg::GenericOp op) {
      if (std::optional<Conv> conv = match(op))
        convs.push_back(*conv);
    });
    IRRewriter rewriter(&getContext());
    for (Conv &conv : convs) {
      rewriter.setInsertionPoint(conv.op);
      rewrite(rewriter, conv);
      rewriter.eraseOp(conv.op);
    }
  }

  void rewrite(OpBuilder &b, Conv &conv) {
    Location loc = conv.op.getLoc();
    auto index = [&](int64_t value) -> Value {
      return b.create<arith::ConstantIndexOp>(loc, value);
    };
    // One or two vectors of columns per tile; as many channels as the
    // accumulator budget allows.
    int64_t vectors = std::min<int64_t>(2, llvm::divideCeil(conv.outW, vectorWidth));
    int64_t tileWidth = vectors * vectorWidth;
    int64_t tileRows = std::clamp<int64_t>(accumulators / vectors, 1, conv.filters);

    auto rows = b.create<scf::ParallelOp>(loc, ValueRange{index(0), index(0)},
                                          ValueRange{index(conv.batch), index(conv.outH)},
                                          ValueRange{index(1), index(1)});
    rows->setAttr(kParallelWorkAttr,
                  b.getI64IntegerAttr(vectorWork({conv.batch, conv.filters, conv.outH,
                                                  conv.outW, conv.channels, conv.kernelH,
                                                  conv.kernelW},
                                                 vectorWidth)));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(rows.getBody());
    Value n = rows.getInductionVars()[0], oh = rows.getInductionVars()[1];

    // Whole tiles in a loop, then the rest as one smaller tile: every bound
    // and every mask is a constant.
    auto forTiles = [&](int64_t extent, int64_t step,
                        function_ref<void(Value, int64_t)> body) {
      int64_t whole = extent - extent % step;
      if (whole > 0) {
        auto loop = b.create<scf::ForOp>(loc, index(0), index(whole), index(step));
        OpBuilder::InsertionGuard inner(b);
        b.setInsertionPointToStart(loop.getBody());
        body(loop.getInductionVar(), step);
      }
      if (whole < extent)
        body(index(whole), extent - whole);
    };
    forTiles(conv.filters, tileRows, [&](Value filter, int64_t rowsHere) {
      forTiles(conv.outW, tileWidth, [&](Value column, int64_t width) {
        tile(b, conv, n, oh, filter, rowsHere, column, width);
      });
    });
  }

  // out[n, filter .. filter+rows)[oh][column .. column+width) accumulated in
  // rows x ceil(width / vectorWidth) vector registers.
  void tile(OpBuilder &b, Conv &conv, Value n, Value oh, Value filter, int64_t rows,
            Value column, int64_t width) {
    Location loc = conv.op.getLoc();
    auto index = [&](OpBuilder &builder, int64_t value) -> Value {
      return builder.create<arith::ConstantIndexOp>(loc, value);
    };
    auto add = [&](OpBuilder &builder, Value a, Value c) -> Value {
      return builder.create<arith::AddIOp>(loc, a, c);
    };
    auto mul = [&](OpBuilder &builder, Value a, int64_t c) -> Value {
      return c == 1 ? a : builder.create<arith::MulIOp>(loc, a, index(builder, c)).getResult();
    };
    Type f32 = b.getF32Type();
    auto vectorType = VectorType::get({vectorWidth}, f32);
    auto maskType = VectorType::get({vectorWidth}, b.getI1Type());
    int64_t vectors = llvm::divideCeil(width, vectorWidth);
    // A mask for each vector that is not full.
    SmallVector<Value> masks, columns;
    Value zeros = b.create<arith::ConstantOp>(loc, DenseElementsAttr::get(vectorType, 0.0f));
    for (int64_t v = 0; v < vectors; ++v) {
      int64_t lanes = std::min<int64_t>(vectorWidth, width - v * vectorWidth);
      masks.push_back(lanes == vectorWidth
                          ? Value()
                          : b.create<vector::CreateMaskOp>(loc, maskType,
                                                           ValueRange{index(b, lanes)})
                                .getResult());
      columns.push_back(add(b, column, index(b, v * vectorWidth)));
    }
    auto load = [&](OpBuilder &builder, Value base, ValueRange indices, int64_t v) -> Value {
      if (!masks[v])
        return builder.create<vector::LoadOp>(loc, vectorType, base, indices);
      return builder.create<vector::MaskedLoadOp>(loc, vectorType, base, indices, masks[v], zeros);
    };

    // The input under output columns [column + v * vectorWidth, +lanes) at
    // kernel column offset `shift`: contiguous with unit stride; with stride
    // 2, the even lanes of the 2 * vectorWidth elements from there, of which
    // the ones past the last needed element are masked off.
    auto inputSegment = [&](OpBuilder &builder, Value c, Value ih, Value shift,
                            int64_t v) -> Value {
      if (conv.strideW == 1)
        return load(builder, conv.input, {n, c, ih, add(builder, columns[v], shift)}, v);
      int64_t lanes = std::min<int64_t>(vectorWidth, width - v * vectorWidth);
      int64_t needed = 2 * (lanes - 1) + 1;
      Value start = add(builder, mul(builder, columns[v], 2), shift);
      auto part = [&](Value at, int64_t count) -> Value {
        if (count <= 0)
          return zeros;
        if (count >= vectorWidth)
          return builder.create<vector::LoadOp>(loc, vectorType, conv.input,
                                                ValueRange{n, c, ih, at});
        Value mask = builder.create<vector::CreateMaskOp>(loc, maskType,
                                                          ValueRange{index(builder, count)});
        return builder.create<vector::MaskedLoadOp>(loc, vectorType, conv.input,
                                                    ValueRange{n, c, ih, at}, mask, zeros);
      };
      Value low = part(start, needed);
      Value high = part(add(builder, start, index(builder, vectorWidth)), needed - vectorWidth);
      SmallVector<int64_t> even;
      for (int64_t i = 0; i < vectorWidth; ++i)
        even.push_back(2 * i);
      return builder.create<vector::ShuffleOp>(loc, low, high, even);
    };

    SmallVector<Value> filters, accumulators;
    for (int64_t r = 0; r < rows; ++r)
      filters.push_back(add(b, filter, index(b, r)));
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t v = 0; v < vectors; ++v)
        accumulators.push_back(load(b, conv.output, {n, filters[r], oh, columns[v]}, v));

    Value inputRow = mul(b, oh, conv.strideH);
    // With groups each filter of the tile reads its own group's channels.
    SmallVector<Value> firstChannel;
    if (conv.grouped)
      for (int64_t r = 0; r < rows; ++r) {
        Value group = b.create<arith::DivUIOp>(loc, filters[r], index(b, conv.groupFilters));
        firstChannel.push_back(mul(b, group, conv.channels));
      }
    scf::LoopNest nest = scf::buildLoopNest(
        b, loc, {index(b, 0), index(b, 0), index(b, 0)},
        {index(b, conv.channels), index(b, conv.kernelH), index(b, conv.kernelW)},
        {index(b, 1), index(b, 1), index(b, 1)}, accumulators,
        [&](OpBuilder &body, Location, ValueRange ivs, ValueRange acc) -> scf::ValueVector {
          Value c = ivs[0], kh = ivs[1], kw = ivs[2];
          Value ih = add(body, inputRow, mul(body, kh, conv.dilationH));
          Value shift = mul(body, kw, conv.dilationW);
          SmallVector<Value> segments;
          auto loadSegments = [&](Value channel) {
            segments.clear();
            for (int64_t v = 0; v < vectors; ++v)
              segments.push_back(inputSegment(body, channel, ih, shift, v));
          };
          if (!conv.grouped)
            loadSegments(c);
          scf::ValueVector next;
          for (int64_t r = 0; r < rows; ++r) {
            if (conv.grouped)
              loadSegments(add(body, firstChannel[r], c));
            Value w = body.create<memref::LoadOp>(loc, conv.weight,
                                                  ValueRange{filters[r], c, kh, kw});
            Value splat = body.create<vector::BroadcastOp>(loc, vectorType, w);
            for (int64_t v = 0; v < vectors; ++v)
              next.push_back(body.create<vector::FMAOp>(loc, splat, segments[v],
                                                        acc[r * vectors + v]));
          }
          return next;
        });
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t v = 0; v < vectors; ++v) {
        Value result = nest.results[r * vectors + v];
        SmallVector<Value> indices{n, filters[r], oh, columns[v]};
        if (masks[v])
          b.create<vector::MaskedStoreOp>(loc, conv.output, indices, masks[v], result);
        else
          b.create<vector::StoreOp>(loc, result, conv.output, indices);
      }
  }
};
} // namespace
