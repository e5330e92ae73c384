//===- IndexingImporters.cpp - Concat, Split, Slice, Tile, gather, scatter ===//
//
// Compress and ReverseSequence, whose indices come from compile-time
// operands, are gathers of literal indices.
//
//===----------------------------------------------------------------------===//
#include "compiler/import/NodeImporter.h"
#include "compiler/import/Splitting.h"
#include "dialects/graph/DlcDialect.h"

#include <algorithm>

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
/// The values of literal input `i`, a 1-D tensor of int32 or int64.
FailureOr<SmallVector<int64_t>> literalIndices(NodeImporter &node, int i) {
  FailureOr<DenseElementsAttr> literal = node.constantInput(i);
  if (failed(literal))
    return failure();
  auto type = cast<ShapedType>(literal->getType());
  if (type.getRank() != 1 ||
      !(type.getElementType().isInteger(32) || type.getElementType().isInteger(64)))
    return node.emitError() << "expected input " << i << " to be a 1-D int32 or int64 tensor, "
                            << "found " << type;
  return llvm::map_to_vector(literal->getValues<APInt>(),
                             [](const APInt &v) { return v.getSExtValue(); });
}

// Slice's starts, ends, axes and steps resolved against the input's shape
// as ONNX defines (negative values count from the end, then clamp; a
// negative step walks backwards) into one strided box per dim.
LogicalResult importSlice(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({})))
    return failure();
  Value input = node.input(0);
  if (!input)
    return failure();
  auto type = cast<RankedTensorType>(input.getType());
  int64_t rank = type.getRank();
  FailureOr<SmallVector<int64_t>> starts = literalIndices(node, 1);
  if (failed(starts))
    return failure();
  FailureOr<SmallVector<int64_t>> ends = literalIndices(node, 2);
  if (failed(ends))
    return failure();
  size_t count = starts->size();
  SmallVector<int64_t> axes = llvm::to_vector(llvm::seq<int64_t>(0, count));
  SmallVector<int64_t> steps(count, 1);
  if (node.hasInput(3)) {
    FailureOr<SmallVector<int64_t>> given = literalIndices(node, 3);
    if (failed(given))
      return failure();
    axes = *given;
  }
  if (node.hasInput(4)) {
    FailureOr<SmallVector<int64_t>> given = literalIndices(node, 4);
    if (failed(given))
      return failure();
    steps = *given;
  }
  if (ends->size() != count || axes.size() != count || steps.size() != count)
    return node.emitError() << "expected starts, ends, axes and steps of one length, found "
                            << count << ", " << ends->size() << ", " << axes.size()
                            << " and " << steps.size();
  SmallVector<int64_t> boxStarts(rank, 0), sizes(type.getShape()), boxSteps(rank, 1);
  SmallVector<bool> seen(rank, false);
  for (size_t i = 0; i < count; ++i) {
    int64_t axis = axes[i] < 0 ? axes[i] + rank : axes[i];
    if (axis < 0 || axis >= rank)
      return node.emitError() << "axis " << axes[i] << " is out of range for rank " << rank;
    if (seen[axis])
      return node.emitError() << "axis " << axes[i] << " is sliced twice";
    seen[axis] = true;
    int64_t dim = type.getDimSize(axis), step = steps[i];
    if (step == 0)
      return node.emitError() << "steps must not be 0 (axis " << axes[i] << ")";
    boxSteps[axis] = step;
    if (dim == 0)
      continue;
    // In 128 bits: starts and ends are often INT64_MAX or INT64_MIN.
    __int128 start = (*starts)[i], end = (*ends)[i];
    if (start < 0)
      start += dim;
    if (end < 0)
      end += dim;
    if (step > 0) {
      start = std::clamp<__int128>(start, 0, dim);
      end = std::clamp<__int128>(end, 0, dim);
    } else {
      start = std::clamp<__int128>(start, 0, dim - 1);
      end = std::clamp<__int128>(end, -1, dim - 1);
    }
    __int128 span = end - start;
    __int128 size = step > 0 ? (span > 0 ? (span + step - 1) / step : 0)
                             : (span < 0 ? (-span + -step - 1) / -step : 0);
    boxStarts[axis] = size > 0 ? static_cast<int64_t>(start) : 0;
    sizes[axis] = static_cast<int64_t>(size);
  }
  OpBuilder &b = node.builder();
  return node.createOutputs<SliceOp>(
      input, {b.getNamedAttr("starts", b.getDenseI64ArrayAttr(boxStarts)),
              b.getNamedAttr("sizes", b.getDenseI64ArrayAttr(sizes)),
              b.getNamedAttr("steps", b.getDenseI64ArrayAttr(boxSteps))});
}

// Split's outputs are slices of the input along `axis`: sizes from the
// `split` input, or equal parts (the last one smaller with opset 18's
// num_outputs).
LogicalResult importSplit(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"axis", "num_outputs"})))
    return failure();
  Value input = node.input(0);
  if (!input)
    return failure();
  auto type = cast<RankedTensorType>(input.getType());
  FailureOr<int64_t> axis = readAxis(node, "axis", 0, type.getRank());
  if (failed(axis))
    return failure();
  int64_t dim = type.getDimSize(*axis);
  SmallVector<int64_t> sizes;
  if (node.hasInput(1)) {
    FailureOr<SmallVector<int64_t>> split = node.constantInts(1);
    if (failed(split))
      return failure();
    sizes = *split;
  } else {
    bool counted = node.hasAttr("num_outputs");
    int64_t parts = counted ? node.intAttr("num_outputs", 0) : node.numOutputs();
    if (parts < 1)
      return node.emitError() << "expected at least one output, found " << parts;
    if (!counted && dim % parts != 0)
      return node.emitError() << "dim " << dim << " does not split into " << parts
                              << " equal parts";
    int64_t chunk = (dim + parts - 1) / parts;
    for (int64_t i = 0; i < parts; ++i)
      sizes.push_back(std::clamp<int64_t>(dim - i * chunk, 0, chunk));
  }
  if (static_cast<int64_t>(sizes.size()) != node.numOutputs())
    return node.emitError() << "expected " << sizes.size() << " outputs, found "
                            << node.numOutputs();
  FailureOr<SmallVector<Value>> parts = splitAlong(node, input, *axis, sizes);
  return failed(parts) ? failure() : node.setOutputs(*parts);
}

// Tile as a broadcast: [d0, d1] viewed as [1, d0, 1, d1], expanded to
// [r0, d0, r1, d1] and merged back, so its gradient is Expand's sum.
LogicalResult importTile(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({})))
    return failure();
  Value input = node.input(0);
  if (!input)
    return failure();
  FailureOr<SmallVector<int64_t>> repeats = node.constantInts(1);
  if (failed(repeats))
    return failure();
  auto type = cast<RankedTensorType>(input.getType());
  if (static_cast<int64_t>(repeats->size()) != type.getRank())
    return node.emitError() << "expected " << type.getRank() << " repeats (the input's rank), "
                            << "found " << repeats->size();
  SmallVector<int64_t> spread, expanded, merged;
  for (auto [dim, times] : llvm::zip(type.getShape(), *repeats)) {
    if (times < 0)
      return node.emitError() << "expected repeats >= 0, found " << times;
    if (dim != 0 && times > (int64_t(1) << 31) / dim)
      return node.emitError() << "repeats " << times << " make a dim of more than 2^31";
    spread.append({1, dim});
    expanded.append({times, dim});
    merged.push_back(times * dim);
  }
  OpBuilder &b = node.builder();
  FailureOr<ReshapeOp> view = node.create<ReshapeOp>(
      input, {b.getNamedAttr("shape", b.getDenseI64ArrayAttr(spread)),
              b.getNamedAttr("allowzero", b.getI64IntegerAttr(1))});
  if (failed(view))
    return failure();
  FailureOr<ExpandOp> broadcast = node.create<ExpandOp>(
      view->getResult(), {b.getNamedAttr("shape", b.getDenseI64ArrayAttr(expanded))});
  if (failed(broadcast))
    return failure();
  return node.createOutputs<ReshapeOp>(
      broadcast->getResult(), {b.getNamedAttr("shape", b.getDenseI64ArrayAttr(merged)),
                               b.getNamedAttr("allowzero", b.getI64IntegerAttr(1))});
}

/// A 1-D int64 literal of `values`, for gathers whose indices import knows.
Value indexLiteral(NodeImporter &node, ArrayRef<int64_t> values, ArrayRef<int64_t> shape) {
  OpBuilder &b = node.builder();
  auto type = RankedTensorType::get(shape, b.getI64Type());
  return b.create<graph::ConstantOp>(node.loc(), type, DenseElementsAttr::get(type, values));
}

// Compress keeps the slices along `axis` (of the flattened input without
// one) where the condition, a compile-time literal, is true: a gather of
// those positions. Positions past the condition's end are dropped.
LogicalResult importCompress(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"axis"})))
    return failure();
  Value input = node.input(0);
  if (!input)
    return failure();
  FailureOr<DenseElementsAttr> condition = node.constantInput(1);
  if (failed(condition))
    return failure();
  auto conditionType = cast<ShapedType>(condition->getType());
  if (conditionType.getRank() != 1 || !conditionType.getElementType().isInteger(1))
    return node.emitError() << "expected a 1-D bool condition, found " << conditionType;
  auto type = cast<RankedTensorType>(input.getType());
  int64_t axis = 0;
  if (node.hasAttr("axis")) {
    FailureOr<int64_t> given = readAxis(node, "axis", 0, type.getRank());
    if (failed(given))
      return failure();
    axis = *given;
  } else {
    FailureOr<ReshapeOp> flat = node.create<ReshapeOp>(
        input, {node.builder().getNamedAttr(
                   "shape", node.builder().getDenseI64ArrayAttr({type.getNumElements()}))});
    if (failed(flat))
      return failure();
    input = flat->getResult();
  }
  int64_t dim = cast<RankedTensorType>(input.getType()).getDimSize(axis);
  if (conditionType.getDimSize(0) > dim)
    return node.emitError() << "expected a condition of at most " << dim
                            << " values (the dim), found " << conditionType.getDimSize(0);
  SmallVector<int64_t> kept;
  for (auto [index, keep] : llvm::enumerate(condition->getValues<bool>()))
    if (keep)
      kept.push_back(index);
  Value indices = indexLiteral(node, kept, {static_cast<int64_t>(kept.size())});
  return node.createOutputs<GatherOp>(
      ValueRange{input, indices},
      {node.builder().getNamedAttr("axis", node.builder().getI64IntegerAttr(axis))});
}

// ReverseSequence reverses the first sequence_lens[b] steps along the time
// axis of each batch entry b: a gather of elements along the time axis whose
// indices, from the compile-time lengths, run backwards for those steps.
LogicalResult importReverseSequence(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"batch_axis", "time_axis"})))
    return failure();
  Value input = node.input(0);
  if (!input)
    return failure();
  auto type = cast<RankedTensorType>(input.getType());
  if (type.getRank() < 2)
    return node.emitError() << "expected an input of rank >= 2, found " << type;
  FailureOr<int64_t> batchAxis = readAxis(node, "batch_axis", 1, type.getRank());
  FailureOr<int64_t> timeAxis = readAxis(node, "time_axis", 0, type.getRank());
  if (failed(batchAxis) || failed(timeAxis))
    return failure();
  if (*batchAxis > 1 || *timeAxis > 1 || *batchAxis == *timeAxis)
    return node.emitError() << "expected batch_axis and time_axis to be 0 and 1, found "
                            << *batchAxis << " and " << *timeAxis;
  FailureOr<DenseElementsAttr> lengths = node.constantInput(1);
  if (failed(lengths))
    return failure();
  int64_t batch = type.getDimSize(*batchAxis), steps = type.getDimSize(*timeAxis);
  auto lengthsType = cast<ShapedType>(lengths->getType());
  if (lengthsType.getShape() != ArrayRef<int64_t>{batch} ||
      !isa<IntegerType>(lengthsType.getElementType()))
    return node.emitError() << "expected sequence_lens of " << batch
                            << " integers (one per batch entry), found " << lengthsType;
  SmallVector<int64_t> length = llvm::map_to_vector(
      lengths->getValues<APInt>(), [](const APInt &v) { return v.getSExtValue(); });
  for (int64_t n : length)
    if (n < 0 || n > steps)
      return node.emitError() << "expected sequence lengths in [0, " << steps << "], found "
                              << n;
  // One literal index per element: past 2^26 the model is almost surely
  // broken, and the literal would not fit in memory.
  if (type.getNumElements() > (int64_t(1) << 26))
    return node.emitError() << "an input of more than 2^26 elements is not supported";
  SmallVector<int64_t> indices;
  for (int64_t flat = 0, count = type.getNumElements(); flat < count; ++flat) {
    int64_t rest = flat, position[2] = {0, 0};
    int64_t inner = count;
    for (int d = 0; d < 2; ++d) {
      inner /= type.getDimSize(d);
      position[d] = rest / inner;
      rest %= inner;
    }
    int64_t t = position[*timeAxis], n = length[position[*batchAxis]];
    indices.push_back(t < n ? n - 1 - t : t);
  }
  Value index = indexLiteral(node, indices, type.getShape());
  return node.createOutputs<GatherElementsOp>(
      ValueRange{input, index},
      {node.builder().getNamedAttr("axis", node.builder().getI64IntegerAttr(*timeAxis))});
}

// ScatterElements and ScatterND: opset 16 added `reduction` ("none", "add",
// "mul") and opset 18 extended it ("max", "min").
template <typename OpTy>
LogicalResult importScatter(NodeImporter &node) {
  if (node.opset() < 16 && node.hasAttr("reduction"))
    return node.emitError() << "attribute 'reduction' needs opset 16 or newer";
  std::string reduction = node.stringAttr("reduction", "none");
  if ((reduction == "max" || reduction == "min") && node.opset() < 18)
    return node.emitError() << "reduction '" << reduction
                            << "' needs opset 18 or newer; this model's is 17 or older";
  return importDirect<OpTy, 3>(node);
}
} // namespace

void dlc::registerIndexingImporters(ImporterRegistry &registry) {
  registry.add("Concat", importDirect<ConcatOp, kAllInputs>);
  registry.add("Slice", importSlice, /*constantOperands=*/{1, 2, 3, 4});
  registry.add("Split", importSplit, /*constantOperands=*/{1});
  registry.add("Tile", importTile, /*constantOperands=*/{1});
  registry.add("Gather", importDirect<GatherOp, 2>);
  registry.add("GatherElements", importDirect<GatherElementsOp, 2>);
  registry.add("GatherND", importDirect<GatherNDOp, 2>);
  registry.add("ScatterElements", importScatter<ScatterElementsOp>);
  registry.add("ScatterND", importScatter<ScatterNDOp>);
  registry.add("Compress", importCompress, /*constantOperands=*/{1});
  registry.add("ReverseSequence", importReverseSequence, /*constantOperands=*/{1});
}
