//===- GraphImporter.cpp - nodes of one ONNX graph into a function --------===//
#include "compiler/import/GraphImporter.h"

#include "compiler/import/TensorConversion.h"
#include "dialects/graph/DlcAttributes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "onnx/onnx_pb.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

Location dlc::nodeLocation(MLIRContext &context, const onnx::NodeProto &node,
                           int index) {
  std::string name =
      node.name().empty() ? node.op_type() + "#" + std::to_string(index) : node.name();
  return NameLoc::get(StringAttr::get(&context, name),
                      NameLoc::get(StringAttr::get(&context, node.op_type())));
}

Location dlc::graphLocation(MLIRContext &context, const onnx::GraphProto &graph) {
  return NameLoc::get(
      StringAttr::get(&context, graph.name().empty() ? "graph" : graph.name()));
}

std::optional<RankedTensorType> dlc::convertTensorType(MLIRContext &context,
                                                       const onnx::TypeProto &type) {
  if (!type.has_tensor_type() || !type.tensor_type().has_shape())
    return std::nullopt;
  Type elementType = convertValueElementType(&context, type.tensor_type().elem_type());
  if (!elementType)
    return std::nullopt;
  SmallVector<int64_t> dims;
  for (const auto &dim : type.tensor_type().shape().dim()) {
    if (!dim.has_dim_value() || dim.dim_value() < 0)
      return std::nullopt;
    dims.push_back(dim.dim_value());
  }
  return RankedTensorType::get(dims, elementType);
}

namespace {
// Why a graph input has no dlc type: not a tensor, an element type dlc lacks,
// or dims that are not bound yet.
LogicalResult describeUnsupportedInput(Location loc, MLIRContext &context,
                                       const onnx::ValueInfoProto &input) {
  const onnx::TypeProto &type = input.type();
  if (!type.has_tensor_type())
    return mlir::emitError(loc) << "graph input '" << input.name()
                                << "' is not a tensor (sequences, maps and optionals "
                                   "are not supported)";
  int32_t elementType = type.tensor_type().elem_type();
  if (!convertValueElementType(&context, elementType))
    return mlir::emitError(loc)
           << "graph input '" << input.name() << "' has element type "
           << onnx::TensorProto::DataType_Name(
                  static_cast<onnx::TensorProto::DataType>(elementType))
           << ", which dlc does not support";
  std::string dims;
  for (const auto &dim : type.tensor_type().shape().dim())
    dims += (dims.empty() ? "" : "x") +
            (dim.has_dim_value() ? std::to_string(dim.dim_value())
                                 : dim.dim_param().empty() ? "?" : dim.dim_param());
  if (!type.tensor_type().has_shape())
    return mlir::emitError(loc) << "graph input '" << input.name()
                                << "' has no shape; bind it with --shape " << input.name()
                                << "=AxBx...";
  return mlir::emitError(loc) << "graph input '" << input.name() << "' has symbolic dims "
                              << dims << "; bind them with --shape " << input.name()
                              << "=AxBx...";
}
} // namespace

GraphImporter::GraphImporter(MLIRContext &context, const onnx::GraphProto &graph,
                             int64_t opset,
                             const llvm::StringMap<onnx::TensorProto> &constInputs,
                             const llvm::StringMap<const onnx::TypeProto *> &inferredTypes)
    : context(context), graph(graph), opset(opset), constInputs(constInputs),
      inferredTypes(inferredTypes), opBuilder(&context) {
  for (const onnx::TensorProto &tensor : graph.initializer())
    initializers[tensor.name()] = &tensor;
}

LogicalResult GraphImporter::importInto(ModuleOp module) {
  Location graphLoc = graphLocation(context, graph);
  SmallVector<Type> inputTypes;
  SmallVector<std::string> inputNames;
  for (const onnx::ValueInfoProto &input : graph.input()) {
    // Initializers listed as inputs are weights; bound inputs are literals.
    if (initializers.count(input.name()) || constInputs.count(input.name()))
      continue;
    std::optional<RankedTensorType> type = convertTensorType(context, input.type());
    if (!type)
      return describeUnsupportedInput(graphLoc, context, input);
    inputTypes.push_back(*type);
    inputNames.push_back(input.name());
  }

  opBuilder.setInsertionPointToEnd(module.getBody());
  auto func = opBuilder.create<func::FuncOp>(
      graphLoc, "run", opBuilder.getFunctionType(inputTypes, {}));
  func->setAttr(attr::kEntry, opBuilder.getStringAttr("run"));
  entryBlock = func.addEntryBlock();
  for (auto [index, name] : llvm::enumerate(inputNames)) {
    func.setArgAttr(index, attr::kName, opBuilder.getStringAttr(name));
    values[name] = func.getArgument(index);
  }

  opBuilder.setInsertionPointToEnd(entryBlock);
  for (auto [index, node] : llvm::enumerate(graph.node()))
    if (failed(importNode(node, index)))
      return failure();

  SmallVector<Value> results;
  for (const onnx::ValueInfoProto &output : graph.output()) {
    FailureOr<Value> value = lookup(output.name(), graphLoc);
    if (failed(value))
      return failure();
    std::optional<RankedTensorType> declared = convertTensorType(context, output.type());
    if (declared && *declared != value->getType())
      return mlir::emitError(graphLoc)
             << "graph output '" << output.name() << "' is declared as " << *declared
             << " but dlc infers " << value->getType();
    results.push_back(*value);
  }
  opBuilder.create<func::ReturnOp>(graphLoc, results);
  func.setType(opBuilder.getFunctionType(inputTypes, ValueRange(results).getTypes()));
  for (auto [index, output] : llvm::enumerate(graph.output()))
    func.setResultAttr(index, attr::kName, opBuilder.getStringAttr(output.name()));
  return success();
}

LogicalResult GraphImporter::importNode(const onnx::NodeProto &node, int index) {
  Location loc = nodeLocation(context, node, index);
  const ImportHandler *handler = ImporterRegistry::get().lookup(node.domain(), node.op_type());
  if (!handler) {
    InFlightDiagnostic diag = mlir::emitError(loc) << "unsupported op type " << node.op_type();
    if (!node.domain().empty() && node.domain() != "ai.onnx")
      diag << " in domain '" << node.domain() << "'";
    return diag;
  }
  NodeImporter importer(*this, node, loc, opset);
  return (*handler)(importer);
}

FailureOr<Value> GraphImporter::lookup(StringRef name, Location useLoc) {
  auto it = values.find(name);
  if (it != values.end())
    return it->second;
  if (isSequence(name))
    return mlir::emitError(useLoc) << "value '" << name.str()
                                   << "' is a sequence; dlc takes sequences only as inputs "
                                      "of sequence ops, not as tensors or graph outputs";
  if (auto bound = constInputs.find(name); bound != constInputs.end()) {
    std::string error;
    FailureOr<DenseElementsAttr> literal = tensorToDense(&context, bound->second, error);
    if (failed(literal))
      return mlir::emitError(useLoc) << "--const-input " << name.str() << ": " << error;
    OpBuilder::InsertionGuard guard(opBuilder);
    opBuilder.setInsertionPointToStart(entryBlock);
    Value value = opBuilder.create<graph::ConstantOp>(useLoc, literal->getType(), *literal);
    return values[name] = value;
  }
  if (auto init = initializers.find(name); init != initializers.end()) {
    std::string error;
    FailureOr<ElementsAttr> blob = tensorToResource(&context, *init->second, name, error);
    if (failed(blob))
      return mlir::emitError(useLoc) << "initializer '" << name.str() << "': " << error;
    OpBuilder::InsertionGuard guard(opBuilder);
    opBuilder.setInsertionPointToStart(entryBlock);
    Value value = opBuilder.create<graph::ParamOp>(
        NameLoc::get(StringAttr::get(&context, name)), blob->getType(),
        opBuilder.getStringAttr(name), *blob);
    return values[name] = value;
  }
  return mlir::emitError(useLoc) << "value '" << name.str()
                                 << "' is not produced by any node, input or initializer";
}

FailureOr<Sequence> GraphImporter::lookupSequence(StringRef name, Location useLoc) {
  auto it = sequences.find(name);
  if (it != sequences.end())
    return it->second;
  if (values.count(name) || constInputs.count(name) || initializers.count(name))
    return mlir::emitError(useLoc) << "value '" << name.str()
                                   << "' is a tensor where a sequence is expected";
  return mlir::emitError(useLoc) << "value '" << name.str()
                                 << "' is not produced by any node, input or initializer";
}

void GraphImporter::bindSequence(StringRef name, Sequence sequence) {
  if (!name.empty())
    sequences[name] = std::move(sequence);
}

std::optional<DenseElementsAttr> GraphImporter::literal(StringRef name) {
  std::string error;
  if (auto bound = constInputs.find(name); bound != constInputs.end()) {
    FailureOr<DenseElementsAttr> value = tensorToDense(&context, bound->second, error);
    return succeeded(value) ? std::optional(*value) : std::nullopt;
  }
  if (auto init = initializers.find(name); init != initializers.end()) {
    FailureOr<DenseElementsAttr> value = tensorToDense(&context, *init->second, error);
    return succeeded(value) ? std::optional(*value) : std::nullopt;
  }
  auto it = values.find(name);
  if (it == values.end())
    return std::nullopt;
  return literalValue(it->second);
}

std::optional<DenseElementsAttr> GraphImporter::literalValue(Value value) {
  if (auto constant = value.getDefiningOp<graph::ConstantOp>())
    return dyn_cast<DenseElementsAttr>(constant.getValue());
  if (auto param = value.getDefiningOp<graph::ParamOp>()) {
    auto type = cast<ShapedType>(param.getType());
    std::vector<char> bytes = elementsToBytes(param.getValue());
    if (type.getElementType().isInteger(1))
      return std::nullopt;
    bool splat = false;
    if (!DenseElementsAttr::isValidRawBuffer(type, bytes, splat))
      return std::nullopt;
    return DenseElementsAttr::getFromRawBuffer(type, bytes);
  }
  return std::nullopt;
}

std::optional<RankedTensorType> GraphImporter::declaredType(StringRef name) {
  auto named = [&](const onnx::ValueInfoProto &info) { return info.name() == name; };
  auto output = llvm::find_if(graph.output(), named);
  if (output != graph.output().end())
    return convertTensorType(context, output->type());
  auto info = llvm::find_if(graph.value_info(), named);
  if (info != graph.value_info().end())
    return convertTensorType(context, info->type());
  auto inferred = inferredTypes.find(name);
  if (inferred != inferredTypes.end())
    return convertTensorType(context, *inferred->second);
  return std::nullopt;
}

LogicalResult GraphImporter::bind(StringRef name, Value value, Location loc) {
  if (name.empty())
    return success();
  auto inferred = inferredTypes.find(name);
  if (inferred != inferredTypes.end()) {
    std::optional<RankedTensorType> onnxType = convertTensorType(context, *inferred->second);
    if (onnxType && *onnxType != value.getType())
      return mlir::emitError(loc) << "dlc infers " << value.getType() << " for output '"
                                  << name << "' but ONNX shape inference gives "
                                  << *onnxType;
  }
  values[name] = value;
  return success();
}
