//===- CoreImporters.cpp - Constant, Identity and Dropout ----------------===//
#include "compiler/import/NodeImporter.h"
#include "dialects/graph/DlcDialect.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
// The Constant attributes other than `value`, each a literal of its own
// shape and type.
FailureOr<DenseElementsAttr> constantValue(NodeImporter &node) {
  OpBuilder &b = node.builder();
  if (node.hasAttr("value"))
    return node.tensorAttr("value");
  if (node.hasAttr("value_float"))
    return DenseElementsAttr::get(RankedTensorType::get({}, b.getF32Type()),
                                  node.floatAttr("value_float", 0));
  if (node.hasAttr("value_int"))
    return DenseElementsAttr::get(RankedTensorType::get({}, b.getI64Type()),
                                  node.intAttr("value_int", 0));
  if (std::optional<SmallVector<int64_t>> ints = node.intsAttr("value_ints"))
    return DenseElementsAttr::get(
        RankedTensorType::get({static_cast<int64_t>(ints->size())}, b.getI64Type()),
        ArrayRef<int64_t>(*ints));
  if (node.hasAttr("value_floats"))
    return node.emitError() << "attribute 'value_floats' is not supported yet";
  return node.emitError() << "needs one of value, value_float, value_int, value_ints";
}

LogicalResult importConstant(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"value", "value_float", "value_int", "value_ints",
                                      "value_floats"})))
    return failure();
  FailureOr<DenseElementsAttr> value = constantValue(node);
  if (failed(value))
    return failure();
  return node.createOutputs<graph::ConstantOp>(
      {}, {node.builder().getNamedAttr("value", *value)});
}

LogicalResult importIdentity(NodeImporter &node) {
  if (node.isSequenceInput(0)) {
    FailureOr<Sequence> sequence = node.sequenceInput(0);
    return failed(sequence) ? failure() : node.setSequenceOutput(0, std::move(*sequence));
  }
  Value input = node.input(0);
  if (!input)
    return failure();
  return node.createOutputs<IdentityOp>(input);
}
// Dropout imports as dlc.dropout, the identity at inference, which the
// training pipeline turns into a random mask in train_step. A graph that
// asks for training mode itself would draw its own mask on every inference
// run; dlc leaves randomness to train_step, so only ratio 0 passes.
LogicalResult importDropout(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"seed"})))
    return failure();
  float ratio = 0.5f;
  if (node.hasInput(1)) {
    FailureOr<DenseElementsAttr> value = node.constantInput(1);
    if (failed(value))
      return failure();
    if (value->getNumElements() != 1 || !isa<FloatType>(value->getElementType()))
      return node.emitError() << "expected a float scalar ratio, found " << value->getType();
    ratio = (*value->value_begin<APFloat>()).convertToFloat();
  }
  if (node.hasInput(2)) {
    FailureOr<DenseElementsAttr> training = node.constantInput(2);
    if (failed(training))
      return failure();
    if (ratio != 0.0f && llvm::any_of(training->getValues<bool>(), [](bool on) { return on; }))
      return node.emitError() << "training mode with ratio " << ratio
                              << " draws a random mask on every run; dlc applies dropout "
                                 "in train_step only (export the model in eval mode)";
  }
  Value input = node.input(0);
  if (!input)
    return failure();
  OpBuilder &b = node.builder();
  SmallVector<NamedAttribute> attrs{b.getNamedAttr("ratio", b.getF32FloatAttr(ratio))};
  if (node.hasAttr("seed"))
    attrs.push_back(b.getNamedAttr("seed", b.getI64IntegerAttr(node.intAttr("seed", 0))));
  FailureOr<DropoutOp> dropout = node.create<DropoutOp>(input, attrs);
  if (failed(dropout))
    return failure();
  if (failed(node.setOutput(0, dropout->getResult())))
    return failure();
  if (!node.hasOutput(1))
    return success();
  // Nothing is dropped at inference: every element is kept.
  auto maskType = cast<RankedTensorType>(input.getType()).clone(b.getI1Type());
  FailureOr<graph::ConstantOp> mask = node.create<graph::ConstantOp>(
      {}, {b.getNamedAttr("value", DenseElementsAttr::get(maskType, true))});
  if (failed(mask))
    return failure();
  return node.setOutput(1, mask->getResult());
}
} // namespace

void dlc::registerCoreImporters(ImporterRegistry &registry) {
  registry.add("Constant", importConstant);
  registry.add("Identity", importIdentity);
  registry.add("Dropout", importDropout, /*constantOperands=*/{1, 2});
}
