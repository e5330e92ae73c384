//===- ModelDescription.h - the artifact's metadata, read off the IR ------===//
#ifndef DLC_COMPILER_CODEGEN_MODELDESCRIPTION_H
#define DLC_COMPILER_CODEGEN_MODELDESCRIPTION_H

#include "dlc/artifact.hpp"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

namespace dlc {

/// The entry function (marked `dlc.entry`) of `module`, or null.
mlir::func::FuncOp findEntry(mlir::ModuleOp module);

/// Inputs and outputs of the imported (graph-dialect) entry, with the names
/// ONNX gave them and their original element types.
mlir::LogicalResult describeSignature(mlir::ModuleOp imported,
                                      artifact::ModelMetadata &metadata);

/// Params of the entry after dlc-lift-params, laid out in one weights blob
/// (each at a DLC_PARAM_ALIGNMENT offset); appends to `metadata.params`, sets
/// weightsBytes and returns the blob.
mlir::FailureOr<std::string> layOutParams(mlir::ModuleOp lifted,
                                          artifact::ModelMetadata &metadata);

} // namespace dlc

#endif // DLC_COMPILER_CODEGEN_MODELDESCRIPTION_H
