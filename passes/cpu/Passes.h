//===- Passes.h - CPU code generation -------------------------------------===//
#ifndef DLC_PASSES_CPU_PASSES_H
#define DLC_PASSES_CPU_PASSES_H

#include "dialects/graph/DlcAttributes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <initializer_list>
#include <limits>

namespace dlc {

/// The product of `factors` divided by `lanes`, saturating at INT64_MAX so a
/// pathological shape cannot overflow it: an attr::kParallelWork value.
inline int64_t vectorWork(std::initializer_list<int64_t> factors, int64_t lanes) {
  uint64_t product = 1;
  for (int64_t factor : factors)
    product = llvm::SaturatingMultiply<uint64_t>(product, static_cast<uint64_t>(factor));
  return static_cast<int64_t>(std::min<uint64_t>(product / static_cast<uint64_t>(lanes),
                                                 std::numeric_limits<int64_t>::max()));
}

/// dlc_host_api's fields, in runtime/include/dlc/abi.h order.
enum HostField : int32_t {
  kAbiVersion = 0,
  kContext = 1,
  kParallelFor = 2,
  kFormatNumber = 3,
  kParseNumber = 4,
  kChangeCase = 5,
  kStringsEqual = 6,
  kReportError = 7,
  kLaunchKernel = 8,
  kNumHostFields = 9,
};

#define GEN_PASS_DECL
#include "passes/cpu/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/cpu/Passes.h.inc"

/// Registers this library's passes.
void registerDlcCpuPasses();

} // namespace dlc

#endif // DLC_PASSES_CPU_PASSES_H
