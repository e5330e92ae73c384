//===- Passes.h - kernel formation and outlining --------------------------===//
#ifndef DLC_PASSES_KERNELS_PASSES_H
#define DLC_PASSES_KERNELS_PASSES_H

#include "dialects/kernel/KernelDialect.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace dlc {

#define GEN_PASS_DECL
#include "passes/kernels/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/kernels/Passes.h.inc"

/// Registers this library's passes.
void registerDlcKernelPasses();

} // namespace dlc

#endif // DLC_PASSES_KERNELS_PASSES_H
