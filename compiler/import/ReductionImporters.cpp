//===- ReductionImporters.cpp - ReduceMax, ReduceSum and Softmax ----------===//
#include "compiler/import/NodeImporter.h"
#include "dialects/graph/DlcDialect.h"

#include <numeric>

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
FailureOr<bool> keepdimsAttr(NodeImporter &node) {
  int64_t keepdims = node.intAttr("keepdims", 1);
  if (keepdims != 0 && keepdims != 1)
    return node.emitError() << "expected keepdims 0 or 1, found " << keepdims;
  return keepdims == 1;
}

// The axes as written, read from the optional `axes` input (ReduceSum since
// opset 13).
FailureOr<SmallVector<int64_t>> axesInput(NodeImporter &node) {
  if (!node.hasInput(1))
    return SmallVector<int64_t>();
  FailureOr<DenseElementsAttr> axes = node.constantInput(1);
  if (failed(axes))
    return failure();
  if (!axes->getElementType().isInteger(64))
    return node.emitError() << "expected axes of element type i64, found "
                            << axes->getElementType();
  return llvm::to_vector(axes->getValues<int64_t>());
}

// Reduces `input` along `axes` (ONNX's "none listed" meaning every axis);
// with nothing left to reduce, the node is the identity.
template <typename OpTy>
LogicalResult importReduction(NodeImporter &node, Value input, SmallVector<int64_t> axes,
                              bool noopWithEmptyAxes) {
  FailureOr<bool> keepdims = keepdimsAttr(node);
  if (failed(keepdims))
    return failure();
  if (axes.empty() && !noopWithEmptyAxes) {
    auto type = cast<RankedTensorType>(input.getType());
    axes.resize(type.getRank());
    std::iota(axes.begin(), axes.end(), 0);
  }
  if (axes.empty())
    return node.setOutputs(input);
  OpBuilder &b = node.builder();
  auto op =
      node.create<OpTy>(input, {b.getNamedAttr("axes", b.getDenseI64ArrayAttr(axes)),
                                b.getNamedAttr("keepdims", b.getBoolAttr(*keepdims))});
  if (failed(op))
    return failure();
  return node.setOutputs(op->getResult());
}

LogicalResult importReduceMax(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"axes", "keepdims"})))
    return failure();
  Value input = node.input(0);
  if (!input)
    return failure();
  SmallVector<int64_t> axes = node.intsAttr("axes").value_or(SmallVector<int64_t>());
  return importReduction<ReduceMaxOp>(node, input, std::move(axes),
                                      /*noopWithEmptyAxes=*/false);
}

LogicalResult importReduceSum(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"keepdims", "noop_with_empty_axes"})))
    return failure();
  int64_t noop = node.intAttr("noop_with_empty_axes", 0);
  if (noop != 0 && noop != 1)
    return node.emitError() << "expected noop_with_empty_axes 0 or 1, found " << noop;
  Value input = node.input(0);
  if (!input)
    return failure();
  FailureOr<SmallVector<int64_t>> axes = axesInput(node);
  if (failed(axes))
    return failure();
  return importReduction<ReduceSumOp>(node, input, std::move(*axes), noop == 1);
}

LogicalResult importSoftmax(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"axis"})))
    return failure();
  Value input = node.input(0);
  if (!input)
    return failure();
  OpBuilder &b = node.builder();
  auto op = node.create<SoftmaxOp>(
      input, {b.getNamedAttr("axis", b.getI64IntegerAttr(node.intAttr("axis", -1)))});
  if (failed(op))
    return failure();
  return node.setOutputs(op->getResult());
}
} // namespace

void dlc::registerReductionImporters(ImporterRegistry &registry) {
  registry.add("ReduceMax", importReduceMax);
  registry.add("ReduceSum", importReduceSum, /*constantOperands=*/{1});
  registry.add("Softmax", importSoftmax);
}
