//===- ConvOps.cpp - type inference and gradients of convolution ----------===//
#include "dialects/graph/DlcDialect.h"
#include "dialects/graph/GradientUtils.h"
#include "dialects/graph/TypeInference.h"

#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace dlc::graph;

namespace {
// A required list attribute checked like every window attribute.
LogicalResult checkIntList(std::optional<Location> loc, DenseI64ArrayAttr attr,
                           StringRef name, size_t size, int64_t min) {
  if (!attr)
    return emitOptionalError(loc, "expected attribute '", name, "'");
  return checkWindowList(loc, attr.asArrayRef(), name, size, min);
}

// The element type of a convolution's float operands `first` and `second`,
// all of one type.
FailureOr<Type> checkConvElementType(std::optional<Location> loc, StringRef firstName,
                                     Type first, StringRef secondName, Type second) {
  Type elementType = cast<RankedTensorType>(first).getElementType();
  if (!elementType.isF16() && !elementType.isF32() && !elementType.isF64())
    return emitOptionalError(loc, "expected an f16, f32 or f64 ", firstName,
                             ", found ", elementType);
  Type secondElementType = cast<RankedTensorType>(second).getElementType();
  if (secondElementType != elementType)
    return emitOptionalError(loc, "expected ", secondName, " of element type ",
                             elementType, ", found ", secondElementType);
  return elementType;
}

// The rank of a convolution's [N, C, D1..Dk]-like operand, which `other`
// shares. The names come with their articles ("an input", "the input").
FailureOr<int64_t> checkConvRank(std::optional<Location> loc, StringRef what,
                                 StringRef theWhat, Type type, StringRef otherWhat,
                                 StringRef otherLayout, Type other) {
  int64_t rank = cast<RankedTensorType>(type).getRank();
  if (rank < 3 || rank > 5)
    return emitOptionalError(loc, "expected ", what, " of rank 3, 4 or 5 "
                             "([N, C, D1..Dk]), found rank ", rank);
  int64_t otherRank = cast<RankedTensorType>(other).getRank();
  if (otherRank != rank)
    return emitOptionalError(loc, "expected ", otherWhat, " of rank ", rank, " (",
                             otherLayout, ") like ", theWhat, ", found rank ",
                             otherRank);
  return rank;
}

// The shape of dlc.conv's result for an input and a weight of these shapes,
// which must fit each other and the window attributes.
FailureOr<SmallVector<int64_t>>
inferConvShape(std::optional<Location> loc, ArrayRef<int64_t> inputShape,
               ArrayRef<int64_t> weightShape, DenseI64ArrayAttr stridesAttr,
               DenseI64ArrayAttr dilationsAttr, DenseI64ArrayAttr padsAttr,
               int64_t group) {
  size_t spatialRank = inputShape.size() - 2;
  int64_t channels = inputShape[1];
  int64_t filters = weightShape[0];
  if (group < 1)
    return emitOptionalError(loc, "expected a positive group, found ", group);
  if (channels % group != 0)
    return emitOptionalError(loc, "expected input channels divisible by group ",
                             group, ", found ", channels);
  if (filters % group != 0)
    return emitOptionalError(loc, "expected output channels (weight dim 0) "
                             "divisible by group ", group, ", found ", filters);
  if (weightShape[1] != channels / group)
    return emitOptionalError(loc, "expected weight dim 1 to be input channels / "
                             "group = ", channels / group, ", found ",
                             weightShape[1]);

  if (failed(checkIntList(loc, stridesAttr, "strides", spatialRank, 1)) ||
      failed(checkIntList(loc, dilationsAttr, "dilations", spatialRank, 1)) ||
      failed(checkIntList(loc, padsAttr, "pads", 2 * spatialRank, 0)))
    return failure();
  ArrayRef<int64_t> strides = stridesAttr.asArrayRef();
  ArrayRef<int64_t> dilations = dilationsAttr.asArrayRef();
  ArrayRef<int64_t> pads = padsAttr.asArrayRef();

  SmallVector<int64_t> resultShape{inputShape[0], filters};
  for (size_t i = 0; i < spatialRank; ++i) {
    if (weightShape[i + 2] < 1)
      return emitOptionalError(loc, "expected a positive kernel size along spatial "
                               "axis ", i, ", found ", weightShape[i + 2]);
    FailureOr<WindowExtent> window =
        inferWindowExtent(loc, i, inputShape[i + 2], pads[i], pads[i + spatialRank],
                          weightShape[i + 2], dilations[i]);
    if (failed(window))
      return failure();
    if (window->paddedSize < window->kernelExtent)
      return emitOptionalError(loc, "expected a padded input of at least ",
                               window->kernelExtent, " (the dilated kernel) along spatial "
                               "axis ", i, ", found ", window->paddedSize);
    resultShape.push_back((window->paddedSize - window->kernelExtent) / strides[i] + 1);
  }
  return resultShape;
}

// Checks that a gradient op's `output_grad` has the shape the conv gives.
LogicalResult checkOutputGrad(std::optional<Location> loc, ArrayRef<int64_t> expected,
                              Type outputGrad, ArrayRef<int64_t> inputShape) {
  ArrayRef<int64_t> found = cast<RankedTensorType>(outputGrad).getShape();
  if (found != expected)
    return emitOptionalError(loc, "expected output_grad of shape ", formatShape(expected),
                             " (the conv result for an input of shape ",
                             formatShape(inputShape), "), found ", formatShape(found));
  return success();
}

// A weight of shape `stored` in the default layout [M, C/group, K1..Kk].
SmallVector<int64_t> filterShape(ArrayRef<int64_t> stored, bool channelsLast) {
  SmallVector<int64_t> shape(stored);
  if (channelsLast && !shape.empty())
    std::rotate(shape.begin(), shape.end() - 1, shape.end());
  return shape;
}
} // namespace

SmallVector<int64_t> ConvOp::getFilterShape() {
  return filterShape(getWeight().getType().getShape(), getFilterChannelsLast());
}

LogicalResult ConvOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                       Adaptor adaptor, SmallVectorImpl<Type> &types) {
  Type input = adaptor.getInput().getType();
  Type weight = adaptor.getWeight().getType();
  if (failed(requireStaticTensor(loc, input, "input")) ||
      failed(requireStaticTensor(loc, weight, "weight")))
    return failure();
  FailureOr<Type> elementType =
      checkConvElementType(loc, "input", input, "a weight", weight);
  bool channelsLast = adaptor.getFilterChannelsLast();
  if (failed(elementType) ||
      failed(checkConvRank(loc, "an input", "the input", input, "a weight",
                           channelsLast ? "[C/group, K1..Kk, M]" : "[M, C/group, K1..Kk]",
                           weight)))
    return failure();
  SmallVector<int64_t> weightShape =
      filterShape(cast<RankedTensorType>(weight).getShape(), channelsLast);

  if (Value bias = adaptor.getBias()) {
    if (failed(requireStaticTensor(loc, bias.getType(), "bias")))
      return failure();
    auto biasType = cast<RankedTensorType>(bias.getType());
    if (biasType.getElementType() != *elementType)
      return emitOptionalError(loc, "expected a bias of element type ", *elementType,
                               ", found ", biasType.getElementType());
    if (biasType.getShape() != ArrayRef<int64_t>(weightShape).take_front())
      return emitOptionalError(loc, "expected a bias of shape ", weightShape[0],
                               " (one per output channel), found ",
                               formatShape(biasType.getShape()));
  }

  FailureOr<SmallVector<int64_t>> shape =
      inferConvShape(loc, cast<RankedTensorType>(input).getShape(), weightShape,
                     adaptor.getStridesAttr(), adaptor.getDilationsAttr(),
                     adaptor.getPadsAttr(), adaptor.getGroup());
  if (failed(shape))
    return failure();
  types.push_back(RankedTensorType::get(*shape, *elementType));
  return success();
}

// The input takes a transposed convolution of the output's gradient, the
// weight a correlation of the input with it, the bias its sum over all but
// the channel dim.
LogicalResult ConvOp::buildGradient(OpBuilder &builder, ValueRange resultGradients,
                                    SmallVectorImpl<Value> &operandGradients) {
  if (getFilterChannelsLast())
    return emitOpError("has a packed (channels-last) filter, which is inference-only: "
                       "no gradient");
  Value gradient = resultGradients.front();
  if (appendNoGradients(*this, gradient, operandGradients))
    return success();
  Location loc = getLoc();
  operandGradients.push_back(builder.create<ConvGradInputOp>(
      loc, gradient, getWeight(), getStridesAttr(), getDilationsAttr(), getPadsAttr(),
      getGroupAttr(), builder.getDenseI64ArrayAttr(getInput().getType().getShape())));
  operandGradients.push_back(builder.create<ConvGradWeightOp>(
      loc, getInput(), gradient, getStridesAttr(), getDilationsAttr(), getPadsAttr(),
      getGroupAttr(),
      builder.getDenseI64ArrayAttr(getWeight().getType().getShape().drop_front(2))));
  if (getBias()) {
    SmallVector<int64_t> axes{0};
    for (int64_t dim = 2, rank = getType().getRank(); dim < rank; ++dim)
      axes.push_back(dim);
    operandGradients.push_back(builder.create<ReduceSumOp>(
        loc, gradient, builder.getDenseI64ArrayAttr(axes), builder.getBoolAttr(false)));
  }
  return success();
}

LogicalResult ConvGradInputOp::buildGradient(OpBuilder &builder, ValueRange resultGradients,
                                             SmallVectorImpl<Value> &operandGradients) {
  Value gradient = resultGradients.front();
  if (appendNoGradients(*this, gradient, operandGradients))
    return success();
  Location loc = getLoc();
  operandGradients.push_back(builder.create<ConvOp>(loc, gradient, getWeight(), Value(),
                                                    getStridesAttr(), getDilationsAttr(),
                                                    getPadsAttr(), getGroupAttr()));
  operandGradients.push_back(builder.create<ConvGradWeightOp>(
      loc, gradient, getOutputGrad(), getStridesAttr(), getDilationsAttr(), getPadsAttr(),
      getGroupAttr(),
      builder.getDenseI64ArrayAttr(getWeight().getType().getShape().drop_front(2))));
  return success();
}

LogicalResult ConvGradInputOp::inferReturnTypes(MLIRContext *,
                                                std::optional<Location> loc,
                                                Adaptor adaptor,
                                                SmallVectorImpl<Type> &types) {
  Type outputGrad = adaptor.getOutputGrad().getType();
  Type weight = adaptor.getWeight().getType();
  if (failed(requireStaticTensor(loc, outputGrad, "output_grad")) ||
      failed(requireStaticTensor(loc, weight, "weight")))
    return failure();
  FailureOr<Type> elementType =
      checkConvElementType(loc, "output_grad", outputGrad, "a weight", weight);
  if (failed(elementType))
    return failure();
  FailureOr<int64_t> rank =
      checkConvRank(loc, "an output_grad", "output_grad", outputGrad, "a weight",
                    "[M, C/group, K1..Kk]", weight);
  if (failed(rank))
    return failure();
  DenseI64ArrayAttr inputShapeAttr = adaptor.getInputShapeAttr();
  if (!inputShapeAttr)
    return emitOptionalError(loc, "expected attribute 'input_shape'");
  ArrayRef<int64_t> inputShape = inputShapeAttr.asArrayRef();
  if (static_cast<int64_t>(inputShape.size()) != *rank)
    return emitOptionalError(loc, "expected ", *rank, " values in 'input_shape' "
                             "([N, C, D1..Dk], the rank of output_grad), found ",
                             inputShape.size());
  if (llvm::any_of(inputShape, [](int64_t dim) { return dim < 0; }))
    return emitOptionalError(loc, "expected 'input_shape' values >= 0, found ",
                             formatShape(inputShape));

  FailureOr<SmallVector<int64_t>> expected = inferConvShape(
      loc, inputShape, cast<RankedTensorType>(weight).getShape(),
      adaptor.getStridesAttr(), adaptor.getDilationsAttr(), adaptor.getPadsAttr(),
      adaptor.getGroup());
  if (failed(expected) || failed(checkOutputGrad(loc, *expected, outputGrad, inputShape)))
    return failure();
  types.push_back(RankedTensorType::get(inputShape, *elementType));
  return success();
}

LogicalResult ConvGradWeightOp::inferReturnTypes(MLIRContext *,
                                                 std::optional<Location> loc,
                                                 Adaptor adaptor,
                                                 SmallVectorImpl<Type> &types) {
  Type input = adaptor.getInput().getType();
  Type outputGrad = adaptor.getOutputGrad().getType();
  if (failed(requireStaticTensor(loc, input, "input")) ||
      failed(requireStaticTensor(loc, outputGrad, "output_grad")))
    return failure();
  FailureOr<Type> elementType =
      checkConvElementType(loc, "input", input, "an output_grad", outputGrad);
  if (failed(elementType))
    return failure();
  FailureOr<int64_t> rank =
      checkConvRank(loc, "an input", "the input", input, "an output_grad",
                    "[N, M, O1..Ok]", outputGrad);
  if (failed(rank) || failed(checkIntList(loc, adaptor.getKernelShapeAttr(),
                                          "kernel_shape", *rank - 2, 1)))
    return failure();

  // The conv's weight was [M, C/group, K1..Kk]; inferConvShape reports an
  // input channel count that group does not divide.
  ArrayRef<int64_t> inputShape = cast<RankedTensorType>(input).getShape();
  int64_t filters = cast<RankedTensorType>(outputGrad).getDimSize(1);
  int64_t group = adaptor.getGroup();
  if (group < 1)
    return emitOptionalError(loc, "expected a positive group, found ", group);
  if (filters % group != 0)
    return emitOptionalError(loc, "expected output channels (output_grad dim 1) "
                             "divisible by group ", group, ", found ", filters);
  SmallVector<int64_t> weightShape{filters, inputShape[1] / group};
  llvm::append_range(weightShape, adaptor.getKernelShape());

  FailureOr<SmallVector<int64_t>> expected =
      inferConvShape(loc, inputShape, weightShape, adaptor.getStridesAttr(),
                     adaptor.getDilationsAttr(), adaptor.getPadsAttr(), group);
  if (failed(expected) || failed(checkOutputGrad(loc, *expected, outputGrad, inputShape)))
    return failure();
  types.push_back(RankedTensorType::get(weightShape, *elementType));
  return success();
}
