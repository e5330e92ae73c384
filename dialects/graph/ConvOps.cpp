//===- ConvOps.cpp - type inference of convolution ------------------------===//
#include "dialects/graph/DlcDialect.h"
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
} // namespace

LogicalResult ConvOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                       Adaptor adaptor, SmallVectorImpl<Type> &types) {
  if (failed(requireStaticTensor(loc, adaptor.getInput().getType(), "input")) ||
      failed(requireStaticTensor(loc, adaptor.getWeight().getType(), "weight")))
    return failure();
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  auto weightType = cast<RankedTensorType>(adaptor.getWeight().getType());
  Type elementType = inputType.getElementType();
  if (!elementType.isF16() && !elementType.isF32() && !elementType.isF64())
    return emitOptionalError(loc, "expected an f16, f32 or f64 input, found ",
                             elementType);
  if (weightType.getElementType() != elementType)
    return emitOptionalError(loc, "expected a weight of element type ", elementType,
                             ", found ", weightType.getElementType());

  int64_t rank = inputType.getRank();
  if (rank < 3 || rank > 5)
    return emitOptionalError(loc, "expected an input of rank 3, 4 or 5 "
                             "([N, C, D1..Dk]), found rank ", rank);
  if (weightType.getRank() != rank)
    return emitOptionalError(loc, "expected a weight of rank ", rank,
                             " ([M, C/group, K1..Kk]) like the input, found rank ",
                             weightType.getRank());
  size_t spatialRank = rank - 2;
  ArrayRef<int64_t> inputShape = inputType.getShape();
  ArrayRef<int64_t> weightShape = weightType.getShape();

  int64_t group = adaptor.getGroup();
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

  if (Value bias = adaptor.getBias()) {
    if (failed(requireStaticTensor(loc, bias.getType(), "bias")))
      return failure();
    auto biasType = cast<RankedTensorType>(bias.getType());
    if (biasType.getElementType() != elementType)
      return emitOptionalError(loc, "expected a bias of element type ", elementType,
                               ", found ", biasType.getElementType());
    if (biasType.getShape() != ArrayRef<int64_t>{filters})
      return emitOptionalError(loc, "expected a bias of shape ", filters,
                               " (one per output channel), found ",
                               formatShape(biasType.getShape()));
  }

  if (failed(checkIntList(loc, adaptor.getStridesAttr(), "strides", spatialRank, 1)) ||
      failed(checkIntList(loc, adaptor.getDilationsAttr(), "dilations", spatialRank,
                          1)) ||
      failed(checkIntList(loc, adaptor.getPadsAttr(), "pads", 2 * spatialRank, 0)))
    return failure();
  ArrayRef<int64_t> strides = adaptor.getStrides();
  ArrayRef<int64_t> dilations = adaptor.getDilations();
  ArrayRef<int64_t> pads = adaptor.getPads();

  SmallVector<int64_t> resultShape{inputShape[0], filters};
  for (size_t i = 0; i < spatialRank; ++i) {
    int64_t padded = inputShape[i + 2] + pads[i] + pads[i + spatialRank];
    if (weightShape[i + 2] < 1)
      return emitOptionalError(loc, "expected a positive kernel size along spatial "
                               "axis ", i, ", found ", weightShape[i + 2]);
    int64_t kernelExtent = dilations[i] * (weightShape[i + 2] - 1) + 1;
    if (padded < kernelExtent)
      return emitOptionalError(loc, "expected a padded input of at least ",
                               kernelExtent, " (the dilated kernel) along spatial "
                               "axis ", i, ", found ", padded);
    resultShape.push_back((padded - kernelExtent) / strides[i] + 1);
  }
  types.push_back(RankedTensorType::get(resultShape, elementType));
  return success();
}
