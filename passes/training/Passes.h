//===- Passes.h - training: losses, autodiff, optimizer updates -----------===//
#ifndef DLC_PASSES_TRAINING_PASSES_H
#define DLC_PASSES_TRAINING_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace dlc {

#define GEN_PASS_DECL
#include "passes/training/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/training/Passes.h.inc"

/// Registers this library's passes.
void registerDlcTrainingPasses();

} // namespace dlc

#endif // DLC_PASSES_TRAINING_PASSES_H
