//===- Passes.h - parameters and the memory plan --------------------------===//
#ifndef DLC_PASSES_MEMORY_PASSES_H
#define DLC_PASSES_MEMORY_PASSES_H

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

/// Attribute names shared by the passes that build and read the entry ABI.
namespace attr {
inline constexpr llvm::StringLiteral kEntry = "dlc.entry";
inline constexpr llvm::StringLiteral kKernel = "dlc.kernel";
inline constexpr llvm::StringLiteral kNumInputs = "dlc.num_inputs";
inline constexpr llvm::StringLiteral kNumParams = "dlc.num_params";
inline constexpr llvm::StringLiteral kParamName = "dlc.param_name";
inline constexpr llvm::StringLiteral kParamValue = "dlc.param_value";
inline constexpr llvm::StringLiteral kArenaBytes = "dlc.arena_bytes";
} // namespace attr

} // namespace dlc

#endif // DLC_PASSES_MEMORY_PASSES_H
