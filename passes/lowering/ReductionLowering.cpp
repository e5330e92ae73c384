//===- ReductionLowering.cpp - reductions and softmax to linalg.reduce ----===//
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
/// Combines the running value `acc` with one more element `x`.
using CombineFn = function_ref<Value(OpBuilder &, Location, Value x, Value acc)>;

/// `input` reduced along the sorted `axes` into a tensor without them,
/// starting from `init`.
Value buildReduce(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> axes,
                  Value init, CombineFn combine) {
  auto inputType = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> shape;
  for (auto [dim, size] : llvm::enumerate(inputType.getShape()))
    if (!llvm::is_contained(axes, static_cast<int64_t>(dim)))
      shape.push_back(size);
  auto reducedType = RankedTensorType::get(shape, inputType.getElementType());
  auto reduce = b.create<linalg::ReduceOp>(
      loc, input, createFilled(b, loc, reducedType, init), axes,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        nested.create<linalg::YieldOp>(nestedLoc,
                                       combine(nested, nestedLoc, args[0], args[1]));
      });
  return reduce.getResult(0);
}

Value buildMax(OpBuilder &b, Location loc, Value x, Value acc, bool isUnsigned) {
  if (isa<FloatType>(x.getType()))
    return b.create<arith::MaximumFOp>(loc, x, acc);
  if (isUnsigned)
    return b.create<arith::MaxUIOp>(loc, x, acc);
  return b.create<arith::MaxSIOp>(loc, x, acc);
}

Value buildSum(OpBuilder &b, Location loc, Value x, Value acc) {
  if (isa<FloatType>(x.getType()))
    return b.create<arith::AddFOp>(loc, x, acc);
  return b.create<arith::AddIOp>(loc, x, acc);
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
    if (reduced.getType() != resultType) {
      // keepdims: put the reduced dims back as 1s.
      std::optional<SmallVector<ReassociationIndices>> groups =
          getReassociationIndicesForReshape(cast<ShapedType>(reduced.getType()),
                                            resultType);
      assert(groups && "dropping unit dims is a valid reshape");
      reduced = rewriter.create<tensor::ExpandShapeOp>(loc, resultType, reduced, *groups);
    }
    rewriter.replaceOp(op, reduced);
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

    Value max =
        buildReduce(rewriter, loc, input, axis,
                    createLowest(rewriter, loc, elementType, /*isUnsigned=*/false),
                    [](OpBuilder &b, Location l, Value x, Value acc) -> Value {
                      return b.create<arith::MaximumFOp>(l, x, acc);
                    });

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
               SoftmaxLowering>(converter, patterns.getContext());
}
