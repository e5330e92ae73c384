//===- NormalizationImporters.cpp - BatchNormalization, LayerNormalization ===//
//
// BatchNormalization imports whole (dlc.batch_norm, or
// dlc.batch_norm_training for training_mode): autodiff differentiates it as
// one op and the training pipeline swaps inference for training mode;
// --dlc-decompose then makes it per-channel arithmetic that kernel formation
// fuses into the producer's epilogue (Conv+BN+Relu is one kernel). The other
// normalizations import whole too, so that a backend may keep them so; they
// are differentiated through their decomposition.
//
//===----------------------------------------------------------------------===//
#include "compiler/import/NodeImporter.h"
#include "dialects/graph/DlcDialect.h"
#include "passes/memory/Passes.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
NamedAttribute epsilonAttr(NodeImporter &node) {
  OpBuilder &b = node.builder();
  return b.getNamedAttr("epsilon", b.getF32FloatAttr(node.floatAttr("epsilon", 1e-5f)));
}

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
      epsilonAttr(node),
      b.getNamedAttr("momentum", b.getF32FloatAttr(node.floatAttr("momentum", 0.9f)))};
  if (training)
    return node.createOutputs<BatchNormTrainingOp>(*inputs, attrs);
  return node.createOutputs<BatchNormOp>(*inputs, attrs);
}

LogicalResult importLayerNormalization(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"axis", "epsilon", "stash_type"})))
    return failure();
  int64_t stashType = node.intAttr("stash_type", 1);
  if (stashType != 1)
    return node.emitError() << "expected stash_type 1 (float statistics), found " << stashType;
  FailureOr<SmallVector<Value>> inputs = node.inputs(2, 1);
  if (failed(inputs))
    return failure();
  OpBuilder &b = node.builder();
  FailureOr<LayerNormOp> op = node.create<LayerNormOp>(
      *inputs,
      {b.getNamedAttr("axis", b.getI64IntegerAttr(node.intAttr("axis", -1))), epsilonAttr(node)});
  if (failed(op))
    return failure();
  SmallVector<Value> outputs{op->getResult()};
  // ONNX's statistics are float (stash_type 1) whatever the input's type.
  for (auto [index, statistic] : llvm::enumerate((*op)->getResults().drop_front())) {
    if (!node.hasOutput(index + 1) || getElementTypeOrSelf(statistic.getType()).isF32()) {
      outputs.push_back(statistic);
      continue;
    }
    FailureOr<CastOp> cast =
        node.create<CastOp>(statistic, {b.getNamedAttr("to", TypeAttr::get(b.getF32Type()))});
    if (failed(cast))
      return failure();
    outputs.push_back(cast->getResult());
  }
  return node.setOutputs(outputs);
}

/// The channel count of `input`, a tensor [N, C, ...].
FailureOr<int64_t> channelCount(NodeImporter &node, Value input) {
  auto type = cast<RankedTensorType>(input.getType());
  if (type.getRank() < 2)
    return node.emitError() << "expected an input [N, C, ...] of rank >= 2, found " << type;
  return type.getDimSize(1);
}

// One group per channel.
LogicalResult importInstanceNormalization(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"epsilon"})))
    return failure();
  FailureOr<SmallVector<Value>> inputs = node.inputs(3);
  if (failed(inputs))
    return failure();
  FailureOr<int64_t> channels = channelCount(node, inputs->front());
  if (failed(channels))
    return failure();
  OpBuilder &b = node.builder();
  return node.createOutputs<GroupNormOp>(
      *inputs, {b.getNamedAttr("num_groups", b.getI64IntegerAttr(*channels)), epsilonAttr(node)});
}

/// Opset 18's per-group `value` [G] repeated for each of a group's channels:
/// [G] as [G, 1], broadcast to [G, C/G], read as [C].
FailureOr<Value> groupToChannels(NodeImporter &node, Value value, int64_t groups,
                                 int64_t channels) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getShape() != ArrayRef<int64_t>{groups})
    return node.emitError() << "expected scale and bias of shape [" << groups
                            << "] (one per group, opset 18), found " << type;
  OpBuilder &b = node.builder();
  FailureOr<ReshapeOp> column = node.create<ReshapeOp>(
      value, {b.getNamedAttr("shape", b.getDenseI64ArrayAttr({groups, 1}))});
  if (failed(column))
    return failure();
  FailureOr<ExpandOp> repeated = node.create<ExpandOp>(
      column->getResult(),
      {b.getNamedAttr("shape", b.getDenseI64ArrayAttr({groups, channels / groups}))});
  if (failed(repeated))
    return failure();
  FailureOr<ReshapeOp> flat = node.create<ReshapeOp>(
      repeated->getResult(), {b.getNamedAttr("shape", b.getDenseI64ArrayAttr({channels}))});
  if (failed(flat))
    return failure();
  return flat->getResult();
}

// Opset 21 takes scale and bias per channel, opset 18 per group.
LogicalResult importGroupNormalization(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"epsilon", "num_groups", "stash_type"})))
    return failure();
  if (!node.hasAttr("num_groups"))
    return node.emitError() << "attribute 'num_groups' is required";
  int64_t stashType = node.intAttr("stash_type", 1);
  if (stashType != 1)
    return node.emitError() << "expected stash_type 1 (float statistics), found " << stashType;
  FailureOr<SmallVector<Value>> inputs = node.inputs(3);
  if (failed(inputs))
    return failure();
  FailureOr<int64_t> channels = channelCount(node, inputs->front());
  if (failed(channels))
    return failure();
  int64_t groups = node.intAttr("num_groups", 1);
  if (groups < 1 || *channels % groups != 0)
    return node.emitError() << "expected num_groups >= 1 dividing the " << *channels
                            << " channels, found " << groups;
  SmallVector<Value> operands = *inputs;
  if (node.opset() < 21) {
    for (Value &perGroup : MutableArrayRef<Value>(operands).drop_front()) {
      FailureOr<Value> perChannel = groupToChannels(node, perGroup, groups, *channels);
      if (failed(perChannel))
        return failure();
      perGroup = *perChannel;
    }
  }
  OpBuilder &b = node.builder();
  return node.createOutputs<GroupNormOp>(
      operands, {b.getNamedAttr("num_groups", b.getI64IntegerAttr(groups)), epsilonAttr(node)});
}

LogicalResult importLrn(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"size", "alpha", "beta", "bias"})))
    return failure();
  if (!node.hasAttr("size"))
    return node.emitError() << "attribute 'size' is required";
  Value input = node.input(0);
  if (!input)
    return failure();
  OpBuilder &b = node.builder();
  return node.createOutputs<LrnOp>(
      input, {b.getNamedAttr("size", b.getI64IntegerAttr(node.intAttr("size", 1))),
              b.getNamedAttr("alpha", b.getF32FloatAttr(node.floatAttr("alpha", 1e-4f))),
              b.getNamedAttr("beta", b.getF32FloatAttr(node.floatAttr("beta", 0.75f))),
              b.getNamedAttr("bias", b.getF32FloatAttr(node.floatAttr("bias", 1.0f)))});
}

LogicalResult importMeanVarianceNormalization(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"axes"})))
    return failure();
  Value input = node.input(0);
  if (!input)
    return failure();
  OpBuilder &b = node.builder();
  SmallVector<NamedAttribute> attrs;
  if (std::optional<SmallVector<int64_t>> axes = node.intsAttr("axes"))
    attrs.push_back(b.getNamedAttr("axes", b.getDenseI64ArrayAttr(*axes)));
  return node.createOutputs<MeanVarianceNormOp>(input, attrs);
}
} // namespace

void dlc::registerNormalizationImporters(ImporterRegistry &registry) {
  registry.add("BatchNormalization", importBatchNormalization);
  registry.add("LayerNormalization", importLayerNormalization);
  registry.add("InstanceNormalization", importInstanceNormalization);
  registry.add("GroupNormalization", importGroupNormalization);
  registry.add("LRN", importLrn);
  registry.add("MeanVarianceNormalization", importMeanVarianceNormalization);
}
