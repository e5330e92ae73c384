//===- LossLowering.cpp - log_softmax and the NLL loss to linalg ----------===//
#include "dialects/graph/DlcDialect.h"
#include "passes/lowering/LoweringUtils.h"
#include "passes/lowering/Patterns.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
SmallVector<int64_t> allAxes(int64_t rank) {
  return llvm::to_vector(llvm::seq<int64_t>(0, rank));
}

// log_softmax = x - (max + log(sum(exp(x - max)))), the shift keeping exp
// in range.
struct LogSoftmaxLowering : OpConversionPattern<LogSoftmaxOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(LogSoftmaxOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    RankedTensorType type = op.getType();
    Type elementType = type.getElementType();
    int64_t axis = op.getNormalizedAxis();
    int64_t rank = type.getRank();
    AffineMap identity = rewriter.getMultiDimIdentityMap(rank);
    AffineMap alongAxis = identity.dropResult(axis);

    Value max = buildMaxAlong(rewriter, loc, input, axis);
    auto maxType = cast<RankedTensorType>(max.getType());
    Value zeros = createFilled(rewriter, loc, maxType, createScalar(rewriter, loc, elementType, 0));
    SmallVector<utils::IteratorType> iterators = parallelLoops(rank);
    iterators[axis] = utils::IteratorType::reduction;
    Value sum = rewriter
                    .create<linalg::GenericOp>(
                        loc, maxType, ValueRange{input, max}, ValueRange{zeros},
                        ArrayRef<AffineMap>{identity, alongAxis, alongAxis}, iterators,
                        [](OpBuilder &b, Location l, ValueRange args) {
                          Value shifted = b.create<arith::SubFOp>(l, args[0], args[1]);
                          Value exp = b.create<math::ExpOp>(l, shifted);
                          b.create<linalg::YieldOp>(
                              l, ValueRange{b.create<arith::AddFOp>(l, exp, args[2])});
                        })
                    .getResult(0);
    rewriter.replaceOpWithNewOp<linalg::GenericOp>(
        op, type, ValueRange{input, max, sum}, ValueRange{createEmpty(rewriter, loc, type)},
        ArrayRef<AffineMap>{identity, alongAxis, alongAxis, identity}, parallelLoops(rank),
        [](OpBuilder &b, Location l, ValueRange args) {
          Value logSum = b.create<math::LogOp>(l, args[2]);
          Value shift = b.create<arith::AddFOp>(l, args[1], logSum);
          b.create<linalg::YieldOp>(l, ValueRange{b.create<arith::SubFOp>(l, args[0], shift)});
        });
    return success();
  }
};

// What one position [n, d...] of an NLL loss reads: its target class, whether
// it counts, and its class weight.
struct TargetInfo {
  Value ignored; // i1
  Value index;   // the class as an index, 0 when ignored or out of range
  Value weight;  // 0 when ignored
};

TargetInfo readTarget(OpBuilder &b, Location loc, Value target, Value weight,
                      std::optional<int64_t> ignoreIndex, int64_t numClasses,
                      Type elementType) {
  Type targetType = target.getType();
  auto constant = [&](int64_t v) {
    return b.create<arith::ConstantOp>(loc, b.getIntegerAttr(targetType, v));
  };
  Value ignored = b.create<arith::ConstantOp>(loc, b.getBoolAttr(false));
  if (ignoreIndex)
    ignored = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, target,
                                      constant(*ignoreIndex));
  Value inRange = b.create<arith::AndIOp>(
      loc, b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sge, target, constant(0)),
      b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::slt, target, constant(numClasses)));
  Value safe = b.create<arith::SelectOp>(loc, inRange, target, constant(0));
  Value index = b.create<arith::IndexCastOp>(loc, b.getIndexType(), safe);
  Value zero = createScalar(b, loc, elementType, 0);
  Value w = weight ? b.create<tensor::ExtractOp>(loc, weight, index).getResult()
                   : createScalar(b, loc, elementType, 1);
  return {ignored, index, b.create<arith::SelectOp>(loc, ignored, zero, w)};
}

// The sum of a tensor's elements as a 0-d tensor.
Value sumAll(OpBuilder &b, Location loc, Value tensor) {
  auto type = cast<RankedTensorType>(tensor.getType());
  return buildReduce(b, loc, tensor, allAxes(type.getRank()),
                     createScalar(b, loc, type.getElementType(), 0), buildSum);
}

// A 0-d tensor holding lhs / rhs (both 0-d).
Value divideScalars(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  auto type = cast<RankedTensorType>(lhs.getType());
  AffineMap scalar = AffineMap::get(0, 0, b.getContext());
  return b
      .create<linalg::GenericOp>(
          loc, type, ValueRange{lhs, rhs}, ValueRange{createEmpty(b, loc, type)},
          ArrayRef<AffineMap>{scalar, scalar, scalar}, ArrayRef<utils::IteratorType>{},
          [](OpBuilder &nb, Location l, ValueRange args) {
            nb.create<linalg::YieldOp>(l,
                                       ValueRange{nb.create<arith::DivFOp>(l, args[0], args[1])});
          })
      .getResult(0);
}

// The weight of every position ([N, d...]), 0 where ignored: the divisor of a
// "mean" loss is their sum.
Value positionWeights(OpBuilder &b, Location loc, Value target, Value weight,
                      std::optional<int64_t> ignoreIndex, int64_t numClasses,
                      Type elementType) {
  auto targetType = cast<RankedTensorType>(target.getType());
  auto type = RankedTensorType::get(targetType.getShape(), elementType);
  int64_t rank = type.getRank();
  AffineMap identity = b.getMultiDimIdentityMap(rank);
  return b
      .create<linalg::GenericOp>(
          loc, type, ValueRange{target}, ValueRange{createEmpty(b, loc, type)},
          ArrayRef<AffineMap>{identity, identity}, parallelLoops(rank),
          [&](OpBuilder &nb, Location l, ValueRange args) {
            TargetInfo info =
                readTarget(nb, l, args[0], weight, ignoreIndex, numClasses, elementType);
            nb.create<linalg::YieldOp>(l, ValueRange{info.weight});
          })
      .getResult(0);
}

struct NllLossLowering : OpConversionPattern<NllLossOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(NllLossOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    Value target = adaptor.getTarget();
    Value weight = adaptor.getWeight();
    auto inputType = cast<RankedTensorType>(input.getType());
    Type elementType = inputType.getElementType();
    int64_t numClasses = inputType.getDimSize(1);
    std::optional<int64_t> ignoreIndex = op.getIgnoreIndex();
    auto targetType = cast<RankedTensorType>(target.getType());
    auto lossesType = RankedTensorType::get(targetType.getShape(), elementType);
    int64_t rank = lossesType.getRank();
    AffineMap identity = rewriter.getMultiDimIdentityMap(rank);
    // losses[n, d...] = -input[n, target, d...] * weight[target]
    Value losses =
        rewriter
            .create<linalg::GenericOp>(
                loc, lossesType, ValueRange{target},
                ValueRange{createEmpty(rewriter, loc, lossesType)},
                ArrayRef<AffineMap>{identity, identity}, parallelLoops(rank),
                [&](OpBuilder &b, Location l, ValueRange args) {
                  TargetInfo info =
                      readTarget(b, l, args[0], weight, ignoreIndex, numClasses, elementType);
                  SmallVector<Value> indices{b.create<linalg::IndexOp>(l, 0), info.index};
                  for (int64_t dim = 1; dim < rank; ++dim)
                    indices.push_back(b.create<linalg::IndexOp>(l, dim));
                  Value logProb = b.create<tensor::ExtractOp>(l, input, indices);
                  Value loss = b.create<arith::MulFOp>(
                      l, b.create<arith::NegFOp>(l, logProb), info.weight);
                  b.create<linalg::YieldOp>(l, ValueRange{loss});
                })
            .getResult(0);
    StringRef reduction = op.getReduction();
    if (reduction == "none") {
      rewriter.replaceOp(op, losses);
      return success();
    }
    Value total = sumAll(rewriter, loc, losses);
    if (reduction == "mean")
      total = divideScalars(rewriter, loc, total,
                            sumAll(rewriter, loc,
                                   positionWeights(rewriter, loc, target, weight, ignoreIndex,
                                                   numClasses, elementType)));
    rewriter.replaceOp(op, total);
    return success();
  }
};

struct NllLossGradLowering : OpConversionPattern<NllLossGradOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(NllLossGradOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value grad = adaptor.getGrad();
    Value target = adaptor.getTarget();
    Value weight = adaptor.getWeight();
    RankedTensorType type = op.getType();
    Type elementType = type.getElementType();
    int64_t numClasses = op.getNumClasses();
    std::optional<int64_t> ignoreIndex = op.getIgnoreIndex();
    StringRef reduction = op.getReduction();
    int64_t rank = type.getRank();
    MLIRContext *ctx = rewriter.getContext();

    // Maps from [n, c, d...] to the target's positions [n, d...] and to a
    // scalar.
    SmallVector<AffineExpr> positionExprs{getAffineDimExpr(0, ctx)};
    for (int64_t dim = 2; dim < rank; ++dim)
      positionExprs.push_back(getAffineDimExpr(dim, ctx));
    AffineMap position = AffineMap::get(rank, 0, positionExprs, ctx);
    AffineMap scalar = AffineMap::get(rank, 0, ctx);
    AffineMap identity = rewriter.getMultiDimIdentityMap(rank);

    SmallVector<Value> inputs{target, grad};
    SmallVector<AffineMap> maps{position, reduction == "none" ? position : scalar};
    if (reduction == "mean") {
      inputs.push_back(sumAll(rewriter, loc,
                              positionWeights(rewriter, loc, target, weight, ignoreIndex,
                                              numClasses, elementType)));
      maps.push_back(scalar);
    }
    maps.push_back(identity);
    bool divide = reduction == "mean";
    rewriter.replaceOpWithNewOp<linalg::GenericOp>(
        op, type, inputs, ValueRange{createEmpty(rewriter, loc, type)}, maps,
        parallelLoops(rank), [&](OpBuilder &b, Location l, ValueRange args) {
          TargetInfo info =
              readTarget(b, l, args[0], weight, ignoreIndex, numClasses, elementType);
          Value g = divide ? b.create<arith::DivFOp>(l, args[1], args[2]).getResult() : args[1];
          Value value = b.create<arith::NegFOp>(l, b.create<arith::MulFOp>(l, info.weight, g));
          Value isTarget = b.create<arith::CmpIOp>(l, arith::CmpIPredicate::eq,
                                                   b.create<linalg::IndexOp>(l, 1), info.index);
          Value counts = b.create<arith::AndIOp>(
              l, isTarget,
              b.create<arith::XOrIOp>(
                  l, info.ignored, b.create<arith::ConstantOp>(l, b.getBoolAttr(true))));
          b.create<linalg::YieldOp>(
              l, ValueRange{b.create<arith::SelectOp>(l, counts, value,
                                                      createScalar(b, l, elementType, 0))});
        });
    return success();
  }
};
} // namespace

void dlc::populateLossLoweringPatterns(const TypeConverter &converter,
                                       RewritePatternSet &patterns) {
  patterns.add<LogSoftmaxLowering, NllLossLowering, NllLossGradLowering>(
      converter, patterns.getContext());
}
