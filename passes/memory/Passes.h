//===- Passes.h - parameters and the memory plan --------------------------===//
#ifndef DLC_PASSES_MEMORY_PASSES_H
#define DLC_PASSES_MEMORY_PASSES_H

#include "dialects/graph/DlcAttributes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace dlc {

#define GEN_PASS_DECL
#include "passes/memory/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/memory/Passes.h.inc"

/// Registers this library's passes.
void registerDlcMemoryPasses();

} // namespace dlc

#endif // DLC_PASSES_MEMORY_PASSES_H
