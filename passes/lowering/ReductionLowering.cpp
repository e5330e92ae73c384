//===- ReductionLowering.cpp - reductions, softmax, layer norm, argmax to linalg ===//
#include "dialects/graph/DlcDialect.h"
#include "passes/lowering/LoweringUtils.h"
#include "passes/lowering/Patterns.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
// The highest value of `type`: +inf for floats, the maximum for integers;
// where a minimum starts.
Value createHighest(OpBuilder &b, Location loc, Type type, bool isUnsigned) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return b.create<arith::ConstantOp>(
        loc, b.getFloatAttr(type, APFloat::getInf(floatType.getFloatSemantics())));
  unsigned width = type.getIntOrFloatBitWidth();
  APInt highest = isUnsigned ? APInt::getMaxValue(width) : APInt::getSignedMaxValue(width);
  return b.create<arith::ConstantOp>(loc, b.getIntegerAttr(type, highest));
}

// `reduced` with the reduced dims put back as 1s where `resultType` keeps
// them.
Value keepDims(OpBuilder &b, Location loc, Value reduced, RankedTensorType resultType) {
  if (reduced.getType() == resultType)
    return reduced;
  std::optional<SmallVector<ReassociationIndices>> groups =
      getReassociationIndicesForReshape(cast<ShapedType>(reduced.getType()), resultType);
  assert(groups && "dropping unit dims is a valid reshape");
  return b.create<tensor::ExpandShapeOp>(loc, resultType, reduced, *groups);
}

// Whether element `x` takes over from the running extreme `acc` in ArgMax
// (ArgMin with `min`): a larger (smaller) one does, and an equal one too when
// the last index is wanted. A NaN wins over any number, as in numpy's argmax
// and argmin: the first NaN stays (the last one with `last`).
Value replacesExtreme(OpBuilder &b, Location loc, Value x, Value acc, bool min, bool last,
                      bool isUnsigned) {
  using arith::CmpFPredicate;
  using arith::CmpIPredicate;
  if (isa<FloatType>(x.getType())) {
    if (last)
      return b.create<arith::OrIOp>(
          loc,
          b.create<arith::CmpFOp>(loc, min ? CmpFPredicate::OLE : CmpFPredicate::OGE, x,
                                  acc),
          b.create<arith::CmpFOp>(loc, CmpFPredicate::UNO, x, x));
    return b.create<arith::AndIOp>(
        loc,
        b.create<arith::CmpFOp>(loc, min ? CmpFPredicate::ULT : CmpFPredicate::UGT, x, acc),
        b.create<arith::CmpFOp>(loc, CmpFPredicate::ORD, acc, acc));
  }
  CmpIPredicate predicate;
  if (min)
    predicate = last ? (isUnsigned ? CmpIPredicate::ule : CmpIPredicate::sle)
                     : (isUnsigned ? CmpIPredicate::ult : CmpIPredicate::slt);
  else
    predicate = last ? (isUnsigned ? CmpIPredicate::uge : CmpIPredicate::sge)
                     : (isUnsigned ? CmpIPredicate::ugt : CmpIPredicate::sgt);
  return b.create<arith::CmpIOp>(loc, predicate, x, acc);
}

template <typename OpTy> struct ReductionLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  using OpAdaptor = typename OpTy::Adaptor;

  LogicalResult matchAndRewrite(OpTy op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType =
        convertTensorType(*this->getTypeConverter(), op.getType());
    Type elementType = resultType.getElementType();
    // Values arrive signless: the dlc type still says how integers compare.
    bool isUnsigned = getElementTypeOrSelf(op.getType()).isUnsignedInteger();
    Value input = adaptor.getInput();
    SmallVector<int64_t> axes = op.getNormalizedAxes();
    Value reduced;
    if constexpr (std::is_same_v<OpTy, ReduceMaxOp>) {
      reduced = buildReduce(rewriter, loc, input, axes,
                            createLowest(rewriter, loc, elementType, isUnsigned),
                            [&](OpBuilder &b, Location l, Value x, Value acc) {
                              return buildMax(b, l, x, acc, isUnsigned);
                            });
    } else if constexpr (std::is_same_v<OpTy, ReduceMinOp>) {
      reduced = buildReduce(rewriter, loc, input, axes,
                            createHighest(rewriter, loc, elementType, isUnsigned),
                            [&](OpBuilder &b, Location l, Value x, Value acc) {
                              return buildMin(b, l, x, acc, isUnsigned);
                            });
    } else if constexpr (std::is_same_v<OpTy, ReduceProdOp>) {
      reduced = buildReduce(rewriter, loc, input, axes,
                            createScalar(rewriter, loc, elementType, 1), buildProduct);
    } else {
      reduced = buildReduce(rewriter, loc, input, axes,
                            createScalar(rewriter, loc, elementType, 0), buildSum);
    }
    rewriter.replaceOp(op, keepDims(rewriter, loc, reduced, resultType));
    return success();
  }
};

// One pass along the axis keeps the running extreme and its index, of which
// only the index is returned.
template <typename OpTy> struct ArgReductionLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  using OpAdaptor = typename OpTy::Adaptor;
  static constexpr bool kMin = std::is_same_v<OpTy, ArgMinOp>;

  LogicalResult matchAndRewrite(OpTy op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto inputType = cast<RankedTensorType>(input.getType());
    Type elementType = inputType.getElementType();
    Type indexType = rewriter.getI64Type();
    bool isUnsigned = op.getInput().getType().getElementType().isUnsignedInteger();
    bool last = op.getSelectLastIndex();
    int64_t axis = op.getNormalizedAxis();
    int64_t rank = inputType.getRank();

    SmallVector<int64_t> shape(inputType.getShape());
    shape.erase(shape.begin() + axis);
    Value start = kMin ? createHighest(rewriter, loc, elementType, isUnsigned)
                       : createLowest(rewriter, loc, elementType, isUnsigned);
    Value extremeInit =
        createFilled(rewriter, loc, RankedTensorType::get(shape, elementType), start);
    Value indexInit = createFilled(rewriter, loc, RankedTensorType::get(shape, indexType),
                                   createScalar(rewriter, loc, indexType, 0));
    AffineMap identity = rewriter.getMultiDimIdentityMap(rank);
    AffineMap alongAxis = identity.dropResult(axis);
    SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
    iterators[axis] = utils::IteratorType::reduction;
    auto generic = rewriter.create<linalg::GenericOp>(
        loc, TypeRange{extremeInit.getType(), indexInit.getType()}, input,
        ValueRange{extremeInit, indexInit},
        ArrayRef<AffineMap>{identity, alongAxis, alongAxis}, iterators,
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value x = args[0], extreme = args[1], index = args[2];
          Value takes = replacesExtreme(b, l, x, extreme, kMin, last, isUnsigned);
          Value position = b.create<arith::IndexCastOp>(
              l, indexType, b.create<linalg::IndexOp>(l, axis));
          b.create<linalg::YieldOp>(
              l, ValueRange{b.create<arith::SelectOp>(l, takes, x, extreme),
                            b.create<arith::SelectOp>(l, takes, position, index)});
        });
    RankedTensorType resultType =
        convertTensorType(*this->getTypeConverter(), op.getType());
    rewriter.replaceOp(op, keepDims(rewriter, loc, generic.getResult(1), resultType));
    return success();
  }
};

// The numerically stable form, exp(x - max) / sum(exp(x - max)), with one
// full-size tensor: the exponentials are written into the result, which
// the final scaling then overwrites in place. It multiplies by 1 / sum,
// which is fixed along each row: LLVM divides once per row, not per element.
struct SoftmaxLowering : OpConversionPattern<SoftmaxOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(SoftmaxOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    RankedTensorType type = op.getType();
    Type elementType = type.getElementType();
    int64_t axis = op.getNormalizedAxis();
    int64_t rank = type.getRank();

    Value max = buildMaxAlong(rewriter, loc, input, axis);

    AffineMap identity = rewriter.getMultiDimIdentityMap(rank);
    AffineMap alongAxis = identity.dropResult(axis);
    SmallVector<utils::IteratorType> parallel(rank, utils::IteratorType::parallel);
    auto shiftedExp = rewriter.create<linalg::GenericOp>(
        loc, type, ValueRange{input, max}, ValueRange{createEmpty(rewriter, loc, type)},
        ArrayRef<AffineMap>{identity, alongAxis, identity}, parallel,
        [](OpBuilder &b, Location l, ValueRange args) {
          Value shifted = b.create<arith::SubFOp>(l, args[0], args[1]);
          b.create<linalg::YieldOp>(l, ValueRange{b.create<math::ExpOp>(l, shifted)});
        });
    Value exps = shiftedExp.getResult(0);

    Value sum = buildReduce(rewriter, loc, exps, axis,
                            createScalar(rewriter, loc, elementType, 0), buildSum);

    Value one = createScalar(rewriter, loc, elementType, 1);
    rewriter.replaceOpWithNewOp<linalg::GenericOp>(
        op, type, ValueRange{sum}, ValueRange{exps},
        ArrayRef<AffineMap>{alongAxis, identity}, parallel,
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value inverse = b.create<arith::DivFOp>(l, one, args[0]);
          b.create<linalg::YieldOp>(
              l, ValueRange{b.create<arith::MulFOp>(l, args[1], inverse)});
        });
    return success();
  }
};

// One kernel per call: the row sums, the sums of squared deviations from
// the row means, then the normalization, each reading the input in place;
// the deviations are recomputed, never stored. The arithmetic is the
// decomposition's, so both give the same rounding.
struct LayerNormLowering : OpConversionPattern<LayerNormOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(LayerNormOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto type = cast<RankedTensorType>(input.getType());
    Type element = type.getElementType();
    int64_t rank = type.getRank();
    int64_t axis = op.getNormalizedAxis();
    SmallVector<int64_t> normalized = llvm::to_vector(llvm::seq<int64_t>(axis, rank));
    int64_t count = 1;
    for (int64_t dim : normalized)
      count *= type.getDimSize(dim);
    MLIRContext *ctx = rewriter.getContext();
    AffineMap identity = rewriter.getMultiDimIdentityMap(rank);
    AffineMap perRow = AffineMap::get(rank, 0, identity.getResults().take_front(axis), ctx);
    AffineMap rowIdentity = rewriter.getMultiDimIdentityMap(axis);
    auto rowType = RankedTensorType::get(type.getShape().take_front(axis), element);
    Value zero = createScalar(rewriter, loc, element, 0);
    Value countValue = createScalar(rewriter, loc, element, static_cast<double>(count));
    Value epsilon = createScalar(rewriter, loc, element, op.getEpsilon().convertToDouble());
    Value one = createScalar(rewriter, loc, element, 1);

    auto overRows = [&](ValueRange inputs,
                        function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
      SmallVector<AffineMap> maps(inputs.size() + 1, rowIdentity);
      return rewriter
          .create<linalg::GenericOp>(loc, rowType, inputs, createEmpty(rewriter, loc, rowType),
                                     maps, parallelLoops(axis),
                                     [&](OpBuilder &b, Location l, ValueRange args) {
                                       b.create<linalg::YieldOp>(l, body(b, l, args));
                                     })
          .getResult(0);
    };
    Value sum = buildReduce(rewriter, loc, input, normalized, zero, buildSum);
    Value mean = overRows(sum, [&](OpBuilder &b, Location l, ValueRange args) -> Value {
      return b.create<arith::DivFOp>(l, args[0], countValue);
    });
    SmallVector<utils::IteratorType> iterators = parallelLoops(rank);
    for (int64_t dim : normalized)
      iterators[dim] = utils::IteratorType::reduction;
    Value squares = rewriter
                        .create<linalg::GenericOp>(
                            loc, rowType, ValueRange{input, mean},
                            ValueRange{createFilled(rewriter, loc, rowType, zero)},
                            ArrayRef<AffineMap>{identity, perRow, perRow}, iterators,
                            [](OpBuilder &b, Location l, ValueRange args) {
                              Value centered = b.create<arith::SubFOp>(l, args[0], args[1]);
                              Value square = b.create<arith::MulFOp>(l, centered, centered);
                              b.create<linalg::YieldOp>(
                                  l, ValueRange{b.create<arith::AddFOp>(l, square, args[2])});
                            })
                        .getResult(0);
    Value inverse = overRows(squares, [&](OpBuilder &b, Location l, ValueRange args) -> Value {
      Value variance = b.create<arith::DivFOp>(l, args[0], countValue);
      Value deviation = b.create<math::SqrtOp>(l, b.create<arith::AddFOp>(l, variance, epsilon));
      return b.create<arith::DivFOp>(l, one, deviation);
    });

    // The scale and the optional bias broadcast onto the normalized dims.
    SmallVector<Value> operands{input, mean, inverse};
    SmallVector<AffineMap> maps{identity, perRow, perRow};
    for (Value affine : {adaptor.getScale(), adaptor.getBias()}) {
      if (!affine)
        continue;
      operands.push_back(affine);
      maps.push_back(getBroadcastMap(ctx, cast<RankedTensorType>(affine.getType()).getShape(),
                                     type.getShape()));
    }
    maps.push_back(identity);
    bool hasBias = operands.size() == 5;
    Value result =
        rewriter
            .create<linalg::GenericOp>(
                loc, type, operands, createEmpty(rewriter, loc, type), maps, parallelLoops(rank),
                [&](OpBuilder &b, Location l, ValueRange args) {
                  Value centered = b.create<arith::SubFOp>(l, args[0], args[1]);
                  Value scaled = b.create<arith::MulFOp>(
                      l, b.create<arith::MulFOp>(l, centered, args[2]), args[3]);
                  if (hasBias)
                    scaled = b.create<arith::AddFOp>(l, scaled, args[4]);
                  b.create<linalg::YieldOp>(l, scaled);
                })
            .getResult(0);
    auto statisticType = cast<RankedTensorType>(op.getMean().getType());
    rewriter.replaceOp(op, {result, keepDims(rewriter, loc, mean, statisticType),
                            keepDims(rewriter, loc, inverse, statisticType)});
    return success();
  }
};
} // namespace

void dlc::populateReductionLoweringPatterns(const TypeConverter &converter,
                                            RewritePatternSet &patterns) {
  patterns.add<ReductionLowering<ReduceMaxOp>, ReductionLowering<ReduceMinOp>,
               ReductionLowering<ReduceSumOp>, ReductionLowering<ReduceProdOp>,
               SoftmaxLowering, LayerNormLowering, ArgReductionLowering<ArgMaxOp>,
               ArgReductionLowering<ArgMinOp>>(converter, patterns.getContext());
}
