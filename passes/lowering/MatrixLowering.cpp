//===- MatrixLowering.cpp - dlc.gemm and dlc.matmul to linalg contractions ===//
//
// Each product is one contraction that accumulates into its destination:
// Gemm's destination starts as beta * C broadcast to [M, N] (or zero), so
// bias, scaling and transposes need no op of their own and no transposed
// copy. Named ops (linalg.matmul, _transpose_a/_b, batch_matmul) are used
// where one fits; otherwise a linalg.generic whose indexing maps transpose,
// broadcast batch dims or drop the unit dim of a vector operand, so no operand
// is copied or reshaped. Nothing stands between the contraction and the
// kernel's result, which lets an elementwise epilogue write over it (see
// --dlc-fuse-epilogues). f16 and bf16 products accumulate in f32 and are
// rounded once at the end, by an elementwise op that such an epilogue joins.
//
//===----------------------------------------------------------------------===//
#include "dialects/graph/DlcDialect.h"
#include "passes/lowering/LoweringUtils.h"
#include "passes/lowering/Patterns.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
// Converts a float scalar to `type` (a no-op for other types).
Value convertFloat(OpBuilder &b, Location loc, Value value, Type type) {
  auto from = dyn_cast<FloatType>(value.getType());
  auto to = dyn_cast<FloatType>(type);
  if (!from || !to || from == to)
    return value;
  if (from.getWidth() < to.getWidth())
    return b.create<arith::ExtFOp>(loc, type, value);
  return b.create<arith::TruncFOp>(loc, type, value);
}

Value multiply(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  if (isa<FloatType>(lhs.getType()))
    return b.create<arith::MulFOp>(loc, lhs, rhs);
  return b.create<arith::MulIOp>(loc, lhs, rhs);
}

Value add(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  if (isa<FloatType>(lhs.getType()))
    return b.create<arith::AddFOp>(loc, lhs, rhs);
  return b.create<arith::AddIOp>(loc, lhs, rhs);
}

// A linalg.generic over `numLoops` loops, the last of which is the reduction,
// that accumulates `alpha * lhs * rhs` into `init` in init's element type.
Value buildContraction(OpBuilder &b, Location loc, Value lhs, Value rhs, Value init,
                       unsigned numLoops, ArrayRef<AffineExpr> lhsExprs,
                       ArrayRef<AffineExpr> rhsExprs, ArrayRef<AffineExpr> initExprs,
                       double alpha) {
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineMap> maps{AffineMap::get(numLoops, 0, lhsExprs, ctx),
                              AffineMap::get(numLoops, 0, rhsExprs, ctx),
                              AffineMap::get(numLoops, 0, initExprs, ctx)};
  SmallVector<utils::IteratorType> iterators(numLoops - 1,
                                             utils::IteratorType::parallel);
  iterators.push_back(utils::IteratorType::reduction);
  Type accType = cast<RankedTensorType>(init.getType()).getElementType();
  Value scale = alpha == 1.0 ? Value() : createScalar(b, loc, accType, alpha);
  auto generic = b.create<linalg::GenericOp>(
      loc, TypeRange{init.getType()}, ValueRange{lhs, rhs}, init, maps, iterators,
      [&](OpBuilder &nested, Location bodyLoc, ValueRange args) {
        Value product =
            multiply(nested, bodyLoc, convertFloat(nested, bodyLoc, args[0], accType),
                     convertFloat(nested, bodyLoc, args[1], accType));
        if (scale)
          product = multiply(nested, bodyLoc, scale, product);
        nested.create<linalg::YieldOp>(bodyLoc, add(nested, bodyLoc, args[2], product));
      });
  return generic.getResult(0);
}

// Rounds an accumulated result to `resultType` where the two differ.
Value roundResult(OpBuilder &b, Location loc, Value accumulated,
                  RankedTensorType resultType) {
  if (accumulated.getType() == resultType)
    return accumulated;
  return buildBroadcastGeneric(
      b, loc, resultType, accumulated,
      [&](OpBuilder &nested, Location bodyLoc, ValueRange args) {
        return convertFloat(nested, bodyLoc, args[0], resultType.getElementType());
      });
}

// alpha * op(A) * op(B) + beta * C.
struct GemmLowering : OpConversionPattern<GemmOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(GemmOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto resultType = convertTensorType(*getTypeConverter(), op.getType());
    Type accType = accumulatorType(resultType.getElementType());
    auto accTensorType = resultType.clone(accType);
    double alpha = op.getAlpha().convertToDouble();
    double beta = op.getBeta().convertToDouble();

    // As in BLAS, beta = 0 leaves C unread (so a NaN in C does not leak).
    // A full-size C with beta = 1 is copied with linalg.copy: the identity
    // generic would fold away, and accumulating into C itself would write a
    // kernel's input.
    Value c = adaptor.getC();
    Value init;
    if (c && beta == 1.0 && c.getType() == accTensorType) {
      Value empty = createEmpty(rewriter, loc, accTensorType);
      init = rewriter.create<linalg::CopyOp>(loc, c, empty).getResult(0);
    } else if (c && beta != 0.0) {
      Value scale = beta == 1.0 ? Value() : createScalar(rewriter, loc, accType, beta);
      init = buildBroadcastGeneric(
          rewriter, loc, accTensorType, c,
          [&](OpBuilder &b, Location bodyLoc, ValueRange args) {
            Value value = convertFloat(b, bodyLoc, args[0], accType);
            return scale ? multiply(b, bodyLoc, scale, value) : value;
          });
    } else {
      init = createFilled(rewriter, loc, accTensorType,
                          createScalar(rewriter, loc, accType, 0.0));
    }

    // Named ops extend 16-bit float operands to the f32 destination themselves.
    Value a = adaptor.getA();
    Value b = adaptor.getB();
    bool transA = op.getTransA() == 1;
    bool transB = op.getTransB() == 1;
    Value result;
    if (alpha == 1.0 && !transA && !transB)
      result = rewriter.create<linalg::MatmulOp>(loc, ValueRange{a, b}, init)
                   .getResult(0);
    else if (alpha == 1.0 && transA && !transB)
      result = rewriter.create<linalg::MatmulTransposeAOp>(loc, ValueRange{a, b}, init)
                   .getResult(0);
    else if (alpha == 1.0 && !transA && transB)
      result = rewriter.create<linalg::MatmulTransposeBOp>(loc, ValueRange{a, b}, init)
                   .getResult(0);
    else {
      AffineExpr m = getAffineDimExpr(0, ctx);
      AffineExpr n = getAffineDimExpr(1, ctx);
      AffineExpr k = getAffineDimExpr(2, ctx);
      SmallVector<AffineExpr> aExprs = transA ? SmallVector<AffineExpr>{k, m}
                                              : SmallVector<AffineExpr>{m, k};
      SmallVector<AffineExpr> bExprs = transB ? SmallVector<AffineExpr>{n, k}
                                              : SmallVector<AffineExpr>{k, n};
      result = buildContraction(rewriter, loc, a, b, init, 3, aExprs, bExprs, {m, n},
                                alpha);
    }
    rewriter.replaceOp(op, roundResult(rewriter, loc, result, resultType));
    return success();
  }
};

// NumPy matmul: [..., M, K] x [..., K, N] with broadcast batch dims.
struct MatMulLowering : OpConversionPattern<MatMulOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(MatMulOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto resultType = convertTensorType(*getTypeConverter(), op.getType());
    Type accType = accumulatorType(resultType.getElementType());
    Value lhs = adaptor.getLhs();
    Value rhs = adaptor.getRhs();
    ArrayRef<int64_t> lhsShape = cast<RankedTensorType>(lhs.getType()).getShape();
    ArrayRef<int64_t> rhsShape = cast<RankedTensorType>(rhs.getType()).getShape();
    Value init = createFilled(rewriter, loc, resultType.clone(accType),
                              createScalar(rewriter, loc, accType, 0.0));

    Value result;
    if (lhsShape.size() == 2 && rhsShape.size() == 2) {
      result = rewriter.create<linalg::MatmulOp>(loc, ValueRange{lhs, rhs}, init)
                   .getResult(0);
    } else if (lhsShape.size() == 3 && rhsShape.size() == 3 &&
               lhsShape[0] == rhsShape[0]) {
      result = rewriter.create<linalg::BatchMatmulOp>(loc, ValueRange{lhs, rhs}, init)
                   .getResult(0);
    } else {
      // Loops: the result's dims (batch..., m if lhs is a matrix, n if rhs
      // is one), then k. Batch dims an operand lacks or has as 1 are not read
      // from it (getBroadcastMap), and a vector operand has no m or n.
      bool lhsVector = lhsShape.size() == 1;
      bool rhsVector = rhsShape.size() == 1;
      int64_t resultRank = resultType.getRank();
      int64_t batchRank = resultRank - !lhsVector - !rhsVector;
      ArrayRef<int64_t> batchShape = resultType.getShape().take_front(batchRank);
      AffineExpr k = getAffineDimExpr(resultRank, ctx);

      SmallVector<AffineExpr> lhsExprs(
          getBroadcastMap(ctx, lhsShape.drop_back(lhsVector ? 1 : 2), batchShape)
              .getResults());
      if (!lhsVector)
        lhsExprs.push_back(getAffineDimExpr(batchRank, ctx));
      lhsExprs.push_back(k);

      SmallVector<AffineExpr> rhsExprs(
          getBroadcastMap(ctx, rhsShape.drop_back(rhsVector ? 1 : 2), batchShape)
              .getResults());
      rhsExprs.push_back(k);
      if (!rhsVector)
        rhsExprs.push_back(getAffineDimExpr(resultRank - 1, ctx));

      SmallVector<AffineExpr> resultExprs;
      for (int64_t i = 0; i < resultRank; ++i)
        resultExprs.push_back(getAffineDimExpr(i, ctx));
      result = buildContraction(rewriter, loc, lhs, rhs, init, resultRank + 1,
                                lhsExprs, rhsExprs, resultExprs, /*alpha=*/1.0);
    }
    rewriter.replaceOp(op, roundResult(rewriter, loc, result, resultType));
    return success();
  }
};
} // namespace

void dlc::populateMatrixLoweringPatterns(const TypeConverter &converter,
                                         RewritePatternSet &patterns) {
  patterns.add<GemmLowering, MatMulLowering>(converter, patterns.getContext());
}
