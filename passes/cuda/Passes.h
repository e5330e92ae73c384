//===- Passes.h - CUDA code generation ------------------------------------===//
#ifndef DLC_PASSES_CUDA_PASSES_H
#define DLC_PASSES_CUDA_PASSES_H

#include "dialects/graph/DlcAttributes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace dlc {

#define GEN_PASS_DECL
#include "passes/cuda/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/cuda/Passes.h.inc"

/// Registers this library's passes.
void registerDlcCudaPasses();

} // namespace dlc

#endif // DLC_PASSES_CUDA_PASSES_H
