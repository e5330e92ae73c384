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
// Max, Min, Sum and Mean take one or more inputs: a fold of the binary op.
template <typename OpTy>
FailureOr<Value> foldInputs(NodeImporter &node) {
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
  return result;
}

template <typename OpTy>
LogicalResult importVariadic(NodeImporter &node) {
  FailureOr<Value> result = foldInputs<OpTy>(node);
  if (failed(result))
    return failure();
  return node.setOutputs(*result);
}

// The sum divided by the number of inputs, as numpy's mean.
LogicalResult importMean(NodeImporter &node) {
  FailureOr<Value> sum = foldInputs<AddOp>(node);
  if (failed(sum))
    return failure();
  Type element = cast<RankedTensorType>(sum->getType()).getElementType();
  if (!isa<FloatType>(element))
    return node.emitError() << "expected float inputs, found " << element;
  // One input is its own mean: no division by 1 for a folder to reduce to
  // the graph input.
  if (node.numInputs() == 1)
    return node.setOutputs(*sum);
  OpBuilder &b = node.builder();
  auto count = node.create<ConstantOp>(
      {}, {b.getNamedAttr("value",
                          DenseElementsAttr::get(RankedTensorType::get({}, element),
                                                 b.getFloatAttr(element, node.numInputs())))});
  if (failed(count))
    return failure();
  return node.createOutputs<DivOp>(ValueRange{*sum, count->getResult()});
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

// ONNX's 0/1 flag attribute `name` as a BoolAttr.
FailureOr<NamedAttribute> flagAttr(NodeImporter &node, StringRef name, bool defaultValue) {
  int64_t value = node.intAttr(name, defaultValue);
  if (value != 0 && value != 1)
    return node.emitError() << "expected attribute '" << name << "' to be 0 or 1, found "
                            << value;
  OpBuilder &b = node.builder();
  return b.getNamedAttr(name, b.getBoolAttr(value));
}

LogicalResult importIsInf(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"detect_positive", "detect_negative"})))
    return failure();
  Value input = node.input(0);
  if (!input)
    return failure();
  FailureOr<NamedAttribute> positive = flagAttr(node, "detect_positive", true);
  FailureOr<NamedAttribute> negative = flagAttr(node, "detect_negative", true);
  if (failed(positive) || failed(negative))
    return failure();
  return node.createOutputs<IsInfOp>(input, {*positive, *negative});
}

LogicalResult importMod(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"fmod"})))
    return failure();
  FailureOr<SmallVector<Value>> inputs = node.inputs(2);
  if (failed(inputs))
    return failure();
  FailureOr<NamedAttribute> fmod = flagAttr(node, "fmod", false);
  if (failed(fmod))
    return failure();
  return node.createOutputs<ModOp>(*inputs, {*fmod});
}

/// A unary op or BitShift with the string attribute `name` (required
/// without a default); the op's verifier checks its value.
template <typename OpTy, int NumInputs>
LogicalResult importWithStringAttr(NodeImporter &node, StringRef name,
                                   std::optional<StringRef> defaultValue) {
  if (failed(node.rejectUnknownAttrs({name})))
    return failure();
  FailureOr<SmallVector<Value>> inputs = node.inputs(NumInputs);
  if (failed(inputs))
    return failure();
  if (!defaultValue && !node.hasAttr(name))
    return node.emitError() << "expected attribute '" << name << "'";
  OpBuilder &b = node.builder();
  return node.createOutputs<OpTy>(
      *inputs,
      {b.getNamedAttr(name, b.getStringAttr(node.stringAttr(name, defaultValue.value_or(""))))});
}

// Before opset 7 a rank-1 slope ran along the channel axis (1), and the
// version converter leaves such a slope as it is: where it does not broadcast
// NumPy-style but matches the channel count, it is made [C, 1, ..., 1].
LogicalResult importPRelu(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({})))
    return failure();
  FailureOr<SmallVector<Value>> inputs = node.inputs(2);
  if (failed(inputs))
    return failure();
  Value input = (*inputs)[0], slope = (*inputs)[1];
  ArrayRef<int64_t> inputShape = cast<RankedTensorType>(input.getType()).getShape();
  ArrayRef<int64_t> slopeShape = cast<RankedTensorType>(slope.getType()).getShape();
  if (slopeShape.size() == 1 && inputShape.size() > 2 && slopeShape[0] == inputShape[1] &&
      slopeShape[0] != inputShape.back() && slopeShape[0] != 1) {
    SmallVector<int64_t> channelShape(inputShape.size() - 1, 1);
    channelShape[0] = slopeShape[0];
    OpBuilder &b = node.builder();
    auto reshaped = node.create<ReshapeOp>(
        slope, {b.getNamedAttr("shape", b.getDenseI64ArrayAttr(channelShape))});
    if (failed(reshaped))
      return failure();
    slope = reshaped->getResult();
  }
  return node.createOutputs<PReluOp>(ValueRange{input, slope});
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
  registry.add("Sum", importVariadic<AddOp>);
  registry.add("Mean", importMean);
  registry.add("Sin", importElementwise<SinOp, 1>);
  registry.add("Cos", importElementwise<CosOp, 1>);
  registry.add("Tan", importElementwise<TanOp, 1>);
  registry.add("Asin", importElementwise<AsinOp, 1>);
  registry.add("Acos", importElementwise<AcosOp, 1>);
  registry.add("Atan", importElementwise<AtanOp, 1>);
  registry.add("Sinh", importElementwise<SinhOp, 1>);
  registry.add("Cosh", importElementwise<CoshOp, 1>);
  registry.add("Asinh", importElementwise<AsinhOp, 1>);
  registry.add("Acosh", importElementwise<AcoshOp, 1>);
  registry.add("Atanh", importElementwise<AtanhOp, 1>);
  registry.add("Round", importElementwise<RoundOp, 1>);
  registry.add("Sign", importElementwise<SignOp, 1>);
  registry.add("IsNaN", importElementwise<IsNaNOp, 1>);
  registry.add("IsInf", importIsInf);
  registry.add("Softsign", importElementwise<SoftsignOp, 1>);
  registry.add("Mish", importElementwise<MishOp, 1>);
  registry.add("LeakyRelu", importLeakyRelu);
  registry.add("HardSigmoid", [](NodeImporter &node) {
    return importWithFloatAttrs<HardSigmoidOp>(node, {{"alpha", 0.2f}, {"beta", 0.5f}});
  });
  registry.add("HardSwish", importElementwise<HardSwishOp, 1>);
  registry.add("Softplus", importElementwise<SoftplusOp, 1>);
  registry.add("Elu", [](NodeImporter &node) {
    return importWithFloatAttrs<EluOp>(node, {{"alpha", 1.0f}});
  });
  registry.add("Selu", [](NodeImporter &node) {
    return importWithFloatAttrs<SeluOp>(
        node, {{"alpha", 1.67326319217681884765625f}, {"gamma", 1.05070102214813232421875f}});
  });
  registry.add("Celu", [](NodeImporter &node) {
    return importWithFloatAttrs<CeluOp>(node, {{"alpha", 1.0f}});
  });
  registry.add("ThresholdedRelu", [](NodeImporter &node) {
    return importWithFloatAttrs<ThresholdedReluOp>(node, {{"alpha", 1.0f}});
  });
  registry.add("Shrink", [](NodeImporter &node) {
    return importWithFloatAttrs<ShrinkOp>(node, {{"bias", 0.0f}, {"lambd", 0.5f}});
  });
  registry.add("Gelu", [](NodeImporter &node) {
    return importWithStringAttr<GeluOp, 1>(node, "approximate", "none");
  });
  registry.add("PRelu", importPRelu);
  registry.add("Not", importElementwise<NotOp, 1>);
  registry.add("And", importElementwise<AndOp, 2>);
  registry.add("Or", importElementwise<OrOp, 2>);
  registry.add("Xor", importElementwise<XorOp, 2>);
  registry.add("BitShift", [](NodeImporter &node) {
    return importWithStringAttr<BitShiftOp, 2>(node, "direction", std::nullopt);
  });
  registry.add("Mod", importMod);
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
