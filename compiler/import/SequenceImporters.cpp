//===- SequenceImporters.cpp - ONNX sequence ops, resolved at import ------===//
//
// A sequence is a list of tensors that the importer keeps while it walks the
// graph (see Sequence in NodeImporter.h): SequenceConstruct, Insert and Erase
// edit the list, SequenceAt and SequenceLength read it, SplitToSequence and
// ConcatFromSequence turn a tensor into a list and back. Nothing of a
// sequence reaches the IR but the tensors it holds, so positions are
// compile-time operands (dlc-run binds graph inputs that feed them).
//
//===----------------------------------------------------------------------===//
#include "compiler/import/NodeImporter.h"
#include "compiler/import/Splitting.h"
#include "dialects/graph/DlcDialect.h"

#include "onnx/onnx_pb.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
Type elementTypeOf(Value tensor) {
  return cast<RankedTensorType>(tensor.getType()).getElementType();
}

/// Checks that `tensor` may join a sequence of `elementType`.
LogicalResult checkElementType(NodeImporter &node, Value tensor, Type elementType) {
  if (elementTypeOf(tensor) == elementType)
    return success();
  return node.emitError() << "expected a tensor of " << elementType
                          << " (the sequence's element type), found " << tensor.getType();
}

/// The scalar position of input `i`, resolved against a sequence of `size`
/// into [0, size) (or [0, size] where `end` may be named, for Insert).
FailureOr<size_t> position(NodeImporter &node, int i, size_t size, bool endAllowed) {
  FailureOr<DenseElementsAttr> literal = node.constantInput(i);
  if (failed(literal))
    return failure();
  Type type = literal->getElementType();
  if (literal->getNumElements() != 1 || !(type.isInteger(32) || type.isInteger(64)))
    return node.emitError() << "expected the position to be one int32 or int64, found "
                            << literal->getType();
  int64_t value = (*literal->getValues<APInt>().begin()).getSExtValue();
  int64_t count = static_cast<int64_t>(size);
  int64_t limit = endAllowed ? count : count - 1;
  if (value < -count || value > limit)
    return node.emitError() << "position " << value << " is out of range for a sequence of "
                            << size << (size == 1 ? " tensor" : " tensors");
  return static_cast<size_t>(value < 0 ? value + count : value);
}

FailureOr<Value> reshape(NodeImporter &node, Value input, ArrayRef<int64_t> shape) {
  OpBuilder &b = node.builder();
  FailureOr<ReshapeOp> op = node.create<ReshapeOp>(
      input, {b.getNamedAttr("shape", b.getDenseI64ArrayAttr(shape)),
              b.getNamedAttr("allowzero", b.getI64IntegerAttr(1))});
  if (failed(op))
    return failure();
  return op->getResult();
}

LogicalResult importSequenceEmpty(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"dtype"})))
    return failure();
  FailureOr<Type> elementType = node.elementTypeAttr("dtype", onnx::TensorProto::FLOAT);
  if (failed(elementType))
    return failure();
  return node.setSequenceOutput(0, Sequence{{}, *elementType});
}

LogicalResult importSequenceConstruct(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({})))
    return failure();
  FailureOr<SmallVector<Value>> inputs = node.variadicInputs();
  if (failed(inputs))
    return failure();
  Type elementType = elementTypeOf(inputs->front());
  for (Value input : *inputs)
    if (failed(checkElementType(node, input, elementType)))
      return failure();
  return node.setSequenceOutput(0, Sequence{*inputs, elementType});
}

LogicalResult importSequenceInsert(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({})))
    return failure();
  FailureOr<Sequence> sequence = node.sequenceInput(0);
  if (failed(sequence))
    return failure();
  Value tensor = node.input(1);
  if (!tensor || failed(checkElementType(node, tensor, sequence->elementType)))
    return failure();
  size_t at = sequence->elements.size();
  if (node.hasInput(2)) {
    FailureOr<size_t> given = position(node, 2, at, /*endAllowed=*/true);
    if (failed(given))
      return failure();
    at = *given;
  }
  sequence->elements.insert(sequence->elements.begin() + at, tensor);
  return node.setSequenceOutput(0, std::move(*sequence));
}

LogicalResult importSequenceErase(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({})))
    return failure();
  FailureOr<Sequence> sequence = node.sequenceInput(0);
  if (failed(sequence))
    return failure();
  size_t size = sequence->elements.size();
  if (size == 0)
    return node.emitError() << "cannot erase from an empty sequence";
  size_t at = size - 1;
  if (node.hasInput(1)) {
    FailureOr<size_t> given = position(node, 1, size, /*endAllowed=*/false);
    if (failed(given))
      return failure();
    at = *given;
  }
  sequence->elements.erase(sequence->elements.begin() + at);
  return node.setSequenceOutput(0, std::move(*sequence));
}

LogicalResult importSequenceAt(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({})))
    return failure();
  FailureOr<Sequence> sequence = node.sequenceInput(0);
  if (failed(sequence))
    return failure();
  FailureOr<size_t> at = position(node, 1, sequence->elements.size(), /*endAllowed=*/false);
  if (failed(at))
    return failure();
  return node.createOutputs<IdentityOp>(sequence->elements[*at]);
}

LogicalResult importSequenceLength(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({})))
    return failure();
  FailureOr<Sequence> sequence = node.sequenceInput(0);
  if (failed(sequence))
    return failure();
  OpBuilder &b = node.builder();
  auto length = DenseElementsAttr::get(
      RankedTensorType::get({}, b.getI64Type()),
      b.getI64IntegerAttr(static_cast<int64_t>(sequence->elements.size())));
  return node.createOutputs<graph::ConstantOp>({}, {b.getNamedAttr("value", length)});
}

// The tensors joined along `axis`, or with new_axis stacked along a new dim
// at `axis` (each tensor reshaped to have it first).
LogicalResult importConcatFromSequence(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"axis", "new_axis"})))
    return failure();
  if (!node.hasAttr("axis"))
    return node.emitError() << "attribute 'axis' is required";
  FailureOr<bool> newAxis = node.flagAttr("new_axis", false);
  FailureOr<Sequence> sequence = node.sequenceInput(0);
  if (failed(newAxis) || failed(sequence))
    return failure();
  if (sequence->elements.empty())
    return node.emitError() << "cannot concatenate an empty sequence";
  SmallVector<Value> parts = sequence->elements;
  int64_t rank = cast<RankedTensorType>(parts.front().getType()).getRank();
  for (Value part : parts)
    if (cast<RankedTensorType>(part.getType()).getRank() != rank)
      return node.emitError() << "expected the sequence's tensors to share the first's rank "
                              << rank << ", found " << part.getType();
  int64_t axis = node.intAttr("axis", 0);
  if (*newAxis) {
    if (axis < -rank - 1 || axis > rank)
      return node.emitError() << "axis " << axis << " is out of range for a new axis among "
                              << rank << " dims";
    if (axis < 0)
      axis += rank + 1;
    for (Value &part : parts) {
      SmallVector<int64_t> shape(cast<RankedTensorType>(part.getType()).getShape());
      shape.insert(shape.begin() + axis, 1);
      FailureOr<Value> stacked = reshape(node, part, shape);
      if (failed(stacked))
        return failure();
      part = *stacked;
    }
  }
  OpBuilder &b = node.builder();
  return node.createOutputs<ConcatOp>(parts,
                                      {b.getNamedAttr("axis", b.getI64IntegerAttr(axis))});
}

// Slices along `axis`: the sizes `split` lists, or chunks of a scalar
// `split` (the last one smaller), or without `split` one slice per index,
// with that dim dropped unless keepdims.
LogicalResult importSplitToSequence(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"axis", "keepdims"})))
    return failure();
  Value input = node.input(0);
  if (!input)
    return failure();
  FailureOr<bool> keepdims = node.flagAttr("keepdims", true);
  if (failed(keepdims))
    return failure();
  auto type = cast<RankedTensorType>(input.getType());
  FailureOr<int64_t> axis = readAxis(node, "axis", 0, type.getRank());
  if (failed(axis))
    return failure();
  int64_t dim = type.getDimSize(*axis);
  SmallVector<int64_t> sizes;
  bool dropAxis = false;
  if (node.hasInput(1)) {
    FailureOr<DenseElementsAttr> split = node.constantInput(1);
    if (failed(split))
      return failure();
    Type splitType = split->getElementType();
    auto splitShape = cast<ShapedType>(split->getType());
    if (!(splitType.isInteger(32) || splitType.isInteger(64)) || splitShape.getRank() > 1)
      return node.emitError() << "expected 'split' to be an int32 or int64 scalar or 1-D "
                                 "tensor, found "
                              << split->getType();
    SmallVector<int64_t> values = llvm::map_to_vector(
        split->getValues<APInt>(), [](const APInt &v) { return v.getSExtValue(); });
    if (splitShape.getRank() == 0) {
      int64_t chunk = values.front();
      if (chunk < 1)
        return node.emitError() << "expected a split size >= 1, found " << chunk;
      for (int64_t offset = 0; offset < dim; offset += chunk)
        sizes.push_back(std::min(chunk, dim - offset));
    } else {
      sizes = values;
    }
  } else {
    sizes.assign(dim, 1);
    dropAxis = !*keepdims;
  }
  FailureOr<SmallVector<Value>> parts = splitAlong(node, input, *axis, sizes);
  if (failed(parts))
    return failure();
  Sequence sequence{*parts, type.getElementType()};
  if (dropAxis) {
    SmallVector<int64_t> shape(type.getShape());
    shape.erase(shape.begin() + *axis);
    for (Value &element : sequence.elements) {
      FailureOr<Value> squeezed = reshape(node, element, shape);
      if (failed(squeezed))
        return failure();
      element = *squeezed;
    }
  }
  return node.setSequenceOutput(0, std::move(sequence));
}
} // namespace

void dlc::registerSequenceImporters(ImporterRegistry &registry) {
  registry.add("SequenceEmpty", importSequenceEmpty);
  registry.add("SequenceConstruct", importSequenceConstruct);
  registry.add("SequenceInsert", importSequenceInsert, /*constantOperands=*/{2});
  registry.add("SequenceErase", importSequenceErase, /*constantOperands=*/{1});
  registry.add("SequenceAt", importSequenceAt, /*constantOperands=*/{1});
  registry.add("SequenceLength", importSequenceLength);
  registry.add("ConcatFromSequence", importConcatFromSequence);
  registry.add("SplitToSequence", importSplitToSequence, /*constantOperands=*/{1});
}
