//===- NormalizationImporters.cpp - BatchNormalization --------------------===//
//
// BatchNormalization imports whole (dlc.batch_norm, or
// dlc.batch_norm_training for training_mode): autodiff differentiates it as
// one op and the training pipeline swaps inference for training mode;
// --dlc-decompose then makes it per-channel arithmetic that kernel formation
// fuses into the producer's epilogue (Conv+BN+Relu is one kernel).
//
//===----------------------------------------------------------------------===//
#include "compiler/import/NodeImporter.h"
#include "dialects/graph/DlcDialect.h"
#include "passes/memory/Passes.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
LogicalResult importBatchNormalization(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"epsilon", "momentum", "training_mode"})))
    return failure();
  bool training = node.intAttr("training_mode", 0) != 0;
  if (!training && node.numOutputs() > 1)
    return node.emitError() << "the running-statistics outputs exist in training mode only "
                               "(training_mode = 1)";
  FailureOr<SmallVector<Value>> inputs = node.inputs(5);
  if (failed(inputs))
    return failure();
  // The running mean and variance are statistics, not weights: autodiff
  // leaves them alone, and training mode updates them as statistics.
  for (Value statistic : ArrayRef<Value>(*inputs).take_back(2))
    if (auto param = statistic.getDefiningOp<ParamOp>())
      param->setAttr(attr::kRunningStatistic, node.builder().getUnitAttr());
  OpBuilder &b = node.builder();
  SmallVector<NamedAttribute> attrs{
      b.getNamedAttr("epsilon", b.getF32FloatAttr(node.floatAttr("epsilon", 1e-5f))),
      b.getNamedAttr("momentum", b.getF32FloatAttr(node.floatAttr("momentum", 0.9f)))};
  if (training)
    return node.createOutputs<BatchNormTrainingOp>(*inputs, attrs);
  return node.createOutputs<BatchNormOp>(*inputs, attrs);
}
} // namespace

void dlc::registerNormalizationImporters(ImporterRegistry &registry) {
  registry.add("BatchNormalization", importBatchNormalization);
}
