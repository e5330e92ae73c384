//===- ShapeImporters.cpp - ONNX Reshape, Flatten and Transpose -----------===//
#include "compiler/import/NodeImporter.h"
#include "dialects/graph/DlcDialect.h"

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
  FailureOr<DenseElementsAttr> shape = node.constantInput(1);
  if (failed(shape))
    return failure();
  auto shapeType = cast<ShapedType>(shape->getType());
  if (shapeType.getRank() != 1 || !shapeType.getElementType().isInteger(64))
    return node.emitError() << "expected 'shape' to be a 1-D int64 tensor, found "
                            << shapeType;
  OpBuilder &b = node.builder();
  auto op = node.create<ReshapeOp>(
      data, {b.getNamedAttr("shape", b.getDenseI64ArrayAttr(llvm::to_vector(
                                         shape->getValues<int64_t>()))),
             b.getNamedAttr("allowzero", b.getI64IntegerAttr(node.intAttr("allowzero", 0)))});
  if (failed(op))
    return failure();
  return node.setOutputs(op->getResult());
}

LogicalResult importFlatten(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"axis"})))
    return failure();
  Value input = node.input(0);
  if (!input)
    return failure();
  OpBuilder &b = node.builder();
  auto op = node.create<FlattenOp>(
      input, {b.getNamedAttr("axis", b.getI64IntegerAttr(node.intAttr("axis", 1)))});
  if (failed(op))
    return failure();
  return node.setOutputs(op->getResult());
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
  auto op = node.create<TransposeOp>(input, attrs);
  if (failed(op))
    return failure();
  return node.setOutputs(op->getResult());
}
} // namespace

void dlc::registerShapeImporters(ImporterRegistry &registry) {
  registry.add("Reshape", importReshape, /*constantOperands=*/{1});
  registry.add("Flatten", importFlatten);
  registry.add("Transpose", importTranspose);
}
