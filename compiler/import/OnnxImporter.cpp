//===- OnnxImporter.cpp - ONNX model to the dlc graph dialect -------------===//
//
// libonnx reports problems by throwing; this file is the only one built with
// exceptions, and it turns each into a diagnostic.
//
//===----------------------------------------------------------------------===//
#include "compiler/import/OnnxImporter.h"

#include "compiler/import/ExternalData.h"
#include "compiler/import/FunctionInlining.h"
#include "compiler/import/GraphImporter.h"
#include "compiler/import/ModelValidation.h"
#include "compiler/import/TensorConversion.h"
#include "compiler/support/Isolated.h"
#include "dialects/graph/DlcDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Verifier.h"
#include "onnx/checker.h"
#include "onnx/common/common.h"
#include "onnx/defs/parser.h"
#include "onnx/defs/schema.h"
#include "onnx/onnx_pb.h"
#include "onnx/shape_inference/implementation.h"
#include "onnx/version_converter/convert.h"
#include "llvm/Support/FileSystem.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
// The newest IR version libonnx's checker accepts.
constexpr int64_t kLibonnxIrVersion = 8;

// The first line of an exception's message: libonnx adds context lines.
std::string firstLine(const char *what) {
  std::string message(what);
  size_t end = message.find('\n');
  return end == std::string::npos ? message : message.substr(0, end);
}

bool isTextModel(llvm::StringRef path) { return path.ends_with(kOnnxTextExtension); }

// A model in ONNX's textual syntax (onnx/defs/parser.h), which lets lit tests
// state a graph inline; `error` gets the parser's message on one line.
bool parseTextModel(const std::string &text, onnx::ModelProto &model, std::string &error) {
  onnx::Common::Status status;
  try {
    status = onnx::OnnxParser::Parse(model, text.c_str());
  } catch (const std::exception &e) {
    error = firstLine(e.what());
    return false;
  }
  if (status.IsOK())
    return true;
  error = status.ErrorMessage();
  std::replace(error.begin(), error.end(), '\n', ' ');
  return false;
}

LogicalResult readModel(Location loc, const std::string &path, onnx::ModelProto &model) {
  // Opening a FIFO or a device would block or never end.
  if (llvm::sys::fs::exists(path) && !llvm::sys::fs::is_regular_file(path))
    return emitError(loc) << "'" << path << "' is not a regular file";
  std::ifstream file(path, std::ios::binary);
  if (!file)
    return emitError(loc) << "cannot open '" << path << "'";
  std::stringstream contents;
  contents << file.rdbuf();
  std::string data = contents.str();
  if (data.empty())
    return emitError(loc) << "'" << path << "' is empty";
  if (isTextModel(path)) {
    std::string error;
    if (!parseTextModel(data, model, error))
      return emitError(loc) << "'" << path << "' is not a valid ONNX text model: " << error;
  } else if (!model.ParseFromString(data)) {
    return emitError(loc) << "'" << path << "' is not a valid ONNX model (protobuf parse failed)";
  }
  if (!model.has_graph())
    return emitError(loc) << "'" << path << "' has no graph";
  return success();
}

// The version converter needs every initializer declared as a graph input.
void declareInitializersAsInputs(onnx::ModelProto &model) {
  std::set<std::string> inputs;
  for (const auto &input : model.graph().input())
    inputs.insert(input.name());
  for (const auto &init : model.graph().initializer()) {
    if (inputs.count(init.name()))
      continue;
    onnx::ValueInfoProto *input = model.mutable_graph()->add_input();
    input->set_name(init.name());
    auto *tensorType = input->mutable_type()->mutable_tensor_type();
    tensorType->set_elem_type(init.data_type());
    for (int64_t dim : init.dims())
      tensorType->mutable_shape()->add_dim()->set_dim_value(dim);
  }
}

// The node a checker error is about: libonnx names it on a context line
// after the first ("Bad node spec for node. Name: n OpType: Op").
Location checkerErrorLocation(Location fileLoc, StringRef message) {
  constexpr StringRef kContext = "Bad node spec for node. Name: ";
  size_t at = message.find(kContext);
  if (at == StringRef::npos)
    return fileLoc;
  auto [name, opType] =
      message.substr(at + kContext.size()).split('\n').first.split(" OpType: ");
  if (name.empty() || opType.empty())
    return fileLoc;
  MLIRContext *context = fileLoc.getContext();
  return NameLoc::get(StringAttr::get(context, name),
                      NameLoc::get(StringAttr::get(context, opType.trim())));
}

// The node a shape inference error is about: libonnx names it as
// "(op_type:Op, node name: n)" when the node has a name.
Location inferenceErrorLocation(Location fileLoc, StringRef message) {
  constexpr StringRef kOpType = "(op_type:", kName = ", node name: ";
  size_t at = message.find(kOpType);
  if (at == StringRef::npos)
    return fileLoc;
  auto [opType, rest] = message.substr(at + kOpType.size()).split(kName);
  StringRef name = rest.split("):").first;
  if (rest.empty() || name.empty() || opType.contains(')'))
    return fileLoc;
  MLIRContext *context = fileLoc.getContext();
  return NameLoc::get(StringAttr::get(context, name),
                      NameLoc::get(StringAttr::get(context, opType)));
}

// libonnx's checker refuses IR versions newer than its own although the
// opset, which it knows, is what fixes the graph's meaning.
void checkWithLibonnx(onnx::ModelProto &model) {
  model.set_ir_version(std::min<int64_t>(model.ir_version(), kLibonnxIrVersion));
  onnx::checker::check_model(model);
}

// Converts the default-domain ops to kTargetOpset. Without a default-domain
// opset there is nothing to convert: the converter adapts default-domain ops
// only, and passes others through.
void convertOpset(onnx::ModelProto &model) {
  int64_t version = defaultOpset(model);
  if (version == 0 || version == kTargetOpset)
    return;
  declareInitializersAsInputs(model);
  // The converter's adapters read the shapes of intermediate values.
  onnx::shape_inference::InferShapes(model);
  model = onnx::version_conversion::ConvertVersion(model, kTargetOpset);
}

LogicalResult bindShapes(Location loc, onnx::ModelProto &model,
                         const ImportOptions &options) {
  for (const auto &[name, dims] : options.shapes) {
    onnx::ValueInfoProto *target = nullptr;
    for (auto &input : *model.mutable_graph()->mutable_input())
      if (input.name() == name)
        target = &input;
    if (!target)
      return emitError(loc) << "--shape names '" << name << "', which is not a graph input";
    auto *shape = target->mutable_type()->mutable_tensor_type()->mutable_shape();
    if (shape->dim_size() != 0 && shape->dim_size() != static_cast<int>(dims.size()))
      return emitError(loc) << "--shape " << name << " gives " << dims.size()
                            << " dims but the input has rank " << shape->dim_size();
    shape->clear_dim();
    for (int64_t dim : dims)
      shape->add_dim()->set_dim_value(dim);
  }
  return success();
}

LogicalResult loadConstInputs(Location loc, const ImportOptions &options,
                              llvm::StringMap<onnx::TensorProto> &constInputs) {
  for (const auto &[name, path] : options.constInputs) {
    std::string error;
    onnx::TensorProto tensor;
    if (!readTensorFile(path, tensor, error))
      return emitError(loc) << "--const-input " << name << ": " << error;
    if (failed(validateTensorDims(loc, "--const-input " + name, tensor)))
      return failure();
    constInputs[name] = std::move(tensor);
  }
  return success();
}

// Binds const inputs in the model too, so ONNX shape inference sees them.
void declareConstInputs(onnx::ModelProto &model,
                        const llvm::StringMap<onnx::TensorProto> &constInputs) {
  for (const auto &entry : constInputs) {
    onnx::TensorProto *init = model.mutable_graph()->add_initializer();
    *init = entry.second;
    init->set_name(entry.getKey().str());
  }
}

// ONNX's own shape inference, a cross-check of dlc's. Without data
// propagation: dlc folds shape arithmetic itself, and libonnx 1.12
// propagates Shape's data from inputs whose inference failed, dereferencing
// the shape they lack.
void inferWithLibonnx(onnx::ModelProto &model) {
  onnx::ShapeInferenceOptions inference(/*check_type=*/true, /*strict_mode=*/1,
                                        /*data_prop=*/false);
  onnx::shape_inference::InferShapes(model, onnx::OpSchemaRegistry::Instance(), inference);
}

// What libonnx made of a model: checked and converted to kTargetOpset, and
// the types its inference gives intermediate values (value_info), or the
// stage that threw and its message.
struct LibonnxVerdict {
  enum Stage : char { kPassed = 'P', kChecker = 'C', kConverter = 'V', kInference = 'I' };
  Stage stage = kPassed;
  std::string message;
  onnx::ModelProto model;
  onnx::GraphProto inferred;
};

// libonnx 1.12 crashes and loops on inputs dlc's checks do not foresee, so
// it runs in a child process, bounded in time (kLibonnxSeconds), and its
// verdict comes back serialized: a stage byte, then the message, the model
// and the inferred value_info, each as an 8-byte length and its bytes.
constexpr unsigned kLibonnxSeconds = 120;

void appendFramed(std::string &out, const std::string &bytes) {
  uint64_t size = bytes.size();
  out.append(reinterpret_cast<const char *>(&size), sizeof size);
  out += bytes;
}

bool takeFramed(llvm::StringRef &in, std::string &bytes) {
  uint64_t size = 0;
  if (in.size() < sizeof size)
    return false;
  std::memcpy(&size, in.data(), sizeof size);
  in = in.drop_front(sizeof size);
  if (in.size() < size)
    return false;
  bytes = in.take_front(size).str();
  in = in.drop_front(size);
  return true;
}

std::string runLibonnx(onnx::ModelProto model,
                       const llvm::StringMap<onnx::TensorProto> &constInputs, bool infer) {
  LibonnxVerdict::Stage stage = LibonnxVerdict::kChecker;
  std::string message;
  onnx::ModelProto inferred;
  try {
    checkWithLibonnx(model);
    stage = LibonnxVerdict::kConverter;
    convertOpset(model);
    stage = LibonnxVerdict::kInference;
    if (infer) {
      inferred = model;
      declareConstInputs(inferred, constInputs);
      inferWithLibonnx(inferred);
    }
    stage = LibonnxVerdict::kPassed;
  } catch (const std::exception &e) {
    message = e.what();
  }
  std::string out(1, stage);
  appendFramed(out, message);
  appendFramed(out, stage == LibonnxVerdict::kPassed ? model.SerializeAsString() : "");
  onnx::GraphProto types;
  *types.mutable_value_info() = inferred.graph().value_info();
  appendFramed(out, types.SerializeAsString());
  return out;
}

FailureOr<LibonnxVerdict> askLibonnx(Location loc, const onnx::ModelProto &model,
                                     const llvm::StringMap<onnx::TensorProto> &constInputs,
                                     bool infer) {
  std::string output, error;
  if (!runIsolated([&] { return runLibonnx(model, constInputs, infer); }, kLibonnxSeconds,
                   output, error))
    return emitError(loc) << "libonnx, checking the model, " << error
                          << "; the model is malformed in a way dlc's own checks miss";
  LibonnxVerdict verdict;
  llvm::StringRef in = output;
  std::string modelBytes, typeBytes;
  if (in.empty() || !takeFramed(in = in.drop_front(), verdict.message) ||
      !takeFramed(in, modelBytes) || !takeFramed(in, typeBytes) ||
      !verdict.inferred.ParseFromString(typeBytes) ||
      (output[0] == LibonnxVerdict::kPassed && !verdict.model.ParseFromString(modelBytes)))
    return emitError(loc) << "libonnx's verdict on the model did not come back whole";
  verdict.stage = static_cast<LibonnxVerdict::Stage>(output[0]);
  return verdict;
}
} // namespace

OwningOpRef<ModuleOp> dlc::importOnnxModel(MLIRContext &context, const std::string &path,
                                           const ImportOptions &options) {
  context.loadDialect<graph::DlcDialect, func::FuncDialect>();
  Location fileLoc = FileLineColLoc::get(&context, path, 0, 0);
  onnx::ModelProto model;
  llvm::StringMap<onnx::TensorProto> constInputs;
  if (failed(readModel(fileLoc, path, model)) ||
      failed(loadExternalData(fileLoc, path, model)) ||
      failed(inlineLocalFunctions(fileLoc, model)) ||
      failed(bindShapes(fileLoc, model, options)) ||
      failed(validateModel(fileLoc, model)) ||
      failed(loadConstInputs(fileLoc, options, constInputs)))
    return nullptr;
  // libonnx knows opsets up to kTargetOpset; newer models are dlc's alone.
  int64_t opset = defaultOpset(model);
  bool libonnxKnowsOpset = opset <= kTargetOpset;
  LibonnxVerdict verdict;
  llvm::StringMap<const onnx::TypeProto *> inferredTypes;
  if (libonnxKnowsOpset) {
    // libonnx 1.12 infers a onesided STFT's bins as the frame length, not
    // half of it plus one: with an STFT, dlc's own inference stands alone.
    bool libonnxInfersRight = llvm::none_of(model.graph().node(), [](const auto &node) {
      return node.op_type() == "STFT" && (node.domain().empty() || node.domain() == "ai.onnx");
    });
    FailureOr<LibonnxVerdict> asked = askLibonnx(fileLoc, model, constInputs, libonnxInfersRight);
    if (failed(asked))
      return nullptr;
    verdict = std::move(*asked);
    std::string first = firstLine(verdict.message.c_str());
    switch (verdict.stage) {
    case LibonnxVerdict::kChecker:
      emitError(checkerErrorLocation(fileLoc, verdict.message)) << "invalid ONNX model: " << first;
      return nullptr;
    case LibonnxVerdict::kConverter:
      emitError(fileLoc) << "cannot convert opset " << opset << " to " << kTargetOpset << ": "
                         << first;
      return nullptr;
    case LibonnxVerdict::kInference:
      emitError(inferenceErrorLocation(fileLoc, first)) << "ONNX shape inference failed: "
                                                         << first;
      return nullptr;
    case LibonnxVerdict::kPassed:
      break;
    }
    model = std::move(verdict.model);
    for (const auto &info : verdict.inferred.value_info())
      inferredTypes[info.name()] = &info.type();
  }

  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  GraphImporter importer(context, model.graph(), libonnxKnowsOpset ? kTargetOpset : opset,
                         constInputs, inferredTypes);
  if (failed(importer.importInto(*module)) || failed(verify(*module)))
    return nullptr;
  return module;
}

std::optional<std::vector<GraphInputInfo>>
dlc::listGraphInputs(const std::string &path) {
  onnx::ModelProto model;
  std::ifstream file(path, std::ios::binary);
  if (!file)
    return std::nullopt;
  std::string error;
  if (isTextModel(path)) {
    std::stringstream contents;
    contents << file.rdbuf();
    if (!parseTextModel(contents.str(), model, error))
      return std::nullopt;
  } else if (!model.ParseFromIstream(&file)) {
    return std::nullopt;
  }
  std::set<std::string> initializers;
  for (const auto &init : model.graph().initializer())
    initializers.insert(init.name());
  std::set<std::string> constantOperands;
  const ImporterRegistry &registry = ImporterRegistry::get();
  for (const auto &node : model.graph().node())
    for (int operand : registry.constantOperands(node.domain(), node.op_type()))
      if (operand < node.input_size())
        constantOperands.insert(node.input(operand));
  // A value computed from graph inputs is known at compile time when they
  // are: walking back from the constant operands (nodes are in order) finds
  // the inputs to bind. Shape and Size read only their input's static shape.
  const auto &nodes = model.graph().node();
  for (auto node = nodes.rbegin(); node != nodes.rend(); ++node) {
    if (node->op_type() == "Shape" || node->op_type() == "Size")
      continue;
    if (llvm::any_of(node->output(),
                     [&](const std::string &out) { return constantOperands.count(out); }))
      constantOperands.insert(node->input().begin(), node->input().end());
  }
  std::vector<GraphInputInfo> inputs;
  for (const auto &input : model.graph().input()) {
    if (initializers.count(input.name()))
      continue;
    GraphInputInfo info;
    info.name = input.name();
    const auto &tensorType = input.type().tensor_type();
    info.elementType = tensorType.elem_type();
    for (const auto &dim : tensorType.shape().dim())
      info.dims.push_back(dim.has_dim_value() ? dim.dim_value() : -1);
    info.feedsConstantOperand = constantOperands.count(input.name()) > 0;
    inputs.push_back(std::move(info));
  }
  return inputs;
}
