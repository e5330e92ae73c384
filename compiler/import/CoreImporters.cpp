//===- CoreImporters.cpp - Constant and Identity --------------------------===//
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
  Value input = node.input(0);
  if (!input)
    return failure();
  return node.createOutputs<IdentityOp>(input);
}
// At inference Dropout passes its input through. Training mode, or asking
// for the mask, needs randomness that dlc does not generate yet.
LogicalResult importDropout(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"seed"})))
    return failure();
  if (node.hasOutput(1))
    return node.emitError() << "the mask output is not supported";
  if (node.hasInput(2)) {
    FailureOr<DenseElementsAttr> training = node.constantInput(2);
    if (failed(training))
      return failure();
    if (llvm::any_of(training->getValues<bool>(), [](bool on) { return on; }))
      return node.emitError() << "training mode is not supported; export the model in "
                                 "eval mode";
  }
  Value input = node.input(0);
  if (!input)
    return failure();
  return node.setOutputs(input);
}
} // namespace

void dlc::registerCoreImporters(ImporterRegistry &registry) {
  registry.add("Constant", importConstant);
  registry.add("Identity", importIdentity);
  registry.add("Dropout", importDropout, /*constantOperands=*/{1, 2});
}
