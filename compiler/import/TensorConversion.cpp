//===- TensorConversion.cpp - ONNX tensors and types as MLIR attributes ---===//
#include "compiler/import/TensorConversion.h"

#include "compiler/support/Files.h"
#include "dialects/graph/DlcDialect.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/BuiltinDialect.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "onnx/onnx_pb.h"

#include <cstring>

using namespace mlir;

Type dlc::convertElementType(MLIRContext *ctx, int32_t onnxType) {
  Builder b(ctx);
  switch (onnxType) {
  case onnx::TensorProto::FLOAT: return b.getF32Type();
  case onnx::TensorProto::DOUBLE: return b.getF64Type();
  case onnx::TensorProto::FLOAT16: return b.getF16Type();
  case onnx::TensorProto::BFLOAT16: return b.getBF16Type();
  case onnx::TensorProto::BOOL: return b.getI1Type();
  case onnx::TensorProto::INT8: return b.getIntegerType(8);
  case onnx::TensorProto::INT16: return b.getIntegerType(16);
  case onnx::TensorProto::INT32: return b.getIntegerType(32);
  case onnx::TensorProto::INT64: return b.getIntegerType(64);
  case onnx::TensorProto::UINT8: return b.getIntegerType(8, /*isSigned=*/false);
  case onnx::TensorProto::UINT16: return b.getIntegerType(16, false);
  case onnx::TensorProto::UINT32: return b.getIntegerType(32, false);
  case onnx::TensorProto::UINT64: return b.getIntegerType(64, false);
  default: return nullptr;
  }
}

Type dlc::convertValueElementType(MLIRContext *ctx, int32_t onnxType) {
  if (onnxType == onnx::TensorProto::STRING)
    return graph::StringType::get(ctx);
  return convertElementType(ctx, onnxType);
}

int32_t dlc::onnxElementType(Type type) {
  if (isa<graph::StringType>(type)) return onnx::TensorProto::STRING;
  if (type.isF32()) return onnx::TensorProto::FLOAT;
  if (type.isF64()) return onnx::TensorProto::DOUBLE;
  if (type.isF16()) return onnx::TensorProto::FLOAT16;
  if (type.isBF16()) return onnx::TensorProto::BFLOAT16;
  if (type.isInteger(1)) return onnx::TensorProto::BOOL;
  if (auto integer = dyn_cast<IntegerType>(type)) {
    bool isUnsigned = integer.isUnsigned();
    switch (integer.getWidth()) {
    case 8: return isUnsigned ? onnx::TensorProto::UINT8 : onnx::TensorProto::INT8;
    case 16: return isUnsigned ? onnx::TensorProto::UINT16 : onnx::TensorProto::INT16;
    case 32: return isUnsigned ? onnx::TensorProto::UINT32 : onnx::TensorProto::INT32;
    case 64: return isUnsigned ? onnx::TensorProto::UINT64 : onnx::TensorProto::INT64;
    default: return 0;
    }
  }
  return 0;
}

std::optional<uint64_t> dlc::denseByteSize(llvm::ArrayRef<int64_t> dims,
                                           uint64_t elementBytes) {
  std::optional<uint64_t> bytes = elementBytes;
  for (int64_t dim : dims) {
    if (dim < 0)
      return std::nullopt;
    bytes = llvm::checkedMulUnsigned(*bytes, static_cast<uint64_t>(dim));
    if (!bytes)
      return std::nullopt;
  }
  return bytes;
}

namespace {
// Bytes per element as generated code stores them (bools take a byte).
size_t storageBytes(Type type) {
  return type.isInteger(1) ? 1 : type.getIntOrFloatBitWidth() / 8;
}

template <typename From, typename To>
void narrowInto(const google::protobuf::RepeatedField<From> &values,
                std::vector<char> &bytes) {
  bytes.resize(values.size() * sizeof(To));
  for (int i = 0; i < values.size(); ++i) {
    To value = static_cast<To>(values.Get(i));
    std::memcpy(bytes.data() + i * sizeof(To), &value, sizeof(To));
  }
}

// The tensor's elements in storage layout, or failure with `error` set.
FailureOr<std::pair<RankedTensorType, std::vector<char>>>
readElements(MLIRContext *ctx, const onnx::TensorProto &tensor, std::string &error) {
  Type elementType = dlc::convertElementType(ctx, tensor.data_type());
  if (!elementType) {
    error = "unsupported tensor element type " +
            onnx::TensorProto::DataType_Name(
                static_cast<onnx::TensorProto::DataType>(tensor.data_type()));
    return failure();
  }
  if (tensor.data_location() == onnx::TensorProto::EXTERNAL) {
    error = "tensor '" + tensor.name() + "' keeps its data in an external file";
    return failure();
  }
  SmallVector<int64_t> dims(tensor.dims().begin(), tensor.dims().end());
  if (llvm::any_of(dims, [](int64_t dim) { return dim < 0; })) {
    error = "tensor '" + tensor.name() + "' has a negative dim";
    return failure();
  }
  size_t width = storageBytes(elementType);
  std::optional<uint64_t> needed = dlc::denseByteSize(dims, width);
  if (!needed) {
    error = "tensor '" + tensor.name() + "' has dims whose size overflows 64 bits";
    return failure();
  }
  auto type = RankedTensorType::get(dims, elementType);
  std::vector<char> bytes;
  if (tensor.has_raw_data()) {
    bytes.assign(tensor.raw_data().begin(), tensor.raw_data().end());
  } else {
    switch (tensor.data_type()) {
    case onnx::TensorProto::FLOAT:
      narrowInto<float, float>(tensor.float_data(), bytes);
      break;
    case onnx::TensorProto::DOUBLE:
      narrowInto<double, double>(tensor.double_data(), bytes);
      break;
    case onnx::TensorProto::INT64:
      narrowInto<int64_t, int64_t>(tensor.int64_data(), bytes);
      break;
    case onnx::TensorProto::UINT32:
    case onnx::TensorProto::UINT64:
      if (width == 4)
        narrowInto<uint64_t, uint32_t>(tensor.uint64_data(), bytes);
      else
        narrowInto<uint64_t, uint64_t>(tensor.uint64_data(), bytes);
      break;
    case onnx::TensorProto::INT32:
      narrowInto<int32_t, int32_t>(tensor.int32_data(), bytes);
      break;
    case onnx::TensorProto::INT16:
    case onnx::TensorProto::UINT16:
    case onnx::TensorProto::FLOAT16:
    case onnx::TensorProto::BFLOAT16:
      narrowInto<int32_t, uint16_t>(tensor.int32_data(), bytes);
      break;
    default: // int8, uint8, bool
      narrowInto<int32_t, uint8_t>(tensor.int32_data(), bytes);
      break;
    }
  }
  if (bytes.size() != *needed) {
    error = "tensor '" + tensor.name() + "' holds " + std::to_string(bytes.size()) +
            " bytes of data but its type needs " + std::to_string(*needed);
    return failure();
  }
  return std::make_pair(type, std::move(bytes));
}
} // namespace

FailureOr<DenseElementsAttr> dlc::tensorToDense(MLIRContext *ctx,
                                                const onnx::TensorProto &tensor,
                                                std::string &error) {
  auto elements = readElements(ctx, tensor, error);
  if (failed(elements))
    return failure();
  auto &[type, bytes] = *elements;
  if (type.getElementType().isInteger(1)) {
    SmallVector<bool> values(bytes.begin(), bytes.end());
    return DenseElementsAttr::get(type, values);
  }
  if (type.getNumElements() == 0)
    return DenseElementsAttr::get(type, ArrayRef<Attribute>{});
  bool detectedSplat = false;
  if (!DenseElementsAttr::isValidRawBuffer(type, bytes, detectedSplat)) {
    error = "tensor '" + tensor.name() + "' has malformed data";
    return failure();
  }
  return DenseElementsAttr::getFromRawBuffer(type, bytes);
}

FailureOr<ElementsAttr> dlc::tensorToResource(MLIRContext *ctx,
                                              const onnx::TensorProto &tensor,
                                              StringRef blobName, std::string &error) {
  auto elements = readElements(ctx, tensor, error);
  if (failed(elements))
    return failure();
  auto &[type, bytes] = *elements;
  // A tensor without elements has no data pointer to copy from (memcpy from
  // null is undefined even for zero bytes).
  AsmResourceBlob blob =
      bytes.empty()
          ? HeapAsmResourceBlob::allocate(0, /*align=*/64)
          : HeapAsmResourceBlob::allocateAndCopyWithAlign(ArrayRef<char>(bytes), /*align=*/64);
  return cast<ElementsAttr>(DenseResourceElementsAttr::get(type, blobName, std::move(blob)));
}

std::vector<char> dlc::elementsToBytes(ElementsAttr attr) {
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return {};
    ArrayRef<char> data = blob->getData();
    return std::vector<char>(data.begin(), data.end());
  }
  auto dense = cast<DenseElementsAttr>(attr);
  auto type = cast<ShapedType>(dense.getType());
  if (type.getElementType().isInteger(1)) {
    std::vector<char> bytes;
    for (bool value : dense.getValues<bool>())
      bytes.push_back(value ? 1 : 0);
    return bytes;
  }
  ArrayRef<char> raw = dense.getRawData();
  if (!dense.isSplat())
    return std::vector<char>(raw.begin(), raw.end());
  std::vector<char> bytes;
  bytes.reserve(raw.size() * type.getNumElements());
  for (int64_t i = 0; i < type.getNumElements(); ++i)
    bytes.insert(bytes.end(), raw.begin(), raw.end());
  return bytes;
}

bool dlc::readTensorFile(const std::string &path, onnx::TensorProto &tensor,
                         std::string &error) {
  std::string data;
  if (!readRegularFile(path, data, error))
    return false;
  if (!tensor.ParseFromString(data)) {
    error = "'" + path + "' is not a serialized ONNX TensorProto";
    return false;
  }
  return true;
}
