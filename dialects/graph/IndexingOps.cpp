//===- IndexingOps.cpp - concat, slice, gathers, scatters: types, grads ---===//
#include "dialects/graph/DlcDialect.h"
#include "dialects/graph/GradientUtils.h"
#include "dialects/graph/TypeInference.h"

#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace dlc::graph;

namespace {
/// The literal elements of `attr` when it is dense (folds read only those).
std::optional<SmallVector<Attribute>> denseElements(Attribute attr) {
  auto dense = dyn_cast_or_null<DenseElementsAttr>(attr);
  if (!dense)
    return std::nullopt;
  return llvm::to_vector(dense.getValues<Attribute>());
}

/// Index `value` along a dim of `size`: negative counts from the end, and
/// anything still outside [0, size) is clamped to the nearest entry.
int64_t resolveIndex(int64_t value, int64_t size) {
  if (value < 0)
    value += size;
  return std::clamp<int64_t>(value, 0, std::max<int64_t>(size - 1, 0));
}

SmallVector<int64_t> indexValues(Attribute attr) {
  return llvm::map_to_vector(cast<DenseElementsAttr>(attr).getValues<APInt>(),
                             [](const APInt &v) { return v.getSExtValue(); });
}

LogicalResult requireIndexGradShape(std::optional<Location> loc, ArrayRef<int64_t> shape) {
  for (int64_t dim : shape)
    if (dim < 0)
      return emitOptionalError(loc, "expected a static input_shape, found ",
                               formatShape(shape));
  return success();
}

/// The input_shape and axis of a gather's gradient: static, axis in range.
LogicalResult checkScatterTarget(std::optional<Location> loc, ArrayRef<int64_t> inputShape,
                                 int64_t axis) {
  if (failed(requireIndexGradShape(loc, inputShape)))
    return failure();
  if (axis < 0 || axis >= static_cast<int64_t>(inputShape.size()))
    return emitOptionalError(loc, "expected axis in [0, ", inputShape.size(), "), found ",
                             axis);
  return success();
}

int64_t normalizedAxis(int64_t axis, Value input) {
  return axis < 0 ? axis + cast<RankedTensorType>(input.getType()).getRank() : axis;
}

/// A gather's input gradient: the result gradient scattered (added) back to
/// where each element was read. Indices take none.
template <typename GradOp, typename GatherOpTy>
LogicalResult scatterGradient(GatherOpTy op, OpBuilder &b, ValueRange resultGradients,
                              SmallVectorImpl<Value> &operandGradients) {
  Value dy = resultGradients.front();
  if (appendNoGradients(op, dy, operandGradients))
    return success();
  auto inputType = cast<RankedTensorType>(op.getInput().getType());
  operandGradients.push_back(b.create<GradOp>(
      op.getLoc(), inputType, dy, op.getIndices(), b.getI64IntegerAttr(op.getNormalizedAxis()),
      b.getDenseI64ArrayAttr(inputType.getShape())));
  operandGradients.push_back(Value());
  return success();
}
} // namespace

//===----------------------------------------------------------------------===//
// ConcatOp
//===----------------------------------------------------------------------===//

int64_t ConcatOp::getNormalizedAxis() { return normalizedAxis(getAxis(), getResult()); }

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor adaptor, SmallVectorImpl<Type> &types) {
  ValueRange inputs = adaptor.getInputs();
  if (inputs.empty())
    return emitOptionalError(loc, "expected at least one input");
  auto first = cast<RankedTensorType>(inputs.front().getType());
  if (failed(requireStaticTensor(loc, first, "input")))
    return failure();
  FailureOr<int64_t> axis = normalizeAxis(loc, adaptor.getAxis(), first.getRank(), "axis");
  if (failed(axis))
    return failure();
  SmallVector<int64_t> shape(first.getShape());
  shape[*axis] = 0;
  for (Value input : inputs) {
    auto type = cast<RankedTensorType>(input.getType());
    if (failed(requireStaticTensor(loc, type, "input")))
      return failure();
    bool agrees = type.getElementType() == first.getElementType() &&
                  type.getRank() == first.getRank();
    for (int64_t d = 0; agrees && d < type.getRank(); ++d)
      agrees = d == *axis || type.getDimSize(d) == first.getDimSize(d);
    if (!agrees)
      return emitOptionalError(loc, "expected inputs that agree with ", first,
                               " on every dim but ", *axis, ", found ", type);
    shape[*axis] += type.getDimSize(*axis);
  }
  types.push_back(RankedTensorType::get(shape, first.getElementType()));
  return success();
}

OpFoldResult ConcatOp::fold(FoldAdaptor adaptor) {
  if (getInputs().size() == 1 && getInputs().front().getType() == getType())
    return getInputs().front();
  auto type = cast<RankedTensorType>(getType());
  int64_t axis = getNormalizedAxis();
  SmallVector<SmallVector<Attribute>> parts;
  for (Attribute attr : adaptor.getInputs()) {
    std::optional<SmallVector<Attribute>> elements = denseElements(attr);
    if (!elements)
      return {};
    parts.push_back(std::move(*elements));
  }
  // Row-major, the result is a sequence of blocks: for each index of the dims
  // before the axis, every input's [axis, ...] block in turn.
  int64_t outer = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= type.getDimSize(d);
  SmallVector<Attribute> result;
  result.reserve(type.getNumElements());
  for (int64_t o = 0; o < outer; ++o)
    for (const SmallVector<Attribute> &part : parts) {
      int64_t block = static_cast<int64_t>(part.size()) / outer;
      result.append(part.begin() + o * block, part.begin() + (o + 1) * block);
    }
  return DenseElementsAttr::get(type, result);
}

LogicalResult ConcatOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                      SmallVectorImpl<Value> &operandGradients) {
  Value dy = resultGradients.front();
  if (appendNoGradients(*this, dy, operandGradients))
    return success();
  int64_t axis = getNormalizedAxis();
  auto type = cast<RankedTensorType>(getType());
  int64_t offset = 0;
  for (Value input : getInputs()) {
    auto inputType = cast<RankedTensorType>(input.getType());
    SmallVector<int64_t> starts(type.getRank(), 0), steps(type.getRank(), 1);
    starts[axis] = offset;
    offset += inputType.getDimSize(axis);
    operandGradients.push_back(b.create<SliceOp>(
        getLoc(), inputType, dy, b.getDenseI64ArrayAttr(starts),
        b.getDenseI64ArrayAttr(inputType.getShape()), b.getDenseI64ArrayAttr(steps)));
  }
  return success();
}

//===----------------------------------------------------------------------===//
// SliceOp
//===----------------------------------------------------------------------===//

namespace {
LogicalResult checkSliceBox(std::optional<Location> loc, ArrayRef<int64_t> shape,
                            ArrayRef<int64_t> starts, ArrayRef<int64_t> sizes,
                            ArrayRef<int64_t> steps) {
  size_t rank = shape.size();
  if (starts.size() != rank || sizes.size() != rank || steps.size() != rank)
    return emitOptionalError(loc, "expected starts, sizes and steps of ", rank,
                             " entries (the input's rank), found ", starts.size(), ", ",
                             sizes.size(), " and ", steps.size());
  for (size_t d = 0; d < rank; ++d) {
    if (steps[d] == 0)
      return emitOptionalError(loc, "expected nonzero steps, found 0 at dim ", d);
    if (sizes[d] < 0)
      return emitOptionalError(loc, "expected sizes >= 0, found ", sizes[d], " at dim ", d);
    if (sizes[d] == 0)
      continue;
    // The last element read, in 128 bits: no overflow on hostile attributes.
    __int128 last = static_cast<__int128>(starts[d]) +
                    static_cast<__int128>(sizes[d] - 1) * steps[d];
    if (starts[d] < 0 || starts[d] >= shape[d] || last < 0 || last >= shape[d])
      return emitOptionalError(loc, "dim ", d, " reads elements outside [0, ", shape[d],
                               "): start ", starts[d], ", size ", sizes[d], ", step ",
                               steps[d]);
  }
  return success();
}

/// The input position that result element `index` of a slice reads.
SmallVector<int64_t> sliceSource(ArrayRef<int64_t> index, ArrayRef<int64_t> starts,
                                 ArrayRef<int64_t> steps) {
  SmallVector<int64_t> source(index.size());
  for (size_t d = 0; d < index.size(); ++d)
    source[d] = starts[d] + index[d] * steps[d];
  return source;
}
} // namespace

LogicalResult SliceOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                        Adaptor adaptor, SmallVectorImpl<Type> &types) {
  auto type = cast<RankedTensorType>(adaptor.getInput().getType());
  if (failed(requireStaticTensor(loc, type, "input")) ||
      failed(checkSliceBox(loc, type.getShape(), adaptor.getStarts(), adaptor.getSizes(),
                           adaptor.getSteps())))
    return failure();
  types.push_back(type.clone(adaptor.getSizes()));
  return success();
}

OpFoldResult SliceOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType() && llvm::all_of(getStarts(), [](int64_t s) {
        return s == 0;
      }) && llvm::all_of(getSteps(), [](int64_t s) { return s == 1; }))
    return getInput();
  std::optional<SmallVector<Attribute>> elements = denseElements(adaptor.getInput());
  if (!elements)
    return {};
  auto inputType = cast<RankedTensorType>(getInput().getType());
  auto type = cast<RankedTensorType>(getType());
  SmallVector<int64_t> strides = stridesOf(inputType.getShape());
  SmallVector<Attribute> result;
  for (int64_t i = 0, e = type.getNumElements(); i < e; ++i)
    result.push_back((*elements)[flatten(
        sliceSource(unflatten(i, type.getShape()), getStarts(), getSteps()), strides)]);
  return DenseElementsAttr::get(type, result);
}

LogicalResult SliceOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                     SmallVectorImpl<Value> &operandGradients) {
  Value dy = resultGradients.front();
  if (appendNoGradients(*this, dy, operandGradients))
    return success();
  auto inputType = cast<RankedTensorType>(getInput().getType());
  operandGradients.push_back(b.create<SliceGradOp>(
      getLoc(), inputType, dy, b.getDenseI64ArrayAttr(inputType.getShape()), getStartsAttr(),
      getSizesAttr(), getStepsAttr()));
  return success();
}

LogicalResult SliceGradOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                            Adaptor adaptor, SmallVectorImpl<Type> &types) {
  auto gradType = cast<RankedTensorType>(adaptor.getGrad().getType());
  ArrayRef<int64_t> inputShape = adaptor.getInputShape();
  if (failed(requireIndexGradShape(loc, inputShape)) ||
      failed(checkSliceBox(loc, inputShape, adaptor.getStarts(), adaptor.getSizes(),
                           adaptor.getSteps())))
    return failure();
  if (gradType.getShape() != adaptor.getSizes())
    return emitOptionalError(loc, "expected grad of shape ", formatShape(adaptor.getSizes()),
                             " (the slice's), found ", formatShape(gradType.getShape()));
  types.push_back(gradType.clone(inputShape));
  return success();
}

//===----------------------------------------------------------------------===//
// GatherOp
//===----------------------------------------------------------------------===//

namespace {
/// `[a..., k..., b...]`: the shape of gathering `indices` [k...] along `axis`
/// of `input` [a..., s, b...].
SmallVector<int64_t> gatherShape(ArrayRef<int64_t> input, ArrayRef<int64_t> indices,
                                 int64_t axis) {
  SmallVector<int64_t> shape(input.begin(), input.begin() + axis);
  shape.append(indices.begin(), indices.end());
  shape.append(input.begin() + axis + 1, input.end());
  return shape;
}

/// The axis, in [0, rank), of a gather from `type` with `indicesType`, both
/// static, the input of rank >= 1.
FailureOr<int64_t> checkGatherOperands(std::optional<Location> loc, RankedTensorType type,
                                       RankedTensorType indicesType, int64_t axis) {
  if (failed(requireStaticTensor(loc, type, "input")) ||
      failed(requireStaticTensor(loc, indicesType, "indices")))
    return failure();
  if (type.getRank() == 0)
    return emitOptionalError(loc, "expected an input of rank >= 1, found a scalar");
  return normalizeAxis(loc, axis, type.getRank(), "axis");
}
} // namespace

int64_t GatherOp::getNormalizedAxis() { return normalizedAxis(getAxis(), getInput()); }

LogicalResult GatherOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                         Adaptor adaptor, SmallVectorImpl<Type> &types) {
  adaptor = withDefaultAttrs<GatherOp>(ctx, adaptor);
  auto type = cast<RankedTensorType>(adaptor.getInput().getType());
  auto indicesType = cast<RankedTensorType>(adaptor.getIndices().getType());
  FailureOr<int64_t> axis = checkGatherOperands(loc, type, indicesType, adaptor.getAxis());
  if (failed(axis))
    return failure();
  types.push_back(type.clone(gatherShape(type.getShape(), indicesType.getShape(), *axis)));
  return success();
}

OpFoldResult GatherOp::fold(FoldAdaptor adaptor) {
  std::optional<SmallVector<Attribute>> elements = denseElements(adaptor.getInput());
  if (!elements || !isa_and_nonnull<DenseElementsAttr>(adaptor.getIndices()))
    return {};
  SmallVector<int64_t> indices = indexValues(adaptor.getIndices());
  auto inputType = cast<RankedTensorType>(getInput().getType());
  auto type = cast<RankedTensorType>(getType());
  int64_t axis = getNormalizedAxis();
  ArrayRef<int64_t> indexShape = cast<RankedTensorType>(getIndices().getType()).getShape();
  int64_t indexRank = indexShape.size();
  SmallVector<int64_t> strides = stridesOf(inputType.getShape());
  SmallVector<int64_t> indexStrides = stridesOf(indexShape);
  SmallVector<Attribute> result;
  for (int64_t i = 0, e = type.getNumElements(); i < e; ++i) {
    SmallVector<int64_t> at = unflatten(i, type.getShape());
    ArrayRef<int64_t> k = ArrayRef<int64_t>(at).slice(axis, indexRank);
    SmallVector<int64_t> source(at.begin(), at.begin() + axis);
    source.push_back(resolveIndex(indices[flatten(k, indexStrides)],
                                  inputType.getDimSize(axis)));
    source.append(at.begin() + axis + indexRank, at.end());
    result.push_back((*elements)[flatten(source, strides)]);
  }
  return DenseElementsAttr::get(type, result);
}

LogicalResult GatherOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                      SmallVectorImpl<Value> &operandGradients) {
  return scatterGradient<GatherGradOp>(*this, b, resultGradients, operandGradients);
}

LogicalResult GatherGradOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                             Adaptor adaptor, SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> inputShape = adaptor.getInputShape();
  int64_t axis = adaptor.getAxis();
  if (failed(checkScatterTarget(loc, inputShape, axis)))
    return failure();
  auto gradType = cast<RankedTensorType>(adaptor.getGrad().getType());
  auto indicesType = cast<RankedTensorType>(adaptor.getIndices().getType());
  SmallVector<int64_t> expected = gatherShape(inputShape, indicesType.getShape(), axis);
  if (gradType.getShape() != ArrayRef<int64_t>(expected))
    return emitOptionalError(loc, "expected grad of shape ", formatShape(expected),
                             " (the gather's), found ", formatShape(gradType.getShape()));
  types.push_back(gradType.clone(inputShape));
  return success();
}

//===----------------------------------------------------------------------===//
// GatherElementsOp
//===----------------------------------------------------------------------===//

namespace {
LogicalResult checkGatherElements(std::optional<Location> loc, ArrayRef<int64_t> inputShape,
                                  ArrayRef<int64_t> indicesShape, int64_t axis) {
  if (inputShape.size() != indicesShape.size())
    return emitOptionalError(loc, "expected indices of the input's rank ", inputShape.size(),
                             ", found rank ", indicesShape.size());
  for (size_t d = 0; d < inputShape.size(); ++d)
    if (static_cast<int64_t>(d) != axis && indicesShape[d] > inputShape[d])
      return emitOptionalError(loc, "indices ", formatShape(indicesShape),
                               " exceed the input ", formatShape(inputShape), " at dim ", d);
  return success();
}
} // namespace

int64_t GatherElementsOp::getNormalizedAxis() {
  return normalizedAxis(getAxis(), getInput());
}

LogicalResult GatherElementsOp::inferReturnTypes(MLIRContext *ctx,
                                                 std::optional<Location> loc,
                                                 Adaptor adaptor,
                                                 SmallVectorImpl<Type> &types) {
  adaptor = withDefaultAttrs<GatherElementsOp>(ctx, adaptor);
  auto type = cast<RankedTensorType>(adaptor.getInput().getType());
  auto indicesType = cast<RankedTensorType>(adaptor.getIndices().getType());
  FailureOr<int64_t> axis = checkGatherOperands(loc, type, indicesType, adaptor.getAxis());
  if (failed(axis) ||
      failed(checkGatherElements(loc, type.getShape(), indicesType.getShape(), *axis)))
    return failure();
  types.push_back(type.clone(indicesType.getShape()));
  return success();
}

LogicalResult GatherElementsOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                              SmallVectorImpl<Value> &operandGradients) {
  return scatterGradient<GatherElementsGradOp>(*this, b, resultGradients, operandGradients);
}

LogicalResult GatherElementsGradOp::inferReturnTypes(MLIRContext *,
                                                     std::optional<Location> loc,
                                                     Adaptor adaptor,
                                                     SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> inputShape = adaptor.getInputShape();
  int64_t axis = adaptor.getAxis();
  if (failed(checkScatterTarget(loc, inputShape, axis)))
    return failure();
  auto gradType = cast<RankedTensorType>(adaptor.getGrad().getType());
  auto indicesType = cast<RankedTensorType>(adaptor.getIndices().getType());
  if (failed(checkGatherElements(loc, inputShape, indicesType.getShape(), axis)))
    return failure();
  if (gradType.getShape() != indicesType.getShape())
    return emitOptionalError(loc, "expected grad of the indices' shape ",
                             formatShape(indicesType.getShape()), ", found ",
                             formatShape(gradType.getShape()));
  types.push_back(gradType.clone(inputShape));
  return success();
}

//===----------------------------------------------------------------------===//
// GatherNDOp and ScatterNDOp
//===----------------------------------------------------------------------===//

namespace {
/// `indices.shape[:-1] + data.shape[batchDims + k:]`, the shape of the
/// slices that `indices` (last dim k) addresses in `data`, after checking
/// that both are static and that the tuples fit the data.
FailureOr<SmallVector<int64_t>> gatherNDShape(std::optional<Location> loc, Type data,
                                              Type indices, int64_t batchDims) {
  if (failed(requireStaticTensor(loc, data, "data")) ||
      failed(requireStaticTensor(loc, indices, "indices")))
    return failure();
  ArrayRef<int64_t> dataShape = cast<RankedTensorType>(data).getShape();
  ArrayRef<int64_t> indexShape = cast<RankedTensorType>(indices).getShape();
  int64_t rank = dataShape.size(), indexRank = indexShape.size();
  if (rank == 0 || indexRank == 0)
    return emitOptionalError(loc, "expected data and indices of rank >= 1, found ",
                             formatShape(dataShape), " and ", formatShape(indexShape));
  if (batchDims < 0 || batchDims >= std::min(rank, indexRank))
    return emitOptionalError(loc, "expected batch_dims in [0, ", std::min(rank, indexRank),
                             "), found ", batchDims);
  if (dataShape.take_front(batchDims) != indexShape.take_front(batchDims))
    return emitOptionalError(loc, "expected data ", formatShape(dataShape), " and indices ",
                             formatShape(indexShape), " to agree on the first ", batchDims,
                             " (batch) dims");
  int64_t tuple = indexShape.back();
  if (tuple < 1 || tuple > rank - batchDims)
    return emitOptionalError(loc, "expected the last dim of indices in [1, ", rank - batchDims,
                             "], found ", tuple);
  SmallVector<int64_t> shape(indexShape.drop_back());
  llvm::append_range(shape, dataShape.drop_front(batchDims + tuple));
  return shape;
}

LogicalResult checkScatterReduction(std::optional<Location> loc, StringRef reduction) {
  if (!llvm::is_contained({"none", "add", "mul", "max", "min"}, reduction))
    return emitOptionalError(loc,
                             "expected reduction \"none\", \"add\", \"mul\", \"max\" "
                             "or \"min\", found \"",
                             reduction, "\"");
  return success();
}

/// The result type of a scatter into `data` of `updates` whose shape must be
/// `expected`.
LogicalResult inferScatterType(std::optional<Location> loc, Type data, Type updates,
                               ArrayRef<int64_t> expected, StringRef reduction,
                               SmallVectorImpl<Type> &types) {
  if (failed(checkScatterReduction(loc, reduction)))
    return failure();
  auto dataType = cast<RankedTensorType>(data);
  auto updatesType = cast<RankedTensorType>(updates);
  if (updatesType.getElementType() != dataType.getElementType() ||
      updatesType.getShape() != expected)
    return emitOptionalError(loc, "expected updates of type ", dataType.clone(expected),
                             ", found ", updatesType);
  types.push_back(data);
  return success();
}

/// The gradients of a scatter with `reduction` "none" or "add": the result
/// gradient gathered where the updates went (`gatherUpdates`), and for the
/// data the result gradient itself, zeroed where "none" overwrote it
/// (`overwrite` scatters zeros there). Other reductions have no gradient:
/// where several updates of one element multiply or compete, each one's
/// share of the result is not an index map.
template <typename ScatterOpTy>
LogicalResult scatterGradients(ScatterOpTy op, OpBuilder &b, ValueRange resultGradients,
                               SmallVectorImpl<Value> &operandGradients,
                               function_ref<Value(Value dy)> gatherUpdates,
                               function_ref<Value(Value dy, Value zeros)> overwrite) {
  Value dy = resultGradients.front();
  if (appendNoGradients(op, dy, operandGradients))
    return success();
  StringRef reduction = op.getReduction();
  if (reduction != "none" && reduction != "add")
    return op.emitOpError("has no gradient with reduction \"")
           << reduction << "\" (only with \"none\" and \"add\")";
  auto updatesType = cast<RankedTensorType>(op.getUpdates().getType());
  operandGradients.push_back(
      reduction == "add" ? dy : overwrite(dy, createSplat(b, op.getLoc(), updatesType, 0)));
  operandGradients.push_back(Value());
  operandGradients.push_back(gatherUpdates(dy));
  return success();
}
} // namespace

LogicalResult GatherNDOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                           Adaptor adaptor, SmallVectorImpl<Type> &types) {
  adaptor = withDefaultAttrs<GatherNDOp>(ctx, adaptor);
  FailureOr<SmallVector<int64_t>> shape =
      gatherNDShape(loc, adaptor.getData().getType(), adaptor.getIndices().getType(),
                    adaptor.getBatchDims());
  if (failed(shape))
    return failure();
  types.push_back(cast<RankedTensorType>(adaptor.getData().getType()).clone(*shape));
  return success();
}

// The adjoint of a gather is the scatter-add of the same index tuples, so
// repeated tuples accumulate.
LogicalResult GatherNDOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                        SmallVectorImpl<Value> &operandGradients) {
  Value dy = resultGradients.front();
  if (appendNoGradients(*this, dy, operandGradients))
    return success();
  auto dataType = cast<RankedTensorType>(getData().getType());
  operandGradients.push_back(
      b.create<ScatterNDOp>(getLoc(), createSplat(b, getLoc(), dataType, 0), getIndices(), dy,
                            b.getStringAttr("add"), b.getI64IntegerAttr(getBatchDims())));
  operandGradients.push_back(Value());
  return success();
}

LogicalResult ScatterNDOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                            Adaptor adaptor, SmallVectorImpl<Type> &types) {
  adaptor = withDefaultAttrs<ScatterNDOp>(ctx, adaptor);
  FailureOr<SmallVector<int64_t>> shape =
      gatherNDShape(loc, adaptor.getData().getType(), adaptor.getIndices().getType(),
                    adaptor.getBatchDims());
  if (failed(shape))
    return failure();
  return inferScatterType(loc, adaptor.getData().getType(), adaptor.getUpdates().getType(),
                          *shape, adaptor.getReduction(), types);
}

LogicalResult ScatterNDOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                         SmallVectorImpl<Value> &operandGradients) {
  Location loc = getLoc();
  return scatterGradients(
      *this, b, resultGradients, operandGradients,
      [&](Value dy) -> Value {
        return b.create<GatherNDOp>(loc, dy, getIndices(),
                                    b.getI64IntegerAttr(getBatchDims()));
      },
      [&](Value dy, Value zeros) -> Value {
        return b.create<ScatterNDOp>(loc, dy, getIndices(), zeros,
                                     b.getStringAttr(getReduction()),
                                     b.getI64IntegerAttr(getBatchDims()));
      });
}

//===----------------------------------------------------------------------===//
// ScatterElementsOp
//===----------------------------------------------------------------------===//

int64_t ScatterElementsOp::getNormalizedAxis() { return normalizedAxis(getAxis(), getData()); }

LogicalResult ScatterElementsOp::inferReturnTypes(MLIRContext *ctx,
                                                  std::optional<Location> loc, Adaptor adaptor,
                                                  SmallVectorImpl<Type> &types) {
  adaptor = withDefaultAttrs<ScatterElementsOp>(ctx, adaptor);
  auto type = cast<RankedTensorType>(adaptor.getData().getType());
  auto indicesType = cast<RankedTensorType>(adaptor.getIndices().getType());
  FailureOr<int64_t> axis = checkGatherOperands(loc, type, indicesType, adaptor.getAxis());
  if (failed(axis) ||
      failed(checkGatherElements(loc, type.getShape(), indicesType.getShape(), *axis)))
    return failure();
  return inferScatterType(loc, type, adaptor.getUpdates().getType(), indicesType.getShape(),
                          adaptor.getReduction(), types);
}

LogicalResult ScatterElementsOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                               SmallVectorImpl<Value> &operandGradients) {
  Location loc = getLoc();
  return scatterGradients(
      *this, b, resultGradients, operandGradients,
      [&](Value dy) -> Value {
        return b.create<GatherElementsOp>(loc, dy, getIndices(),
                                          b.getI64IntegerAttr(getNormalizedAxis()));
      },
      [&](Value dy, Value zeros) -> Value {
        return b.create<ScatterElementsOp>(loc, dy, getIndices(), zeros,
                                           b.getI64IntegerAttr(getNormalizedAxis()),
                                           b.getStringAttr(getReduction()));
      });
}
