//===- LossImporters.cpp - LogSoftmax and the ONNX loss ops ---------------===//
#include "compiler/import/NodeImporter.h"
#include "dialects/graph/DlcDialect.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
// The attributes both loss ops share, checked and turned into dlc's.
FailureOr<SmallVector<NamedAttribute>> lossAttrs(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"reduction", "ignore_index"})))
    return failure();
  OpBuilder &b = node.builder();
  SmallVector<NamedAttribute> attrs{
      b.getNamedAttr("reduction", b.getStringAttr(node.stringAttr("reduction", "mean")))};
  if (node.hasAttr("ignore_index"))
    attrs.push_back(b.getNamedAttr("ignore_index",
                                   b.getI64IntegerAttr(node.intAttr("ignore_index", 0))));
  return attrs;
}

// NegativeLogLikelihoodLoss(input, target[, weight]).
LogicalResult importNllLoss(NodeImporter &node) {
  FailureOr<SmallVector<NamedAttribute>> attrs = lossAttrs(node);
  FailureOr<SmallVector<Value>> inputs = node.inputs(2, 1);
  if (failed(attrs) || failed(inputs))
    return failure();
  return node.createOutputs<NllLossOp>(*inputs, *attrs);
}

// SoftmaxCrossEntropyLoss(scores, labels[, weights]) -> (loss[, log_prob]):
// the NLL loss of the log-softmax over the class axis, which is also the
// optional second output.
LogicalResult importSoftmaxCrossEntropyLoss(NodeImporter &node) {
  FailureOr<SmallVector<NamedAttribute>> attrs = lossAttrs(node);
  FailureOr<SmallVector<Value>> inputs = node.inputs(2, 1);
  if (failed(attrs) || failed(inputs))
    return failure();
  OpBuilder &b = node.builder();
  FailureOr<LogSoftmaxOp> logProb = node.create<LogSoftmaxOp>(
      (*inputs)[0], {b.getNamedAttr("axis", b.getI64IntegerAttr(1))});
  if (failed(logProb))
    return failure();
  (*inputs)[0] = logProb->getResult();
  FailureOr<NllLossOp> loss = node.create<NllLossOp>(*inputs, *attrs);
  if (failed(loss))
    return failure();
  if (failed(node.setOutput(0, loss->getResult())))
    return failure();
  return node.hasOutput(1) ? node.setOutput(1, logProb->getResult()) : success();
}
} // namespace

void dlc::registerLossImporters(ImporterRegistry &registry) {
  registry.add("LogSoftmax", importDirect<LogSoftmaxOp, 1>);
  registry.add("NegativeLogLikelihoodLoss", importNllLoss);
  registry.add("SoftmaxCrossEntropyLoss", importSoftmaxCrossEntropyLoss);
}
