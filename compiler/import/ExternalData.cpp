//===- ExternalData.cpp - tensors stored beside an ONNX model -------------===//
#include "compiler/import/ExternalData.h"

#include "mlir/IR/Diagnostics.h"
#include "onnx/onnx_pb.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

using namespace mlir;
using namespace dlc;
namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

namespace {
// Where an external tensor's bytes are: ONNX's `location`, `offset` and
// `length` entries (others, such as `checksum`, are not needed to read it).
struct ExternalLocation {
  std::string location;
  std::optional<uint64_t> offset;
  std::optional<uint64_t> length;
};

class ExternalDataLoader {
public:
  ExternalDataLoader(Location fileLoc, std::string folder)
      : fileLoc(fileLoc), folder(std::move(folder)) {}

  // Moves `tensor`'s external bytes into its raw_data.
  LogicalResult load(onnx::TensorProto &tensor) {
    if (tensor.data_location() != onnx::TensorProto::EXTERNAL)
      return success();
    FailureOr<ExternalLocation> where = parseLocation(tensor);
    if (failed(where))
      return failure();
    FailureOr<std::string> file = resolveInFolder(tensor, where->location);
    if (failed(file))
      return failure();
    uint64_t size = 0;
    if (fs::file_size(*file, size))
      return error(tensor) << "cannot read external data file '" << where->location << "'";
    uint64_t offset = where->offset.value_or(0);
    if (offset > size)
      return error(tensor) << "external data offset " << offset << " is beyond the end of '"
                           << where->location << "' (" << size << " bytes)";
    uint64_t length = where->length.value_or(size - offset);
    if (length > size - offset)
      return error(tensor) << "external data of " << length << " bytes at offset " << offset
                           << " runs past the end of '" << where->location << "' ("
                           << size << " bytes)";
    llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> bytes =
        llvm::MemoryBuffer::getFileSlice(*file, length, offset, /*IsVolatile=*/false);
    if (!bytes)
      return error(tensor) << "cannot read external data file '" << where->location
                           << "': " << bytes.getError().message();
    tensor.set_raw_data((*bytes)->getBufferStart(), (*bytes)->getBufferSize());
    tensor.clear_external_data();
    tensor.set_data_location(onnx::TensorProto::DEFAULT);
    return success();
  }

private:
  FailureOr<ExternalLocation> parseLocation(const onnx::TensorProto &tensor) {
    ExternalLocation where;
    for (const auto &entry : tensor.external_data()) {
      StringRef value = entry.value();
      uint64_t number;
      if (entry.key() == "location") {
        where.location = entry.value();
      } else if (entry.key() == "offset" || entry.key() == "length") {
        if (value.getAsInteger(10, number))
          return error(tensor) << "external data '" << entry.key() << "' is '" << value
                               << "', not a non-negative integer";
        (entry.key() == "offset" ? where.offset : where.length) = number;
      }
    }
    if (where.location.empty())
      return error(tensor) << "external data has no 'location'";
    return where;
  }

  // The real path of the file `location` names in the model's folder, which
  // must be a regular file there.
  FailureOr<std::string> resolveInFolder(const onnx::TensorProto &tensor,
                                         StringRef location) {
    if (path::is_absolute(location))
      return error(tensor) << "external data location '" << location
                           << "' is an absolute path; it must be relative to the "
                              "model's folder";
    for (StringRef component :
         llvm::make_range(path::begin(location), path::end(location)))
      if (component == "..")
        return error(tensor) << "external data location '" << location
                             << "' leaves the model's folder";
    llvm::SmallString<256> joined(folder);
    path::append(joined, location);
    llvm::SmallString<256> real;
    if (fs::real_path(joined, real))
      return error(tensor) << "cannot open external data file '" << location << "'";
    StringRef rest(real);
    bool inFolder = rest.consume_front(folder) &&
                    (StringRef(folder).ends_with("/") || rest.starts_with("/"));
    if (!inFolder)
      return error(tensor) << "external data location '" << location
                           << "' leads out of the model's folder through a symbolic link";
    fs::file_status status;
    if (fs::status(real, status) || !fs::is_regular_file(status))
      return error(tensor) << "external data location '" << location
                           << "' is not a regular file";
    return std::string(real);
  }

  InFlightDiagnostic error(const onnx::TensorProto &tensor) {
    return emitError(fileLoc) << "tensor '" << tensor.name() << "': ";
  }

  Location fileLoc;
  std::string folder;
};

bool hasExternalData(const onnx::ModelProto &model) {
  auto external = [](const onnx::TensorProto &tensor) {
    return tensor.data_location() == onnx::TensorProto::EXTERNAL;
  };
  for (const onnx::TensorProto &init : model.graph().initializer())
    if (external(init))
      return true;
  for (const onnx::NodeProto &node : model.graph().node())
    for (const onnx::AttributeProto &attr : node.attribute())
      if ((attr.has_t() && external(attr.t())) || llvm::any_of(attr.tensors(), external))
        return true;
  return false;
}
} // namespace

LogicalResult dlc::loadExternalData(Location fileLoc, const std::string &modelPath,
                                    onnx::ModelProto &model) {
  if (!hasExternalData(model))
    return success();
  llvm::SmallString<256> folder(path::parent_path(modelPath));
  if (folder.empty())
    folder = ".";
  llvm::SmallString<256> realFolder;
  if (fs::real_path(folder, realFolder))
    return emitError(fileLoc) << "cannot resolve the model's folder '" << folder << "'";
  ExternalDataLoader loader(fileLoc, std::string(realFolder));
  onnx::GraphProto &graph = *model.mutable_graph();
  for (onnx::TensorProto &init : *graph.mutable_initializer())
    if (failed(loader.load(init)))
      return failure();
  for (onnx::NodeProto &node : *graph.mutable_node())
    for (onnx::AttributeProto &attr : *node.mutable_attribute()) {
      if (attr.has_t() && failed(loader.load(*attr.mutable_t())))
        return failure();
      for (onnx::TensorProto &tensor : *attr.mutable_tensors())
        if (failed(loader.load(tensor)))
          return failure();
    }
  return success();
}
