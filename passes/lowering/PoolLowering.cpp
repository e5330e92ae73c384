//===- PoolLowering.cpp - pooling ops to one windowed linalg.generic ------===//
//
// Every pool (any number of spatial dims; max or average; windowed or global)
// lowers the same way: a tensor.pad of the input by its explicit pads plus
// whatever the last window of ceil_mode reaches beyond them (the lowest value
// for max, zero for average), then one linalg.generic over
// (n, c, o1..ok | k1..kk) that reads the input at o * stride + k * dilation.
// Its second operand, a tensor.empty of the kernel shape that the body never
// reads, only gives the k loops their extent. Averages then divide the sums
// in an elementwise generic, by a constant where no window is clipped and by
// a count computed from linalg.index where some are.
//
//===----------------------------------------------------------------------===//
#include "dialects/graph/DlcDialect.h"
#include "passes/lowering/LoweringUtils.h"
#include "passes/lowering/Patterns.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
// How a pool's window walks the spatial dims of its input, one entry per
// spatial axis.
struct Window {
  SmallVector<int64_t> inputSize;
  SmallVector<int64_t> outputSize;
  SmallVector<int64_t> kernel;
  SmallVector<int64_t> strides;
  SmallVector<int64_t> dilations;
  SmallVector<int64_t> padBegin;
  // The explicit end pads, and those plus what ceil_mode's last window
  // reaches beyond them.
  SmallVector<int64_t> padEnd;
  SmallVector<int64_t> paddedEnd;

  Window(ArrayRef<int64_t> inputShape, ArrayRef<int64_t> outputShape,
         ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations,
         ArrayRef<int64_t> pads)
      : inputSize(inputShape.drop_front(2)), outputSize(outputShape.drop_front(2)),
        kernel(kernel), strides(strides), dilations(dilations) {
    size_t spatialRank = kernel.size();
    padBegin.assign(pads.begin(), pads.begin() + spatialRank);
    padEnd.assign(pads.begin() + spatialRank, pads.end());
    for (size_t i = 0; i < spatialRank; ++i) {
      int64_t lastEnd =
          (outputSize[i] - 1) * strides[i] + dilations[i] * (kernel[i] - 1) + 1;
      paddedEnd.push_back(std::max(padEnd[i], lastEnd - inputSize[i] - padBegin[i]));
    }
  }

  size_t spatialRank() const { return kernel.size(); }
};

// Pads the spatial dims of `input` as `window` reads them, with `value`.
Value padInput(OpBuilder &b, Location loc, Value input, const Window &window,
               Value value) {
  if (llvm::all_of(window.padBegin, [](int64_t pad) { return pad == 0; }) &&
      llvm::all_of(window.paddedEnd, [](int64_t pad) { return pad == 0; }))
    return input;
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<OpFoldResult> low(2, b.getIndexAttr(0));
  SmallVector<OpFoldResult> high(2, b.getIndexAttr(0));
  SmallVector<int64_t> paddedShape(type.getShape());
  for (size_t i = 0; i < window.spatialRank(); ++i) {
    low.push_back(b.getIndexAttr(window.padBegin[i]));
    high.push_back(b.getIndexAttr(window.paddedEnd[i]));
    paddedShape[i + 2] += window.padBegin[i] + window.paddedEnd[i];
  }
  return b.create<tensor::PadOp>(loc, type.clone(paddedShape), input, low, high, value);
}

// The generic that reduces each window of `padded` into `inits` (all of the
// output's shape); `body` gets the input element, the unread window element
// and the accumulators, and returns the new accumulators.
using WindowBodyFn = function_ref<SmallVector<Value>(OpBuilder &, Location, ValueRange)>;
linalg::GenericOp buildWindowGeneric(OpBuilder &b, Location loc, Value padded,
                                     const Window &window, ValueRange inits,
                                     WindowBodyFn body) {
  MLIRContext *ctx = b.getContext();
  int64_t spatialRank = window.spatialRank();
  auto paddedType = cast<RankedTensorType>(padded.getType());
  Value windowShape =
      b.create<tensor::EmptyOp>(loc, window.kernel, paddedType.getElementType());

  // Loops: n, c, o1..ok (parallel), then k1..kk (reduction).
  SmallVector<AffineExpr> inputExprs{getAffineDimExpr(0, ctx), getAffineDimExpr(1, ctx)};
  SmallVector<AffineExpr> windowExprs;
  SmallVector<AffineExpr> outputExprs(inputExprs);
  for (int64_t i = 0; i < spatialRank; ++i) {
    AffineExpr o = getAffineDimExpr(2 + i, ctx);
    AffineExpr k = getAffineDimExpr(2 + spatialRank + i, ctx);
    inputExprs.push_back(o * window.strides[i] + k * window.dilations[i]);
    windowExprs.push_back(k);
    outputExprs.push_back(o);
  }
  int64_t numLoops = 2 + 2 * spatialRank;
  SmallVector<AffineMap> maps{AffineMap::get(numLoops, 0, inputExprs, ctx),
                              AffineMap::get(numLoops, 0, windowExprs, ctx)};
  maps.append(inits.size(), AffineMap::get(numLoops, 0, outputExprs, ctx));
  SmallVector<utils::IteratorType> iterators(2 + spatialRank,
                                             utils::IteratorType::parallel);
  iterators.append(spatialRank, utils::IteratorType::reduction);
  return b.create<linalg::GenericOp>(
      loc, inits.getTypes(), ValueRange{padded, windowShape}, inits, maps, iterators,
      [&](OpBuilder &nested, Location bodyLoc, ValueRange args) {
        nested.create<linalg::YieldOp>(bodyLoc, body(nested, bodyLoc, args));
      });
}

// Index arithmetic inside a generic body.
struct IndexMath {
  OpBuilder &b;
  Location loc;

  Value constant(int64_t value) { return b.create<arith::ConstantIndexOp>(loc, value); }
  Value loop(int64_t dim) { return b.create<linalg::IndexOp>(loc, dim); }
  Value add(Value lhs, Value rhs) { return b.create<arith::AddIOp>(loc, lhs, rhs); }
  Value add(Value lhs, int64_t rhs) { return rhs == 0 ? lhs : add(lhs, constant(rhs)); }
  Value mul(Value lhs, int64_t rhs) {
    return rhs == 1 ? lhs : b.create<arith::MulIOp>(loc, lhs, constant(rhs)).getResult();
  }
};

Value createMax(OpBuilder &b, Location loc, Value lhs, Value rhs, bool isUnsigned) {
  if (isa<FloatType>(lhs.getType()))
    return b.create<arith::MaximumFOp>(loc, lhs, rhs);
  if (isUnsigned)
    return b.create<arith::MaxUIOp>(loc, lhs, rhs);
  return b.create<arith::MaxSIOp>(loc, lhs, rhs);
}

bool hasUnsignedElements(Value value) {
  return getElementTypeOrSelf(value.getType()).isUnsignedInteger();
}

struct MaxPoolLowering : OpConversionPattern<MaxPoolOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(MaxPoolOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = convertTensorType(*getTypeConverter(), op.getType());
    Window window(op.getInput().getType().getShape(), resultType.getShape(),
                  op.getKernelShape(), op.getStrides(), op.getDilations(), op.getPads());
    bool isUnsigned = hasUnsignedElements(op.getInput());
    Value lowest = createLowest(rewriter, loc, resultType.getElementType(), isUnsigned);
    Value padded = padInput(rewriter, loc, adaptor.getInput(), window, lowest);
    auto pool = buildWindowGeneric(
        rewriter, loc, padded, window, createFilled(rewriter, loc, resultType, lowest),
        [&](OpBuilder &b, Location bodyLoc, ValueRange args) -> SmallVector<Value> {
          return {createMax(b, bodyLoc, args[2], args[0], isUnsigned)};
        });
    rewriter.replaceOp(op, pool.getResult(0));
    return success();
  }
};

// Values and indices reduce together: an element replaces the running
// maximum when it lies inside the input (padding never wins, even against
// an equal lowest value) and is the window's first such element, is larger,
// or is a NaN.
struct MaxPoolWithIndicesLowering : OpConversionPattern<MaxPoolWithIndicesOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(MaxPoolWithIndicesOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = convertTensorType(*getTypeConverter(), op.getResult().getType());
    RankedTensorType indicesType = op.getIndices().getType();
    ArrayRef<int64_t> inputShape = op.getInput().getType().getShape();
    Window window(inputShape, resultType.getShape(), op.getKernelShape(), op.getStrides(),
                  op.getDilations(), op.getPads());
    bool isUnsigned = hasUnsignedElements(op.getInput());
    bool columnMajor = op.getStorageOrder() == 1;
    Value lowest = createLowest(rewriter, loc, resultType.getElementType(), isUnsigned);
    Value padded = padInput(rewriter, loc, adaptor.getInput(), window, lowest);
    Value noIndex = createScalar(rewriter, loc, indicesType.getElementType(), -1);
    SmallVector<Value> inits{createFilled(rewriter, loc, resultType, lowest),
                             createFilled(rewriter, loc, indicesType, noIndex)};

    auto body = [&](OpBuilder &b, Location bodyLoc,
                    ValueRange args) -> SmallVector<Value> {
      Value element = args[0], max = args[2], maxIndex = args[3];
      IndexMath math{b, bodyLoc};
      size_t spatialRank = window.spatialRank();
      // The element's position in the unpadded input, and whether it is in it.
      Value inside;
      auto require = [&](arith::CmpIPredicate predicate, Value lhs, int64_t rhs) {
        Value holds =
            b.create<arith::CmpIOp>(bodyLoc, predicate, lhs, math.constant(rhs));
        inside = inside ? b.create<arith::AndIOp>(bodyLoc, inside, holds) : holds;
      };
      SmallVector<Value> positions;
      for (size_t i = 0; i < spatialRank; ++i) {
        Value position = math.add(
            math.add(math.mul(math.loop(2 + i), window.strides[i]),
                     math.mul(math.loop(2 + spatialRank + i), window.dilations[i])),
            -window.padBegin[i]);
        if (window.padBegin[i] > 0)
          require(arith::CmpIPredicate::sge, position, 0);
        if (window.paddedEnd[i] > 0)
          require(arith::CmpIPredicate::slt, position, window.inputSize[i]);
        positions.push_back(position);
      }
      // ONNX flattens the whole input: n and c outermost, then the spatial
      // dims in row-major order, or column-major with storage_order = 1.
      Value flat = math.add(math.mul(math.loop(0), inputShape[1]), math.loop(1));
      if (columnMajor) {
        Value spatial = positions.front();
        int64_t stride = 1;
        for (size_t i = 1; i < spatialRank; ++i) {
          stride *= window.inputSize[i - 1];
          spatial = math.add(spatial, math.mul(positions[i], stride));
        }
        flat = math.add(math.mul(flat, stride * window.inputSize.back()), spatial);
      } else {
        for (size_t i = 0; i < spatialRank; ++i)
          flat = math.add(math.mul(flat, window.inputSize[i]), positions[i]);
      }

      Value better;
      if (isa<FloatType>(element.getType())) {
        Value greater =
            b.create<arith::CmpFOp>(bodyLoc, arith::CmpFPredicate::OGT, element, max);
        Value isNaN =
            b.create<arith::CmpFOp>(bodyLoc, arith::CmpFPredicate::UNO, element, element);
        better = b.create<arith::OrIOp>(bodyLoc, greater, isNaN);
      } else {
        better = b.create<arith::CmpIOp>(
            bodyLoc, isUnsigned ? arith::CmpIPredicate::ugt : arith::CmpIPredicate::sgt,
            element, max);
      }
      Value first =
          b.create<arith::CmpIOp>(bodyLoc, arith::CmpIPredicate::eq, maxIndex, noIndex);
      Value take = b.create<arith::OrIOp>(bodyLoc, first, better);
      if (inside)
        take = b.create<arith::AndIOp>(bodyLoc, inside, take);
      Value index =
          b.create<arith::IndexCastOp>(bodyLoc, indicesType.getElementType(), flat);
      return {b.create<arith::SelectOp>(bodyLoc, take, element, max),
              b.create<arith::SelectOp>(bodyLoc, take, index, maxIndex)};
    };
    auto pool = buildWindowGeneric(rewriter, loc, padded, window, inits, body);
    rewriter.replaceOp(op, pool.getResults());
    return success();
  }
};

// Sums each window of `input` (zero-padded) and divides by the number of
// elements it counts: those inside the input, and with `countPadding` also
// those in the explicit pads.
Value lowerAverage(OpBuilder &b, Location loc, Value input, RankedTensorType resultType,
                   const Window &window, bool countPadding) {
  Type elementType = resultType.getElementType();
  Value zero = createScalar(b, loc, elementType, 0.0);
  Value padded = padInput(b, loc, input, window, zero);
  auto sum = buildWindowGeneric(
      b, loc, padded, window, createFilled(b, loc, resultType, zero),
      [](OpBuilder &nested, Location bodyLoc, ValueRange args) -> SmallVector<Value> {
        return {nested.create<arith::AddFOp>(bodyLoc, args[2], args[0])};
      });

  // Along each axis the counted span is [low, high); windows start at
  // o * stride - padBegin. Only axes where some window leaves the span need
  // a per-position count.
  size_t spatialRank = window.spatialRank();
  SmallVector<int64_t> low, high;
  SmallVector<bool> clipLow, clipHigh;
  for (size_t i = 0; i < spatialRank; ++i) {
    low.push_back(countPadding ? -window.padBegin[i] : 0);
    high.push_back(window.inputSize[i] + (countPadding ? window.padEnd[i] : 0));
    int64_t lastEnd = (window.outputSize[i] - 1) * window.strides[i] -
                      window.padBegin[i] + window.kernel[i];
    clipLow.push_back(low[i] > -window.padBegin[i]);
    clipHigh.push_back(lastEnd > high[i]);
  }
  auto divide = [&](OpBuilder &nested, Location bodyLoc, ValueRange args) -> Value {
    IndexMath math{nested, bodyLoc};
    int64_t fixedCount = 1;
    Value count;
    for (size_t i = 0; i < spatialRank; ++i) {
      if (!clipLow[i] && !clipHigh[i]) {
        fixedCount *= window.kernel[i];
        continue;
      }
      Value start =
          math.add(math.mul(math.loop(2 + i), window.strides[i]), -window.padBegin[i]);
      Value end = math.add(start, window.kernel[i]);
      if (clipLow[i])
        start = nested.create<arith::MaxSIOp>(bodyLoc, start, math.constant(low[i]));
      if (clipHigh[i])
        end = nested.create<arith::MinSIOp>(bodyLoc, end, math.constant(high[i]));
      Value axisCount = nested.create<arith::SubIOp>(bodyLoc, end, start);
      count = count ? nested.create<arith::MulIOp>(bodyLoc, count, axisCount) : axisCount;
    }
    Value divisor;
    if (count) {
      Value wide = nested.create<arith::IndexCastOp>(bodyLoc, nested.getI64Type(),
                                                     math.mul(count, fixedCount));
      divisor = nested.create<arith::SIToFPOp>(bodyLoc, elementType, wide);
    } else {
      divisor = createScalar(nested, bodyLoc, elementType, fixedCount);
    }
    return nested.create<arith::DivFOp>(bodyLoc, args[0], divisor);
  };
  return buildBroadcastGeneric(b, loc, resultType, sum.getResult(0), divide);
}

struct AveragePoolLowering : OpConversionPattern<AveragePoolOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(AveragePoolOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    auto resultType = convertTensorType(*getTypeConverter(), op.getType());
    ArrayRef<int64_t> kernel = op.getKernelShape();
    Window window(op.getInput().getType().getShape(), resultType.getShape(), kernel,
                  op.getStrides(), SmallVector<int64_t>(kernel.size(), 1), op.getPads());
    rewriter.replaceOp(op, lowerAverage(rewriter, op.getLoc(), adaptor.getInput(),
                                        resultType, window, op.getCountIncludePad()));
    return success();
  }
};

// One window covering all spatial dims.
struct GlobalAveragePoolLowering : OpConversionPattern<GlobalAveragePoolOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(GlobalAveragePoolOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    auto resultType = convertTensorType(*getTypeConverter(), op.getType());
    ArrayRef<int64_t> inputShape = op.getInput().getType().getShape();
    size_t spatialRank = inputShape.size() - 2;
    SmallVector<int64_t> ones(spatialRank, 1);
    Window window(inputShape, resultType.getShape(), inputShape.drop_front(2), ones, ones,
                  SmallVector<int64_t>(2 * spatialRank, 0));
    rewriter.replaceOp(op, lowerAverage(rewriter, op.getLoc(), adaptor.getInput(),
                                        resultType, window, /*countPadding=*/false));
    return success();
  }
};
} // namespace

void dlc::populatePoolLoweringPatterns(const TypeConverter &converter,
                                       RewritePatternSet &patterns) {
  patterns.add<AveragePoolLowering, GlobalAveragePoolLowering, MaxPoolLowering,
               MaxPoolWithIndicesLowering>(converter, patterns.getContext());
}
