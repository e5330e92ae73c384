//===- ShapeImporters.cpp - ONNX reshapes, Transpose, Expand and Shape ---===//
#include "compiler/import/NodeImporter.h"
#include "dialects/graph/DlcDialect.h"

#include <algorithm>

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
LogicalResult importReshape(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"allowzero"})))
    return failure();
  Value data = node.input(0);
  if (!data)
    return failure();
  FailureOr<SmallVector<int64_t>> shape = node.constantInts(1);
  if (failed(shape))
    return failure();
  OpBuilder &b = node.builder();
  return node.createOutputs<ReshapeOp>(
      data, {b.getNamedAttr("shape", b.getDenseI64ArrayAttr(*shape)),
             b.getNamedAttr("allowzero", b.getI64IntegerAttr(node.intAttr("allowzero", 0)))});
}

LogicalResult importExpand(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({})))
    return failure();
  Value input = node.input(0);
  if (!input)
    return failure();
  FailureOr<SmallVector<int64_t>> shape = node.constantInts(1);
  if (failed(shape))
    return failure();
  OpBuilder &b = node.builder();
  return node.createOutputs<ExpandOp>(
      input, {b.getNamedAttr("shape", b.getDenseI64ArrayAttr(*shape))});
}

LogicalResult importTranspose(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"perm"})))
    return failure();
  Value input = node.input(0);
  if (!input)
    return failure();
  OpBuilder &b = node.builder();
  SmallVector<NamedAttribute, 1> attrs;
  if (std::optional<SmallVector<int64_t>> perm = node.intsAttr("perm"))
    attrs.push_back(b.getNamedAttr("perm", b.getDenseI64ArrayAttr(*perm)));
  return node.createOutputs<TransposeOp>(input, attrs);
}

// Unsqueeze and Squeeze only add or drop unit dims: a reshape to the shape
// they describe (axes from the constant input 1, as since opset 13).
FailureOr<SmallVector<int64_t>> axesOperand(NodeImporter &node, int64_t rank) {
  FailureOr<SmallVector<int64_t>> axes = node.constantInts(1);
  if (failed(axes))
    return failure();
  SmallVector<int64_t> normalized;
  for (int64_t axis : *axes) {
    if (axis < -rank || axis >= rank)
      return node.emitError() << "axis " << axis << " is out of range for rank " << rank;
    int64_t dim = axis < 0 ? axis + rank : axis;
    if (llvm::is_contained(normalized, dim))
      return node.emitError() << "axis " << axis << " is listed twice";
    normalized.push_back(dim);
  }
  return normalized;
}

LogicalResult reshapeTo(NodeImporter &node, Value input, ArrayRef<int64_t> shape) {
  OpBuilder &b = node.builder();
  // allowzero keeps zero-sized dims literal.
  return node.createOutputs<ReshapeOp>(
      input, {b.getNamedAttr("shape", b.getDenseI64ArrayAttr(shape)),
              b.getNamedAttr("allowzero", b.getI64IntegerAttr(1))});
}

LogicalResult importUnsqueeze(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({})))
    return failure();
  Value input = node.input(0);
  if (!input)
    return failure();
  ArrayRef<int64_t> dims = cast<RankedTensorType>(input.getType()).getShape();
  FailureOr<SmallVector<int64_t>> added = node.constantInts(1);
  if (failed(added))
    return failure();
  int64_t rank = dims.size() + added->size();
  FailureOr<SmallVector<int64_t>> axes = axesOperand(node, rank);
  if (failed(axes))
    return failure();
  SmallVector<int64_t> shape;
  const int64_t *next = dims.begin();
  for (int64_t i = 0; i < rank; ++i)
    shape.push_back(llvm::is_contained(*axes, i) ? 1 : *next++);
  return reshapeTo(node, input, shape);
}

LogicalResult importSqueeze(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({})))
    return failure();
  Value input = node.input(0);
  if (!input)
    return failure();
  ArrayRef<int64_t> dims = cast<RankedTensorType>(input.getType()).getShape();
  SmallVector<int64_t> axes;
  if (node.hasInput(1)) {
    FailureOr<SmallVector<int64_t>> given = axesOperand(node, dims.size());
    if (failed(given))
      return failure();
    axes = *given;
    for (int64_t axis : axes)
      if (dims[axis] != 1)
        return node.emitError() << "cannot squeeze dim " << axis << " of size "
                                << dims[axis];
  } else {
    for (auto [i, dim] : llvm::enumerate(dims))
      if (dim == 1)
        axes.push_back(i);
  }
  SmallVector<int64_t> shape;
  for (auto [i, dim] : llvm::enumerate(dims))
    if (!llvm::is_contained(axes, static_cast<int64_t>(i)))
      shape.push_back(dim);
  return reshapeTo(node, input, shape);
}
// Shape is a literal: dlc's shapes are static, so the dims (those in
// [start, end), ONNX's clamped Python-style slice) become a constant that
// later shape operands read at compile time.
LogicalResult importShape(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"start", "end"})))
    return failure();
  Value input = node.input(0);
  if (!input)
    return failure();
  ArrayRef<int64_t> dims = cast<RankedTensorType>(input.getType()).getShape();
  int64_t rank = dims.size();
  auto clamp = [&](int64_t index) {
    return std::clamp<int64_t>(index < 0 ? index + rank : index, 0, rank);
  };
  int64_t start = clamp(node.intAttr("start", 0));
  int64_t end = std::max(start, clamp(node.intAttr("end", rank)));
  SmallVector<int64_t> slice(dims.begin() + start, dims.begin() + end);
  OpBuilder &b = node.builder();
  auto type = RankedTensorType::get({end - start}, b.getI64Type());
  return node.createOutputs<ConstantOp>(
      {}, {b.getNamedAttr("value", DenseElementsAttr::get(type, ArrayRef<int64_t>(slice)))});
}

} // namespace

void dlc::registerShapeImporters(ImporterRegistry &registry) {
  registry.add("Reshape", importReshape, /*constantOperands=*/{1});
  registry.add("Flatten", importDirect<FlattenOp, 1>);
  registry.add("Transpose", importTranspose);
  registry.add("Shape", importShape);
  registry.add("Unsqueeze", importUnsqueeze, /*constantOperands=*/{1});
  registry.add("Squeeze", importSqueeze, /*constantOperands=*/{1});
  registry.add("Expand", importExpand, /*constantOperands=*/{1});
}
