//===- OutlineLaunch.h - ops of a function into a launch function ---------===//
#ifndef DLC_PASSES_CUDA_OUTLINELAUNCH_H
#define DLC_PASSES_CUDA_OUTLINELAUNCH_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/SymbolTable.h"

namespace dlc {

/// Makes a private function after `func`, named `name` (renamed if taken)
/// and marked as launch `number`, that takes `operands` (block arguments of
/// `func`) and holds clones of `prologue` (what the launch recomputes: the
/// constants and views `ops` read) and of `ops`, and calls it from `func`
/// before `at` (one of `ops`). Erasing what moved is the caller's.
mlir::func::FuncOp outlineLaunch(mlir::func::FuncOp func, llvm::StringRef name, int64_t number,
                                 llvm::ArrayRef<mlir::Value> operands,
                                 llvm::ArrayRef<mlir::Operation *> prologue,
                                 llvm::ArrayRef<mlir::Operation *> ops, mlir::Operation *at,
                                 mlir::Location loc, mlir::SymbolTable &symbols);

} // namespace dlc

#endif // DLC_PASSES_CUDA_OUTLINELAUNCH_H
