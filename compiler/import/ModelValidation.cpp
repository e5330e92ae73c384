//===- ModelValidation.cpp - dlc's own checks before libonnx sees a model -===//
#include "compiler/import/ModelValidation.h"

#include "compiler/import/GraphImporter.h"

#include "mlir/IR/Diagnostics.h"
#include "onnx/onnx_pb.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CheckedArithmetic.h"

using namespace mlir;
using namespace dlc;

namespace {
// The one version of kPreviewTrainingDomain.
constexpr int64_t kPreviewTrainingOpset = 1;

LogicalResult checkVersions(Location loc, const onnx::ModelProto &model) {
  if (model.ir_version() < 1 || model.ir_version() > kMaxIrVersion)
    return emitError(loc) << "IR version " << model.ir_version()
                          << " is not supported (dlc supports 1-" << kMaxIrVersion << ")";
  llvm::StringSet<> domains;
  for (const auto &opset : model.opset_import()) {
    StringRef domain = opset.domain();
    if (isDefaultDomain(domain))
      domain = "ai.onnx";
    if (!domains.insert(domain).second)
      return emitError(loc) << "opset domain '" << domain << "' is imported twice";
    if (domain == "ai.onnx") {
      if (opset.version() > kMaxOpset)
        return emitError(loc) << "opset " << opset.version()
                              << " is newer than dlc supports (up to " << kMaxOpset << ")";
      if (opset.version() < 1)
        return emitError(loc) << "opset " << opset.version() << " is not an opset version";
      continue;
    }
    if (domain != kPreviewTrainingDomain)
      return emitError(loc) << "unsupported opset domain '" << domain << "'";
    if (opset.version() != kPreviewTrainingOpset)
      return emitError(loc) << "opset " << opset.version() << " of domain '" << domain
                            << "' is not supported (dlc supports " << kPreviewTrainingOpset
                            << ")";
  }
  return success();
}

// Dims beyond kMaxDim are truncated to 32 bits by libonnx's converter, and
// element counts beyond kMaxElements overflow byte sizes downstream.
LogicalResult checkDims(Location loc, const Twine &what, ArrayRef<int64_t> dims) {
  std::optional<int64_t> elements = 1;
  for (int64_t dim : dims) {
    if (dim < 0)
      return emitError(loc) << what << " has a negative dim " << dim;
    if (dim > kMaxDim)
      return emitError(loc) << what << " has dim " << dim << "; dlc supports dims up to "
                            << kMaxDim;
    elements = elements ? llvm::checkedMul(*elements, dim) : std::nullopt;
  }
  if (!elements || *elements > kMaxElements)
    return emitError(loc) << what << " has more elements than dlc supports in one tensor ("
                          << kMaxElements << ")";
  return success();
}

LogicalResult checkShape(Location loc, const Twine &what,
                         const onnx::TensorShapeProto &shape) {
  SmallVector<int64_t> dims;
  for (const auto &dim : shape.dim()) {
    // A symbolic dim counts as 1 until --shape binds it.
    if (dim.has_dim_value())
      dims.push_back(dim.dim_value());
  }
  return checkDims(loc, what, dims);
}

LogicalResult checkType(Location loc, const Twine &what, const onnx::TypeProto &type) {
  switch (type.value_case()) {
  case onnx::TypeProto::kTensorType:
    return checkShape(loc, what, type.tensor_type().shape());
  case onnx::TypeProto::kSparseTensorType:
    return checkShape(loc, what, type.sparse_tensor_type().shape());
  case onnx::TypeProto::kSequenceType:
    return checkType(loc, what, type.sequence_type().elem_type());
  case onnx::TypeProto::kOptionalType:
    return checkType(loc, what, type.optional_type().elem_type());
  case onnx::TypeProto::kMapType:
    return checkType(loc, what, type.map_type().value_type());
  default:
    return success();
  }
}

// libonnx's shape inference of these ops divides by `strides`, loops over
// the input in steps of them for SAME auto_pad, and multiplies kernel sizes
// by dilations in 64 bits: each value must be positive (pads non-negative)
// and small enough that no such product overflows.
LogicalResult checkWindowAttrs(Location loc, const onnx::NodeProto &node) {
  if (!isDefaultDomain(node.domain()) ||
      !llvm::is_contained({"AveragePool", "Conv", "ConvInteger", "ConvTranspose", "LpPool",
                           "MaxPool", "MaxUnpool", "QLinearConv"},
                          node.op_type()))
    return success();
  for (const onnx::AttributeProto &attr : node.attribute()) {
    int64_t min;
    if (llvm::is_contained({"strides", "dilations", "kernel_shape"}, attr.name()))
      min = 1;
    else if (llvm::is_contained({"pads", "output_padding", "output_shape"}, attr.name()))
      min = 0;
    else
      continue;
    for (int64_t value : attr.ints())
      if (value < min || value > kMaxDim)
        return emitError(loc) << "expected '" << attr.name() << "' values in [" << min
                              << ", " << kMaxDim << "], found " << value;
  }
  return success();
}

LogicalResult checkAttributes(Location loc, const onnx::NodeProto &node) {
  for (const onnx::AttributeProto &attr : node.attribute()) {
    if (attr.has_g() || attr.graphs_size() > 0)
      return emitError(loc) << "attribute '" << attr.name()
                            << "' is a subgraph; control flow is not supported";
    if (attr.has_sparse_tensor() || attr.sparse_tensors_size() > 0)
      return emitError(loc) << "attribute '" << attr.name()
                            << "' is a sparse tensor, which dlc does not support";
    std::string what = "attribute '" + attr.name() + "'";
    if (attr.has_t() && failed(validateTensorDims(loc, what, attr.t())))
      return failure();
    for (const onnx::TensorProto &tensor : attr.tensors())
      if (failed(validateTensorDims(loc, what, tensor)))
        return failure();
  }
  return checkWindowAttrs(loc, node);
}

// Every value is defined once (a graph input, an initializer or a node
// output) before it is used; nodes are therefore in topological order and
// the graph has no cycle.
class GraphChecker {
public:
  GraphChecker(const onnx::GraphProto &graph, Location graphLoc)
      : graph(graph), graphLoc(graphLoc) {}

  LogicalResult check() {
    if (failed(checkDeclarations()))
      return failure();
    for (auto [index, node] : llvm::enumerate(graph.node()))
      if (failed(checkNode(node, index)))
        return failure();
    for (const onnx::ValueInfoProto &output : graph.output()) {
      if (!defined.contains(output.name()))
        return emitError(graphLoc) << "graph output '" << output.name()
                                   << "' is not produced by any node, input or initializer";
      if (failed(
              checkType(graphLoc, "graph output '" + output.name() + "'", output.type())))
        return failure();
    }
    return success();
  }

private:
  // The rank of every value whose declaration gives one.
  void recordRank(const onnx::ValueInfoProto &info) {
    if (info.type().has_tensor_type() && info.type().tensor_type().has_shape())
      ranks[info.name()] = info.type().tensor_type().shape().dim_size();
  }

  // libonnx 1.12's LayerNormalization inference indexes the input's dims
  // with `axis` (default -1) unchecked; a value outside [-rank, rank), such
  // as the default on a scalar, crashes it.
  LogicalResult checkAxisInRank(Location loc, const onnx::NodeProto &node) {
    if (!isDefaultDomain(node.domain()) || node.op_type() != "LayerNormalization" ||
        node.input_size() == 0)
      return success();
    auto rank = ranks.find(node.input(0));
    if (rank == ranks.end())
      return success();
    int64_t axis = -1;
    for (const onnx::AttributeProto &attr : node.attribute())
      if (attr.name() == "axis")
        axis = attr.i();
    if (axis < -rank->second || axis >= rank->second)
      return emitError(loc) << "axis " << axis << " is out of range for input '"
                            << node.input(0) << "' of rank " << rank->second;
    return success();
  }

  // libonnx 1.12's ConvTranspose inference reads the spatial dims of an
  // input of rank below 3 (and of a weight of another rank) unchecked.
  LogicalResult checkConvRanks(Location loc, const onnx::NodeProto &node) {
    if (!isDefaultDomain(node.domain()) ||
        (node.op_type() != "Conv" && node.op_type() != "ConvTranspose") || node.input_size() < 2)
      return success();
    auto input = ranks.find(node.input(0)), weight = ranks.find(node.input(1));
    if (input != ranks.end() && input->second < 3)
      return emitError(loc) << "input '" << node.input(0) << "' has rank " << input->second
                            << "; " << node.op_type()
                            << " needs rank 3 or more (batch, channels, spatial dims)";
    if (input != ranks.end() && weight != ranks.end() && input->second != weight->second)
      return emitError(loc) << "weight '" << node.input(1) << "' has rank " << weight->second
                            << " but input '" << node.input(0) << "' has rank "
                            << input->second;
    return success();
  }

  LogicalResult checkDeclarations() {
    for (const onnx::ValueInfoProto &input : graph.input()) {
      recordRank(input);
      if (input.name().empty())
        return emitError(graphLoc) << "a graph input has no name";
      if (!defined.insert(input.name()).second)
        return emitError(graphLoc) << "graph input '" << input.name()
                                   << "' is declared twice";
      if (failed(checkType(graphLoc, "graph input '" + input.name() + "'", input.type())))
        return failure();
    }
    llvm::StringSet<> initializers;
    for (const onnx::TensorProto &init : graph.initializer()) {
      if (init.name().empty())
        return emitError(graphLoc) << "an initializer has no name";
      if (!initializers.insert(init.name()).second)
        return emitError(graphLoc) << "initializer '" << init.name() << "' is given twice";
      // An initializer may also be listed as a graph input (a weight).
      defined.insert(init.name());
      ranks[init.name()] = init.dims_size();
      if (failed(validateTensorDims(graphLoc, "initializer '" + init.name() + "'", init)))
        return failure();
    }
    if (graph.sparse_initializer_size() > 0)
      return emitError(graphLoc) << "sparse initializers are not supported";
    for (const onnx::ValueInfoProto &info : graph.value_info()) {
      recordRank(info);
      if (failed(checkType(graphLoc, "value '" + info.name() + "'", info.type())))
        return failure();
    }
    return success();
  }

  LogicalResult checkNode(const onnx::NodeProto &node, int index) {
    Location loc = nodeLocation(*graphLoc.getContext(), node, index);
    for (const std::string &input : node.input())
      if (!input.empty() && !defined.contains(input))
        return emitError(loc) << "input '" << input
                              << "' is not a graph input, an initializer or the output of "
                                 "an earlier node";
    for (const std::string &output : node.output())
      if (!output.empty() && !defined.insert(output).second)
        return emitError(loc) << "output '" << output << "' is already defined";
    if (failed(checkAxisInRank(loc, node)) || failed(checkConvRanks(loc, node)))
      return failure();
    return checkAttributes(loc, node);
  }

  const onnx::GraphProto &graph;
  Location graphLoc;
  llvm::StringSet<> defined;
  llvm::StringMap<int64_t> ranks;
};
} // namespace

LogicalResult dlc::validateTensorDims(Location loc, const Twine &what,
                                      const onnx::TensorProto &tensor) {
  return checkDims(loc, what,
                   SmallVector<int64_t>(tensor.dims().begin(), tensor.dims().end()));
}

bool dlc::isDefaultDomain(StringRef domain) { return domain.empty() || domain == "ai.onnx"; }

namespace {
template <typename Imports>
int64_t defaultOpsetOf(const Imports &imports) {
  for (const auto &opset : imports)
    if (isDefaultDomain(opset.domain()))
      return opset.version();
  return 0;
}
} // namespace

int64_t dlc::defaultOpset(const onnx::ModelProto &model) {
  return defaultOpsetOf(model.opset_import());
}

int64_t dlc::defaultOpset(const onnx::FunctionProto &function) {
  return defaultOpsetOf(function.opset_import());
}

LogicalResult dlc::validateModel(Location fileLoc, const onnx::ModelProto &model) {
  if (failed(checkVersions(fileLoc, model)))
    return failure();
  const onnx::GraphProto &graph = model.graph();
  return GraphChecker(graph, graphLocation(*fileLoc.getContext(), graph)).check();
}
