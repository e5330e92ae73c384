//===- MatrixOps.cpp - type inference and gradients of matrix products ----===//
#include "dialects/graph/DlcDialect.h"
#include "dialects/graph/GradientUtils.h"
#include "dialects/graph/TypeInference.h"

#include "llvm/ADT/Sequence.h"

#include <cmath>

using namespace mlir;
using namespace dlc::graph;

namespace {
// Checks that Gemm operand `value` is a static tensor of A's element type.
LogicalResult checkOperand(std::optional<Location> loc, Value value, StringRef what,
                           Type elementType) {
  if (failed(requireStaticTensor(loc, value.getType(), what)))
    return failure();
  Type found = cast<RankedTensorType>(value.getType()).getElementType();
  if (found != elementType)
    return emitOptionalError(loc, "expected ", what, " of element type ", elementType,
                             " like A, found ", found);
  return success();
}

// Integer Gemm scales in the element type, so a fractional factor has no
// faithful lowering.
LogicalResult checkIntegerScale(std::optional<Location> loc, Type elementType,
                                StringRef name, float value) {
  if (!isa<IntegerType>(elementType) || std::trunc(value) == value)
    return success();
  return emitOptionalError(loc, "expected a whole-number ", name, " for ",
                           elementType, " operands, found ", value);
}

Value createGemm(OpBuilder &b, Location loc, Value lhs, Value rhs, bool transLhs,
                 bool transRhs, FloatAttr alpha) {
  return b.create<GemmOp>(loc, lhs, rhs, /*c=*/Value(), alpha, b.getF32FloatAttr(1.0f),
                          b.getI64IntegerAttr(transLhs), b.getI64IntegerAttr(transRhs));
}

// The product of `lhs` and `rhs` [..., M, K] x [..., K, N], each optionally
// with its last two dims swapped first. Matrices multiply by Gemm, which
// reads them transposed in place; batches transpose, then MatMul.
Value multiplyTransposed(OpBuilder &b, Location loc, Value lhs, bool transLhs, Value rhs,
                         bool transRhs) {
  auto lhsType = cast<RankedTensorType>(lhs.getType());
  auto rhsType = cast<RankedTensorType>(rhs.getType());
  if (lhsType.getRank() == 2 && rhsType.getRank() == 2)
    return createGemm(b, loc, lhs, rhs, transLhs, transRhs, b.getF32FloatAttr(1.0f));
  auto swapLastTwo = [&](Value value) -> Value {
    int64_t rank = cast<RankedTensorType>(value.getType()).getRank();
    SmallVector<int64_t> perm = llvm::to_vector(llvm::seq<int64_t>(0, rank));
    std::swap(perm[rank - 1], perm[rank - 2]);
    return b.create<TransposeOp>(loc, value, b.getDenseI64ArrayAttr(perm));
  };
  return b.create<MatMulOp>(loc, transLhs ? swapLastTwo(lhs) : lhs,
                            transRhs ? swapLastTwo(rhs) : rhs);
}
} // namespace

LogicalResult GemmOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                       Adaptor given, SmallVectorImpl<Type> &types) {
  Adaptor adaptor = withDefaultAttrs<GemmOp>(ctx, given);
  if (failed(requireStaticTensor(loc, adaptor.getA().getType(), "A")))
    return failure();
  auto aType = cast<RankedTensorType>(adaptor.getA().getType());
  Type elementType = aType.getElementType();
  if (failed(checkOperand(loc, adaptor.getB(), "B", elementType)))
    return failure();
  auto bType = cast<RankedTensorType>(adaptor.getB().getType());
  if (aType.getRank() != 2 || bType.getRank() != 2)
    return emitOptionalError(loc, "expected A and B of rank 2, found ranks ",
                             aType.getRank(), " and ", bType.getRank());

  int64_t transA = adaptor.getTransAAttr().getInt();
  int64_t transB = adaptor.getTransBAttr().getInt();
  if (transA != 0 && transA != 1)
    return emitOptionalError(loc, "expected transA 0 or 1, found ", transA);
  if (transB != 0 && transB != 1)
    return emitOptionalError(loc, "expected transB 0 or 1, found ", transB);
  if (failed(checkIntegerScale(loc, elementType, "alpha",
                               adaptor.getAlpha().convertToFloat())) ||
      failed(checkIntegerScale(loc, elementType, "beta",
                               adaptor.getBeta().convertToFloat())))
    return failure();

  int64_t m = aType.getDimSize(transA);
  int64_t k = aType.getDimSize(1 - transA);
  int64_t bk = bType.getDimSize(transB);
  int64_t n = bType.getDimSize(1 - transB);
  if (k != bk)
    return emitOptionalError(
        loc, "expected the inner dims to agree, found A ", formatShape(aType.getShape()),
        transA ? " (transposed)" : "", " with K = ", k, " and B ",
        formatShape(bType.getShape()), transB ? " (transposed)" : "", " with K = ", bk);

  if (Value c = adaptor.getC()) {
    if (failed(checkOperand(loc, c, "C", elementType)))
      return failure();
    // Unidirectional broadcasting: C's dims, aligned right, are 1 or equal
    // to the result's.
    ArrayRef<int64_t> cShape = cast<RankedTensorType>(c.getType()).getShape();
    int64_t result[] = {m, n};
    bool broadcasts = cShape.size() <= 2;
    for (size_t i = 0; broadcasts && i < cShape.size(); ++i) {
      int64_t target = result[2 - cShape.size() + i];
      broadcasts = cShape[i] == 1 || cShape[i] == target;
    }
    if (!broadcasts)
      return emitOptionalError(loc, "expected C to broadcast to ", m, "x", n,
                               " (a scalar, [N], [1, N], [M, 1] or [M, N]), found ",
                               formatShape(cShape));
  }
  types.push_back(RankedTensorType::get({m, n}, elementType));
  return success();
}

// With A' and B' the operands as multiplied (transposed or not), dA' is
// alpha * dY * B'^T and dB' is alpha * A'^T * dY; a transposed operand takes
// the transpose of that, which is again one Gemm with the right flags.
LogicalResult GemmOp::buildGradient(OpBuilder &builder, ValueRange resultGradients,
                                    SmallVectorImpl<Value> &operandGradients) {
  Value g = resultGradients.front();
  if (appendNoGradients(*this, g, operandGradients))
    return success();
  Location loc = getLoc();
  bool transA = getTransA() == 1;
  bool transB = getTransB() == 1;
  FloatAttr alpha = builder.getF32FloatAttr(getAlpha().convertToFloat());
  auto gemm = [&](Value lhs, Value rhs, bool transLhs, bool transRhs) {
    return createGemm(builder, loc, lhs, rhs, transLhs, transRhs, alpha);
  };
  operandGradients.push_back(transA ? gemm(getB(), g, transB, true)
                                    : gemm(g, getB(), false, !transB));
  operandGradients.push_back(transB ? gemm(g, getA(), true, transA)
                                    : gemm(getA(), g, !transA, false));
  if (Value c = getC()) {
    Value gradient = sumToShape(builder, loc, g, cast<RankedTensorType>(c.getType()));
    float beta = getBeta().convertToFloat();
    if (beta != 1.0f)
      gradient = builder.create<MulOp>(
          loc, gradient, createScalar(builder, loc, getType().getElementType(), beta));
    operandGradients.push_back(gradient);
  }
  return success();
}

LogicalResult MatMulOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor adaptor, SmallVectorImpl<Type> &types) {
  if (failed(requireStaticTensor(loc, adaptor.getLhs().getType(), "lhs")))
    return failure();
  auto lhsType = cast<RankedTensorType>(adaptor.getLhs().getType());
  Type elementType = lhsType.getElementType();
  if (failed(requireStaticTensor(loc, adaptor.getRhs().getType(), "rhs")))
    return failure();
  auto rhsType = cast<RankedTensorType>(adaptor.getRhs().getType());
  if (rhsType.getElementType() != elementType)
    return emitOptionalError(loc, "expected rhs of element type ", elementType,
                             " like lhs, found ", rhsType.getElementType());
  if (lhsType.getRank() < 1 || rhsType.getRank() < 1)
    return emitOptionalError(loc, "expected operands of rank >= 1, found ranks ",
                             lhsType.getRank(), " and ", rhsType.getRank());

  // A vector operand acts as a matrix with a unit dim that the result drops.
  ArrayRef<int64_t> lhsShape = lhsType.getShape();
  ArrayRef<int64_t> rhsShape = rhsType.getShape();
  bool lhsVector = lhsShape.size() == 1;
  bool rhsVector = rhsShape.size() == 1;
  int64_t lhsK = lhsShape.back();
  int64_t rhsK = rhsVector ? rhsShape[0] : rhsShape[rhsShape.size() - 2];
  if (lhsK != rhsK)
    return emitOptionalError(loc, "expected the inner dims to agree, found lhs ",
                             formatShape(lhsShape), " with K = ", lhsK, " and rhs ",
                             formatShape(rhsShape), " with K = ", rhsK);

  ArrayRef<int64_t> lhsBatch = lhsShape.drop_back(lhsVector ? 1 : 2);
  ArrayRef<int64_t> rhsBatch = rhsShape.drop_back(rhsVector ? 1 : 2);
  FailureOr<SmallVector<int64_t>> shape =
      broadcastShapes(std::nullopt, lhsBatch, rhsBatch);
  if (failed(shape))
    return emitOptionalError(loc, "expected batch dims that broadcast, found lhs ",
                             formatShape(lhsShape), " and rhs ", formatShape(rhsShape));
  if (!lhsVector)
    shape->push_back(lhsShape[lhsShape.size() - 2]);
  if (!rhsVector)
    shape->push_back(rhsShape.back());
  types.push_back(RankedTensorType::get(*shape, elementType));
  return success();
}

// Vector operands act as matrices ([K] as [1, K] on the left, [K, 1] on the
// right), so the gradients are those of a batched matrix product: dLhs is
// dY * rhs^T and dRhs is lhs^T * dY, summed over the batch dims an operand
// was broadcast along, then given the operand's own shape.
LogicalResult MatMulOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                      SmallVectorImpl<Value> &operandGradients) {
  Value g = resultGradients.front();
  if (appendNoGradients(*this, g, operandGradients))
    return success();
  Location loc = getLoc();
  RankedTensorType lhsType = getLhs().getType();
  RankedTensorType rhsType = getRhs().getType();
  bool lhsVector = lhsType.getRank() == 1;
  bool rhsVector = rhsType.getRank() == 1;
  SmallVector<int64_t> lhsShape(lhsType.getShape());
  SmallVector<int64_t> rhsShape(rhsType.getShape());
  SmallVector<int64_t> resultShape(getType().getShape());
  if (lhsVector) {
    lhsShape.insert(lhsShape.begin(), 1);
    resultShape.insert(resultShape.end() - !rhsVector, 1);
  }
  if (rhsVector) {
    rhsShape.push_back(1);
    resultShape.push_back(1);
  }
  Value lhs = reshapeTo(b, loc, getLhs(), lhsShape);
  Value rhs = reshapeTo(b, loc, getRhs(), rhsShape);
  Value matrixG = reshapeTo(b, loc, g, resultShape);
  Value lhsGradient = multiplyTransposed(b, loc, matrixG, false, rhs, true);
  Value rhsGradient = multiplyTransposed(b, loc, lhs, true, matrixG, false);
  operandGradients.push_back(reshapeTo(
      b, loc, sumToShape(b, loc, lhsGradient, lhsType.clone(lhsShape)),
      lhsType.getShape()));
  operandGradients.push_back(reshapeTo(
      b, loc, sumToShape(b, loc, rhsGradient, rhsType.clone(rhsShape)),
      rhsType.getShape()));
  return success();
}
