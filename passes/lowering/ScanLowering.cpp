//===- ScanLowering.cpp - cumsum, trilu, top-k and one-hot to linalg ------===//
//
// Each op is one or two `linalg.generic`s whose bodies compare positions
// (`linalg.index`). A running sum or a rank along an axis is a reduction
// over a second copy of that axis: quadratic in its length, which is what
// expressing them without loops of our own costs; these axes are short
// (sequence positions, classes).
//
//===----------------------------------------------------------------------===//
#include "dialects/graph/DlcDialect.h"
#include "passes/lowering/LoweringUtils.h"
#include "passes/lowering/Patterns.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
// Maps of a generic over `rank` result dims plus one more, last, loop
// (`rank`): the result's identity, and the input read at that loop's
// position along `axis`.
struct AlongAxisMaps {
  AffineMap result;
  AffineMap alongAxis;
};

AlongAxisMaps alongAxisMaps(OpBuilder &b, int64_t rank, int64_t axis) {
  SmallVector<AffineExpr> dims, along;
  for (int64_t d = 0; d < rank; ++d) {
    dims.push_back(b.getAffineDimExpr(d));
    along.push_back(d == axis ? b.getAffineDimExpr(rank) : b.getAffineDimExpr(d));
  }
  return {AffineMap::get(rank + 1, 0, dims, b.getContext()),
          AffineMap::get(rank + 1, 0, along, b.getContext())};
}

// `rank` parallel loops, then the reduction along the extra one.
SmallVector<utils::IteratorType> withReductionLoop(int64_t rank) {
  SmallVector<utils::IteratorType> iterators = parallelLoops(rank);
  iterators.push_back(utils::IteratorType::reduction);
  return iterators;
}

Value indexAsI64(OpBuilder &b, Location loc, int64_t dim) {
  return b.create<arith::IndexCastOp>(loc, b.getI64Type(), b.create<linalg::IndexOp>(loc, dim));
}

// out[i] = sum of in[j] over the j that `i` takes in: j <= i (j < i when
// exclusive), or j >= i (j > i) reversed.
struct CumSumLowering : OpConversionPattern<CumSumOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(CumSumOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = convertTensorType(*getTypeConverter(), op.getType());
    Type element = type.getElementType();
    int64_t rank = type.getRank();
    int64_t axis = op.getNormalizedAxis();
    using arith::CmpIPredicate;
    CmpIPredicate takes = op.getReverse()
                              ? (op.getExclusive() ? CmpIPredicate::sgt : CmpIPredicate::sge)
                              : (op.getExclusive() ? CmpIPredicate::slt : CmpIPredicate::sle);
    AlongAxisMaps maps = alongAxisMaps(rewriter, rank, axis);
    Value zero = createScalar(rewriter, loc, element, 0);
    rewriter.replaceOpWithNewOp<linalg::GenericOp>(
        op, type, adaptor.getInput(), createFilled(rewriter, loc, type, zero),
        ArrayRef<AffineMap>{maps.alongAxis, maps.result}, withReductionLoop(rank),
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value in = b.create<arith::CmpIOp>(l, takes, b.create<linalg::IndexOp>(l, rank),
                                             b.create<linalg::IndexOp>(l, axis));
          Value term = b.create<arith::SelectOp>(l, in, args[0], zero);
          b.create<linalg::YieldOp>(l, buildSum(b, l, term, args[1]));
        });
    return success();
  }
};

struct TriluLowering : OpConversionPattern<TriluOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(TriluOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = convertTensorType(*getTypeConverter(), op.getType());
    int64_t rank = type.getRank();
    auto k = static_cast<int64_t>(op.getK());
    arith::CmpIPredicate keeps =
        op.getUpper() ? arith::CmpIPredicate::sge : arith::CmpIPredicate::sle;
    Value result = buildBroadcastGeneric(
        rewriter, loc, type, adaptor.getInput(),
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          Value diagonal = b.create<arith::SubIOp>(l, indexAsI64(b, l, rank - 1),
                                                   indexAsI64(b, l, rank - 2));
          Value kept = b.create<arith::CmpIOp>(l, keeps, diagonal,
                                               createScalar(b, l, b.getI64Type(), k));
          return b.create<arith::SelectOp>(
              l, kept, args[0], createScalar(b, l, type.getElementType(), 0));
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

// Whether `other` comes before `self` in TopK's order: larger (smaller)
// first, and among equal ones the lower index.
Value comesFirst(OpBuilder &b, Location loc, Value other, Value self, Value otherIndex,
                 Value selfIndex, bool largest, bool isUnsigned) {
  Value better, equal;
  if (isa<FloatType>(self.getType())) {
    better = b.create<arith::CmpFOp>(
        loc, largest ? arith::CmpFPredicate::OGT : arith::CmpFPredicate::OLT, other, self);
    equal = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OEQ, other, self);
  } else {
    using arith::CmpIPredicate;
    CmpIPredicate predicate =
        largest ? (isUnsigned ? CmpIPredicate::ugt : CmpIPredicate::sgt)
                : (isUnsigned ? CmpIPredicate::ult : CmpIPredicate::slt);
    better = b.create<arith::CmpIOp>(loc, predicate, other, self);
    equal = b.create<arith::CmpIOp>(loc, CmpIPredicate::eq, other, self);
  }
  Value earlier = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::slt, otherIndex,
                                          selfIndex);
  return b.create<arith::OrIOp>(loc, better,
                                b.create<arith::AndIOp>(loc, equal, earlier));
}

// First each element's rank in the order (how many come before it), then
// output position p takes the element of rank p.
struct TopKLowering : OpConversionPattern<TopKOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(TopKOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto inputType = cast<RankedTensorType>(input.getType());
    Type element = inputType.getElementType();
    Type i64 = rewriter.getI64Type();
    int64_t rank = inputType.getRank();
    int64_t axis = op.getNormalizedAxis();
    bool largest = op.getLargest();
    bool isUnsigned = getElementTypeOrSelf(op.getInput().getType()).isUnsignedInteger();
    AlongAxisMaps maps = alongAxisMaps(rewriter, rank, axis);
    SmallVector<utils::IteratorType> iterators = withReductionLoop(rank);

    auto ranksType = RankedTensorType::get(inputType.getShape(), i64);
    Value zero = createScalar(rewriter, loc, i64, 0);
    Value ranks =
        rewriter
            .create<linalg::GenericOp>(
                loc, ranksType, ValueRange{input, input},
                createFilled(rewriter, loc, ranksType, zero),
                ArrayRef<AffineMap>{maps.result, maps.alongAxis, maps.result}, iterators,
                [&](OpBuilder &b, Location l, ValueRange args) {
                  Value first = comesFirst(b, l, args[1], args[0], indexAsI64(b, l, rank),
                                           indexAsI64(b, l, axis), largest, isUnsigned);
                  Value count = b.create<arith::ExtUIOp>(l, i64, first);
                  b.create<linalg::YieldOp>(l, ValueRange{b.create<arith::AddIOp>(
                                                   l, args[2], count)});
                })
            .getResult(0);

    RankedTensorType valuesType =
        convertTensorType(*getTypeConverter(), op.getValues().getType());
    RankedTensorType indicesType = op.getIndices().getType();
    auto select = rewriter.create<linalg::GenericOp>(
        loc, TypeRange{valuesType, indicesType}, ValueRange{input, ranks},
        ValueRange{createFilled(rewriter, loc, valuesType, createScalar(rewriter, loc, element, 0)),
                   createFilled(rewriter, loc, indicesType, zero)},
        ArrayRef<AffineMap>{maps.alongAxis, maps.alongAxis, maps.result, maps.result},
        iterators, [&](OpBuilder &b, Location l, ValueRange args) {
          Value hit = b.create<arith::CmpIOp>(l, arith::CmpIPredicate::eq, args[1],
                                              indexAsI64(b, l, axis));
          b.create<linalg::YieldOp>(
              l, ValueRange{b.create<arith::SelectOp>(l, hit, args[0], args[2]),
                            b.create<arith::SelectOp>(l, hit, indexAsI64(b, l, rank),
                                                      args[3])});
        });
    rewriter.replaceOp(op, select.getResults());
    return success();
  }
};

// An index of any numeric type as int64: floats are truncated toward zero.
Value toI64(OpBuilder &b, Location loc, Value index, bool isUnsigned) {
  Type i64 = b.getI64Type();
  Type type = index.getType();
  if (isa<FloatType>(type))
    return b.create<arith::FPToSIOp>(loc, i64, index);
  if (type.getIntOrFloatBitWidth() == 64)
    return index;
  if (isUnsigned)
    return b.create<arith::ExtUIOp>(loc, i64, index);
  return b.create<arith::ExtSIOp>(loc, i64, index);
}

struct OneHotLowering : OpConversionPattern<OneHotOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(OneHotOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = convertTensorType(*getTypeConverter(), op.getType());
    int64_t rank = type.getRank();
    int64_t axis = op.getNormalizedAxis();
    auto depth = static_cast<int64_t>(op.getDepth());
    bool isUnsigned = getElementTypeOrSelf(op.getIndices().getType()).isUnsignedInteger();
    auto valueAt = [&](int64_t i) {
      Value position = rewriter.create<arith::ConstantIndexOp>(loc, i);
      return rewriter.create<tensor::ExtractOp>(loc, adaptor.getValues(), position);
    };
    Value off = valueAt(0), on = valueAt(1);
    AffineMap identity = rewriter.getMultiDimIdentityMap(rank);
    rewriter.replaceOpWithNewOp<linalg::GenericOp>(
        op, type, adaptor.getIndices(), createEmpty(rewriter, loc, type),
        ArrayRef<AffineMap>{identity.dropResult(axis), identity}, parallelLoops(rank),
        [&](OpBuilder &b, Location l, ValueRange args) {
          Type i64 = b.getI64Type();
          Value index = toI64(b, l, args[0], isUnsigned);
          Value negative = b.create<arith::CmpIOp>(l, arith::CmpIPredicate::slt, index,
                                                   createScalar(b, l, i64, 0));
          index = b.create<arith::SelectOp>(
              l, negative,
              b.create<arith::AddIOp>(l, index, createScalar(b, l, i64, depth)), index);
          Value hot = b.create<arith::CmpIOp>(l, arith::CmpIPredicate::eq, index,
                                              indexAsI64(b, l, axis));
          b.create<linalg::YieldOp>(l, ValueRange{b.create<arith::SelectOp>(l, hot, on, off)});
        });
    return success();
  }
};
} // namespace

void dlc::populateScanLoweringPatterns(const TypeConverter &converter,
                                       RewritePatternSet &patterns) {
  patterns.add<CumSumLowering, TriluLowering, TopKLowering, OneHotLowering>(
      converter, patterns.getContext());
}
