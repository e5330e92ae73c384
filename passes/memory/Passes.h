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
/// The ONNX name of an entry argument or result.
inline constexpr llvm::StringLiteral kName = "dlc.name";
/// On an entry result: the new value of the named param (a training update).
inline constexpr llvm::StringLiteral kUpdate = "dlc.update";
/// On an entry result: the scalar that dlc-autodiff differentiates.
inline constexpr llvm::StringLiteral kLoss = "dlc.loss";
/// On an entry result: the gradient of the loss w.r.t. the named param.
inline constexpr llvm::StringLiteral kGradientOf = "dlc.gradient_of";
/// On an entry argument: dlc-autodiff also returns the loss's gradient
/// w.r.t. it (a result carrying `dlc.gradient_of_arg` = its index).
inline constexpr llvm::StringLiteral kWrt = "dlc.wrt";
inline constexpr llvm::StringLiteral kGradientOfArg = "dlc.gradient_of_arg";
/// On a dlc.param: a statistic the model keeps (BatchNormalization's running
/// mean and variance), never trained by gradients.
inline constexpr llvm::StringLiteral kRunningStatistic = "dlc.running_statistic";
} // namespace attr

} // namespace dlc

#endif // DLC_PASSES_MEMORY_PASSES_H
