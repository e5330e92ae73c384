//===- ElementwiseImporters.cpp - elementwise ops, comparisons and casts --===//
#include "compiler/import/NodeImporter.h"
#include "compiler/import/TensorConversion.h"
#include "dialects/graph/DlcDialect.h"
#include "onnx/onnx_pb.h"

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
  return node.createOutputs<OpTy>(*inputs);
}
// Max and Min take one or more inputs: a fold of the binary op.
template <typename OpTy>
LogicalResult importVariadic(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({})))
    return failure();
  FailureOr<SmallVector<Value>> inputs = node.inputs(node.numInputs());
  if (failed(inputs))
    return failure();
  if (inputs->empty())
    return node.emitError() << "expected at least one input";
  Value result = inputs->front();
  for (Value input : llvm::drop_begin(*inputs)) {
    auto op = node.create<OpTy>(ValueRange{result, input});
    if (failed(op))
      return failure();
    result = op->getResult();
  }
  return node.setOutputs(result);
}

// Integer division by zero is undefined in ONNX, and ONNX Runtime refuses a
// literal zero divisor when it loads the model: so does dlc, at the node.
LogicalResult importDiv(NodeImporter &node) {
  std::optional<DenseElementsAttr> divisor = node.knownInput(1);
  if (divisor && isa<IntegerType>(divisor->getElementType()) &&
      llvm::any_of(divisor->getValues<APInt>(), [](const APInt &v) { return v.isZero(); }))
    return node.emitError() << "integer division by zero: the divisor '"
                            << node.node().input(1) << "' holds a zero";
  return importElementwise<DivOp, 2>(node);
}

LogicalResult importLeakyRelu(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"alpha"})))
    return failure();
  Value input = node.input(0);
  if (!input)
    return failure();
  OpBuilder &b = node.builder();
  return node.createOutputs<LeakyReluOp>(
      input, {b.getNamedAttr("alpha", b.getF32FloatAttr(node.floatAttr("alpha", 0.01f)))});
}

/// A unary op whose float attributes have ONNX's defaults: `attrs` pairs
/// each attribute name with its default.
template <typename OpTy>
LogicalResult importWithFloatAttrs(NodeImporter &node,
                                   ArrayRef<std::pair<StringRef, float>> attrs) {
  SmallVector<StringRef> known = llvm::map_to_vector(attrs, [](auto &a) { return a.first; });
  if (failed(node.rejectUnknownAttrs(known)))
    return failure();
  Value input = node.input(0);
  if (!input)
    return failure();
  OpBuilder &b = node.builder();
  SmallVector<NamedAttribute> named;
  for (auto [name, defaultValue] : attrs)
    named.push_back(
        b.getNamedAttr(name, b.getF32FloatAttr(node.floatAttr(name, defaultValue))));
  return node.createOutputs<OpTy>(input, named);
}

// Clip is max(x, min) then min(., max); absent bounds are no bounds.
LogicalResult importClip(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({})))
    return failure();
  Value result = node.input(0);
  if (!result)
    return failure();
  if (node.hasInput(1)) {
    auto op = node.create<MaxOp>(ValueRange{result, node.input(1)});
    if (failed(op))
      return failure();
    result = op->getResult();
  }
  if (node.hasInput(2)) {
    auto op = node.create<MinOp>(ValueRange{result, node.input(2)});
    if (failed(op))
      return failure();
    result = op->getResult();
  }
  return node.setOutputs(result);
}

LogicalResult importCast(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"to"})))
    return failure();
  Value input = node.input(0);
  if (!input)
    return failure();
  if (!node.hasAttr("to"))
    return node.emitError() << "expected attribute 'to'";
  int64_t onnxType = node.intAttr("to", 0);
  Type to = convertElementType(node.context(), onnxType);
  if (!to)
    return node.emitError() << "expected 'to' to name an element type dlc supports, "
                            << "found "
                            << onnx::TensorProto::DataType_Name(
                                   static_cast<onnx::TensorProto::DataType>(onnxType));
  return node.createOutputs<CastOp>(
      input, {node.builder().getNamedAttr("to", TypeAttr::get(to))});
}

// CastLike is a Cast to the element type of its second input.
LogicalResult importCastLike(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({})))
    return failure();
  FailureOr<SmallVector<Value>> inputs = node.inputs(2);
  if (failed(inputs))
    return failure();
  Type to = cast<RankedTensorType>((*inputs)[1].getType()).getElementType();
  return node.createOutputs<CastOp>(
      (*inputs)[0], {node.builder().getNamedAttr("to", TypeAttr::get(to))});
}
} // namespace

void dlc::registerElementwiseImporters(ImporterRegistry &registry) {
  registry.add("Add", importElementwise<AddOp, 2>);
  registry.add("Sub", importElementwise<SubOp, 2>);
  registry.add("Mul", importElementwise<MulOp, 2>);
  registry.add("Div", importDiv);
  registry.add("Relu", importElementwise<ReluOp, 1>);
  registry.add("Sigmoid", importElementwise<SigmoidOp, 1>);
  registry.add("Tanh", importElementwise<TanhOp, 1>);
  registry.add("Exp", importElementwise<ExpOp, 1>);
  registry.add("Log", importElementwise<LogOp, 1>);
  registry.add("Sqrt", importElementwise<SqrtOp, 1>);
  registry.add("Reciprocal", importElementwise<ReciprocalOp, 1>);
  registry.add("Erf", importElementwise<ErfOp, 1>);
  registry.add("Floor", importElementwise<FloorOp, 1>);
  registry.add("Ceil", importElementwise<CeilOp, 1>);
  registry.add("Neg", importElementwise<NegOp, 1>);
  registry.add("Abs", importElementwise<AbsOp, 1>);
  registry.add("Pow", importElementwise<PowOp, 2>);
  registry.add("Max", importVariadic<MaxOp>);
  registry.add("Min", importVariadic<MinOp>);
  registry.add("LeakyRelu", importLeakyRelu);
  registry.add("HardSigmoid", [](NodeImporter &node) {
    return importWithFloatAttrs<HardSigmoidOp>(node, {{"alpha", 0.2f}, {"beta", 0.5f}});
  });
  registry.add("HardSwish", importElementwise<HardSwishOp, 1>);
  registry.add("Softplus", importElementwise<SoftplusOp, 1>);
  registry.add("Elu", [](NodeImporter &node) {
    return importWithFloatAttrs<EluOp>(node, {{"alpha", 1.0f}});
  });
  registry.add("Clip", importClip);
  registry.add("Equal", importElementwise<EqualOp, 2>);
  registry.add("Greater", importElementwise<GreaterOp, 2>);
  registry.add("Less", importElementwise<LessOp, 2>);
  registry.add("GreaterOrEqual", importElementwise<GreaterOrEqualOp, 2>);
  registry.add("LessOrEqual", importElementwise<LessOrEqualOp, 2>);
  registry.add("Where", importElementwise<WhereOp, 3>);
  registry.add("Cast", importCast);
  registry.add("CastLike", importCastLike);
}
