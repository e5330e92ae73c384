//===- Passes.h - CPU code generation -------------------------------------===//
#ifndef DLC_PASSES_CPU_PASSES_H
#define DLC_PASSES_CPU_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace dlc {

#define GEN_PASS_DECL
#include "passes/cpu/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/cpu/Passes.h.inc"

/// Registers this library's passes.
void registerDlcCpuPasses();

} // namespace dlc

#endif // DLC_PASSES_CPU_PASSES_H
