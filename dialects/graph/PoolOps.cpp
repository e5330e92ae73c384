//===- PoolOps.cpp - type inference of max and average pooling ------------===//
#include "dialects/graph/DlcDialect.h"
#include "dialects/graph/TypeInference.h"

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
    int64_t padded = size + padBegin + padEnd;
    int64_t dilation = dilations ? (*dilations)[i] : 1;
    int64_t kernelExtent = dilation * (kernel[i] - 1) + 1;
    if (padded < kernelExtent)
      return emitOptionalError(loc, "expected a padded input of at least ", kernelExtent,
                               " (the ", dilations ? "dilated " : "",
                               "kernel) along spatial axis ", i, ", found ", padded);
    int64_t steps = padded - kernelExtent;
    int64_t outputSize =
        (ceilMode ? llvm::divideCeil(steps, strides[i]) : steps / strides[i]) + 1;
    if (ceilMode && (outputSize - 1) * strides[i] >= size + padBegin)
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
} // namespace

LogicalResult MaxPoolOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                          Adaptor adaptor, SmallVectorImpl<Type> &types) {
  return inferMaxPool(loc, adaptor.getInput().getType(), adaptor.getKernelShape(),
                      adaptor.getStrides(), adaptor.getPads(), adaptor.getDilations(),
                      adaptor.getCeilMode(), types);
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
