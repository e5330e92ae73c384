//===- LossOps.cpp - type inference and gradients of losses ---------------===//
#include "dialects/graph/DlcDialect.h"
#include "dialects/graph/TypeInference.h"

#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace dlc::graph;

namespace {
LogicalResult checkReduction(std::optional<Location> loc, StringRef reduction) {
  if (reduction != "none" && reduction != "sum" && reduction != "mean")
    return emitOptionalError(loc, "expected reduction \"none\", \"sum\" or \"mean\", "
                                  "found \"", reduction, "\"");
  return success();
}

/// Checks that `target` [N, d1..dk] indexes the positions of a class-score
/// tensor `[N, C, d1..dk]` and that `weight`, if any, is [C] of
/// `elementType`.
LogicalResult checkTargets(std::optional<Location> loc, ArrayRef<int64_t> scoresShape,
                           Type elementType, Value target, Value weight) {
  if (scoresShape.size() < 2)
    return emitOptionalError(loc, "expected class scores of rank >= 2 [N, C, ...], found ",
                             "rank ", scoresShape.size());
  auto targetType = cast<RankedTensorType>(target.getType());
  SmallVector<int64_t> expected{scoresShape[0]};
  expected.append(scoresShape.begin() + 2, scoresShape.end());
  if (targetType.getShape() != ArrayRef<int64_t>(expected))
    return emitOptionalError(loc, "expected target of shape ", formatShape(expected),
                             " for class scores ", formatShape(scoresShape), ", found ",
                             formatShape(targetType.getShape()));
  if (!weight)
    return success();
  auto weightType = cast<RankedTensorType>(weight.getType());
  auto expectedWeight = RankedTensorType::get({scoresShape[1]}, elementType);
  if (weightType != expectedWeight)
    return emitOptionalError(loc, "expected weight of type ", expectedWeight,
                             " (one per class), found ", weightType);
  return success();
}

/// The loss's shape: the target's for "none", a scalar otherwise.
RankedTensorType lossType(StringRef reduction, Value target, Type elementType) {
  auto targetType = cast<RankedTensorType>(target.getType());
  if (reduction == "none")
    return RankedTensorType::get(targetType.getShape(), elementType);
  return RankedTensorType::get({}, elementType);
}

template <typename AdaptorT> StringRef reductionOf(AdaptorT adaptor) {
  auto attr = adaptor.getAttributes().template getAs<StringAttr>("reduction");
  return attr ? attr.getValue() : StringRef("mean");
}
} // namespace

//===----------------------------------------------------------------------===//
// LogSoftmaxOp
//===----------------------------------------------------------------------===//

int64_t LogSoftmaxOp::getNormalizedAxis() {
  int64_t axis = getAxis();
  return axis < 0 ? axis + getType().getRank() : axis;
}

LogicalResult LogSoftmaxOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &types) {
  adaptor = withDefaultAttrs<LogSoftmaxOp>(ctx, adaptor);
  auto type = cast<RankedTensorType>(adaptor.getInput().getType());
  if (failed(requireStaticTensor(loc, type, "input")) ||
      failed(normalizeAxis(loc, adaptor.getAxis(), type.getRank(), "axis")))
    return failure();
  types.push_back(type);
  return success();
}

// dx = dy - softmax(x) * sum(dy) along the axis, with softmax(x) = exp(y).
LogicalResult LogSoftmaxOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                          SmallVectorImpl<Value> &operandGradients) {
  Value dy = resultGradients.front();
  if (!dy) {
    operandGradients.push_back(Value());
    return success();
  }
  Location loc = getLoc();
  Value sum = b.create<ReduceSumOp>(loc, dy, b.getDenseI64ArrayAttr({getNormalizedAxis()}),
                                    b.getBoolAttr(true));
  Value probs = b.create<ExpOp>(loc, getResult());
  Value spread = b.create<MulOp>(loc, probs, sum);
  operandGradients.push_back(b.create<SubOp>(loc, dy, spread));
  return success();
}

//===----------------------------------------------------------------------===//
// NllLossOp
//===----------------------------------------------------------------------===//

LogicalResult NllLossOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                          Adaptor adaptor, SmallVectorImpl<Type> &types) {
  StringRef reduction = reductionOf(adaptor);
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  if (failed(requireStaticTensor(loc, inputType, "input")) ||
      failed(checkReduction(loc, reduction)) ||
      failed(checkTargets(loc, inputType.getShape(), inputType.getElementType(),
                          adaptor.getTarget(), adaptor.getWeight())))
    return failure();
  types.push_back(lossType(reduction, adaptor.getTarget(), inputType.getElementType()));
  return success();
}

// The target is an index and the class weights are constants: only the
// log-probabilities take a gradient.
LogicalResult NllLossOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                       SmallVectorImpl<Value> &operandGradients) {
  Value dy = resultGradients.front();
  Value dx;
  if (dy) {
    SmallVector<Value> operands{dy, getTarget()};
    if (getWeight())
      operands.push_back(getWeight());
    SmallVector<NamedAttribute> attrs{
        b.getNamedAttr("num_classes", b.getI64IntegerAttr(getInput().getType().getDimSize(1))),
        b.getNamedAttr("reduction", getReductionAttr())};
    if (getIgnoreIndexAttr())
      attrs.push_back(b.getNamedAttr("ignore_index", getIgnoreIndexAttr()));
    dx = b.create<NllLossGradOp>(getLoc(), getInput().getType(), operands, attrs);
  }
  operandGradients.push_back(dx);
  operandGradients.push_back(Value());
  if (getWeight())
    operandGradients.push_back(Value());
  return success();
}

//===----------------------------------------------------------------------===//
// NllLossGradOp
//===----------------------------------------------------------------------===//

LogicalResult NllLossGradOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                              Adaptor adaptor,
                                              SmallVectorImpl<Type> &types) {
  StringRef reduction = reductionOf(adaptor);
  auto gradType = cast<RankedTensorType>(adaptor.getGrad().getType());
  auto targetType = cast<RankedTensorType>(adaptor.getTarget().getType());
  auto classes = adaptor.getAttributes().getAs<IntegerAttr>("num_classes");
  if (!classes || classes.getInt() < 1)
    return emitOptionalError(loc, "expected num_classes >= 1");
  if (failed(checkReduction(loc, reduction)) ||
      failed(requireStaticTensor(loc, targetType, "target")))
    return failure();
  if (targetType.getRank() < 1)
    return emitOptionalError(loc, "expected a target of rank >= 1 [N, ...], found a scalar");
  SmallVector<int64_t> shape{targetType.getDimSize(0), classes.getInt()};
  shape.append(targetType.getShape().begin() + 1, targetType.getShape().end());
  Type elementType = gradType.getElementType();
  if (failed(checkTargets(loc, shape, elementType, adaptor.getTarget(),
                          adaptor.getWeight())))
    return failure();
  RankedTensorType expectedGrad = lossType(reduction, adaptor.getTarget(), elementType);
  if (gradType != expectedGrad)
    return emitOptionalError(loc, "expected grad of type ", expectedGrad,
                             " for reduction \"", reduction, "\", found ", gradType);
  types.push_back(RankedTensorType::get(shape, elementType));
  return success();
}
