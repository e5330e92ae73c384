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
LogicalResult importBatchNormalization(NodeImporter &node) {
  FailureOr<NamedAttrList> attrs =
      node.odsAttributes<BatchNormOp>(/*onnxOnly=*/{"training_mode"});
  if (failed(attrs))
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
  if (training)
    return node.createOutputs<BatchNormTrainingOp>(*inputs, attrs->getAttrs());
  return node.createOutputs<BatchNormOp>(*inputs, attrs->getAttrs());
}

LogicalResult importLayerNormalization(NodeImporter &node) {
  FailureOr<NamedAttrList> attrs =
      node.odsAttributes<LayerNormOp>(/*onnxOnly=*/{"stash_type"});
  if (failed(attrs))
    return failure();
  int64_t stashType = node.intAttr("stash_type", 1);
  if (stashType != 1)
    return node.emitError() << "expected stash_type 1 (float statistics), found " << stashType;
  FailureOr<SmallVector<Value>> inputs = node.inputs(2, 1);
  if (failed(inputs))
    return failure();
  OpBuilder &b = node.builder();
  FailureOr<LayerNormOp> op = node.create<LayerNormOp>(*inputs, attrs->getAttrs());
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
  FailureOr<NamedAttrList> attrs =
      node.odsAttributes<GroupNormOp>({}, /*derived=*/{"num_groups"});
  if (failed(attrs))
    return failure();
  FailureOr<SmallVector<Value>> inputs = node.inputs(3);
  if (failed(inputs))
    return failure();
  FailureOr<int64_t> channels = channelCount(node, inputs->front());
  if (failed(channels))
    return failure();
  attrs->set("num_groups", node.builder().getI64IntegerAttr(*channels));
  return node.createOutputs<GroupNormOp>(*inputs, attrs->getAttrs());
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
  FailureOr<NamedAttrList> attrs =
      node.odsAttributes<GroupNormOp>(/*onnxOnly=*/{"stash_type"});
  if (failed(attrs))
    return failure();
  auto numGroups = dyn_cast_or_null<IntegerAttr>(attrs->get("num_groups"));
  if (!numGroups)
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
  int64_t groups = numGroups.getInt();
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
  return node.createOutputs<GroupNormOp>(operands, attrs->getAttrs());
}

} // namespace

void dlc::registerNormalizationImporters(ImporterRegistry &registry) {
  registry.add("BatchNormalization", importBatchNormalization);
  registry.add("LayerNormalization", importLayerNormalization);
  registry.add("InstanceNormalization", importInstanceNormalization);
  registry.add("GroupNormalization", importGroupNormalization);
  registry.add("LRN", importDirect<LrnOp, 1>);
  registry.add("MeanVarianceNormalization", importDirect<MeanVarianceNormOp, 1>);
}
