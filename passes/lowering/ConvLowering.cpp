//===- ConvLowering.cpp - dlc.conv and its gradients to linalg.generic ----===//
//
// Every convolution (1-d to 3-d, any group, stride, dilation) lowers the same
// way: zero padding as a tensor.pad, the output initialised with the
// broadcast bias (or zero), then one linalg.generic that accumulates
// input * weight over (c, k1..kk) into it. Keeping bias and accumulation in one
// destination lets a following elementwise epilogue write over the same
// buffer (see --dlc-fuse-epilogues).
//
// The gradients are generics of the same kind, with affine maps only. The
// weight's correlates the padded input with the output's gradient over
// (n, o1..ok). The input's is the transposed convolution: the output's
// gradient spread out by the strides (zeros between its elements) and
// zero-padded, correlated with the weight read backwards along each kernel
// axis. float16 and bfloat16 convolutions and gradients accumulate in f32.
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
// Zero-pads the spatial dims of `input` by `pads` ([begin..., end...]).
Value padInput(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> pads) {
  if (llvm::all_of(pads, [](int64_t pad) { return pad == 0; }))
    return input;
  auto type = cast<RankedTensorType>(input.getType());
  size_t spatialRank = type.getRank() - 2;
  SmallVector<OpFoldResult> low(2, b.getIndexAttr(0));
  SmallVector<OpFoldResult> high(2, b.getIndexAttr(0));
  SmallVector<int64_t> paddedShape(type.getShape());
  for (size_t i = 0; i < spatialRank; ++i) {
    low.push_back(b.getIndexAttr(pads[i]));
    high.push_back(b.getIndexAttr(pads[spatialRank + i]));
    paddedShape[i + 2] += pads[i] + pads[spatialRank + i];
  }
  Value zero = createScalar(b, loc, type.getElementType(), 0.0);
  return b.create<tensor::PadOp>(loc, type.clone(paddedShape), input, low, high, zero);
}

// `value` as `type`, extended where it is a narrower float.
Value widen(OpBuilder &b, Location loc, Value value, Type type) {
  return value.getType() == type ? value : b.create<arith::ExtFOp>(loc, type, value);
}

// The output tensor holding bias[m] at every [n, m, o...], or zero.
Value createInit(OpBuilder &b, Location loc, RankedTensorType resultType, Value bias) {
  Type elementType = resultType.getElementType();
  if (!bias)
    return createFilled(b, loc, resultType, createScalar(b, loc, elementType, 0.0));
  MLIRContext *ctx = b.getContext();
  int64_t rank = resultType.getRank();
  SmallVector<AffineMap> maps{AffineMap::get(rank, 0, getAffineDimExpr(1, ctx)),
                              b.getMultiDimIdentityMap(rank)};
  SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
  auto broadcast = b.create<linalg::GenericOp>(
      loc, TypeRange{resultType}, bias, createEmpty(b, loc, resultType), maps,
      iterators, [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        nested.create<linalg::YieldOp>(nestedLoc, widen(nested, nestedLoc, args[0], elementType));
      });
  return broadcast.getResult(0);
}

// Sums lhs * rhs over the reduction loops of a generic whose operands (lhs,
// rhs, result) `maps` index, starting from `bias` broadcast along dim 1 (or
// zero). 16-bit floats accumulate in f32, rounded once at the end.
Value buildMultiplyAccumulate(OpBuilder &b, Location loc, RankedTensorType resultType,
                              Value lhs, Value rhs, ArrayRef<AffineMap> maps,
                              ArrayRef<utils::IteratorType> iterators, Value bias = nullptr) {
  Type elementType = resultType.getElementType();
  Type accumulator = accumulatorType(elementType);
  auto accumulatorTensor = resultType.clone(accumulator);
  Value init = createInit(b, loc, accumulatorTensor, bias);
  auto generic = b.create<linalg::GenericOp>(
      loc, TypeRange{accumulatorTensor}, ValueRange{lhs, rhs}, init, maps, iterators,
      [&](OpBuilder &nested, Location bodyLoc, ValueRange args) {
        Value product =
            nested.create<arith::MulFOp>(bodyLoc, widen(nested, bodyLoc, args[0], accumulator),
                                         widen(nested, bodyLoc, args[1], accumulator));
        Value sum = nested.create<arith::AddFOp>(bodyLoc, args[2], product);
        nested.create<linalg::YieldOp>(bodyLoc, sum);
      });
  if (accumulator == elementType)
    return generic.getResult(0);
  return buildBroadcastGeneric(
      b, loc, resultType, generic.getResult(0),
      [&](OpBuilder &nested, Location bodyLoc, ValueRange args) -> Value {
        return nested.create<arith::TruncFOp>(bodyLoc, elementType, args[0]);
      });
}

struct ConvLowering : OpConversionPattern<ConvOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(ConvOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto resultType = convertTensorType(*getTypeConverter(), op.getType());
    SmallVector<int64_t> filterShape = op.getFilterShape();
    int64_t spatialRank = resultType.getRank() - 2;
    int64_t groupChannels = filterShape[1];
    int64_t groupFilters = filterShape[0] / op.getGroup();

    Value input = padInput(rewriter, loc, adaptor.getInput(), op.getPads());

    // Loops: n, m, o1..ok (parallel), then c, k1..kk (reduction), where m runs
    // over all output channels and c over one group's input channels.
    AffineExpr n = getAffineDimExpr(0, ctx);
    AffineExpr m = getAffineDimExpr(1, ctx);
    AffineExpr c = getAffineDimExpr(2 + spatialRank, ctx);
    // Output channel m reads the input channels of its group; naming the group
    // through m keeps every operand indexed by loop dims alone, so no reshape
    // into [.., G, M/G, ..] stands between the conv and its epilogue.
    AffineExpr inputChannel =
        op.getGroup() == 1 ? c : m.floorDiv(groupFilters) * groupChannels + c;
    SmallVector<AffineExpr> inputExprs{n, inputChannel};
    SmallVector<AffineExpr> weightExprs{m, c};
    SmallVector<AffineExpr> outputExprs{n, m};
    for (int64_t i = 0; i < spatialRank; ++i) {
      AffineExpr o = getAffineDimExpr(2 + i, ctx);
      AffineExpr k = getAffineDimExpr(3 + spatialRank + i, ctx);
      inputExprs.push_back(o * op.getStrides()[i] + k * op.getDilations()[i]);
      weightExprs.push_back(k);
      outputExprs.push_back(o);
    }
    if (op.getFilterChannelsLast())
      std::rotate(weightExprs.begin(), weightExprs.begin() + 1, weightExprs.end());
    int64_t numLoops = 3 + 2 * spatialRank;
    SmallVector<AffineMap> maps{AffineMap::get(numLoops, 0, inputExprs, ctx),
                                AffineMap::get(numLoops, 0, weightExprs, ctx),
                                AffineMap::get(numLoops, 0, outputExprs, ctx)};
    SmallVector<utils::IteratorType> iterators(2 + spatialRank,
                                               utils::IteratorType::parallel);
    iterators.append(1 + spatialRank, utils::IteratorType::reduction);

    rewriter.replaceOp(op, buildMultiplyAccumulate(rewriter, loc, resultType, input,
                                                   adaptor.getWeight(), maps, iterators,
                                                   adaptor.getBias()));
    return success();
  }
};

struct ConvGradWeightLowering : OpConversionPattern<ConvGradWeightOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(ConvGradWeightOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto resultType = convertTensorType(*getTypeConverter(), op.getType());
    int64_t spatialRank = resultType.getRank() - 2;
    int64_t groupChannels = resultType.getDimSize(1);
    int64_t groupFilters = resultType.getDimSize(0) / op.getGroup();
    Value input = padInput(rewriter, loc, adaptor.getInput(), op.getPads());

    // Loops: m, c, k1..kk (parallel), then n, o1..ok (reduction); the input
    // map is the forward conv's.
    AffineExpr m = getAffineDimExpr(0, ctx);
    AffineExpr c = getAffineDimExpr(1, ctx);
    AffineExpr n = getAffineDimExpr(2 + spatialRank, ctx);
    AffineExpr inputChannel =
        op.getGroup() == 1 ? c : m.floorDiv(groupFilters) * groupChannels + c;
    SmallVector<AffineExpr> inputExprs{n, inputChannel};
    SmallVector<AffineExpr> gradExprs{n, m};
    SmallVector<AffineExpr> resultExprs{m, c};
    for (int64_t i = 0; i < spatialRank; ++i) {
      AffineExpr k = getAffineDimExpr(2 + i, ctx);
      AffineExpr o = getAffineDimExpr(3 + spatialRank + i, ctx);
      inputExprs.push_back(o * op.getStrides()[i] + k * op.getDilations()[i]);
      gradExprs.push_back(o);
      resultExprs.push_back(k);
    }
    int64_t numLoops = 3 + 2 * spatialRank;
    SmallVector<AffineMap> maps{AffineMap::get(numLoops, 0, inputExprs, ctx),
                                AffineMap::get(numLoops, 0, gradExprs, ctx),
                                AffineMap::get(numLoops, 0, resultExprs, ctx)};
    SmallVector<utils::IteratorType> iterators(2 + spatialRank,
                                               utils::IteratorType::parallel);
    iterators.append(1 + spatialRank, utils::IteratorType::reduction);
    rewriter.replaceOp(op, buildMultiplyAccumulate(rewriter, loc, resultType, input,
                                                   adaptor.getOutputGrad(), maps,
                                                   iterators));
    return success();
  }
};

// dx[i] sums dy[o] * w[k] over o * stride + k * dilation = i + padBegin.
// With reach = (K - 1) * dilation, `spread` holds dy[o] at o * stride +
// reach - padBegin (zeros elsewhere), so that dy[o] sits at
// i - k * dilation + reach: an affine read. Where pads beyond the reach
// would make that offset negative, both move up by the difference; zeros
// at the end keep every read in bounds.
struct ConvGradInputLowering : OpConversionPattern<ConvGradInputOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(ConvGradInputOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto resultType = convertTensorType(*getTypeConverter(), op.getType());
    auto gradType = cast<RankedTensorType>(adaptor.getOutputGrad().getType());
    auto weightType = cast<RankedTensorType>(adaptor.getWeight().getType());
    int64_t spatialRank = resultType.getRank() - 2;
    int64_t group = op.getGroup();
    int64_t groupChannels = weightType.getDimSize(1);
    int64_t groupFilters = weightType.getDimSize(0) / group;
    ArrayRef<int64_t> strides = op.getStrides();
    ArrayRef<int64_t> dilations = op.getDilations();

    SmallVector<int64_t> offsets, readOffsets,
        spreadShape(gradType.getShape().take_front(2));
    for (int64_t i = 0; i < spatialRank; ++i) {
      int64_t reach = (weightType.getDimSize(i + 2) - 1) * dilations[i];
      int64_t shift = std::max<int64_t>(0, op.getPads()[i] - reach);
      offsets.push_back(reach - op.getPads()[i] + shift);
      readOffsets.push_back(reach + shift);
      spreadShape.push_back(
          std::max(resultType.getDimSize(i + 2) + readOffsets.back(),
                   offsets.back() + (gradType.getDimSize(i + 2) - 1) * strides[i] + 1));
    }
    Value spread = spreadOut(rewriter, loc, adaptor.getOutputGrad(), offsets, strides,
                             gradType.clone(spreadShape));

    // Loops: n, c, i1..ik (parallel), then m, k1..kk (reduction), where m
    // runs over the output channels of c's group.
    AffineExpr n = getAffineDimExpr(0, ctx);
    AffineExpr c = getAffineDimExpr(1, ctx);
    AffineExpr m = getAffineDimExpr(2 + spatialRank, ctx);
    Value weight = adaptor.getWeight();
    SmallVector<AffineExpr> gradExprs{n, m};
    SmallVector<AffineExpr> weightExprs{m, c};
    if (group != 1) {
      // Naming m within its group needs the weight as [G, M/G, C/G, K...].
      SmallVector<int64_t> grouped{group, groupFilters};
      llvm::append_range(grouped, weightType.getShape().drop_front());
      SmallVector<ReassociationIndices> reassociation{{0, 1}};
      for (int64_t dim = 2; dim < static_cast<int64_t>(grouped.size()); ++dim)
        reassociation.push_back({dim});
      weight = rewriter.create<tensor::ExpandShapeOp>(loc, weightType.clone(grouped),
                                                      weight, reassociation);
      gradExprs[1] = c.floorDiv(groupChannels) * groupFilters + m;
      weightExprs = {c.floorDiv(groupChannels), m, c % groupChannels};
    }
    SmallVector<AffineExpr> resultExprs{n, c};
    for (int64_t i = 0; i < spatialRank; ++i) {
      AffineExpr x = getAffineDimExpr(2 + i, ctx);
      AffineExpr k = getAffineDimExpr(3 + spatialRank + i, ctx);
      gradExprs.push_back(x - k * dilations[i] + readOffsets[i]);
      weightExprs.push_back(k);
      resultExprs.push_back(x);
    }
    int64_t numLoops = 3 + 2 * spatialRank;
    SmallVector<AffineMap> maps{AffineMap::get(numLoops, 0, gradExprs, ctx),
                                AffineMap::get(numLoops, 0, weightExprs, ctx),
                                AffineMap::get(numLoops, 0, resultExprs, ctx)};
    SmallVector<utils::IteratorType> iterators(2 + spatialRank,
                                               utils::IteratorType::parallel);
    iterators.append(1 + spatialRank, utils::IteratorType::reduction);
    rewriter.replaceOp(op, buildMultiplyAccumulate(rewriter, loc, resultType, spread,
                                                   weight, maps, iterators));
    return success();
  }

  // `grad` [N, M, O...] placed at `offsets`, `strides` apart, in zeros of
  // `type`: a tensor.pad without strides.
  static Value spreadOut(OpBuilder &b, Location loc, Value grad,
                         ArrayRef<int64_t> offsets, ArrayRef<int64_t> strides,
                         RankedTensorType type) {
    auto gradType = cast<RankedTensorType>(grad.getType());
    if (type == gradType)
      return grad;
    Value zero = createScalar(b, loc, type.getElementType(), 0.0);
    if (llvm::all_of(strides, [](int64_t stride) { return stride == 1; })) {
      SmallVector<OpFoldResult> low(2, b.getIndexAttr(0));
      SmallVector<OpFoldResult> high(2, b.getIndexAttr(0));
      for (auto [i, offset] : llvm::enumerate(offsets)) {
        low.push_back(b.getIndexAttr(offset));
        high.push_back(b.getIndexAttr(type.getDimSize(i + 2) - offset -
                                      gradType.getDimSize(i + 2)));
      }
      return b.create<tensor::PadOp>(loc, type, grad, low, high, zero);
    }
    SmallVector<OpFoldResult> sliceOffsets(2, b.getIndexAttr(0));
    SmallVector<OpFoldResult> sliceStrides(2, b.getIndexAttr(1));
    for (auto [offset, stride] : llvm::zip(offsets, strides)) {
      sliceOffsets.push_back(b.getIndexAttr(offset));
      sliceStrides.push_back(b.getIndexAttr(stride));
    }
    SmallVector<OpFoldResult> sizes =
        llvm::map_to_vector(gradType.getShape(), [&](int64_t size) -> OpFoldResult {
          return b.getIndexAttr(size);
        });
    return b.create<tensor::InsertSliceOp>(loc, grad, createFilled(b, loc, type, zero),
                                           sliceOffsets, sizes, sliceStrides);
  }
};
} // namespace

void dlc::populateConvLoweringPatterns(const TypeConverter &converter,
                                       RewritePatternSet &patterns) {
  patterns.add<ConvLowering, ConvGradInputLowering, ConvGradWeightLowering>(
      converter, patterns.getContext());
}
