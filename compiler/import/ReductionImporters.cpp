//===- ReductionImporters.cpp - ReduceMax/Sum/Mean, Softmax and ArgMax ----===//
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
  return node.constantInts(1);
}

// Reduces `input` along `axes` (ONNX's "none listed" meaning every axis);
// with nothing left to reduce, the result is the input itself.
template <typename OpTy>
FailureOr<Value> buildReduction(NodeImporter &node, Value input, SmallVector<int64_t> axes,
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
    return input;
  OpBuilder &b = node.builder();
  auto op =
      node.create<OpTy>(input, {b.getNamedAttr("axes", b.getDenseI64ArrayAttr(axes)),
                                b.getNamedAttr("keepdims", b.getBoolAttr(*keepdims))});
  if (failed(op))
    return failure();
  return op->getResult();
}

template <typename OpTy>
LogicalResult importReduction(NodeImporter &node, Value input, SmallVector<int64_t> axes,
                              bool noopWithEmptyAxes) {
  FailureOr<Value> result =
      buildReduction<OpTy>(node, input, std::move(axes), noopWithEmptyAxes);
  return failed(result) ? failure() : node.setOutputs(*result);
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

// ReduceMean (axes an attribute at opset 17) is the sum divided by the
// number of elements each output element summed.
LogicalResult importReduceMean(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"axes", "keepdims"})))
    return failure();
  Value input = node.input(0);
  if (!input)
    return failure();
  auto inputType = cast<RankedTensorType>(input.getType());
  if (!isa<FloatType>(inputType.getElementType()))
    return node.emitError() << "supports float tensors only, found " << inputType;
  SmallVector<int64_t> axes = node.intsAttr("axes").value_or(SmallVector<int64_t>());
  FailureOr<Value> sum = buildReduction<ReduceSumOp>(node, input, axes,
                                                     /*noopWithEmptyAxes=*/false);
  if (failed(sum))
    return failure();
  auto sumType = cast<RankedTensorType>(sum->getType());
  int64_t count = sumType.getNumElements() == 0
                      ? 1
                      : inputType.getNumElements() / sumType.getNumElements();
  OpBuilder &b = node.builder();
  Type element = inputType.getElementType();
  auto divisor = node.create<ConstantOp>(
      {}, {b.getNamedAttr("value",
                          DenseElementsAttr::get(RankedTensorType::get({}, element),
                                                 b.getFloatAttr(element, count)))});
  if (failed(divisor))
    return failure();
  return node.createOutputs<DivOp>(ValueRange{*sum, divisor->getResult()});
}

LogicalResult importArgMax(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"axis", "keepdims", "select_last_index"})))
    return failure();
  Value input = node.input(0);
  if (!input)
    return failure();
  FailureOr<bool> keepdims = keepdimsAttr(node);
  if (failed(keepdims))
    return failure();
  int64_t last = node.intAttr("select_last_index", 0);
  if (last != 0 && last != 1)
    return node.emitError() << "expected select_last_index 0 or 1, found " << last;
  OpBuilder &b = node.builder();
  return node.createOutputs<ArgMaxOp>(
      input, {b.getNamedAttr("axis", b.getI64IntegerAttr(node.intAttr("axis", 0))),
              b.getNamedAttr("keepdims", b.getBoolAttr(*keepdims)),
              b.getNamedAttr("select_last_index", b.getBoolAttr(last == 1))});
}
} // namespace

void dlc::registerReductionImporters(ImporterRegistry &registry) {
  registry.add("ReduceMax", importReduceMax);
  registry.add("ReduceSum", importReduceSum, /*constantOperands=*/{1});
  registry.add("ReduceMean", importReduceMean);
  registry.add("ArgMax", importArgMax);
  registry.add("Softmax", [](NodeImporter &node) {
    return importWithIntAttr<SoftmaxOp>(node, "axis", -1);
  });
}
