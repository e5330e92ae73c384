//===- ReductionOps.cpp - reductions, softmax and argmax ------------------===//
#include "dialects/graph/DlcDialect.h"
#include "dialects/graph/GradientUtils.h"
#include "dialects/graph/TypeInference.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace dlc::graph;

namespace {
// normalizeAxis lets a scalar take axis 0; these ops need a dim to work along.
FailureOr<int64_t> normalizeDimAxis(std::optional<Location> loc, int64_t axis,
                                    int64_t rank) {
  if (rank == 0)
    return emitOptionalError(loc, "axis ", axis, " is out of range for rank 0");
  return normalizeAxis(loc, axis, rank, "axis");
}

std::string formatAxes(ArrayRef<int64_t> axes) {
  return llvm::join(llvm::map_range(axes, [](int64_t a) { return std::to_string(a); }),
                    ", ");
}

FailureOr<SmallVector<int64_t>> normalizeAxes(std::optional<Location> loc,
                                              ArrayRef<int64_t> axes, int64_t rank) {
  if (axes.empty())
    return emitOptionalError(loc, "expected at least one axis to reduce, found none");
  SmallVector<int64_t> normalized;
  for (int64_t axis : axes) {
    FailureOr<int64_t> dim = normalizeDimAxis(loc, axis, rank);
    if (failed(dim))
      return failure();
    if (llvm::is_contained(normalized, *dim))
      return emitOptionalError(loc, "expected each dim reduced once, found dim ", *dim,
                               " twice in axes [", formatAxes(axes), "]");
    normalized.push_back(*dim);
  }
  llvm::sort(normalized);
  return normalized;
}

LogicalResult inferReductionType(std::optional<Location> loc, Type input,
                                 DenseI64ArrayAttr axes, bool keepdims,
                                 SmallVectorImpl<Type> &types) {
  if (failed(requireStaticTensor(loc, input, "input")))
    return failure();
  if (!axes)
    return emitOptionalError(loc, "expected attribute 'axes'");
  auto inputType = cast<RankedTensorType>(input);
  FailureOr<SmallVector<int64_t>> reduced =
      normalizeAxes(loc, axes.asArrayRef(), inputType.getRank());
  if (failed(reduced))
    return failure();
  SmallVector<int64_t> shape;
  for (auto [dim, size] : llvm::enumerate(inputType.getShape())) {
    if (!llvm::is_contained(*reduced, static_cast<int64_t>(dim)))
      shape.push_back(size);
    else if (keepdims)
      shape.push_back(1);
  }
  types.push_back(RankedTensorType::get(shape, inputType.getElementType()));
  return success();
}

// Only called on verified ops, whose axes are known to be valid.
SmallVector<int64_t> verifiedAxes(Operation *op, ArrayRef<int64_t> axes) {
  int64_t rank = cast<RankedTensorType>(op->getOperand(0).getType()).getRank();
  FailureOr<SmallVector<int64_t>> normalized = normalizeAxes(std::nullopt, axes, rank);
  assert(succeeded(normalized) && "reduction axes were verified");
  return *normalized;
}

// `value`, a reduction of a tensor of type `inputType` along `axes`, with
// those dims as 1s whether or not the reduction kept them: it then
// broadcasts against the input.
Value keepReducedDims(OpBuilder &b, Location loc, Value value,
                      RankedTensorType inputType, ArrayRef<int64_t> axes) {
  SmallVector<int64_t> shape(inputType.getShape());
  for (int64_t axis : axes)
    shape[axis] = 1;
  return reshapeTo(b, loc, value, shape);
}

int64_t normalizedAxis(int64_t axis, RankedTensorType type) {
  return axis < 0 ? axis + type.getRank() : axis;
}
} // namespace

LogicalResult ReduceMaxOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  adaptor = withDefaultAttrs<ReduceMaxOp>(ctx, adaptor);
  return inferReductionType(loc, adaptor.getInput().getType(), adaptor.getAxesAttr(),
                            adaptor.getKeepdims(), types);
}

SmallVector<int64_t> ReduceMaxOp::getNormalizedAxes() {
  return verifiedAxes(*this, getAxes());
}

// As torch.amax: the gradient is split evenly among the elements equal to
// the maximum.
LogicalResult ReduceMaxOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                         SmallVectorImpl<Value> &operandGradients) {
  Value g = resultGradients.front();
  if (appendNoGradients(*this, g, operandGradients))
    return success();
  Location loc = getLoc();
  RankedTensorType inputType = getInput().getType();
  SmallVector<int64_t> axes = getNormalizedAxes();
  Value max = keepReducedDims(b, loc, getResult(), inputType, axes);
  Value isMax = b.create<CastOp>(loc, b.create<EqualOp>(loc, getInput(), max),
                                 TypeAttr::get(inputType.getElementType()));
  Value count = b.create<ReduceSumOp>(loc, isMax, b.getDenseI64ArrayAttr(axes),
                                      b.getBoolAttr(true));
  Value share = b.create<DivOp>(loc, keepReducedDims(b, loc, g, inputType, axes), count);
  operandGradients.push_back(b.create<MulOp>(loc, isMax, share));
  return success();
}

LogicalResult ReduceSumOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  adaptor = withDefaultAttrs<ReduceSumOp>(ctx, adaptor);
  return inferReductionType(loc, adaptor.getInput().getType(), adaptor.getAxesAttr(),
                            adaptor.getKeepdims(), types);
}

SmallVector<int64_t> ReduceSumOp::getNormalizedAxes() {
  return verifiedAxes(*this, getAxes());
}

// Every summed element gets the gradient of its sum.
LogicalResult ReduceSumOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                         SmallVectorImpl<Value> &operandGradients) {
  Value g = resultGradients.front();
  if (appendNoGradients(*this, g, operandGradients))
    return success();
  Location loc = getLoc();
  RankedTensorType inputType = getInput().getType();
  Value kept = keepReducedDims(b, loc, g, inputType, getNormalizedAxes());
  operandGradients.push_back(
      b.create<ExpandOp>(loc, kept, b.getDenseI64ArrayAttr(inputType.getShape())));
  return success();
}

LogicalResult SoftmaxOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                          Adaptor adaptor, SmallVectorImpl<Type> &types) {
  adaptor = withDefaultAttrs<SoftmaxOp>(ctx, adaptor);
  Type input = adaptor.getInput().getType();
  if (failed(requireStaticTensor(loc, input, "input")))
    return failure();
  if (failed(normalizeDimAxis(loc, adaptor.getAxis(),
                              cast<RankedTensorType>(input).getRank())))
    return failure();
  types.push_back(input);
  return success();
}

int64_t SoftmaxOp::getNormalizedAxis() { return normalizedAxis(getAxis(), getType()); }

// dx = y * (g - sum(g * y)) along the axis.
LogicalResult SoftmaxOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                       SmallVectorImpl<Value> &operandGradients) {
  Value g = resultGradients.front();
  if (appendNoGradients(*this, g, operandGradients))
    return success();
  Location loc = getLoc();
  Value y = getResult();
  Value dot = b.create<ReduceSumOp>(loc, b.create<MulOp>(loc, g, y),
                                    b.getDenseI64ArrayAttr({getNormalizedAxis()}),
                                    b.getBoolAttr(true));
  operandGradients.push_back(b.create<MulOp>(loc, y, b.create<SubOp>(loc, g, dot)));
  return success();
}

LogicalResult ArgMaxOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                         Adaptor adaptor, SmallVectorImpl<Type> &types) {
  adaptor = withDefaultAttrs<ArgMaxOp>(ctx, adaptor);
  Type input = adaptor.getInput().getType();
  DenseI64ArrayAttr axes = DenseI64ArrayAttr::get(ctx, adaptor.getAxis());
  if (failed(inferReductionType(loc, input, axes, adaptor.getKeepdims(), types)))
    return failure();
  auto inputType = cast<RankedTensorType>(input);
  if (inputType.getDimSize(normalizedAxis(adaptor.getAxis(), inputType)) == 0)
    return emitOptionalError(loc, "expected a non-empty dim along axis ",
                             adaptor.getAxis(), ", found input ",
                             formatShape(inputType.getShape()));
  types.back() = cast<RankedTensorType>(types.back()).clone(IntegerType::get(ctx, 64));
  return success();
}

int64_t ArgMaxOp::getNormalizedAxis() {
  return normalizedAxis(getAxis(), getInput().getType());
}

// Indices carry no gradient back.
LogicalResult ArgMaxOp::buildGradient(OpBuilder &, ValueRange,
                                      SmallVectorImpl<Value> &operandGradients) {
  return noOperandGradients(*this, operandGradients);
}
