//===- GradientUtils.cpp - dlc ops that gradients (and rewrites) build ----===//
#include "dialects/graph/GradientUtils.h"
#include "dialects/graph/DlcDialect.h"

#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace dlc::graph;

bool dlc::graph::isFloatTensor(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  return type && isa<FloatType>(type.getElementType());
}

Value dlc::graph::sumToShape(OpBuilder &b, Location loc, Value gradient,
                             RankedTensorType operandType) {
  ArrayRef<int64_t> from = cast<RankedTensorType>(gradient.getType()).getShape();
  ArrayRef<int64_t> to = operandType.getShape();
  if (from == to)
    return gradient;
  assert(from.size() >= to.size() && "an operand broadcasts to a rank at least its own");
  size_t added = from.size() - to.size();
  SmallVector<int64_t> axes;
  for (size_t i = 0; i < from.size(); ++i)
    if (i < added || (to[i - added] == 1 && from[i] != 1))
      axes.push_back(i);
  // keepdims leaves the added leading dims as 1s for the reshape to drop.
  if (!axes.empty())
    gradient = b.create<ReduceSumOp>(loc, gradient, b.getDenseI64ArrayAttr(axes),
                                     b.getBoolAttr(true));
  return reshapeTo(b, loc, gradient, to);
}

Value dlc::graph::reshapeTo(OpBuilder &b, Location loc, Value input,
                            ArrayRef<int64_t> shape) {
  if (cast<RankedTensorType>(input.getType()).getShape() == shape)
    return input;
  // allowzero makes a 0 in `shape` a zero-sized dim, not a copied one.
  return b.create<ReshapeOp>(loc, input, b.getDenseI64ArrayAttr(shape),
                             b.getI64IntegerAttr(llvm::is_contained(shape, 0)));
}

Value dlc::graph::createSplat(OpBuilder &b, Location loc, RankedTensorType type,
                              double value) {
  Type elementType = type.getElementType();
  TypedAttr element = isa<FloatType>(elementType)
                          ? TypedAttr(b.getFloatAttr(elementType, value))
                          : TypedAttr(b.getIntegerAttr(elementType,
                                                       static_cast<int64_t>(value)));
  return b.create<ConstantOp>(loc, DenseElementsAttr::get(type, element));
}

Value dlc::graph::createScalar(OpBuilder &b, Location loc, Type elementType,
                               double value) {
  return createSplat(b, loc, RankedTensorType::get({}, elementType), value);
}

bool dlc::graph::appendNoGradients(Operation *op, Value resultGradient,
                                   SmallVectorImpl<Value> &operandGradients) {
  if (resultGradient && isa<FloatType>(getElementTypeOrSelf(op->getResult(0).getType())))
    return false;
  operandGradients.append(op->getNumOperands(), Value());
  return true;
}

LogicalResult dlc::graph::noOperandGradients(Operation *op,
                                             SmallVectorImpl<Value> &operandGradients) {
  operandGradients.append(op->getNumOperands(), Value());
  return success();
}
