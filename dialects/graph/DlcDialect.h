//===- DlcDialect.h - the dlc graph dialect -------------------------------===//
#ifndef DLC_DIALECTS_GRAPH_DLCDIALECT_H
#define DLC_DIALECTS_GRAPH_DLCDIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "dialects/graph/DlcDialect.h.inc"

#define GET_TYPEDEF_CLASSES
#include "dialects/graph/DlcTypes.h.inc"

#include "dialects/graph/DlcInterfaces.h.inc"

#define GET_OP_CLASSES
#include "dialects/graph/DlcOps.h.inc"

#endif // DLC_DIALECTS_GRAPH_DLCDIALECT_H
