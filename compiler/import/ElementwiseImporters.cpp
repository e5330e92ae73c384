//===- ElementwiseImporters.cpp - elementwise ops, comparisons and casts --===//
#include "compiler/import/NodeImporter.h"
#include "compiler/import/TensorConversion.h"
#include "dialects/graph/DlcDialect.h"
#include "onnx/onnx_pb.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
// Max, Min, Sum and Mean take one or more inputs: a fold of the binary op.
template <typename OpTy>
FailureOr<Value> foldInputs(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({})))
    return failure();
  FailureOr<SmallVector<Value>> inputs = node.variadicInputs();
  if (failed(inputs))
    return failure();
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
  return importDirect<DivOp, 2>(node);
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

// Clip's bounds are optional inputs: an empty name is no bound, and the
// operand segments say which of min and max are present.
LogicalResult importClip(NodeImporter &node) {
  FailureOr<NamedAttrList> attrs =
      node.odsAttributes<ClipOp>({}, /*derived=*/{ClipOp::getOperandSegmentSizeAttr()});
  if (failed(attrs))
    return failure();
  Value input = node.input(0);
  if (!input)
    return failure();
  SmallVector<Value> operands{input};
  SmallVector<int32_t> segments{1};
  for (int i : {1, 2}) {
    bool present = node.hasInput(i);
    segments.push_back(present);
    if (!present)
      continue;
    Value bound = node.input(i);
    if (!bound)
      return failure();
    operands.push_back(bound);
  }
  attrs->set(ClipOp::getOperandSegmentSizeAttr(),
             node.builder().getDenseI32ArrayAttr(segments));
  return node.createOutputs<ClipOp>(operands, attrs->getAttrs());
}

// Cast and CastLike: to or from strings they write or read numbers.
LogicalResult castTo(NodeImporter &node, Value input, Type to) {
  Type from = cast<RankedTensorType>(input.getType()).getElementType();
  bool fromString = isa<StringType>(from), toString = isa<StringType>(to);
  if ((fromString && to.isInteger(1)) || (toString && from.isInteger(1)))
    return node.emitError() << "cannot cast between bool and string";
  if (fromString && toString)
    return node.setOutput(0, input);
  NamedAttribute toAttr = node.builder().getNamedAttr("to", TypeAttr::get(to));
  if (toString)
    return node.createOutputs<FormatOp>(input);
  if (fromString)
    return node.createOutputs<ParseOp>(input, toAttr);
  return node.createOutputs<CastOp>(input, toAttr);
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
  Type to = convertValueElementType(node.context(), onnxType);
  if (!to)
    return node.emitError() << "expected 'to' to name an element type dlc supports, "
                            << "found "
                            << onnx::TensorProto::DataType_Name(
                                   static_cast<onnx::TensorProto::DataType>(onnxType));
  return castTo(node, input, to);
}

// CastLike is a Cast to the element type of its second input.
LogicalResult importCastLike(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({})))
    return failure();
  FailureOr<SmallVector<Value>> inputs = node.inputs(2);
  if (failed(inputs))
    return failure();
  return castTo(node, (*inputs)[0],
                cast<RankedTensorType>((*inputs)[1].getType()).getElementType());
}
} // namespace

void dlc::registerElementwiseImporters(ImporterRegistry &registry) {
  registry.add("Add", importDirect<AddOp, 2>);
  registry.add("Sub", importDirect<SubOp, 2>);
  registry.add("Mul", importDirect<MulOp, 2>);
  registry.add("Div", importDiv);
  registry.add("Relu", importDirect<ReluOp, 1>);
  registry.add("Sigmoid", importDirect<SigmoidOp, 1>);
  registry.add("Tanh", importDirect<TanhOp, 1>);
  registry.add("Exp", importDirect<ExpOp, 1>);
  registry.add("Log", importDirect<LogOp, 1>);
  registry.add("Sqrt", importDirect<SqrtOp, 1>);
  registry.add("Reciprocal", importDirect<ReciprocalOp, 1>);
  registry.add("Erf", importDirect<ErfOp, 1>);
  registry.add("Floor", importDirect<FloorOp, 1>);
  registry.add("Ceil", importDirect<CeilOp, 1>);
  registry.add("Neg", importDirect<NegOp, 1>);
  registry.add("Abs", importDirect<AbsOp, 1>);
  registry.add("Pow", importDirect<PowOp, 2>);
  registry.add("Max", importVariadic<MaxOp>);
  registry.add("Min", importVariadic<MinOp>);
  registry.add("Sum", importVariadic<AddOp>);
  registry.add("Mean", importMean);
  registry.add("Sin", importDirect<SinOp, 1>);
  registry.add("Cos", importDirect<CosOp, 1>);
  registry.add("Tan", importDirect<TanOp, 1>);
  registry.add("Asin", importDirect<AsinOp, 1>);
  registry.add("Acos", importDirect<AcosOp, 1>);
  registry.add("Atan", importDirect<AtanOp, 1>);
  registry.add("Sinh", importDirect<SinhOp, 1>);
  registry.add("Cosh", importDirect<CoshOp, 1>);
  registry.add("Asinh", importDirect<AsinhOp, 1>);
  registry.add("Acosh", importDirect<AcoshOp, 1>);
  registry.add("Atanh", importDirect<AtanhOp, 1>);
  registry.add("Round", importDirect<RoundOp, 1>);
  registry.add("Sign", importDirect<SignOp, 1>);
  registry.add("IsNaN", importDirect<IsNaNOp, 1>);
  registry.add("IsInf", importDirect<IsInfOp, 1>);
  registry.add("Softsign", importDirect<SoftsignOp, 1>);
  registry.add("Mish", importDirect<MishOp, 1>);
  registry.add("LeakyRelu", importDirect<LeakyReluOp, 1>);
  registry.add("HardSigmoid", importDirect<HardSigmoidOp, 1>);
  registry.add("HardSwish", importDirect<HardSwishOp, 1>);
  registry.add("Softplus", importDirect<SoftplusOp, 1>);
  registry.add("Elu", importDirect<EluOp, 1>);
  registry.add("Selu", importDirect<SeluOp, 1>);
  registry.add("Celu", importDirect<CeluOp, 1>);
  registry.add("ThresholdedRelu", importDirect<ThresholdedReluOp, 1>);
  registry.add("Shrink", importDirect<ShrinkOp, 1>);
  registry.add("Gelu", importDirect<GeluOp, 1>);
  registry.add("PRelu", importPRelu);
  registry.add("Not", importDirect<NotOp, 1>);
  registry.add("And", importDirect<AndOp, 2>);
  registry.add("Or", importDirect<OrOp, 2>);
  registry.add("Xor", importDirect<XorOp, 2>);
  registry.add("BitShift", importDirect<BitShiftOp, 2>);
  registry.add("Mod", importDirect<ModOp, 2>);
  registry.add("Clip", importClip);
  registry.add("Equal", importDirect<EqualOp, 2>);
  registry.add("Greater", importDirect<GreaterOp, 2>);
  registry.add("Less", importDirect<LessOp, 2>);
  registry.add("GreaterOrEqual", importDirect<GreaterOrEqualOp, 2>);
  registry.add("LessOrEqual", importDirect<LessOrEqualOp, 2>);
  registry.add("Where", importDirect<WhereOp, 3>);
  registry.add("Cast", importCast);
  registry.add("CastLike", importCastLike);
}
