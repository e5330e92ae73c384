//===- ReductionOps.cpp - type inference of reductions and softmax --------===//
#include "dialects/graph/DlcDialect.h"
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

int64_t SoftmaxOp::getNormalizedAxis() {
  int64_t rank = getType().getRank();
  int64_t axis = getAxis();
  return axis < 0 ? axis + rank : axis;
}
