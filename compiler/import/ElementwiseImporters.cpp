//===- ElementwiseImporters.cpp - unary and broadcasting binary ops -------===//
#include "compiler/import/NodeImporter.h"
#include "dialects/graph/DlcDialect.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
template <typename OpTy, int NumInputs>
LogicalResult importElementwise(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({})))
    return failure();
  FailureOr<SmallVector<Value>> inputs = node.inputs(NumInputs);
  if (failed(inputs))
    return failure();
  auto op = node.create<OpTy>(*inputs);
  if (failed(op))
    return failure();
  return node.setOutputs(op->getResult());
}
} // namespace

void dlc::registerElementwiseImporters(ImporterRegistry &registry) {
  registry.add("Add", importElementwise<AddOp, 2>);
  registry.add("Sub", importElementwise<SubOp, 2>);
  registry.add("Mul", importElementwise<MulOp, 2>);
  registry.add("Div", importElementwise<DivOp, 2>);
  registry.add("Relu", importElementwise<ReluOp, 1>);
  registry.add("Sigmoid", importElementwise<SigmoidOp, 1>);
  registry.add("Tanh", importElementwise<TanhOp, 1>);
  registry.add("Exp", importElementwise<ExpOp, 1>);
}
