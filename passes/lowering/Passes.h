//===- Passes.h - lowering dlc graph ops to upstream dialects -------------===//
#ifndef DLC_PASSES_LOWERING_PASSES_H
#define DLC_PASSES_LOWERING_PASSES_H

#include "dialects/kernel/KernelDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace dlc {

#define GEN_PASS_DECL
#include "passes/lowering/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/lowering/Passes.h.inc"

/// Registers this library's passes.
void registerDlcLoweringPasses();

} // namespace dlc

#endif // DLC_PASSES_LOWERING_PASSES_H
