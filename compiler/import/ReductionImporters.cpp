//===- ReductionImporters.cpp - Reduce*, Softmax, ArgMax/ArgMin, Hardmax --===//
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

// A Reduce* node's data input, its axes as written, and whether empty axes
// mean no reduction.
struct ReductionOperands {
  Value input;
  SmallVector<int64_t> axes;
  bool noopWithEmptyAxes = false;
};

// From opset `axesInputSince` (18 for most Reduce* ops, 13 for ReduceSum) the
// axes are the optional input 1 and the node may set noop_with_empty_axes;
// before, they are the `axes` attribute.
FailureOr<ReductionOperands> readReduction(NodeImporter &node, int64_t axesInputSince) {
  bool axesAsInput = node.opset() >= axesInputSince;
  if (failed(node.rejectUnknownAttrs(
          {"keepdims", axesAsInput ? "noop_with_empty_axes" : "axes"})))
    return failure();
  ReductionOperands operands;
  operands.input = node.input(0);
  if (!operands.input)
    return failure();
  if (!axesAsInput) {
    operands.axes = node.intsAttr("axes").value_or(SmallVector<int64_t>());
    return operands;
  }
  int64_t noop = node.intAttr("noop_with_empty_axes", 0);
  if (noop != 0 && noop != 1)
    return node.emitError() << "expected noop_with_empty_axes 0 or 1, found " << noop;
  operands.noopWithEmptyAxes = noop == 1;
  if (node.hasInput(1)) {
    FailureOr<SmallVector<int64_t>> axes = node.constantInts(1);
    if (failed(axes))
      return failure();
    operands.axes = std::move(*axes);
  }
  return operands;
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

template <typename OpTy, int64_t AxesInputSince>
LogicalResult importReduction(NodeImporter &node) {
  FailureOr<ReductionOperands> operands = readReduction(node, AxesInputSince);
  if (failed(operands))
    return failure();
  FailureOr<Value> result = buildReduction<OpTy>(
      node, operands->input, std::move(operands->axes), operands->noopWithEmptyAxes);
  return failed(result) ? failure() : node.setOutputs(*result);
}

template <typename OpTy> LogicalResult importArgReduction(NodeImporter &node) {
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
  return node.createOutputs<OpTy>(
      input, {b.getNamedAttr("axis", b.getI64IntegerAttr(node.intAttr("axis", 0))),
              b.getNamedAttr("keepdims", b.getBoolAttr(*keepdims)),
              b.getNamedAttr("select_last_index", b.getBoolAttr(last == 1))});
}
} // namespace

void dlc::registerReductionImporters(ImporterRegistry &registry) {
  // ReduceSum takes its axes as an input from opset 13, the others from 18.
  registry.add("ReduceMax", importReduction<ReduceMaxOp, 18>, /*constantOperands=*/{1});
  registry.add("ReduceMin", importReduction<ReduceMinOp, 18>, /*constantOperands=*/{1});
  registry.add("ReduceSum", importReduction<ReduceSumOp, 13>, /*constantOperands=*/{1});
  registry.add("ReduceProd", importReduction<ReduceProdOp, 18>, /*constantOperands=*/{1});
  registry.add("ReduceMean", importReduction<ReduceMeanOp, 18>, /*constantOperands=*/{1});
  registry.add("ReduceL1", importReduction<ReduceL1Op, 18>, /*constantOperands=*/{1});
  registry.add("ReduceL2", importReduction<ReduceL2Op, 18>, /*constantOperands=*/{1});
  registry.add("ReduceSumSquare", importReduction<ReduceSumSquareOp, 18>,
               /*constantOperands=*/{1});
  registry.add("ReduceLogSum", importReduction<ReduceLogSumOp, 18>, /*constantOperands=*/{1});
  registry.add("ReduceLogSumExp", importReduction<ReduceLogSumExpOp, 18>,
               /*constantOperands=*/{1});
  registry.add("ArgMax", importArgReduction<ArgMaxOp>);
  registry.add("ArgMin", importArgReduction<ArgMinOp>);
  // Models of opsets before 13 reach the importer converted to opset 17:
  // libonnx 1.12's converter counts Hardmax 12 -> 13 as compatible, so their
  // coerced-2-d form arrives unchanged and is read in the opset-13 form (the
  // same where the axis is the last dim).
  registry.add("Hardmax", [](NodeImporter &node) {
    return importWithIntAttr<HardmaxOp>(node, "axis", -1);
  });
  registry.add("Softmax", [](NodeImporter &node) {
    return importWithIntAttr<SoftmaxOp>(node, "axis", -1);
  });
}
