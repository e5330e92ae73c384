//===- NormalizationImporters.cpp - BatchNormalization --------------------===//
//
// Inference-mode BatchNormalization is elementwise arithmetic on per-channel
// parameters, so it imports as dlc ops that kernel formation fuses into the
// producer's epilogue (Conv+BN+Relu is one kernel):
//   Y = (X - mean) / sqrt(var + epsilon) * scale + B
// with each [C] parameter viewed as [C, 1, ..., 1].
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
  if (node.intAttr("training_mode", 0) != 0 || node.numOutputs() > 1)
    return node.emitError() << "training mode (batch statistics, running-mean "
                               "outputs) is not supported; export the model in eval mode";
  FailureOr<SmallVector<Value>> inputs = node.inputs(5);
  if (failed(inputs))
    return failure();
  Value x = (*inputs)[0];
  // The running mean and variance are statistics, not weights: training
  // leaves them alone.
  for (Value statistic : {(*inputs)[3], (*inputs)[4]})
    if (auto param = statistic.getDefiningOp<ParamOp>())
      param->setAttr(attr::kRunningStatistic, node.builder().getUnitAttr());
  auto xType = cast<RankedTensorType>(x.getType());
  if (xType.getRank() < 2)
    return node.emitError() << "expected an input [N, C, ...] of rank >= 2, found rank "
                            << xType.getRank();
  OpBuilder &b = node.builder();
  // [C] -> [C, 1, ..., 1], so that it broadcasts against [N, C, D1..Dk].
  SmallVector<int64_t> channelShape(xType.getRank() - 1, 1);
  channelShape[0] = xType.getDimSize(1);
  SmallVector<Value, 4> params;
  for (Value param : ArrayRef<Value>(*inputs).drop_front()) {
    auto type = cast<RankedTensorType>(param.getType());
    if (type.getRank() != 1 || type.getDimSize(0) != channelShape[0] ||
        type.getElementType() != xType.getElementType())
      return node.emitError() << "expected scale, B, mean and var of type "
                              << RankedTensorType::get({channelShape[0]},
                                                       xType.getElementType())
                              << ", found " << type;
    auto reshaped = node.create<ReshapeOp>(
        param, {b.getNamedAttr("shape", b.getDenseI64ArrayAttr(channelShape))});
    if (failed(reshaped))
      return failure();
    params.push_back(reshaped->getResult());
  }
  Value scale = params[0], bias = params[1], mean = params[2], var = params[3];
  Type element = xType.getElementType();
  auto epsilon = node.create<ConstantOp>(
      {}, {b.getNamedAttr("value", DenseElementsAttr::get(
                                       RankedTensorType::get({}, element),
                                       b.getFloatAttr(element, node.floatAttr("epsilon",
                                                                             1e-5f))))});
  if (failed(epsilon))
    return failure();
  auto centered = node.create<SubOp>(ValueRange{x, mean});
  auto shifted = node.create<AddOp>(ValueRange{var, epsilon->getResult()});
  if (failed(centered) || failed(shifted))
    return failure();
  auto deviation = node.create<SqrtOp>(shifted->getResult());
  if (failed(deviation))
    return failure();
  auto normalized = node.create<DivOp>(ValueRange{centered->getResult(), deviation->getResult()});
  if (failed(normalized))
    return failure();
  auto scaled = node.create<MulOp>(ValueRange{normalized->getResult(), scale});
  if (failed(scaled))
    return failure();
  return node.createOutputs<AddOp>(ValueRange{scaled->getResult(), bias});
}
} // namespace

void dlc::registerNormalizationImporters(ImporterRegistry &registry) {
  registry.add("BatchNormalization", importBatchNormalization);
}
