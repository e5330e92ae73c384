//===- ModelDescription.h - the artifact's metadata, read off the IR ------===//
#ifndef DLC_COMPILER_CODEGEN_MODELDESCRIPTION_H
#define DLC_COMPILER_CODEGEN_MODELDESCRIPTION_H

#include "dlc/artifact.hpp"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

namespace dlc {

/// The entry functions (marked `dlc.entry`) of `module`, in module order.
llvm::SmallVector<mlir::func::FuncOp> findEntries(mlir::ModuleOp module);

/// The `run` entry of `module`, or null.
mlir::func::FuncOp findEntry(mlir::ModuleOp module);

/// Every entry of the graph-dialect module, `run` first: inputs and outputs
/// with the names ONNX gave them and their original element types, and the
/// params each entry updates (results marked `dlc.update`, after the others).
mlir::LogicalResult describeSignature(mlir::ModuleOp module,
                                      artifact::ModelMetadata &metadata);

/// The param table after dlc-lift-params (the same in every entry), laid out
/// in one weights blob (each at a DLC_PARAM_ALIGNMENT offset); a param that
/// some entry updates is writable state. Appends to `metadata.params`, sets
/// weightsBytes and returns the blob.
mlir::FailureOr<std::string> layOutParams(mlir::ModuleOp lifted,
                                          artifact::ModelMetadata &metadata);

} // namespace dlc

#endif // DLC_COMPILER_CODEGEN_MODELDESCRIPTION_H
