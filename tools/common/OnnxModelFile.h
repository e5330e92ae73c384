//===- OnnxModelFile.h - read, edit and write ONNX models for the tools ---===//
//
// What dlc-train does to an ONNX ModelProto outside the compiler: read its
// graph inputs and outputs, copy initializers from a pretrained model,
// replace a classifier head, replace initializer data with trained values,
// and write the result atomically.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_TOOLS_COMMON_ONNXMODELFILE_H
#define DLC_TOOLS_COMMON_ONNXMODELFILE_H

#include "onnx/onnx_pb.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace dlc::onnxfile {

/// Reads a whole regular file: a directory, FIFO or device is an error.
bool readFile(const std::string &path, std::string &bytes, std::string &error);

/// Writes `bytes` to a temporary file in the directory of `path`, then
/// renames it over `path`: readers see the old file or the new one, never a
/// part.
bool writeFileAtomically(const std::string &path, const std::string &bytes,
                         std::string &error);

/// Parses a binary ONNX model.
bool readModel(const std::string &path, onnx::ModelProto &model, std::string &error);
/// Serializes `model` and writes it atomically.
bool writeModel(const std::string &path, const onnx::ModelProto &model, std::string &error);

/// A graph input or output as the model declares it.
struct ValueShape {
  std::string name;
  int32_t elementType = 0; ///< TensorProto.DataType, 0 when unknown
  bool hasShape = false;
  std::vector<int64_t> dims;          ///< -1 where symbolic or unknown
  std::vector<std::string> dimNames;  ///< the dim_param, or "?" when unknown
};

/// The graph inputs that are not initializers, in order.
std::vector<ValueShape> graphInputs(const onnx::ModelProto &model);
std::vector<ValueShape> graphOutputs(const onnx::ModelProto &model);
/// "[N, 10]", "[?]" for an unknown shape.
std::string formatShape(const ValueShape &value);
/// "[10, 84]".
std::string formatDims(const std::vector<int64_t> &dims);

/// Bytes per element of an ONNX data type; 0 for those dlc-train cannot
/// hold (strings, sub-byte types).
size_t elementSize(int32_t dataType);
/// "float", "int64", ...
std::string dataTypeName(int32_t dataType);

/// The initializer called `name`, or null.
onnx::TensorProto *findInitializer(onnx::GraphProto &graph, const std::string &name);
const onnx::TensorProto *findInitializer(const onnx::GraphProto &graph,
                                         const std::string &name);

/// The tensor's elements as little-endian bytes, from raw_data or the typed
/// fields. Fails for external data and types elementSize() does not know.
bool tensorBytes(const onnx::TensorProto &tensor, std::string &bytes, std::string &error);

/// Replaces the tensor's data by `size` little-endian bytes in raw_data,
/// keeping its name, dtype and dims (typed fields and external data are
/// cleared).
void setRawData(onnx::TensorProto &tensor, const void *data, size_t size);

/// What --init did.
struct InitReport {
  std::vector<std::string> copied;
  /// (name, why) for each initializer of the model not copied, and each of
  /// the pretrained model that the model lacks.
  std::vector<std::pair<std::string, std::string>> skipped;
};

/// Copies every initializer of `pretrained` whose name, dtype and dims match
/// one of `model` into it.
void copyMatchingInitializers(onnx::ModelProto &model, const onnx::ModelProto &pretrained,
                              const std::string &pretrainedName, InitReport &report);

/// What --replace-head did.
struct HeadReplacement {
  std::string node;   ///< the Gemm or MatMul replaced, as "'name' (Gemm)"
  std::string weight; ///< the weight initializer's name
  std::string bias;   ///< the bias initializer's name, empty without one
  int64_t inFeatures = 0;
  int64_t oldOutFeatures = 0;
  int64_t newOutFeatures = 0;
};

/// Replaces the last Gemm (or MatMul, with or without a following Add of a
/// bias) that produces graph output 0 (possibly through Softmax, LogSoftmax,
/// Sigmoid, Relu, Identity or Dropout) by a fresh one with `outFeatures`
/// outputs: new weight and bias initializers under the same names, drawn like
/// PyTorch's nn.Linear default (uniform in +-1/sqrt(fan_in), weight then bias,
/// from a SplitMix64 stream seeded by `seed`); updates the dims of graph
/// output 0 and drops value_info that would disagree.
bool replaceHead(onnx::ModelProto &model, int64_t outFeatures, uint64_t seed,
                 HeadReplacement &out, std::string &error);

} // namespace dlc::onnxfile

#endif // DLC_TOOLS_COMMON_ONNXMODELFILE_H
