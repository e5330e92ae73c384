//===- CoreOps.cpp - weights, constants and identity ----------------------===//
#include "dialects/graph/DlcDialect.h"

#include "dialects/graph/Decomposition.h"
#include "dialects/graph/GradientUtils.h"
#include "dialects/graph/ReverseSweep.h"

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

LogicalResult GradientOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                           Adaptor adaptor, SmallVectorImpl<Type> &types) {
  if (adaptor.getSources().empty())
    return emitOptionalError(loc, "expected at least one value to differentiate with respect to");
  llvm::append_range(types, adaptor.getSources().getTypes());
  return success();
}

LogicalResult GradientOp::decompose(OpBuilder &b, SmallVectorImpl<Value> &replacements) {
  // The sweep crosses ops by their own gradients: those that have none are
  // made their smaller ops first. Ops after this one are not on its paths.
  Operation *self = getOperation();
  if (failed(decomposeOps(self->getParentOp(), [&](Operation *op) {
        return op->getBlock() == self->getBlock() && op->isBeforeInBlock(self) &&
               !isa<GradientOpInterface>(op);
      })))
    return failure();
  b.setInsertionPoint(self);
  auto targetType = cast<RankedTensorType>(getTarget().getType());
  Value seed = createSplat(b, getLoc(), targetType, 1.0);
  FailureOr<llvm::DenseMap<Value, Value>> gradients =
      sweepReverse(b, getTarget(), seed, llvm::to_vector(getSources()));
  if (failed(gradients))
    return failure();
  for (Value source : getSources()) {
    Value gradient = gradients->lookup(source);
    replacements.push_back(
        gradient ? gradient
                 : createSplat(b, getLoc(), cast<RankedTensorType>(source.getType()), 0.0));
  }
  return success();
}
