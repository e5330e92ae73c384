//===- MatrixOps.cpp - type inference of matrix products ------------------===//
#include "dialects/graph/DlcDialect.h"
#include "dialects/graph/TypeInference.h"

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
