//===- PoolOps.cpp - type inference and gradients of pooling --------------===//
#include "dialects/graph/DlcDialect.h"
#include "dialects/graph/GradientUtils.h"
#include "dialects/graph/TypeInference.h"

#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace dlc::graph;

namespace {
// Checks that `type` is a static [N, C, D1..Dk] tensor. (Element types are
// the ODS constraints' business.)
FailureOr<RankedTensorType> checkPoolInput(std::optional<Location> loc, Type type) {
  if (failed(requireStaticTensor(loc, type, "input")))
    return failure();
  auto inputType = cast<RankedTensorType>(type);
  if (inputType.getRank() < 3)
    return emitOptionalError(loc,
                             "expected an input of rank >= 3 ([N, C, D1..Dk]), "
                             "found rank ",
                             inputType.getRank());
  return inputType;
}

// The output shape of a window of `kernel` (dilated by `dilations`, when the
// op has them) sliding over the spatial dims of `inputType`.
FailureOr<SmallVector<int64_t>>
inferWindowShape(std::optional<Location> loc, RankedTensorType inputType,
                 ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
                 ArrayRef<int64_t> pads, std::optional<ArrayRef<int64_t>> dilations,
                 bool ceilMode) {
  size_t spatialRank = inputType.getRank() - 2;
  if (failed(checkWindowList(loc, kernel, "kernel_shape", spatialRank, 1)) ||
      failed(checkWindowList(loc, strides, "strides", spatialRank, 1)) ||
      failed(checkWindowList(loc, pads, "pads", 2 * spatialRank, 0)) ||
      (dilations && failed(checkWindowList(loc, *dilations, "dilations", spatialRank, 1))))
    return failure();
  ArrayRef<int64_t> inputShape = inputType.getShape();

  SmallVector<int64_t> resultShape(inputShape.take_front(2));
  for (size_t i = 0; i < spatialRank; ++i) {
    int64_t padBegin = pads[i];
    int64_t padEnd = pads[spatialRank + i];
    // ONNX Runtime's rule; it keeps every undilated window on the input.
    if (padBegin >= kernel[i] || padEnd >= kernel[i])
      return emitOptionalError(loc, "expected pads smaller than the kernel (", kernel[i],
                               ") along spatial axis ", i, ", found ",
                               std::max(padBegin, padEnd));
    int64_t size = inputShape[i + 2];
    FailureOr<WindowExtent> window = inferWindowExtent(
        loc, i, size, padBegin, padEnd, kernel[i], dilations ? (*dilations)[i] : 1);
    if (failed(window))
      return failure();
    if (window->paddedSize < window->kernelExtent)
      return emitOptionalError(loc, "expected a padded input of at least ",
                               window->kernelExtent, " (the ",
                               dilations ? "dilated " : "", "kernel) along spatial axis ",
                               i, ", found ", window->paddedSize);
    int64_t steps = window->paddedSize - window->kernelExtent;
    int64_t outputSize =
        (ceilMode ? llvm::divideCeil(steps, strides[i]) : steps / strides[i]) + 1;
    // A last window that would start in the end padding is dropped; a start
    // past what 64 bits hold is past it too.
    std::optional<int64_t> lastStart = llvm::checkedMul(outputSize - 1, strides[i]);
    if (ceilMode && (!lastStart || *lastStart >= size + padBegin))
      --outputSize;
    resultShape.push_back(outputSize);
  }
  return resultShape;
}

LogicalResult inferMaxPool(std::optional<Location> loc, Type input,
                           ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
                           ArrayRef<int64_t> pads, ArrayRef<int64_t> dilations,
                           bool ceilMode, SmallVectorImpl<Type> &types) {
  FailureOr<RankedTensorType> inputType = checkPoolInput(loc, input);
  if (failed(inputType))
    return failure();
  FailureOr<SmallVector<int64_t>> shape =
      inferWindowShape(loc, *inputType, kernel, strides, pads, dilations, ceilMode);
  if (failed(shape))
    return failure();
  types.push_back(inputType->clone(*shape));
  return success();
}

// Checks that a gradient op's `output_grad` is what the pool gives for
// `input`: `expected`.
LogicalResult checkOutputGrad(std::optional<Location> loc, Type outputGrad,
                              RankedTensorType expected, RankedTensorType input) {
  if (failed(requireStaticTensor(loc, outputGrad, "output_grad")))
    return failure();
  if (outputGrad != expected)
    return emitOptionalError(loc, "expected output_grad of type ", expected,
                             " (the pool result for an input of type ", input,
                             "), found ", outputGrad);
  return success();
}

// The average_pool_grad of `gradient` for a pool of `input` with these
// attributes.
Value buildAveragePoolGrad(OpBuilder &builder, Location loc, Value gradient,
                           RankedTensorType input, ArrayRef<int64_t> kernel,
                           ArrayRef<int64_t> strides, ArrayRef<int64_t> pads,
                           bool ceilMode, bool countIncludePad) {
  return builder.create<AveragePoolGradOp>(
      loc, gradient, builder.getDenseI64ArrayAttr(kernel),
      builder.getDenseI64ArrayAttr(strides), builder.getDenseI64ArrayAttr(pads),
      builder.getBoolAttr(ceilMode), builder.getBoolAttr(countIncludePad),
      builder.getDenseI64ArrayAttr(input.getShape()));
}

// The gradient of a max pool's input; integer pools take none.
template <typename PoolOp>
LogicalResult buildMaxPoolGrad(PoolOp op, OpBuilder &builder, Value gradient,
                               SmallVectorImpl<Value> &operandGradients) {
  if (appendNoGradients(op, gradient, operandGradients))
    return success();
  operandGradients.push_back(builder.create<MaxPoolGradOp>(
      op.getLoc(), gradient, op.getInput(), op.getKernelShapeAttr(),
      op.getStridesAttr(), op.getPadsAttr(), op.getCeilModeAttr(),
      op.getDilationsAttr()));
  return success();
}
} // namespace

LogicalResult MaxPoolOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                          Adaptor adaptor, SmallVectorImpl<Type> &types) {
  return inferMaxPool(loc, adaptor.getInput().getType(), adaptor.getKernelShape(),
                      adaptor.getStrides(), adaptor.getPads(), adaptor.getDilations(),
                      adaptor.getCeilMode(), types);
}

LogicalResult MaxPoolOp::buildGradient(OpBuilder &builder, ValueRange resultGradients,
                                       SmallVectorImpl<Value> &operandGradients) {
  return buildMaxPoolGrad(*this, builder, resultGradients.front(), operandGradients);
}

LogicalResult MaxPoolWithIndicesOp::inferReturnTypes(MLIRContext *ctx,
                                                     std::optional<Location> loc,
                                                     Adaptor adaptor,
                                                     SmallVectorImpl<Type> &types) {
  int64_t storageOrder = adaptor.getStorageOrder();
  if (storageOrder != 0 && storageOrder != 1)
    return emitOptionalError(loc,
                             "expected storage_order 0 (row-major) or 1 "
                             "(column-major), found ",
                             storageOrder);
  if (failed(inferMaxPool(loc, adaptor.getInput().getType(), adaptor.getKernelShape(),
                          adaptor.getStrides(), adaptor.getPads(), adaptor.getDilations(),
                          adaptor.getCeilMode(), types)))
    return failure();
  types.push_back(cast<RankedTensorType>(types.front()).clone(IntegerType::get(ctx, 64)));
  return success();
}

// The indices are integers: only the values carry a gradient.
LogicalResult
MaxPoolWithIndicesOp::buildGradient(OpBuilder &builder, ValueRange resultGradients,
                                    SmallVectorImpl<Value> &operandGradients) {
  return buildMaxPoolGrad(*this, builder, resultGradients.front(), operandGradients);
}

LogicalResult AveragePoolOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                              Adaptor adaptor,
                                              SmallVectorImpl<Type> &types) {
  FailureOr<RankedTensorType> inputType =
      checkPoolInput(loc, adaptor.getInput().getType());
  if (failed(inputType))
    return failure();
  FailureOr<SmallVector<int64_t>> shape = inferWindowShape(
      loc, *inputType, adaptor.getKernelShape(), adaptor.getStrides(), adaptor.getPads(),
      /*dilations=*/std::nullopt, adaptor.getCeilMode());
  if (failed(shape))
    return failure();
  types.push_back(inputType->clone(*shape));
  return success();
}

LogicalResult AveragePoolOp::buildGradient(OpBuilder &builder, ValueRange resultGradients,
                                           SmallVectorImpl<Value> &operandGradients) {
  Value gradient = resultGradients.front();
  if (appendNoGradients(*this, gradient, operandGradients))
    return success();
  operandGradients.push_back(buildAveragePoolGrad(
      builder, getLoc(), gradient, getInput().getType(), getKernelShape(), getStrides(),
      getPads(), getCeilMode(), getCountIncludePad()));
  return success();
}

LogicalResult LpPoolOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor adaptor, SmallVectorImpl<Type> &types) {
  if (adaptor.getP() < 1)
    return emitOptionalError(loc, "expected p >= 1, found ", adaptor.getP());
  return inferMaxPool(loc, adaptor.getInput().getType(), adaptor.getKernelShape(),
                      adaptor.getStrides(), adaptor.getPads(), adaptor.getDilations(),
                      adaptor.getCeilMode(), types);
}

// The window sums are a depthwise convolution with a kernel of ones, whose
// end pads grow to cover the windows ceil_mode adds (padding adds nothing).
LogicalResult LpPoolOp::decompose(OpBuilder &b, SmallVectorImpl<Value> &replacements) {
  Location loc = getLoc();
  auto inputType = cast<RankedTensorType>(getInput().getType());
  auto resultType = cast<RankedTensorType>(getType());
  Type element = inputType.getElementType();
  int64_t p = getP();
  Value x = getInput();
  Value powered = p == 2 ? b.create<MulOp>(loc, x, x).getResult()
                         : b.create<AbsOp>(loc, x).getResult();
  if (p > 2)
    powered = b.create<PowOp>(loc, powered, createScalar(b, loc, element, p));

  int64_t channels = inputType.getDimSize(1);
  size_t spatialRank = inputType.getRank() - 2;
  SmallVector<int64_t> weightShape{channels, 1};
  llvm::append_range(weightShape, getKernelShape());
  Value ones = createSplat(b, loc, RankedTensorType::get(weightShape, element), 1.0);
  SmallVector<int64_t> pads(getPads());
  for (size_t i = 0; i < spatialRank; ++i) {
    int64_t extent = getDilations()[i] * (getKernelShape()[i] - 1) + 1;
    int64_t reach = (resultType.getDimSize(2 + i) - 1) * getStrides()[i] + extent;
    pads[spatialRank + i] =
        std::max(pads[spatialRank + i], reach - inputType.getDimSize(2 + i) - pads[i]);
  }
  Value sums = b.create<ConvOp>(loc, resultType,
                                ValueRange{powered, ones},
                                ArrayRef<NamedAttribute>{
                                    b.getNamedAttr("strides", getStridesAttr()),
                                    b.getNamedAttr("dilations", getDilationsAttr()),
                                    b.getNamedAttr("pads", b.getDenseI64ArrayAttr(pads)),
                                    b.getNamedAttr("group", b.getI64IntegerAttr(channels))});
  Value result = sums;
  if (p == 2)
    result = b.create<SqrtOp>(loc, sums);
  else if (p > 2)
    result = b.create<PowOp>(loc, sums, createScalar(b, loc, element, 1.0 / p));
  replacements.push_back(result);
  return success();
}

LogicalResult GlobalAveragePoolOp::inferReturnTypes(MLIRContext *,
                                                    std::optional<Location> loc,
                                                    Adaptor adaptor,
                                                    SmallVectorImpl<Type> &types) {
  FailureOr<RankedTensorType> inputType =
      checkPoolInput(loc, adaptor.getInput().getType());
  if (failed(inputType))
    return failure();
  SmallVector<int64_t> shape(inputType->getShape());
  std::fill(shape.begin() + 2, shape.end(), 1);
  types.push_back(inputType->clone(shape));
  return success();
}

// One window over all spatial dims.
LogicalResult
GlobalAveragePoolOp::buildGradient(OpBuilder &builder, ValueRange resultGradients,
                                   SmallVectorImpl<Value> &operandGradients) {
  Value gradient = resultGradients.front();
  if (appendNoGradients(*this, gradient, operandGradients))
    return success();
  RankedTensorType inputType = getInput().getType();
  size_t spatialRank = inputType.getRank() - 2;
  operandGradients.push_back(buildAveragePoolGrad(
      builder, getLoc(), gradient, inputType, inputType.getShape().drop_front(2),
      SmallVector<int64_t>(spatialRank, 1), SmallVector<int64_t>(2 * spatialRank, 0),
      /*ceilMode=*/false, /*countIncludePad=*/false));
  return success();
}

LogicalResult MaxPoolGradOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                              Adaptor adaptor,
                                              SmallVectorImpl<Type> &types) {
  SmallVector<Type, 1> pooled;
  if (failed(inferMaxPool(loc, adaptor.getInput().getType(), adaptor.getKernelShape(),
                          adaptor.getStrides(), adaptor.getPads(), adaptor.getDilations(),
                          adaptor.getCeilMode(), pooled)))
    return failure();
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  if (failed(checkOutputGrad(loc, adaptor.getOutputGrad().getType(),
                             cast<RankedTensorType>(pooled.front()), inputType)))
    return failure();
  types.push_back(inputType);
  return success();
}

LogicalResult AveragePoolGradOp::inferReturnTypes(MLIRContext *,
                                                  std::optional<Location> loc,
                                                  Adaptor adaptor,
                                                  SmallVectorImpl<Type> &types) {
  DenseI64ArrayAttr inputShape = adaptor.getInputShapeAttr();
  if (!inputShape)
    return emitOptionalError(loc, "expected attribute 'input_shape'");
  if (inputShape.size() < 3)
    return emitOptionalError(loc, "expected at least 3 values in 'input_shape' "
                             "([N, C, D1..Dk]), found ", inputShape.size());
  if (llvm::any_of(inputShape.asArrayRef(), [](int64_t dim) { return dim < 0; }))
    return emitOptionalError(loc, "expected 'input_shape' values >= 0, found ",
                             formatShape(inputShape.asArrayRef()));
  Type outputGrad = adaptor.getOutputGrad().getType();
  if (failed(requireStaticTensor(loc, outputGrad, "output_grad")))
    return failure();
  auto inputType = RankedTensorType::get(
      inputShape.asArrayRef(), cast<RankedTensorType>(outputGrad).getElementType());
  FailureOr<SmallVector<int64_t>> shape = inferWindowShape(
      loc, inputType, adaptor.getKernelShape(), adaptor.getStrides(), adaptor.getPads(),
      /*dilations=*/std::nullopt, adaptor.getCeilMode());
  if (failed(shape) ||
      failed(checkOutputGrad(loc, outputGrad, inputType.clone(*shape), inputType)))
    return failure();
  types.push_back(inputType);
  return success();
}
