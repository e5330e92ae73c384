//===- MatrixImporters.cpp - ONNX Gemm, MatMul and Einsum -----------------===//
#include "compiler/import/NodeImporter.h"
#include "dialects/graph/DlcDialect.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
LogicalResult importGemm(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"alpha", "beta", "transA", "transB"})))
    return failure();
  FailureOr<SmallVector<Value>> operands = node.inputs(2, /*numOptional=*/1);
  if (failed(operands))
    return failure();
  // Attributes the node leaves out keep the op's (ONNX's) defaults.
  OpBuilder &b = node.builder();
  SmallVector<NamedAttribute> attrs;
  for (StringRef name : {"alpha", "beta"})
    if (node.hasAttr(name))
      attrs.push_back(
          b.getNamedAttr(name, b.getF32FloatAttr(node.floatAttr(name, 1.0f))));
  for (StringRef name : {"transA", "transB"})
    if (node.hasAttr(name))
      attrs.push_back(b.getNamedAttr(name, b.getI64IntegerAttr(node.intAttr(name, 0))));
  return node.createOutputs<GemmOp>(*operands, attrs);
}

LogicalResult importMatMul(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({})))
    return failure();
  Value lhs = node.input(0);
  Value rhs = node.input(1);
  if (!lhs || !rhs)
    return failure();
  return node.createOutputs<MatMulOp>({lhs, rhs});
}

LogicalResult importEinsum(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"equation"})))
    return failure();
  if (!node.hasAttr("equation"))
    return node.emitError() << "attribute 'equation' is required";
  FailureOr<SmallVector<Value>> inputs = node.inputs(node.numInputs());
  if (failed(inputs))
    return failure();
  OpBuilder &b = node.builder();
  return node.createOutputs<EinsumOp>(
      *inputs, {b.getNamedAttr("equation", b.getStringAttr(node.stringAttr("equation", "")))});
}
} // namespace

void dlc::registerMatrixImporters(ImporterRegistry &registry) {
  registry.add("Gemm", importGemm);
  registry.add("MatMul", importMatMul);
  registry.add("Einsum", importEinsum);
}
