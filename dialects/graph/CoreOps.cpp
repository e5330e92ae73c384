//===- CoreOps.cpp - weights, constants and identity ----------------------===//
#include "dialects/graph/DlcDialect.h"

using namespace mlir;
using namespace dlc::graph;

LogicalResult ParamOp::verify() {
  if (getName().empty())
    return emitOpError("needs a non-empty name");
  if (getValue().getType() != getType())
    return emitOpError("value of type ")
           << getValue().getType() << " does not match result type " << getType();
  if (!getType().hasStaticShape())
    return emitOpError("needs a statically shaped type, got ") << getType();
  return success();
}

LogicalResult ConstantOp::inferReturnTypes(MLIRContext *, std::optional<Location>,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &types) {
  types.push_back(adaptor.getValue().getType());
  return success();
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

LogicalResult ConstantOp::buildGradient(OpBuilder &, ValueRange,
                                        SmallVectorImpl<Value> &) {
  return success(); // No operands, so nothing to differentiate.
}

LogicalResult IdentityOp::inferReturnTypes(MLIRContext *, std::optional<Location>,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &types) {
  types.push_back(adaptor.getInput().getType());
  return success();
}

OpFoldResult IdentityOp::fold(FoldAdaptor) { return getInput(); }

LogicalResult IdentityOp::buildGradient(OpBuilder &, ValueRange resultGradients,
                                        SmallVectorImpl<Value> &operandGradients) {
  operandGradients.push_back(resultGradients.front());
  return success();
}
