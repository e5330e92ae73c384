//===- FunctionInlining.h - model-local functions become their nodes ------===//
#ifndef DLC_COMPILER_IMPORT_FUNCTIONINLINING_H
#define DLC_COMPILER_IMPORT_FUNCTIONINLINING_H

#include "mlir/IR/Location.h"

namespace onnx {
class ModelProto;
}

namespace dlc {

/// Replaces every call of one of the model's own functions (IR 8's
/// FunctionProto: the dynamo exporter writes some aten ops this way) with
/// the function's nodes, its values renamed apart and its attribute
/// references bound to the call's attributes or the function's defaults;
/// calls inside functions are expanded too. Afterwards the
/// model has no functions and imports no domain that only they defined.
/// Errors name the function: a recursive or too deep chain of calls, a call
/// with more inputs or outputs than the function declares, a function on
/// another version of the default opset than the model's.
mlir::LogicalResult inlineLocalFunctions(mlir::Location loc, onnx::ModelProto &model);

} // namespace dlc

#endif // DLC_COMPILER_IMPORT_FUNCTIONINLINING_H
