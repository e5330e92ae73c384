//===- StringOps.cpp - string tensors -------------------------------------===//
#include "dialects/graph/DlcDialect.h"
#include "dialects/graph/GradientUtils.h"
#include "dialects/graph/TypeInference.h"

using namespace mlir;
using namespace dlc::graph;

namespace {
/// The formattable element types: every dlc element type but bool.
bool isNumberType(Type type) { return isTensorElementType(type) && !type.isInteger(1); }
} // namespace

LogicalResult FormatOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location>,
                                         Adaptor adaptor, SmallVectorImpl<Type> &types) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  types.push_back(inputType.clone(StringType::get(ctx)));
  return success();
}

// Strings carry no gradient, and none reaches a number through one.
LogicalResult FormatOp::buildGradient(OpBuilder &, ValueRange,
                                      SmallVectorImpl<Value> &operandGradients) {
  return noOperandGradients(*this, operandGradients);
}

LogicalResult ParseOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                        Adaptor adaptor, SmallVectorImpl<Type> &types) {
  TypeAttr to = adaptor.getToAttr();
  if (!to)
    return emitOptionalError(loc, "expected attribute 'to'");
  if (!isNumberType(to.getValue()))
    return emitOptionalError(loc, "expected 'to' to be a float or an integer type, found ",
                             to.getValue());
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  types.push_back(inputType.clone(to.getValue()));
  return success();
}

LogicalResult ParseOp::buildGradient(OpBuilder &, ValueRange,
                                     SmallVectorImpl<Value> &operandGradients) {
  return noOperandGradients(*this, operandGradients);
}

LogicalResult StringNormalizerOp::verify() {
  StringRef action = getCaseChangeAction();
  if (action != "LOWER" && action != "UPPER" && action != "NONE")
    return emitOpError("expected case_change_action LOWER, UPPER or NONE, found '")
           << action << "'";
  RankedTensorType inputType = getInput().getType();
  RankedTensorType resultType = getType();
  int64_t rank = inputType.getRank();
  if (rank != 1 && !(rank == 2 && inputType.getDimSize(0) == 1))
    return emitOpError("expected an input of shape [C] or [1, C], found ") << inputType;
  if (!inputType.hasStaticShape() || !resultType.hasStaticShape())
    return emitOpError("expected static shapes");
  if (resultType.getRank() != rank || (rank == 2 && resultType.getDimSize(0) != 1))
    return emitOpError("expected a result of shape ")
           << (rank == 1 ? "[K]" : "[1, K]") << " like its input, found " << resultType;
  int64_t kept = resultType.getShape().back(), count = inputType.getShape().back();
  if (kept < 1 || kept > std::max<int64_t>(count, 1))
    return emitOpError("keeps ") << kept << " strings of " << count
                                 << ": expected between 1 and " << std::max<int64_t>(count, 1);
  return success();
}

LogicalResult StringNormalizerOp::buildGradient(OpBuilder &, ValueRange,
                                                SmallVectorImpl<Value> &operandGradients) {
  return noOperandGradients(*this, operandGradients);
}
