//===- ScanOps.cpp - running sums, triangles, top-k and one-hot -----------===//
#include "dialects/graph/DlcDialect.h"
#include "dialects/graph/GradientUtils.h"
#include "dialects/graph/TypeInference.h"

#include "llvm/ADT/Sequence.h"

using namespace mlir;
using namespace dlc::graph;

namespace {
// `axis` of a static tensor of rank 1 or more, in [0, rank).
FailureOr<int64_t> inferAxis(std::optional<Location> loc, Type input, int64_t axis) {
  if (failed(requireStaticTensor(loc, input, "input")))
    return failure();
  int64_t rank = cast<RankedTensorType>(input).getRank();
  if (rank == 0)
    return emitOptionalError(loc, "expected an input of rank 1 or more, found rank 0");
  return normalizeAxis(loc, axis, rank, "axis");
}

int64_t verifiedAxis(int64_t axis, int64_t rank) { return axis < 0 ? axis + rank : axis; }
} // namespace

//===----------------------------------------------------------------------===//
// CumSumOp
//===----------------------------------------------------------------------===//

LogicalResult CumSumOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                         Adaptor adaptor, SmallVectorImpl<Type> &types) {
  adaptor = withDefaultAttrs<CumSumOp>(ctx, adaptor);
  Type input = adaptor.getInput().getType();
  if (failed(inferAxis(loc, input, adaptor.getAxis())))
    return failure();
  types.push_back(input);
  return success();
}

int64_t CumSumOp::getNormalizedAxis() {
  return verifiedAxis(getAxis(), getType().getRank());
}

// Each input element is in the sums of the elements after it (before it,
// reversed): the gradient is the running sum the other way round.
LogicalResult CumSumOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                      SmallVectorImpl<Value> &operandGradients) {
  Value g = resultGradients.front();
  if (appendNoGradients(*this, g, operandGradients))
    return success();
  operandGradients.push_back(b.create<CumSumOp>(getLoc(), g, getAxisAttr(),
                                                getExclusiveAttr(),
                                                b.getBoolAttr(!getReverse())));
  return success();
}

//===----------------------------------------------------------------------===//
// TriluOp
//===----------------------------------------------------------------------===//

LogicalResult TriluOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                        Adaptor adaptor, SmallVectorImpl<Type> &types) {
  Type input = adaptor.getInput().getType();
  if (failed(requireStaticTensor(loc, input, "input")))
    return failure();
  if (int64_t rank = cast<RankedTensorType>(input).getRank(); rank < 2)
    return emitOptionalError(loc, "expected an input of rank 2 or more, found rank ", rank);
  types.push_back(input);
  return success();
}

// The kept elements pass their gradient through, the zeroed ones none.
LogicalResult TriluOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                     SmallVectorImpl<Value> &operandGradients) {
  Value g = resultGradients.front();
  if (appendNoGradients(*this, g, operandGradients))
    return success();
  operandGradients.push_back(b.create<TriluOp>(getLoc(), g, getKAttr(), getUpperAttr()));
  return success();
}

//===----------------------------------------------------------------------===//
// TopKOp
//===----------------------------------------------------------------------===//

LogicalResult TopKOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                       Adaptor adaptor, SmallVectorImpl<Type> &types) {
  adaptor = withDefaultAttrs<TopKOp>(ctx, adaptor);
  Type input = adaptor.getInput().getType();
  FailureOr<int64_t> axis = inferAxis(loc, input, adaptor.getAxis());
  if (failed(axis))
    return failure();
  auto inputType = cast<RankedTensorType>(input);
  auto k = static_cast<int64_t>(adaptor.getK());
  if (k < 0 || k > inputType.getDimSize(*axis))
    return emitOptionalError(loc, "expected k in [0, ", inputType.getDimSize(*axis),
                             "] (the size of dim ", *axis, "), found ", k);
  SmallVector<int64_t> shape(inputType.getShape());
  shape[*axis] = k;
  types.push_back(inputType.clone(shape));
  types.push_back(RankedTensorType::get(shape, IntegerType::get(ctx, 64)));
  return success();
}

int64_t TopKOp::getNormalizedAxis() {
  return verifiedAxis(getAxis(), getInput().getType().getRank());
}

// Each selected value's gradient goes back to the element it was read
// from; the indices take none.
LogicalResult TopKOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                    SmallVectorImpl<Value> &operandGradients) {
  Value g = resultGradients.front();
  if (appendNoGradients(*this, g, operandGradients))
    return success();
  operandGradients.push_back(b.create<GatherElementsGradOp>(
      getLoc(), g, getIndices(), b.getI64IntegerAttr(getNormalizedAxis()),
      b.getDenseI64ArrayAttr(getInput().getType().getShape())));
  return success();
}

//===----------------------------------------------------------------------===//
// OneHotOp
//===----------------------------------------------------------------------===//

LogicalResult OneHotOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                         Adaptor adaptor, SmallVectorImpl<Type> &types) {
  adaptor = withDefaultAttrs<OneHotOp>(ctx, adaptor);
  Type indices = adaptor.getIndices().getType();
  Type values = adaptor.getValues().getType();
  if (failed(requireStaticTensor(loc, indices, "indices")) ||
      failed(requireStaticTensor(loc, values, "values")))
    return failure();
  auto valuesType = cast<RankedTensorType>(values);
  if (valuesType.getShape() != ArrayRef<int64_t>{2})
    return emitOptionalError(loc, "expected values of shape 2 (off, on), found ",
                             formatShape(valuesType.getShape()));
  auto depth = static_cast<int64_t>(adaptor.getDepth());
  if (depth < 1)
    return emitOptionalError(loc, "expected a depth of 1 or more, found ", depth);
  auto indicesType = cast<RankedTensorType>(indices);
  FailureOr<int64_t> axis =
      normalizeAxis(loc, adaptor.getAxis(), indicesType.getRank() + 1, "axis");
  if (failed(axis))
    return failure();
  SmallVector<int64_t> shape(indicesType.getShape());
  shape.insert(shape.begin() + *axis, depth);
  types.push_back(RankedTensorType::get(shape, valuesType.getElementType()));
  return success();
}

int64_t OneHotOp::getNormalizedAxis() {
  return verifiedAxis(getAxis(), getType().getRank());
}

// values[1] is read where the one-hot mask is 1, values[0] elsewhere: their
// gradients are the sums of the result's gradient over those elements.
LogicalResult OneHotOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                      SmallVectorImpl<Value> &operandGradients) {
  Value g = resultGradients.front();
  if (appendNoGradients(*this, g, operandGradients))
    return success();
  Location loc = getLoc();
  RankedTensorType type = getType();
  Type element = type.getElementType();
  auto offOnType = RankedTensorType::get({2}, element);
  Value mask = b.create<OneHotOp>(
      loc, getIndices(),
      b.create<ConstantOp>(loc, DenseElementsAttr::get(
                                    offOnType, ArrayRef<Attribute>{
                                                   b.getFloatAttr(element, 0.0),
                                                   b.getFloatAttr(element, 1.0)})),
      getDepthAttr(), getAxisAttr());
  auto all = llvm::to_vector(llvm::seq<int64_t>(0, type.getRank()));
  auto total = [&](Value v) {
    return reshapeTo(b, loc,
                     b.create<ReduceSumOp>(loc, v, b.getDenseI64ArrayAttr(all),
                                           b.getBoolAttr(false)),
                     {1});
  };
  Value on = total(b.create<MulOp>(loc, g, mask));
  Value off = b.create<SubOp>(loc, total(g), on);
  operandGradients.push_back(Value());
  operandGradients.push_back(
      b.create<ConcatOp>(loc, ValueRange{off, on}, b.getI64IntegerAttr(0)));
  return success();
}
