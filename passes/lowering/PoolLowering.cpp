//===- PoolLowering.cpp - pooling ops and their gradients to linalg -------===//
//
// Every pool (any number of spatial dims; max or average; windowed or global)
// lowers the same way: a tensor.pad of the input by its explicit pads plus
// whatever the last window of ceil_mode reaches beyond them (the lowest value
// for max, zero for average), then one linalg.generic that reads the input at
// o * stride + k * dilation: over (n, c, o1..ok) with the window's elements
// extracted one by one in its body when the window is small (its sums stay
// in registers), else over (n, c, o1..ok | k1..kk) with a second operand, a
// tensor.empty of the kernel shape that the body never reads, giving the k
// loops their extent. Averages then divide the sums
// in an elementwise generic, by a constant where no window is clipped and by
// a count computed from linalg.index where some are.
//
// The gradients run the other way: one generic over (n, c, i1..ik | l1..lk)
// gives each input position the sum over the windows that hold it, reading
// per-window values with tensor.extract at window positions computed in the
// body. Along each axis l walks either the kernel offsets k (window
// o = (i + padBegin - k * dilation) / stride when that divides) or, where
// fewer, the windows o = (i + padBegin) / stride - l that can reach i. The
// per-window values are the output's gradient divided by the pool's counts
// (average), or that gradient and the kernel offset of each window's first
// maximum, found by a generic like the forward pool's (max).
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
  int64_t elements() const {
    int64_t product = 1;
    for (int64_t size : kernel)
      product *= size;
    return product;
  }
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

// Windows of at most this many elements are read in full by each output
// element's iteration: its accumulators stay in registers and the loop over
// output columns reads the input at constant offsets, which LLVM vectorizes.
// Larger windows (global pools) become reduction loops, and so do the 2-D
// float32 windows of one accumulator (max and average pools), which the CPU
// backend's --dlc-vectorize-pool turns into vector kernels along output rows
// (LLVM vectorizes neither form when the width stride is 2).
constexpr int64_t kUnrolledWindow = 16;

bool readsWholeWindow(const Window &window, ValueRange inits, Type elementType) {
  if (window.elements() > kUnrolledWindow)
    return false;
  return !(window.spatialRank() == 2 && inits.size() == 1 && elementType.isF32());
}

// The generic that reduces each window of `padded` into `inits` (all of the
// output's shape); `body` gets the input element, its kernel offset along
// each spatial axis and the accumulators, and returns the new accumulators.
// Elements come in row-major kernel order either way.
using WindowBodyFn =
    function_ref<SmallVector<Value>(OpBuilder &, Location, Value, ArrayRef<Value>, ValueRange)>;
linalg::GenericOp buildWindowGeneric(OpBuilder &b, Location loc, Value padded,
                                     const Window &window, ValueRange inits,
                                     WindowBodyFn body) {
  MLIRContext *ctx = b.getContext();
  int64_t spatialRank = window.spatialRank();
  auto paddedType = cast<RankedTensorType>(padded.getType());
  SmallVector<AffineExpr> outputExprs{getAffineDimExpr(0, ctx), getAffineDimExpr(1, ctx)};
  for (int64_t i = 0; i < spatialRank; ++i)
    outputExprs.push_back(getAffineDimExpr(2 + i, ctx));

  if (readsWholeWindow(window, inits, paddedType.getElementType())) {
    // Loops: n, c, o1..ok; the window is read element by element.
    int64_t windowSize = window.elements();
    int64_t numLoops = 2 + spatialRank;
    SmallVector<AffineMap> maps(inits.size(), AffineMap::get(numLoops, 0, outputExprs, ctx));
    SmallVector<utils::IteratorType> iterators(numLoops, utils::IteratorType::parallel);
    return b.create<linalg::GenericOp>(
        loc, inits.getTypes(), ValueRange{}, inits, maps, iterators,
        [&](OpBuilder &nested, Location bodyLoc, ValueRange args) {
          SmallVector<Value> accumulators(args);
          SmallVector<int64_t> offset(spatialRank, 0);
          for (int64_t step = 0; step < windowSize; ++step) {
            IndexMath math{nested, bodyLoc};
            SmallVector<Value> indices{math.loop(0), math.loop(1)};
            SmallVector<Value> offsets;
            for (int64_t i = 0; i < spatialRank; ++i) {
              indices.push_back(math.add(math.mul(math.loop(2 + i), window.strides[i]),
                                         offset[i] * window.dilations[i]));
              offsets.push_back(math.constant(offset[i]));
            }
            Value element = nested.create<tensor::ExtractOp>(bodyLoc, padded, indices);
            accumulators = body(nested, bodyLoc, element, offsets, accumulators);
            // The next offset, row-major.
            for (int64_t i = spatialRank - 1; i >= 0; --i) {
              if (++offset[i] < window.kernel[i])
                break;
              offset[i] = 0;
            }
          }
          nested.create<linalg::YieldOp>(bodyLoc, accumulators);
        });
  }

  // Loops: n, c, o1..ok (parallel), then k1..kk (reduction). The second
  // operand, never read, gives the k loops their extent.
  Value windowShape =
      b.create<tensor::EmptyOp>(loc, window.kernel, paddedType.getElementType());
  SmallVector<AffineExpr> inputExprs{getAffineDimExpr(0, ctx), getAffineDimExpr(1, ctx)};
  SmallVector<AffineExpr> windowExprs;
  for (int64_t i = 0; i < spatialRank; ++i) {
    AffineExpr o = getAffineDimExpr(2 + i, ctx);
    AffineExpr k = getAffineDimExpr(2 + spatialRank + i, ctx);
    inputExprs.push_back(o * window.strides[i] + k * window.dilations[i]);
    windowExprs.push_back(k);
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
        SmallVector<Value> offsets;
        for (int64_t i = 0; i < spatialRank; ++i)
          offsets.push_back(nested.create<linalg::IndexOp>(bodyLoc, 2 + spatialRank + i));
        nested.create<linalg::YieldOp>(
            bodyLoc, body(nested, bodyLoc, args[0], offsets, args.drop_front(2)));
      });
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
        [&](OpBuilder &b, Location bodyLoc, Value element, ArrayRef<Value>,
            ValueRange max) -> SmallVector<Value> {
          return {buildMax(b, bodyLoc, max[0], element, isUnsigned)};
        });
    rewriter.replaceOp(op, pool.getResult(0));
    return success();
  }
};

// The position in the unpadded input of the element a window generic's body
// reads at kernel `offsets`, along each spatial axis, and whether it lies
// inside the input (null where no axis is padded).
Value readPosition(IndexMath &math, const Window &window, ArrayRef<Value> offsets,
                   SmallVectorImpl<Value> &positions) {
  OpBuilder &b = math.b;
  size_t spatialRank = window.spatialRank();
  Value inside;
  auto require = [&](arith::CmpIPredicate predicate, Value lhs, int64_t rhs) {
    Value holds = b.create<arith::CmpIOp>(math.loc, predicate, lhs, math.constant(rhs));
    inside = inside ? b.create<arith::AndIOp>(math.loc, inside, holds) : holds;
  };
  for (size_t i = 0; i < spatialRank; ++i) {
    Value position =
        math.add(math.add(math.mul(math.loop(2 + i), window.strides[i]),
                          math.mul(offsets[i], window.dilations[i])),
                 -window.padBegin[i]);
    if (window.padBegin[i] > 0)
      require(arith::CmpIPredicate::sge, position, 0);
    if (window.paddedEnd[i] > 0)
      require(arith::CmpIPredicate::slt, position, window.inputSize[i]);
    positions.push_back(position);
  }
  return inside;
}

// Whether `element` replaces the running maximum `max` (whose index is
// `maxIndex`, `noIndex` before any): when it lies inside the input (padding
// never wins, even against an equal lowest value) and is the window's first
// such element, is larger, or is a NaN.
Value takesOverMax(OpBuilder &b, Location loc, Value element, Value max, Value maxIndex,
                   Value noIndex, Value inside, bool isUnsigned) {
  Value better;
  if (isa<FloatType>(element.getType())) {
    Value greater = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGT, element, max);
    Value isNaN =
        b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::UNO, element, element);
    better = b.create<arith::OrIOp>(loc, greater, isNaN);
  } else {
    better = b.create<arith::CmpIOp>(
        loc, isUnsigned ? arith::CmpIPredicate::ugt : arith::CmpIPredicate::sgt, element,
        max);
  }
  Value first = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, maxIndex, noIndex);
  Value take = b.create<arith::OrIOp>(loc, first, better);
  if (inside)
    take = b.create<arith::AndIOp>(loc, inside, take);
  return take;
}

// Values and indices reduce together, the first maximum of each window
// winning.
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

    auto body = [&](OpBuilder &b, Location bodyLoc, Value element, ArrayRef<Value> offsets,
                    ValueRange accumulators) -> SmallVector<Value> {
      Value max = accumulators[0], maxIndex = accumulators[1];
      IndexMath math{b, bodyLoc};
      size_t spatialRank = window.spatialRank();
      SmallVector<Value> positions;
      Value inside = readPosition(math, window, offsets, positions);
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
      Value take =
          takesOverMax(b, bodyLoc, element, max, maxIndex, noIndex, inside, isUnsigned);
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

// Divides each element of `values`, shaped like the pool's output, by the
// number of elements its window counts: those inside the input, and with
// `countPadding` also those in the explicit pads.
Value divideByCount(OpBuilder &b, Location loc, Value values, const Window &window,
                    bool countPadding) {
  auto type = cast<RankedTensorType>(values.getType());
  Type elementType = type.getElementType();
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
  return buildBroadcastGeneric(b, loc, type, values, divide);
}

// Sums each window of `input` (zero-padded) and divides by its count.
Value lowerAverage(OpBuilder &b, Location loc, Value input, RankedTensorType resultType,
                   const Window &window, bool countPadding) {
  Value zero = createScalar(b, loc, resultType.getElementType(), 0.0);
  Value padded = padInput(b, loc, input, window, zero);
  auto sum = buildWindowGeneric(
      b, loc, padded, window, createFilled(b, loc, resultType, zero),
      [](OpBuilder &nested, Location bodyLoc, Value element, ArrayRef<Value>,
         ValueRange sum) -> SmallVector<Value> {
        return {nested.create<arith::AddFOp>(bodyLoc, sum[0], element)};
      });
  return divideByCount(b, loc, sum.getResult(0), window, countPadding);
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

// Where the gradient generic's body finds the windows holding its input
// position: per spatial axis the window o (in range only where `valid`) and
// the kernel offset k at which it holds the position.
struct WindowHit {
  Value valid;
  SmallVector<Value> windows;
  SmallVector<Value> offsets;
};

// Whether the gradient generic walks the windows rather than the kernel
// offsets along each axis, and how far.
struct GatherLoops {
  SmallVector<bool> overWindows;
  SmallVector<int64_t> extents;
  // Along window axes: whether there are fewer windows than could hold a
  // position, so that the walk must start at the last one.
  SmallVector<bool> fromLast;

  explicit GatherLoops(const Window &window) {
    for (size_t i = 0; i < window.spatialRank(); ++i) {
      // p = i + padBegin lies in windows p / stride, p / stride - 1, ... as
      // long as o * stride + (K - 1) * dilation reaches it.
      int64_t reach = (window.kernel[i] - 1) * window.dilations[i];
      int64_t holding = reach / window.strides[i] + 1;
      int64_t windows = std::min(holding, window.outputSize[i]);
      overWindows.push_back(windows < window.kernel[i]);
      extents.push_back(std::min(windows, window.kernel[i]));
      fromLast.push_back(windows < holding);
    }
  }
};

// The windows that the gradient generic's current step reaches from its
// input position.
WindowHit findWindows(IndexMath &math, const Window &window, const GatherLoops &loops) {
  OpBuilder &b = math.b;
  Location loc = math.loc;
  size_t spatialRank = window.spatialRank();
  WindowHit hit;
  auto require = [&](Value holds) {
    hit.valid = hit.valid ? b.create<arith::AndIOp>(loc, hit.valid, holds) : holds;
  };
  auto below = [&](Value lhs, int64_t rhs) -> Value {
    // Unsigned, so that negative values fail too.
    return b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ult, lhs,
                                   math.constant(rhs));
  };
  auto divides = [&](Value value, int64_t divisor) {
    if (divisor == 1)
      return;
    Value rest = b.create<arith::RemUIOp>(loc, value, math.constant(divisor));
    require(b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, rest,
                                    math.constant(0)));
  };
  auto divide = [&](Value value, int64_t divisor) -> Value {
    if (divisor == 1)
      return value;
    return b.create<arith::DivUIOp>(loc, value, math.constant(divisor));
  };
  for (size_t i = 0; i < spatialRank; ++i) {
    int64_t stride = window.strides[i], dilation = window.dilations[i];
    Value padded = math.add(math.loop(2 + i), window.padBegin[i]);
    Value step = math.loop(2 + spatialRank + i);
    Value o, k;
    if (loops.overWindows[i]) {
      // Counting down from the last window that starts at or before p; k
      // then follows from where p lies in it.
      Value last = divide(padded, stride);
      if (loops.fromLast[i])
        last = b.create<arith::MinUIOp>(loc, last,
                                        math.constant(window.outputSize[i] - 1));
      o = b.create<arith::SubIOp>(loc, last, step);
      Value before = b.create<arith::SubIOp>(loc, padded, math.mul(o, stride));
      divides(before, dilation);
      k = divide(before, dilation);
      require(below(o, window.outputSize[i]));
      require(below(k, window.kernel[i]));
    } else {
      // The window holding p at offset k starts k * dilation before it.
      k = step;
      Value start = b.create<arith::SubIOp>(loc, padded, math.mul(k, dilation));
      require(below(start, window.outputSize[i] * stride));
      divides(start, stride);
      o = divide(start, stride);
    }
    hit.windows.push_back(o);
    hit.offsets.push_back(k);
  }
  // Reads elsewhere stay in bounds.
  Value zero = math.constant(0);
  for (Value &o : hit.windows)
    o = b.create<arith::SelectOp>(loc, hit.valid, o, zero);
  return hit;
}

// The generic over (n, c, i1..ik | l1..lk) that sums, into each element of
// `resultType` (the pool's input), what `contribution` gives for each window
// holding it: the element of each of `values` (shaped like the pool's output)
// at that window, and the window's kernel offsets. Invalid windows must
// contribute zero.
using ContributionFn = function_ref<Value(OpBuilder &, Location, const WindowHit &,
                                          ValueRange)>;
Value buildWindowGather(OpBuilder &b, Location loc, RankedTensorType resultType,
                        const Window &window, ValueRange values,
                        ContributionFn contribution) {
  MLIRContext *ctx = b.getContext();
  int64_t spatialRank = window.spatialRank();
  GatherLoops loops(window);
  Type elementType = resultType.getElementType();
  Value extents = b.create<tensor::EmptyOp>(loc, loops.extents, elementType);
  Value init = createFilled(b, loc, resultType, createScalar(b, loc, elementType, 0.0));
  int64_t numLoops = 2 + 2 * spatialRank;
  SmallVector<AffineExpr> extentExprs;
  for (int64_t i = 0; i < spatialRank; ++i)
    extentExprs.push_back(getAffineDimExpr(2 + spatialRank + i, ctx));
  SmallVector<AffineMap> maps{
      AffineMap::get(numLoops, 0, extentExprs, ctx),
      AffineMap::getMultiDimIdentityMap(numLoops, ctx).getMajorSubMap(2 + spatialRank)};
  SmallVector<utils::IteratorType> iterators(2 + spatialRank,
                                             utils::IteratorType::parallel);
  iterators.append(spatialRank, utils::IteratorType::reduction);
  auto gather = b.create<linalg::GenericOp>(
      loc, TypeRange{resultType}, extents, init, maps, iterators,
      [&](OpBuilder &nested, Location bodyLoc, ValueRange args) {
        IndexMath math{nested, bodyLoc};
        WindowHit hit = findWindows(math, window, loops);
        SmallVector<Value> indices{math.loop(0), math.loop(1)};
        llvm::append_range(indices, hit.windows);
        SmallVector<Value> read = llvm::map_to_vector(values, [&](Value value) -> Value {
          return nested.create<tensor::ExtractOp>(bodyLoc, value, indices);
        });
        Value sum = nested.create<arith::AddFOp>(
            bodyLoc, args[1], contribution(nested, bodyLoc, hit, read));
        nested.create<linalg::YieldOp>(bodyLoc, sum);
      });
  return gather.getResult(0);
}

// Each window's first maximum (its kernel offset, row-major) found as the
// forward pool finds it; the gradient goes there.
struct MaxPoolGradLowering : OpConversionPattern<MaxPoolGradOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(MaxPoolGradOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = convertTensorType(*getTypeConverter(), op.getType());
    auto gradType = cast<RankedTensorType>(adaptor.getOutputGrad().getType());
    Window window(resultType.getShape(), gradType.getShape(), op.getKernelShape(),
                  op.getStrides(), op.getDilations(), op.getPads());
    size_t spatialRank = window.spatialRank();
    Type elementType = resultType.getElementType();
    auto offsetType = gradType.clone(rewriter.getI64Type());

    // The kernel offset (k1 * K2 + k2) * K3 + ... of index loops k.
    auto linearOffset = [&](IndexMath &math, ArrayRef<Value> offsets) -> Value {
      Value linear = offsets.front();
      for (size_t i = 1; i < spatialRank; ++i)
        linear = math.b.create<arith::AddIOp>(
            math.loc, math.mul(linear, window.kernel[i]), offsets[i]);
      return math.b.create<arith::IndexCastOp>(math.loc, math.b.getI64Type(), linear);
    };

    Value lowest = createLowest(rewriter, loc, elementType, /*isUnsigned=*/false);
    Value padded = padInput(rewriter, loc, adaptor.getInput(), window, lowest);
    Value noIndex = createScalar(rewriter, loc, rewriter.getI64Type(), -1);
    SmallVector<Value> inits{createFilled(rewriter, loc, gradType, lowest),
                             createFilled(rewriter, loc, offsetType, noIndex)};
    auto argmax = buildWindowGeneric(
        rewriter, loc, padded, window, inits,
        [&](OpBuilder &b, Location bodyLoc, Value element, ArrayRef<Value> offsets,
            ValueRange accumulators) -> SmallVector<Value> {
          Value max = accumulators[0], maxOffset = accumulators[1];
          IndexMath math{b, bodyLoc};
          SmallVector<Value> positions;
          Value inside = readPosition(math, window, offsets, positions);
          Value offset = linearOffset(math, offsets);
          Value take = takesOverMax(b, bodyLoc, element, max, maxOffset, noIndex, inside,
                                    /*isUnsigned=*/false);
          return {b.create<arith::SelectOp>(bodyLoc, take, element, max),
                  b.create<arith::SelectOp>(bodyLoc, take, offset, maxOffset)};
        });

    Value zero = createScalar(rewriter, loc, elementType, 0.0);
    Value gradient = buildWindowGather(
        rewriter, loc, resultType, window,
        ValueRange{adaptor.getOutputGrad(), argmax.getResult(1)},
        [&](OpBuilder &b, Location bodyLoc, const WindowHit &hit, ValueRange read) {
          IndexMath math{b, bodyLoc};
          Value isMax = b.create<arith::CmpIOp>(bodyLoc, arith::CmpIPredicate::eq,
                                                read[1], linearOffset(math, hit.offsets));
          Value take = b.create<arith::AndIOp>(bodyLoc, hit.valid, isMax);
          return b.create<arith::SelectOp>(bodyLoc, take, read[0], zero).getResult();
        });
    rewriter.replaceOp(op, gradient);
    return success();
  }
};

// Each window's gradient, divided by the forward's count, goes to every
// element of the window inside the input.
struct AveragePoolGradLowering : OpConversionPattern<AveragePoolGradOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(AveragePoolGradOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = convertTensorType(*getTypeConverter(), op.getType());
    auto gradType = cast<RankedTensorType>(adaptor.getOutputGrad().getType());
    ArrayRef<int64_t> kernel = op.getKernelShape();
    Window window(resultType.getShape(), gradType.getShape(), kernel, op.getStrides(),
                  SmallVector<int64_t>(kernel.size(), 1), op.getPads());
    Value shares = divideByCount(rewriter, loc, adaptor.getOutputGrad(), window,
                                 op.getCountIncludePad());
    Value zero = createScalar(rewriter, loc, resultType.getElementType(), 0.0);
    rewriter.replaceOp(
        op,
        buildWindowGather(
            rewriter, loc, resultType, window, shares,
            [&](OpBuilder &b, Location bodyLoc, const WindowHit &hit, ValueRange read) {
              return b.create<arith::SelectOp>(bodyLoc, hit.valid, read[0], zero)
                  .getResult();
            }));
    return success();
  }
};
} // namespace

void dlc::populatePoolLoweringPatterns(const TypeConverter &converter,
                                       RewritePatternSet &patterns) {
  patterns.add<AveragePoolLowering, AveragePoolGradLowering, GlobalAveragePoolLowering,
               MaxPoolLowering, MaxPoolGradLowering, MaxPoolWithIndicesLowering>(
      converter, patterns.getContext());
}
