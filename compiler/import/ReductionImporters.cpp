//===- ReductionImporters.cpp - Reduce*, Softmax, ArgMax/ArgMin, Hardmax --===//
#include "compiler/import/NodeImporter.h"
#include "dialects/graph/DlcDialect.h"

#include <numeric>

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
// A Reduce* node as OpTy. From opset `AxesInputSince` (18 for most Reduce*
// ops, 13 for ReduceSum) the axes are the optional input 1 and the node may
// set noop_with_empty_axes; before, they are the `axes` attribute. No axes
// mean every axis, unless noop_with_empty_axes: then nothing is reduced and
// the result is the input itself.
template <typename OpTy, int64_t AxesInputSince>
LogicalResult importReduction(NodeImporter &node) {
  bool axesAsInput = node.opset() >= AxesInputSince;
  FailureOr<NamedAttrList> attrs =
      axesAsInput ? node.odsAttributes<OpTy>(/*onnxOnly=*/{"noop_with_empty_axes"},
                                             /*derived=*/{"axes"})
                  : node.odsAttributes<OpTy>();
  if (failed(attrs))
    return failure();
  Value input = node.input(0);
  if (!input)
    return failure();
  SmallVector<int64_t> axes;
  if (auto given = dyn_cast_or_null<DenseI64ArrayAttr>(attrs->get("axes")))
    axes = llvm::to_vector(given.asArrayRef());
  bool noopWithEmptyAxes = false;
  if (axesAsInput) {
    FailureOr<bool> noop = node.flagAttr("noop_with_empty_axes", false);
    if (failed(noop))
      return failure();
    noopWithEmptyAxes = *noop;
    if (node.hasInput(1)) {
      FailureOr<SmallVector<int64_t>> given = node.constantInts(1);
      if (failed(given))
        return failure();
      axes = std::move(*given);
    }
  }
  if (axes.empty() && !noopWithEmptyAxes) {
    axes.resize(cast<RankedTensorType>(input.getType()).getRank());
    std::iota(axes.begin(), axes.end(), 0);
  }
  if (axes.empty())
    return node.setOutputs(input);
  attrs->set("axes", node.builder().getDenseI64ArrayAttr(axes));
  return node.createOutputs<OpTy>(input, attrs->getAttrs());
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
  registry.add("ArgMax", importDirect<ArgMaxOp, 1>);
  registry.add("ArgMin", importDirect<ArgMinOp, 1>);
  // Models of opsets before 13 reach the importer converted to opset 17:
  // libonnx 1.12's converter counts Hardmax 12 -> 13 as compatible, so their
  // coerced-2-d form arrives unchanged and is read in the opset-13 form (the
  // same where the axis is the last dim).
  registry.add("Hardmax", importDirect<HardmaxOp, 1>);
  registry.add("Softmax", importDirect<SoftmaxOp, 1>);
}
