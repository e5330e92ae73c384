//===- ReductionLowering.cpp - reductions, softmax and argmax to linalg ---===//
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
Value buildMax(OpBuilder &b, Location loc, Value x, Value acc, bool isUnsigned) {
  if (isa<FloatType>(x.getType()))
    return b.create<arith::MaximumFOp>(loc, x, acc);
  if (isUnsigned)
    return b.create<arith::MaxUIOp>(loc, x, acc);
  return b.create<arith::MaxSIOp>(loc, x, acc);
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

// Whether element `x` takes over from the running maximum `max` in ArgMax:
// a larger one does, and an equal one too when the last index is wanted. A
// NaN is larger than any number, as in numpy.argmax: the first NaN stays
// (the last one with `last`).
Value replacesMax(OpBuilder &b, Location loc, Value x, Value max, bool last,
                  bool isUnsigned) {
  using arith::CmpFPredicate;
  if (isa<FloatType>(x.getType())) {
    if (last)
      return b.create<arith::OrIOp>(
          loc, b.create<arith::CmpFOp>(loc, CmpFPredicate::OGE, x, max),
          b.create<arith::CmpFOp>(loc, CmpFPredicate::UNO, x, x));
    return b.create<arith::AndIOp>(
        loc, b.create<arith::CmpFOp>(loc, CmpFPredicate::UGT, x, max),
        b.create<arith::CmpFOp>(loc, CmpFPredicate::ORD, max, max));
  }
  arith::CmpIPredicate predicate =
      last ? (isUnsigned ? arith::CmpIPredicate::uge : arith::CmpIPredicate::sge)
           : (isUnsigned ? arith::CmpIPredicate::ugt : arith::CmpIPredicate::sgt);
  return b.create<arith::CmpIOp>(loc, predicate, x, max);
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
    Value reduced;
    if constexpr (std::is_same_v<OpTy, ReduceMaxOp>) {
      reduced = buildReduce(rewriter, loc, adaptor.getInput(), op.getNormalizedAxes(),
                            createLowest(rewriter, loc, elementType, isUnsigned),
                            [&](OpBuilder &b, Location l, Value x, Value acc) {
                              return buildMax(b, l, x, acc, isUnsigned);
                            });
    } else {
      reduced = buildReduce(rewriter, loc, adaptor.getInput(), op.getNormalizedAxes(),
                            createScalar(rewriter, loc, elementType, 0), buildSum);
    }
    rewriter.replaceOp(op, keepDims(rewriter, loc, reduced, resultType));
    return success();
  }
};

// One pass along the axis keeps the running maximum and its index, of which
// only the index is returned.
struct ArgMaxLowering : OpConversionPattern<ArgMaxOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(ArgMaxOp op, OpAdaptor adaptor,
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
    Value maxInit = createFilled(rewriter, loc, RankedTensorType::get(shape, elementType),
                                 createLowest(rewriter, loc, elementType, isUnsigned));
    Value indexInit = createFilled(rewriter, loc, RankedTensorType::get(shape, indexType),
                                   createScalar(rewriter, loc, indexType, 0));
    AffineMap identity = rewriter.getMultiDimIdentityMap(rank);
    AffineMap alongAxis = identity.dropResult(axis);
    SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
    iterators[axis] = utils::IteratorType::reduction;
    auto generic = rewriter.create<linalg::GenericOp>(
        loc, TypeRange{maxInit.getType(), indexInit.getType()}, input,
        ValueRange{maxInit, indexInit},
        ArrayRef<AffineMap>{identity, alongAxis, alongAxis}, iterators,
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value x = args[0], max = args[1], index = args[2];
          Value takes = replacesMax(b, l, x, max, last, isUnsigned);
          Value position = b.create<arith::IndexCastOp>(
              l, indexType, b.create<linalg::IndexOp>(l, axis));
          b.create<linalg::YieldOp>(
              l, ValueRange{b.create<arith::SelectOp>(l, takes, x, max),
                            b.create<arith::SelectOp>(l, takes, position, index)});
        });
    RankedTensorType resultType = convertTensorType(*getTypeConverter(), op.getType());
    rewriter.replaceOp(op, keepDims(rewriter, loc, generic.getResult(1), resultType));
    return success();
  }
};

// The numerically stable form, exp(x - max) / sum(exp(x - max)), with one
// full-size tensor: the exponentials are written into the result, which
// the final division then overwrites in place.
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

    rewriter.replaceOpWithNewOp<linalg::GenericOp>(
        op, type, ValueRange{sum}, ValueRange{exps},
        ArrayRef<AffineMap>{alongAxis, identity}, parallel,
        [](OpBuilder &b, Location l, ValueRange args) {
          b.create<linalg::YieldOp>(
              l, ValueRange{b.create<arith::DivFOp>(l, args[1], args[0])});
        });
    return success();
  }
};
} // namespace

void dlc::populateReductionLoweringPatterns(const TypeConverter &converter,
                                            RewritePatternSet &patterns) {
  patterns.add<ReductionLowering<ReduceMaxOp>, ReductionLowering<ReduceSumOp>,
               SoftmaxLowering, ArgMaxLowering>(converter, patterns.getContext());
}
