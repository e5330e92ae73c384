//===- ModelValidation.h - dlc's own checks before libonnx sees a model ---===//
//
// libonnx's checker, version converter and shape inference assume a
// well-formed graph and crash, hang or truncate on some malformed ones. These
// checks establish what they assume, so every model that reaches them is
// one they handle, and every problem is one line naming the node.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_IMPORT_MODELVALIDATION_H
#define DLC_COMPILER_IMPORT_MODELVALIDATION_H

#include "mlir/IR/Location.h"

#include <cstdint>

namespace onnx {
class FunctionProto;
class ModelProto;
class TensorProto;
} // namespace onnx

namespace dlc {

/// The newest IR version and default-domain opset dlc imports.
constexpr int64_t kMaxIrVersion = 10;
constexpr int64_t kMaxOpset = 21;
/// The largest dim dlc supports, and the most elements in one tensor.
constexpr int64_t kMaxDim = (int64_t(1) << 31) - 1;
constexpr int64_t kMaxElements = int64_t(1) << 40;

/// ONNX spells the default domain "" or "ai.onnx".
bool isDefaultDomain(llvm::StringRef domain);

/// The model's default-domain opset; 0 if it imports none (a model of ONNX's
/// training ops alone need not).
int64_t defaultOpset(const onnx::ModelProto &model);

/// The same for one of the model's functions.
int64_t defaultOpset(const onnx::FunctionProto &function);

/// Checks that `tensor`'s dims are ones dlc supports; `what` names it.
mlir::LogicalResult validateTensorDims(mlir::Location loc, const llvm::Twine &what,
                                       const onnx::TensorProto &tensor);

/// Checks the IR version and opset imports, the graph's structure (every
/// value defined once, before its use; every graph output defined; no
/// subgraphs), every declared dim and tensor size, and the window attributes
/// of convolutions and pools.
mlir::LogicalResult validateModel(mlir::Location fileLoc, const onnx::ModelProto &model);

} // namespace dlc

#endif // DLC_COMPILER_IMPORT_MODELVALIDATION_H
