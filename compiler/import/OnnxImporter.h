//===- OnnxImporter.h - ONNX model to the dlc graph dialect ---------------===//
#ifndef DLC_COMPILER_IMPORT_ONNXIMPORTER_H
#define DLC_COMPILER_IMPORT_ONNXIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace onnx {
class TensorProto;
}

namespace dlc {

/// The newest default-domain opset libonnx knows: older models are converted
/// to it (and checked and shape-inferred by libonnx) before import; newer ones
/// are imported in their own opset, up to kMaxOpset.
constexpr int64_t kTargetOpset = 17;

struct ImportOptions {
  /// Binds graph inputs' dims (symbolic ones included): --shape name=AxBxC.
  std::map<std::string, std::vector<int64_t>> shapes;
  /// Graph inputs bound to compile-time constants: --const-input name=file.pb.
  std::map<std::string, std::string> constInputs;
};

/// Models in ONNX's textual syntax (as onnx.parser reads) end in this; any
/// other file is read as a binary ModelProto.
inline constexpr const char *kOnnxTextExtension = ".onnxtxt";

/// Imports the ONNX model at `path` as a module holding one function
/// `@run` (marked `dlc.entry`). Every problem is reported as an error
/// diagnostic (located at the ONNX node when there is one) and yields null.
mlir::OwningOpRef<mlir::ModuleOp> importOnnxModel(mlir::MLIRContext &context,
                                                  const std::string &path,
                                                  const ImportOptions &options);

/// A graph input as the model declares it (initializers excluded).
struct GraphInputInfo {
  std::string name;
  /// ONNX TensorProto.DataType.
  int32_t elementType = 0;
  /// -1 for a symbolic or unknown dim.
  std::vector<int64_t> dims;
  /// Feeds an operand that must be known at compile time (Reshape's shape,
  /// ...), directly or through other nodes (not through Shape or Size): it
  /// must be bound with --const-input.
  bool feedsConstantOperand = false;
};

/// The graph inputs of the model at `path`, in order; nullopt if the file is
/// not a readable ONNX model (importOnnxModel then reports why).
std::optional<std::vector<GraphInputInfo>> listGraphInputs(const std::string &path);

} // namespace dlc

#endif // DLC_COMPILER_IMPORT_ONNXIMPORTER_H
