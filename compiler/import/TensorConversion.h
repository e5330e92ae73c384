//===- TensorConversion.h - ONNX tensors and types as MLIR attributes -----===//
#ifndef DLC_COMPILER_IMPORT_TENSORCONVERSION_H
#define DLC_COMPILER_IMPORT_TENSORCONVERSION_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"

#include <optional>
#include <string>

namespace onnx {
class TensorProto;
}

namespace dlc {

/// The MLIR element type of an ONNX TensorProto.DataType, or null.
mlir::Type convertElementType(mlir::MLIRContext *context, int32_t onnxType);
/// The element type of a graph value (an input, output or node result) of
/// ONNX type `onnxType`: convertElementType's, or !dlc.string, which only
/// values have (dlc takes no string literals), or null.
mlir::Type convertValueElementType(mlir::MLIRContext *context, int32_t onnxType);
/// The ONNX TensorProto.DataType of an MLIR element type, or 0.
int32_t onnxElementType(mlir::Type type);

/// The bytes of a dense tensor of `dims` with `elementBytes`-byte elements,
/// or std::nullopt if a dim is negative or the size does not fit 64 bits.
std::optional<uint64_t> denseByteSize(llvm::ArrayRef<int64_t> dims, uint64_t elementBytes);

/// A TensorProto's elements as a literal; error describes what is wrong.
mlir::FailureOr<mlir::DenseElementsAttr> tensorToDense(mlir::MLIRContext *context,
                                                       const onnx::TensorProto &tensor,
                                                       std::string &error);

/// A TensorProto's elements as a named resource blob (weights).
mlir::FailureOr<mlir::ElementsAttr> tensorToResource(mlir::MLIRContext *context,
                                                     const onnx::TensorProto &tensor,
                                                     llvm::StringRef blobName,
                                                     std::string &error);

/// The raw little-endian bytes of a dense or resource literal (bools one byte
/// each), as generated code reads them.
std::vector<char> elementsToBytes(mlir::ElementsAttr attr);

/// Reads a serialized TensorProto file.
bool readTensorFile(const std::string &path, onnx::TensorProto &tensor,
                    std::string &error);

} // namespace dlc

#endif // DLC_COMPILER_IMPORT_TENSORCONVERSION_H
