//===- OnnxModelFile.cpp - read, edit and write ONNX models for the tools -===//
#include "tools/common/OnnxModelFile.h"

#include "compiler/support/Files.h"
#include "tools/common/Datasets.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

using namespace dlc;
using namespace dlc::onnxfile;

namespace {
std::string quote(const std::string &text) { return "'" + text + "'"; }

std::string directoryOf(const std::string &path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos)
    return ".";
  if (slash == 0)
    return "/";
  return path.substr(0, slash);
}

std::string baseName(const std::string &path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

int64_t elementCount(const onnx::TensorProto &tensor, bool &overflow) {
  int64_t count = 1;
  overflow = false;
  for (int64_t dim : tensor.dims()) {
    if (dim < 0 || (dim != 0 && count > (int64_t(1) << 40) / dim)) {
      overflow = true;
      return 0;
    }
    count *= dim;
  }
  return count;
}

std::vector<int64_t> dimsOf(const onnx::TensorProto &tensor) {
  return std::vector<int64_t>(tensor.dims().begin(), tensor.dims().end());
}

ValueShape describeValue(const onnx::ValueInfoProto &info) {
  ValueShape value;
  value.name = info.name();
  if (!info.type().has_tensor_type())
    return value;
  const onnx::TypeProto_Tensor &tensor = info.type().tensor_type();
  value.elementType = tensor.elem_type();
  if (!tensor.has_shape())
    return value;
  value.hasShape = true;
  for (const onnx::TensorShapeProto_Dimension &dim : tensor.shape().dim()) {
    if (dim.has_dim_value() && dim.dim_value() >= 0) {
      value.dims.push_back(dim.dim_value());
      value.dimNames.push_back(std::to_string(dim.dim_value()));
    } else {
      value.dims.push_back(-1);
      value.dimNames.push_back(dim.has_dim_param() && !dim.dim_param().empty()
                                   ? dim.dim_param()
                                   : "?");
    }
  }
  return value;
}

/// Sets dim `index` of the shape of `info` to `value`, when it has one.
void setDim(onnx::ValueInfoProto &info, int index, int64_t value) {
  if (!info.type().has_tensor_type() || !info.type().tensor_type().has_shape())
    return;
  onnx::TensorShapeProto *shape = info.mutable_type()->mutable_tensor_type()->mutable_shape();
  if (index < shape->dim_size())
    shape->mutable_dim(index)->set_dim_value(value);
}

void setDims(onnx::ValueInfoProto &info, const std::vector<int64_t> &dims) {
  onnx::TensorShapeProto *shape = info.mutable_type()->mutable_tensor_type()->mutable_shape();
  shape->clear_dim();
  for (int64_t dim : dims)
    shape->add_dim()->set_dim_value(dim);
}

std::string describeNode(const onnx::NodeProto &node, int index) {
  std::string name = node.name().empty() ? node.op_type() + "#" + std::to_string(index)
                                         : node.name();
  return "'" + name + "' (" + node.op_type() + ")";
}

const onnx::AttributeProto *findAttribute(const onnx::NodeProto &node, const std::string &name) {
  for (const onnx::AttributeProto &attr : node.attribute())
    if (attr.name() == name)
      return &attr;
  return nullptr;
}
} // namespace

bool onnxfile::readFile(const std::string &path, std::string &bytes, std::string &error) {
  return readRegularFile(path, bytes, error);
}

bool onnxfile::writeFileAtomically(const std::string &path, const std::string &bytes,
                                   std::string &error) {
  std::string temp = directoryOf(path) + "/." + baseName(path) + ".tmp-XXXXXX";
  std::vector<char> name(temp.begin(), temp.end());
  name.push_back('\0');
  int fd = ::mkstemp(name.data());
  if (fd < 0) {
    error = "cannot write " + quote(path) + ": " + std::strerror(errno);
    return false;
  }
  std::string tempPath(name.data());
  const char *data = bytes.data();
  size_t left = bytes.size();
  while (left > 0) {
    ssize_t written = ::write(fd, data, left);
    if (written < 0 && errno == EINTR)
      continue;
    if (written <= 0) {
      error = "cannot write " + quote(path) + ": " + std::strerror(errno);
      ::close(fd);
      ::unlink(tempPath.c_str());
      return false;
    }
    data += written;
    left -= static_cast<size_t>(written);
  }
  // Readable like a file written with the default umask.
  mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    error = "cannot write " + quote(path) + ": " + std::strerror(errno);
    ::unlink(tempPath.c_str());
    return false;
  }
  if (::rename(tempPath.c_str(), path.c_str()) != 0) {
    error = "cannot write " + quote(path) + ": " + std::strerror(errno);
    ::unlink(tempPath.c_str());
    return false;
  }
  return true;
}

bool onnxfile::readModel(const std::string &path, onnx::ModelProto &model, std::string &error) {
  std::string bytes;
  if (!readFile(path, bytes, error))
    return false;
  if (!model.ParseFromString(bytes)) {
    error = quote(path) + " is not a binary ONNX model";
    return false;
  }
  if (!model.has_graph()) {
    error = quote(path) + " has no graph";
    return false;
  }
  return true;
}

bool onnxfile::writeModel(const std::string &path, const onnx::ModelProto &model,
                          std::string &error) {
  std::string bytes;
  if (!model.SerializeToString(&bytes)) {
    error = "cannot serialize the model for " + quote(path) + " (is it over 2 GiB?)";
    return false;
  }
  return writeFileAtomically(path, bytes, error);
}

std::vector<ValueShape> onnxfile::graphInputs(const onnx::ModelProto &model) {
  std::set<std::string> initializers;
  for (const onnx::TensorProto &tensor : model.graph().initializer())
    initializers.insert(tensor.name());
  std::vector<ValueShape> inputs;
  for (const onnx::ValueInfoProto &info : model.graph().input())
    if (!initializers.count(info.name()))
      inputs.push_back(describeValue(info));
  return inputs;
}

std::vector<ValueShape> onnxfile::graphOutputs(const onnx::ModelProto &model) {
  std::vector<ValueShape> outputs;
  for (const onnx::ValueInfoProto &info : model.graph().output())
    outputs.push_back(describeValue(info));
  return outputs;
}

std::string onnxfile::formatShape(const ValueShape &value) {
  if (!value.hasShape)
    return "[?]";
  std::string out = "[";
  for (size_t i = 0; i < value.dimNames.size(); ++i)
    out += (i ? ", " : "") + value.dimNames[i];
  return out + "]";
}

std::string onnxfile::formatDims(const std::vector<int64_t> &dims) {
  std::string out = "[";
  for (size_t i = 0; i < dims.size(); ++i)
    out += (i ? ", " : "") + std::to_string(dims[i]);
  return out + "]";
}

size_t onnxfile::elementSize(int32_t dataType) {
  switch (dataType) {
  case onnx::TensorProto::FLOAT:
  case onnx::TensorProto::INT32:
  case onnx::TensorProto::UINT32:
    return 4;
  case onnx::TensorProto::UINT8:
  case onnx::TensorProto::INT8:
  case onnx::TensorProto::BOOL:
    return 1;
  case onnx::TensorProto::UINT16:
  case onnx::TensorProto::INT16:
  case onnx::TensorProto::FLOAT16:
  case onnx::TensorProto::BFLOAT16:
    return 2;
  case onnx::TensorProto::INT64:
  case onnx::TensorProto::UINT64:
  case onnx::TensorProto::DOUBLE:
    return 8;
  default:
    return 0;
  }
}

std::string onnxfile::dataTypeName(int32_t dataType) {
  if (onnx::TensorProto::DataType_IsValid(dataType))
    return onnx::TensorProto::DataType_Name(static_cast<onnx::TensorProto::DataType>(dataType));
  return "type " + std::to_string(dataType);
}

onnx::TensorProto *onnxfile::findInitializer(onnx::GraphProto &graph, const std::string &name) {
  for (onnx::TensorProto &tensor : *graph.mutable_initializer())
    if (tensor.name() == name)
      return &tensor;
  return nullptr;
}

const onnx::TensorProto *onnxfile::findInitializer(const onnx::GraphProto &graph,
                                                   const std::string &name) {
  for (const onnx::TensorProto &tensor : graph.initializer())
    if (tensor.name() == name)
      return &tensor;
  return nullptr;
}

bool onnxfile::tensorBytes(const onnx::TensorProto &tensor, std::string &bytes,
                           std::string &error) {
  size_t size = elementSize(tensor.data_type());
  if (size == 0) {
    error = "tensor " + quote(tensor.name()) + " has type " + dataTypeName(tensor.data_type()) +
            ", which dlc-train cannot hold";
    return false;
  }
  if (tensor.data_location() == onnx::TensorProto::EXTERNAL) {
    error = "tensor " + quote(tensor.name()) + " is stored as external data";
    return false;
  }
  bool overflow = false;
  int64_t count = elementCount(tensor, overflow);
  if (overflow) {
    error = "tensor " + quote(tensor.name()) + " has bad dims " + formatDims(dimsOf(tensor));
    return false;
  }
  size_t expected = static_cast<size_t>(count) * size;
  if (tensor.has_raw_data()) {
    if (tensor.raw_data().size() != expected) {
      error = "tensor " + quote(tensor.name()) + " has " +
              std::to_string(tensor.raw_data().size()) + " bytes of raw data, its dims " +
              formatDims(dimsOf(tensor)) + " need " + std::to_string(expected);
      return false;
    }
    bytes = tensor.raw_data();
    return true;
  }
  bytes.assign(expected, '\0');
  auto mismatch = [&](int64_t have) {
    error = "tensor " + quote(tensor.name()) + " has " + std::to_string(have) +
            " values, its dims " + formatDims(dimsOf(tensor)) + " need " +
            std::to_string(count);
    return false;
  };
  char *out = bytes.data();
  switch (tensor.data_type()) {
  case onnx::TensorProto::FLOAT:
    if (tensor.float_data_size() != count)
      return mismatch(tensor.float_data_size());
    std::memcpy(out, tensor.float_data().data(), expected);
    return true;
  case onnx::TensorProto::DOUBLE:
    if (tensor.double_data_size() != count)
      return mismatch(tensor.double_data_size());
    std::memcpy(out, tensor.double_data().data(), expected);
    return true;
  case onnx::TensorProto::INT64:
    if (tensor.int64_data_size() != count)
      return mismatch(tensor.int64_data_size());
    std::memcpy(out, tensor.int64_data().data(), expected);
    return true;
  case onnx::TensorProto::UINT32:
  case onnx::TensorProto::UINT64:
    if (tensor.uint64_data_size() != count)
      return mismatch(tensor.uint64_data_size());
    for (int64_t i = 0; i < count; ++i) {
      uint64_t v = tensor.uint64_data(static_cast<int>(i));
      std::memcpy(out + i * size, &v, size);
    }
    return true;
  default:
    // Narrow integer types, bool and 16-bit floats live in int32_data.
    if (tensor.int32_data_size() != count)
      return mismatch(tensor.int32_data_size());
    for (int64_t i = 0; i < count; ++i) {
      int32_t v = tensor.int32_data(static_cast<int>(i));
      std::memcpy(out + i * size, &v, size);
    }
    return true;
  }
}

void onnxfile::setRawData(onnx::TensorProto &tensor, const void *data, size_t size) {
  tensor.clear_float_data();
  tensor.clear_int32_data();
  tensor.clear_string_data();
  tensor.clear_int64_data();
  tensor.clear_double_data();
  tensor.clear_uint64_data();
  tensor.clear_external_data();
  tensor.clear_data_location();
  tensor.clear_segment();
  tensor.set_raw_data(data, size);
}

void onnxfile::copyMatchingInitializers(onnx::ModelProto &model,
                                        const onnx::ModelProto &pretrained,
                                        const std::string &pretrainedName,
                                        InitReport &report) {
  std::map<std::string, const onnx::TensorProto *> source;
  for (const onnx::TensorProto &tensor : pretrained.graph().initializer())
    source.emplace(tensor.name(), &tensor);
  std::set<std::string> seen;
  for (onnx::TensorProto &tensor : *model.mutable_graph()->mutable_initializer()) {
    seen.insert(tensor.name());
    auto it = source.find(tensor.name());
    if (it == source.end()) {
      report.skipped.emplace_back(tensor.name(), "not in " + pretrainedName);
      continue;
    }
    const onnx::TensorProto &from = *it->second;
    if (from.data_type() != tensor.data_type()) {
      report.skipped.emplace_back(tensor.name(), dataTypeName(from.data_type()) + " in " +
                                                     pretrainedName + ", " +
                                                     dataTypeName(tensor.data_type()) +
                                                     " in the model");
      continue;
    }
    if (dimsOf(from) != dimsOf(tensor)) {
      report.skipped.emplace_back(tensor.name(), formatDims(dimsOf(from)) + " in " +
                                                     pretrainedName + ", " +
                                                     formatDims(dimsOf(tensor)) +
                                                     " in the model");
      continue;
    }
    std::string bytes, error;
    if (!tensorBytes(from, bytes, error)) {
      report.skipped.emplace_back(tensor.name(), "in " + pretrainedName + ": " + error);
      continue;
    }
    setRawData(tensor, bytes.data(), bytes.size());
    report.copied.push_back(tensor.name());
  }
  for (const onnx::TensorProto &tensor : pretrained.graph().initializer())
    if (!seen.count(tensor.name()))
      report.skipped.emplace_back(tensor.name(),
                                  "in " + pretrainedName + " but not in the model");
}

bool onnxfile::replaceHead(onnx::ModelProto &model, int64_t outFeatures, uint64_t seed,
                           HeadReplacement &out, std::string &error) {
  onnx::GraphProto &graph = *model.mutable_graph();
  if (outFeatures <= 0) {
    error = "--replace-head needs a positive number of outputs";
    return false;
  }
  if (graph.output_size() == 0) {
    error = "the model has no graph output";
    return false;
  }
  // Which node produces each value, and how many nodes read it.
  std::map<std::string, int> producer;
  std::map<std::string, int> readers;
  for (int i = 0; i < graph.node_size(); ++i) {
    for (const std::string &output : graph.node(i).output())
      producer[output] = i;
    for (const std::string &input : graph.node(i).input())
      ++readers[input];
  }
  for (const onnx::ValueInfoProto &output : graph.output())
    ++readers[output.name()];

  const std::string outputName = graph.output(0).name();
  std::vector<std::string> passed = {outputName};
  std::string value = outputName;
  static const std::set<std::string> passThrough = {"Softmax", "LogSoftmax", "Sigmoid",
                                                    "Relu",    "Identity",   "Dropout"};
  int headIndex = -1;
  for (;;) {
    auto it = producer.find(value);
    if (it == producer.end()) {
      error = "--replace-head: no Gemm or MatMul produces the graph output '" + outputName +
              "'";
      return false;
    }
    const onnx::NodeProto &node = graph.node(it->second);
    if (node.op_type() == "Gemm" || node.op_type() == "MatMul" || node.op_type() == "Add") {
      headIndex = it->second;
      break;
    }
    if (!passThrough.count(node.op_type()) || node.input_size() < 1) {
      error = "--replace-head: the graph output '" + outputName + "' comes from node " +
              describeNode(node, it->second) +
              ", not from a Gemm or MatMul (+ Add) through Softmax, LogSoftmax, Sigmoid, "
              "Relu, Identity or Dropout";
      return false;
    }
    value = node.input(0);
    passed.push_back(value);
  }

  auto initializerOf = [&](const std::string &name) -> onnx::TensorProto * {
    onnx::TensorProto *tensor = findInitializer(graph, name);
    if (tensor && tensor->data_type() != onnx::TensorProto::FLOAT)
      return nullptr;
    return tensor;
  };
  auto onlyUse = [&](const std::string &name, const onnx::NodeProto &node, int index) {
    if (readers[name] > 1) {
      error = "--replace-head: the weight '" + name + "' of node " + describeNode(node, index) +
              " is shared with other nodes";
      return false;
    }
    return true;
  };

  onnx::NodeProto *head = graph.mutable_node(headIndex);
  onnx::TensorProto *weight = nullptr;
  onnx::TensorProto *bias = nullptr;
  bool transposed = false; // weight stored [out, in] (Gemm transB=1)
  int matmulIndex = headIndex;
  if (head->op_type() == "Add") {
    // MatMul(x, W) + b, either operand order.
    for (int side = 0; side < 2 && !weight; ++side) {
      if (head->input_size() != 2)
        break;
      const std::string &other = head->input(side);
      const std::string &biasName = head->input(1 - side);
      auto it = producer.find(other);
      onnx::TensorProto *b = initializerOf(biasName);
      if (it == producer.end() || !b || graph.node(it->second).op_type() != "MatMul")
        continue;
      const onnx::NodeProto &matmul = graph.node(it->second);
      if (matmul.input_size() != 2 || !initializerOf(matmul.input(1)) || readers[other] > 1)
        continue;
      matmulIndex = it->second;
      weight = initializerOf(matmul.input(1));
      bias = b;
    }
    if (!weight) {
      error = "--replace-head: the graph output '" + outputName + "' comes from node " +
              describeNode(*head, headIndex) +
              ", which does not add a float bias initializer to a MatMul by a float weight "
              "initializer";
      return false;
    }
  } else if (head->op_type() == "MatMul") {
    if (head->input_size() != 2 || !(weight = initializerOf(head->input(1)))) {
      error = "--replace-head: node " + describeNode(*head, headIndex) +
              " does not multiply by a float weight initializer";
      return false;
    }
  } else { // Gemm
    const onnx::AttributeProto *transA = findAttribute(*head, "transA");
    const onnx::AttributeProto *transB = findAttribute(*head, "transB");
    if (transA && transA->i() != 0) {
      error = "--replace-head: node " + describeNode(*head, headIndex) +
              " has transA=1; only transA=0 heads can be replaced";
      return false;
    }
    transposed = transB && transB->i() != 0;
    if (head->input_size() < 2 || !(weight = initializerOf(head->input(1)))) {
      error = "--replace-head: node " + describeNode(*head, headIndex) +
              " does not multiply by a float weight initializer";
      return false;
    }
    if (head->input_size() >= 3 && !head->input(2).empty()) {
      bias = initializerOf(head->input(2));
      if (!bias) {
        error = "--replace-head: the bias '" + head->input(2) + "' of node " +
                describeNode(*head, headIndex) + " is not a float initializer";
        return false;
      }
    }
  }
  const onnx::NodeProto &matmul = graph.node(matmulIndex);
  if (weight->dims_size() != 2) {
    error = "--replace-head: the weight '" + weight->name() + "' of node " +
            describeNode(matmul, matmulIndex) + " is " + formatDims(dimsOf(*weight)) +
            ", expected a matrix";
    return false;
  }
  if (!onlyUse(weight->name(), matmul, matmulIndex) ||
      (bias && !onlyUse(bias->name(), *head, headIndex)))
    return false;
  int64_t inFeatures = transposed ? weight->dims(1) : weight->dims(0);
  int64_t oldOut = transposed ? weight->dims(0) : weight->dims(1);
  if (bias) {
    int64_t biasSize = 1;
    for (int64_t dim : bias->dims())
      biasSize *= dim;
    if (biasSize != oldOut && biasSize != 1) {
      error = "--replace-head: the bias '" + bias->name() + "' is " +
              formatDims(dimsOf(*bias)) + ", expected [" + std::to_string(oldOut) + "]";
      return false;
    }
  }
  if (inFeatures <= 0) {
    error = "--replace-head: the weight '" + weight->name() + "' is empty";
    return false;
  }

  // nn.Linear's default: kaiming_uniform(a=sqrt(5)) for the weight and
  // uniform(+-1/sqrt(fan_in)) for the bias, the same bound.
  data::SplitMix64 rng(seed ^ 0x6865616421ull);
  float bound = static_cast<float>(1.0 / std::sqrt(static_cast<double>(inFeatures)));
  auto draw = [&](int64_t count) {
    std::vector<float> values(static_cast<size_t>(count));
    for (float &v : values)
      v = (2.0f * rng.uniform() - 1.0f) * bound;
    return values;
  };
  std::vector<int64_t> weightDims = transposed ? std::vector<int64_t>{outFeatures, inFeatures}
                                               : std::vector<int64_t>{inFeatures, outFeatures};
  std::vector<float> weightValues = draw(inFeatures * outFeatures);
  weight->clear_dims();
  for (int64_t dim : weightDims)
    weight->add_dims(dim);
  setRawData(*weight, weightValues.data(), weightValues.size() * sizeof(float));
  if (bias) {
    std::vector<int64_t> biasDims = bias->dims_size() == 2
                                        ? std::vector<int64_t>{1, outFeatures}
                                        : std::vector<int64_t>{outFeatures};
    std::vector<float> biasValues = draw(outFeatures);
    bias->clear_dims();
    for (int64_t dim : biasDims)
      bias->add_dims(dim);
    setRawData(*bias, biasValues.data(), biasValues.size() * sizeof(float));
  }

  // Initializers declared as graph inputs (old exporters) carry their shape
  // there too.
  for (onnx::ValueInfoProto &input : *graph.mutable_input()) {
    if (input.name() == weight->name())
      setDims(input, weightDims);
    else if (bias && input.name() == bias->name())
      setDims(input, dimsOf(*bias));
  }
  // Values between the head and the output change their last dim.
  std::set<std::string> changed(passed.begin(), passed.end());
  for (const std::string &output : head->output())
    changed.insert(output);
  for (const std::string &output : matmul.output())
    changed.insert(output);
  for (int i = graph.value_info_size() - 1; i >= 0; --i)
    if (changed.count(graph.value_info(i).name()))
      graph.mutable_value_info()->DeleteSubrange(i, 1);
  onnx::ValueInfoProto &output = *graph.mutable_output(0);
  if (output.type().has_tensor_type() && output.type().tensor_type().has_shape()) {
    int rank = output.type().tensor_type().shape().dim_size();
    if (rank >= 1)
      setDim(output, rank - 1, outFeatures);
  }

  out.node = describeNode(matmul, matmulIndex);
  out.weight = weight->name();
  out.bias = bias ? bias->name() : "";
  out.inFeatures = inFeatures;
  out.oldOutFeatures = oldOut;
  out.newOutFeatures = outFeatures;
  return true;
}
