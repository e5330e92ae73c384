//===- ReductionOps.cpp - reductions, softmax, argmax/argmin, hardmax -----===//
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

// Every reduction infers its type and reads its axes alike.
#define DLC_REDUCTION_COMMON(OpTy)                                                  \
  LogicalResult OpTy::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc, \
                                       Adaptor adaptor, SmallVectorImpl<Type> &types) { \
    adaptor = withDefaultAttrs<OpTy>(ctx, adaptor);                                 \
    return inferReductionType(loc, adaptor.getInput().getType(), adaptor.getAxesAttr(), \
                              adaptor.getKeepdims(), types);                        \
  }                                                                                 \
  SmallVector<int64_t> OpTy::getNormalizedAxes() { return verifiedAxes(*this, getAxes()); }

DLC_REDUCTION_COMMON(ReduceMaxOp)
DLC_REDUCTION_COMMON(ReduceMinOp)
DLC_REDUCTION_COMMON(ReduceSumOp)
DLC_REDUCTION_COMMON(ReduceProdOp)
DLC_REDUCTION_COMMON(ReduceMeanOp)
DLC_REDUCTION_COMMON(ReduceL1Op)
DLC_REDUCTION_COMMON(ReduceSumSquareOp)
DLC_REDUCTION_COMMON(ReduceL2Op)
DLC_REDUCTION_COMMON(ReduceLogSumOp)
DLC_REDUCTION_COMMON(ReduceLogSumExpOp)
#undef DLC_REDUCTION_COMMON

namespace {
// As torch.amax and torch.amin: the gradient is split evenly among the
// elements equal to the extreme.
template <typename OpTy>
LogicalResult extremeGradient(OpTy op, OpBuilder &b, ValueRange resultGradients,
                              SmallVectorImpl<Value> &operandGradients) {
  Value g = resultGradients.front();
  if (appendNoGradients(op, g, operandGradients))
    return success();
  Location loc = op.getLoc();
  RankedTensorType inputType = op.getInput().getType();
  SmallVector<int64_t> axes = op.getNormalizedAxes();
  Value extreme = keepReducedDims(b, loc, op.getResult(), inputType, axes);
  Value isExtreme = b.create<CastOp>(loc, b.create<EqualOp>(loc, op.getInput(), extreme),
                                     TypeAttr::get(inputType.getElementType()));
  Value count = b.create<ReduceSumOp>(loc, isExtreme, b.getDenseI64ArrayAttr(axes),
                                      b.getBoolAttr(true));
  Value share = b.create<DivOp>(loc, keepReducedDims(b, loc, g, inputType, axes), count);
  operandGradients.push_back(b.create<MulOp>(loc, isExtreme, share));
  return success();
}

// `op`'s input reduced by ReduceOpTy along op's axes, keeping dims as op does.
template <typename ReduceOpTy, typename OpTy>
Value reduceLike(OpBuilder &b, OpTy op, Value input) {
  return b.create<ReduceOpTy>(op.getLoc(), input, op.getAxesAttr(), op.getKeepdimsAttr());
}
} // namespace

LogicalResult ReduceMaxOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                         SmallVectorImpl<Value> &operandGradients) {
  return extremeGradient(*this, b, resultGradients, operandGradients);
}

LogicalResult ReduceMinOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                         SmallVectorImpl<Value> &operandGradients) {
  return extremeGradient(*this, b, resultGradients, operandGradients);
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

// Each element's gradient is the product of the others: product / x while
// no factor is zero; with one zero, the zero's is the product of the
// nonzero factors and every other's is 0; with two or more, all are 0.
LogicalResult ReduceProdOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                          SmallVectorImpl<Value> &operandGradients) {
  Value g = resultGradients.front();
  if (appendNoGradients(*this, g, operandGradients))
    return success();
  Location loc = getLoc();
  Value x = getInput();
  RankedTensorType inputType = getInput().getType();
  Type element = inputType.getElementType();
  DenseI64ArrayAttr axes = b.getDenseI64ArrayAttr(getNormalizedAxes());
  BoolAttr keep = b.getBoolAttr(true);
  Value zero = createScalar(b, loc, element, 0.0);
  Value one = createScalar(b, loc, element, 1.0);
  Value isZero = b.create<EqualOp>(loc, x, zero);
  Value zeros = b.create<ReduceSumOp>(
      loc, b.create<CastOp>(loc, isZero, TypeAttr::get(element)), axes, keep);
  Value nonzero = b.create<WhereOp>(loc, isZero, one, x);
  Value nonzeroProduct = b.create<ReduceProdOp>(loc, nonzero, axes, keep);
  Value noZero = b.create<DivOp>(loc, nonzeroProduct, nonzero);
  Value oneZero = b.create<WhereOp>(loc, isZero, nonzeroProduct, zero);
  Value others = b.create<WhereOp>(
      loc, b.create<EqualOp>(loc, zeros, zero), noZero,
      b.create<WhereOp>(loc, b.create<EqualOp>(loc, zeros, one), oneZero, zero));
  Value kept = keepReducedDims(b, loc, g, inputType, getNormalizedAxes());
  operandGradients.push_back(b.create<MulOp>(loc, kept, others));
  return success();
}

LogicalResult ReduceMeanOp::decompose(OpBuilder &b, SmallVectorImpl<Value> &replacements) {
  Location loc = getLoc();
  RankedTensorType inputType = getInput().getType();
  int64_t count = 1;
  for (int64_t axis : getNormalizedAxes())
    count *= inputType.getDimSize(axis);
  Value sum = reduceLike<ReduceSumOp>(b, *this, getInput());
  replacements.push_back(b.create<DivOp>(
      loc, sum, createScalar(b, loc, inputType.getElementType(), count)));
  return success();
}

LogicalResult ReduceL1Op::decompose(OpBuilder &b, SmallVectorImpl<Value> &replacements) {
  replacements.push_back(
      reduceLike<ReduceSumOp>(b, *this, b.create<AbsOp>(getLoc(), getInput())));
  return success();
}

LogicalResult ReduceSumSquareOp::decompose(OpBuilder &b,
                                           SmallVectorImpl<Value> &replacements) {
  replacements.push_back(reduceLike<ReduceSumOp>(
      b, *this, b.create<MulOp>(getLoc(), getInput(), getInput())));
  return success();
}

LogicalResult ReduceL2Op::decompose(OpBuilder &b, SmallVectorImpl<Value> &replacements) {
  replacements.push_back(
      b.create<SqrtOp>(getLoc(), reduceLike<ReduceSumSquareOp>(b, *this, getInput())));
  return success();
}

LogicalResult ReduceLogSumOp::decompose(OpBuilder &b, SmallVectorImpl<Value> &replacements) {
  replacements.push_back(
      b.create<LogOp>(getLoc(), reduceLike<ReduceSumOp>(b, *this, getInput())));
  return success();
}

LogicalResult ReduceLogSumExpOp::decompose(OpBuilder &b,
                                           SmallVectorImpl<Value> &replacements) {
  Location loc = getLoc();
  Value max = b.create<ReduceMaxOp>(loc, getInput(), getAxesAttr(), b.getBoolAttr(true));
  Value exps = b.create<ExpOp>(loc, b.create<SubOp>(loc, getInput(), max));
  Value logSum = b.create<LogOp>(loc, reduceLike<ReduceSumOp>(b, *this, exps));
  replacements.push_back(
      b.create<AddOp>(loc, logSum, reshapeTo(b, loc, max, getType().getShape())));
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

namespace {
template <typename OpTy>
LogicalResult inferArgReductionType(MLIRContext *ctx, std::optional<Location> loc,
                                    typename OpTy::Adaptor adaptor,
                                    SmallVectorImpl<Type> &types) {
  adaptor = withDefaultAttrs<OpTy>(ctx, adaptor);
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
} // namespace

LogicalResult ArgMaxOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                         Adaptor adaptor, SmallVectorImpl<Type> &types) {
  return inferArgReductionType<ArgMaxOp>(ctx, loc, adaptor, types);
}

int64_t ArgMaxOp::getNormalizedAxis() {
  return normalizedAxis(getAxis(), getInput().getType());
}

// Indices carry no gradient back.
LogicalResult ArgMaxOp::buildGradient(OpBuilder &, ValueRange,
                                      SmallVectorImpl<Value> &operandGradients) {
  return noOperandGradients(*this, operandGradients);
}

LogicalResult ArgMinOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                         Adaptor adaptor, SmallVectorImpl<Type> &types) {
  return inferArgReductionType<ArgMinOp>(ctx, loc, adaptor, types);
}

int64_t ArgMinOp::getNormalizedAxis() {
  return normalizedAxis(getAxis(), getInput().getType());
}

LogicalResult ArgMinOp::buildGradient(OpBuilder &, ValueRange,
                                      SmallVectorImpl<Value> &operandGradients) {
  return noOperandGradients(*this, operandGradients);
}

LogicalResult HardmaxOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                          Adaptor adaptor, SmallVectorImpl<Type> &types) {
  adaptor = withDefaultAttrs<HardmaxOp>(ctx, adaptor);
  Type input = adaptor.getInput().getType();
  if (failed(requireStaticTensor(loc, input, "input")))
    return failure();
  auto inputType = cast<RankedTensorType>(input);
  FailureOr<int64_t> axis = normalizeDimAxis(loc, adaptor.getAxis(), inputType.getRank());
  if (failed(axis))
    return failure();
  if (inputType.getDimSize(*axis) == 0)
    return emitOptionalError(loc, "expected a non-empty dim along axis ", adaptor.getAxis(),
                             ", found input ", formatShape(inputType.getShape()));
  types.push_back(input);
  return success();
}

int64_t HardmaxOp::getNormalizedAxis() { return normalizedAxis(getAxis(), getType()); }

// The index of each row's first maximum, made one-hot again along the axis
// it was taken along.
LogicalResult HardmaxOp::decompose(OpBuilder &b, SmallVectorImpl<Value> &replacements) {
  Location loc = getLoc();
  int64_t axis = getNormalizedAxis();
  Value index = b.create<ArgMaxOp>(loc, getInput(), b.getI64IntegerAttr(axis),
                                   b.getBoolAttr(false), b.getBoolAttr(false));
  Type element = getType().getElementType();
  auto valuesType = RankedTensorType::get({2}, element);
  Value offOn = b.create<ConstantOp>(
      loc, DenseElementsAttr::get(valuesType, ArrayRef<Attribute>{
                                                  b.getFloatAttr(element, 0.0),
                                                  b.getFloatAttr(element, 1.0)}));
  replacements.push_back(b.create<OneHotOp>(loc, index, offOn,
                                            b.getI64IntegerAttr(getType().getDimSize(axis)),
                                            b.getI64IntegerAttr(axis)));
  return success();
}
