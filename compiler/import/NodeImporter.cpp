//===- NodeImporter.cpp - what an ONNX op handler sees of its node --------===//
#include "compiler/import/NodeImporter.h"

#include "compiler/import/GraphImporter.h"
#include "compiler/import/TensorConversion.h"
#include "dialects/graph/DlcDialect.h"

#include "mlir/IR/Verifier.h"
#include "onnx/onnx_pb.h"

using namespace mlir;
using namespace dlc;

NodeImporter::NodeImporter(GraphImporter &graph, const onnx::NodeProto &node,
                           Location loc, int64_t opset)
    : graph(graph), proto(node), location(loc), opsetVersion(opset) {}

OpBuilder &NodeImporter::builder() { return graph.builder(); }
MLIRContext *NodeImporter::context() { return location.getContext(); }

int NodeImporter::numInputs() const { return proto.input_size(); }
int NodeImporter::numOutputs() const { return proto.output_size(); }

bool NodeImporter::hasInput(int i) const {
  return i >= 0 && i < proto.input_size() && !proto.input(i).empty();
}

bool NodeImporter::hasOutput(int i) const {
  return i >= 0 && i < proto.output_size() && !proto.output(i).empty();
}

Value NodeImporter::input(int i) {
  if (!hasInput(i)) {
    emitError() << "input " << i << " is required but missing";
    return nullptr;
  }
  FailureOr<Value> value = graph.lookup(proto.input(i), location);
  return succeeded(value) ? *value : nullptr;
}

FailureOr<Value> NodeImporter::value(StringRef name) {
  return graph.lookup(name, location);
}

FailureOr<SmallVector<Value>> NodeImporter::inputs(int numRequired, int numOptional) {
  SmallVector<Value> values;
  for (int i = 0; i < numRequired + numOptional; ++i) {
    if (i >= numRequired && !hasInput(i))
      break;
    Value value = input(i);
    if (!value)
      return failure();
    values.push_back(value);
  }
  return values;
}

FailureOr<SmallVector<Value>> NodeImporter::variadicInputs() {
  if (numInputs() == 0)
    return emitError() << "expected at least one input";
  return inputs(numInputs());
}

FailureOr<DenseElementsAttr> NodeImporter::constantInput(int i) {
  if (!hasInput(i))
    return emitError() << "input " << i << " is required but missing";
  std::optional<DenseElementsAttr> literal = knownInput(i);
  if (!literal)
    return emitError() << "input " << i << " ('" << proto.input(i)
                       << "') must be known at compile time; if it is a graph input, "
                          "bind it with --const-input "
                       << proto.input(i) << "=FILE.pb";
  return *literal;
}

std::optional<DenseElementsAttr> NodeImporter::knownInput(int i) {
  return hasInput(i) ? graph.literal(proto.input(i)) : std::nullopt;
}

FailureOr<SmallVector<int64_t>> NodeImporter::constantInts(int i) {
  FailureOr<DenseElementsAttr> literal = constantInput(i);
  if (failed(literal))
    return failure();
  auto type = cast<ShapedType>(literal->getType());
  if (type.getRank() != 1 || !type.getElementType().isInteger(64))
    return emitError() << "expected input " << i << " ('" << proto.input(i)
                       << "') to be a 1-D int64 tensor, found " << type;
  return llvm::to_vector(literal->getValues<int64_t>());
}

const onnx::AttributeProto *NodeImporter::findAttr(StringRef name) const {
  for (const onnx::AttributeProto &attr : proto.attribute())
    if (attr.name() == name)
      return &attr;
  return nullptr;
}

bool NodeImporter::hasAttr(StringRef name) const { return findAttr(name) != nullptr; }

int64_t NodeImporter::intAttr(StringRef name, int64_t defaultValue) const {
  const onnx::AttributeProto *attr = findAttr(name);
  return attr ? attr->i() : defaultValue;
}

float NodeImporter::floatAttr(StringRef name, float defaultValue) const {
  const onnx::AttributeProto *attr = findAttr(name);
  return attr ? attr->f() : defaultValue;
}

std::string NodeImporter::stringAttr(StringRef name, StringRef defaultValue) const {
  const onnx::AttributeProto *attr = findAttr(name);
  return attr ? attr->s() : defaultValue.str();
}

std::optional<SmallVector<int64_t>> NodeImporter::intsAttr(StringRef name) const {
  const onnx::AttributeProto *attr = findAttr(name);
  if (!attr)
    return std::nullopt;
  return SmallVector<int64_t>(attr->ints().begin(), attr->ints().end());
}

SmallVector<float> NodeImporter::floatsAttr(StringRef name) const {
  const onnx::AttributeProto *attr = findAttr(name);
  if (!attr)
    return {};
  return SmallVector<float>(attr->floats().begin(), attr->floats().end());
}

std::optional<SmallVector<std::string>> NodeImporter::stringsAttr(StringRef name) const {
  const onnx::AttributeProto *attr = findAttr(name);
  if (!attr)
    return std::nullopt;
  return SmallVector<std::string>(attr->strings().begin(), attr->strings().end());
}

FailureOr<bool> NodeImporter::flagAttr(StringRef name, bool defaultValue) const {
  int64_t value = intAttr(name, defaultValue);
  if (value != 0 && value != 1)
    return mlir::emitError(location)
           << "attribute '" << name << "' must be 0 or 1, found " << value;
  return value == 1;
}

FailureOr<Type> NodeImporter::elementTypeAttr(StringRef name, int64_t defaultOnnxType) {
  int64_t onnxType = intAttr(name, defaultOnnxType);
  Type type = convertElementType(context(), onnxType);
  if (!type)
    return emitError() << "expected '" << name
                       << "' to name an element type dlc supports, found " << onnxType;
  return type;
}

FailureOr<DenseElementsAttr> NodeImporter::tensorAttr(StringRef name) {
  const onnx::AttributeProto *attr = findAttr(name);
  if (!attr || !attr->has_t())
    return emitError() << "attribute '" << name << "' must be a tensor";
  std::string error;
  FailureOr<DenseElementsAttr> value = tensorToDense(context(), attr->t(), error);
  if (failed(value))
    return emitError() << "attribute '" << name << "': " << error;
  return value;
}

LogicalResult NodeImporter::rejectUnknownAttrs(ArrayRef<StringRef> known) {
  for (const onnx::AttributeProto &attr : proto.attribute())
    if (!llvm::is_contained(known, attr.name()))
      return emitError() << "unsupported attribute '" << attr.name() << "'";
  return success();
}

namespace {
StringRef attributeTypeName(onnx::AttributeProto::AttributeType type) {
  return onnx::AttributeProto::AttributeType_Name(type);
}

// The ONNX type an ODS attribute is written in, judged by its default.
std::optional<onnx::AttributeProto::AttributeType> onnxTypeOf(Attribute odsDefault) {
  if (isa<IntegerAttr, BoolAttr>(odsDefault))
    return onnx::AttributeProto::INT;
  if (isa<FloatAttr>(odsDefault))
    return onnx::AttributeProto::FLOAT;
  if (isa<StringAttr>(odsDefault))
    return onnx::AttributeProto::STRING;
  if (isa<DenseI64ArrayAttr>(odsDefault))
    return onnx::AttributeProto::INTS;
  if (isa<ArrayAttr>(odsDefault))
    return onnx::AttributeProto::STRINGS;
  return std::nullopt;
}
} // namespace

FailureOr<NamedAttrList> NodeImporter::mapAttributes(ArrayRef<StringRef> odsNames,
                                                     const NamedAttrList &defaults,
                                                     ArrayRef<StringRef> onnxOnly,
                                                     ArrayRef<StringRef> derived) {
  NamedAttrList mapped;
  for (const onnx::AttributeProto &attr : proto.attribute()) {
    StringRef name = attr.name();
    if (llvm::is_contained(onnxOnly, name))
      continue;
    if (!llvm::is_contained(odsNames, name) || llvm::is_contained(derived, name))
      return emitError() << "unsupported attribute '" << name << "'";
    FailureOr<Attribute> value = convertAttribute(attr, defaults.get(name));
    if (failed(value))
      return failure();
    mapped.set(name, *value);
  }
  return mapped;
}

// The ODS default, where there is one, fixes the attribute's kind (a flag, a
// float's width); without one the ONNX type decides, and the op's ODS
// constraints check the result in create().
FailureOr<Attribute> NodeImporter::convertAttribute(const onnx::AttributeProto &attr,
                                                    Attribute odsDefault) {
  MLIRContext *ctx = context();
  if (odsDefault) {
    std::optional<onnx::AttributeProto::AttributeType> expected = onnxTypeOf(odsDefault);
    if (!expected)
      return emitError() << "attribute '" << attr.name() << "' has no ONNX form";
    if (attr.type() != *expected)
      return emitError() << "attribute '" << attr.name() << "' must be "
                         << attributeTypeName(*expected) << ", found "
                         << attributeTypeName(attr.type());
  }
  if (isa_and_nonnull<BoolAttr>(odsDefault)) {
    if (attr.i() != 0 && attr.i() != 1)
      return emitError() << "attribute '" << attr.name() << "' must be 0 or 1, found "
                         << attr.i();
    return Attribute(BoolAttr::get(ctx, attr.i()));
  }
  switch (attr.type()) {
  case onnx::AttributeProto::INT:
    return Attribute(IntegerAttr::get(IntegerType::get(ctx, 64), attr.i()));
  case onnx::AttributeProto::FLOAT: {
    auto floatDefault = dyn_cast_or_null<FloatAttr>(odsDefault);
    Type type = floatDefault ? floatDefault.getType() : Float32Type::get(ctx);
    return Attribute(FloatAttr::get(type, attr.f()));
  }
  case onnx::AttributeProto::STRING:
    return Attribute(StringAttr::get(ctx, attr.s()));
  case onnx::AttributeProto::INTS:
    return Attribute(DenseI64ArrayAttr::get(
        ctx, SmallVector<int64_t>(attr.ints().begin(), attr.ints().end())));
  case onnx::AttributeProto::FLOATS:
    return Attribute(DenseF32ArrayAttr::get(
        ctx, SmallVector<float>(attr.floats().begin(), attr.floats().end())));
  case onnx::AttributeProto::STRINGS: {
    SmallVector<Attribute> strings;
    for (const std::string &value : attr.strings())
      strings.push_back(StringAttr::get(ctx, value));
    return Attribute(ArrayAttr::get(ctx, strings));
  }
  case onnx::AttributeProto::TENSOR: {
    FailureOr<DenseElementsAttr> tensor = tensorAttr(attr.name());
    if (failed(tensor))
      return failure();
    return Attribute(*tensor);
  }
  default:
    return emitError() << "attribute '" << attr.name() << "' of type "
                       << attributeTypeName(attr.type()) << " is not supported";
  }
}

std::optional<RankedTensorType> NodeImporter::declaredOutputType(int i) {
  if (!hasOutput(i))
    return std::nullopt;
  return graph.declaredType(proto.output(i));
}

InFlightDiagnostic NodeImporter::emitError() { return mlir::emitError(location); }

LogicalResult NodeImporter::verifyCreated(Operation *op) {
  if (succeeded(mlir::verify(op, /*verifyRecursively=*/false)))
    return success();
  op->erase();
  return failure();
}

FailureOr<Sequence> NodeImporter::sequenceInput(int i) {
  if (!hasInput(i))
    return emitError() << "input " << i << " is required but missing";
  return graph.lookupSequence(proto.input(i), location);
}

bool NodeImporter::isSequenceInput(int i) const {
  return hasInput(i) && graph.isSequence(proto.input(i));
}

LogicalResult NodeImporter::setSequenceOutput(int i, Sequence sequence) {
  if (hasOutput(i))
    graph.bindSequence(proto.output(i), std::move(sequence));
  return success();
}

LogicalResult NodeImporter::setOutputs(ValueRange values) {
  for (auto [index, value] : llvm::enumerate(values))
    if (failed(setOutput(index, value)))
      return failure();
  return success();
}

LogicalResult NodeImporter::setOutput(int i, Value value) {
  if (!hasOutput(i))
    return success();
  return graph.bind(proto.output(i), foldLiteral(value), location);
}

// Shape arithmetic on literals (Shape -> Gather -> Unsqueeze -> Concat)
// folds as it is imported, so a node that needs a compile-time operand
// (Reshape's shape) finds a literal, and a single-result op nothing else
// uses is replaced, as createOrFold would.
// Integer results fold from params too; float results only from constants:
// float arithmetic on initializers stays on params, which training updates.
Value NodeImporter::foldLiteral(Value value) {
  Operation *op = value.getDefiningOp();
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!op || !type || op->getNumOperands() == 0 || op->hasTrait<OpTrait::ConstantLike>())
    return value;
  bool integerResult = type.getElementType().isIntOrIndex();
  SmallVector<Attribute> literals;
  for (Value operand : op->getOperands()) {
    if (!integerResult && !operand.getDefiningOp<dlc::graph::ConstantOp>())
      return value;
    std::optional<DenseElementsAttr> literal = GraphImporter::literalValue(operand);
    if (!literal)
      return value;
    literals.push_back(*literal);
  }
  SmallVector<OpFoldResult> folded;
  if (failed(op->fold(literals, folded)) || folded.size() != op->getNumResults())
    return value;
  OpFoldResult result = folded[cast<OpResult>(value).getResultNumber()];
  Value replacement = dyn_cast<Value>(result);
  if (!replacement) {
    auto literal = dyn_cast<DenseElementsAttr>(cast<Attribute>(result));
    if (!literal || literal.getType() != value.getType())
      return value;
    replacement =
        builder().create<dlc::graph::ConstantOp>(location, literal.getType(), literal);
  }
  if (replacement != value && op->getNumResults() == 1 && op->use_empty())
    op->erase();
  return replacement;
}
