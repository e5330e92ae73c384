//===- Passes.h - CPU code generation -------------------------------------===//
#ifndef DLC_PASSES_CPU_PASSES_H
#define DLC_PASSES_CPU_PASSES_H

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

/// Marks a function that runs the iterations [begin, end) of a parallel loop
/// nest: its last two arguments are begin and end, the others the values the
/// nest uses.
inline constexpr llvm::StringLiteral kParallelBodyAttr = "dlc.parallel_body";
/// On an scf.parallel: the vector multiply-adds its whole nest performs
/// (compared with min-iterations like a trip count), set by the pass that
/// built it, which knows better than trip counts can tell.
inline constexpr llvm::StringLiteral kParallelWorkAttr = "dlc.parallel_work";

/// The product of `factors` divided by `lanes`, saturating at INT64_MAX so a
/// pathological shape cannot overflow it: a kParallelWorkAttr value.
inline int64_t vectorWork(std::initializer_list<int64_t> factors, int64_t lanes) {
  uint64_t product = 1;
  for (int64_t factor : factors)
    product = llvm::SaturatingMultiply<uint64_t>(product, static_cast<uint64_t>(factor));
  return static_cast<int64_t>(std::min<uint64_t>(product / static_cast<uint64_t>(lanes),
                                                 std::numeric_limits<int64_t>::max()));
}
/// Marks an LLVM function whose last argument is the dlc_host_api pointer.
inline constexpr llvm::StringLiteral kTakesHostAttr = "dlc.takes_host";
/// On an external LLVM function: calls of it are calls of this dlc_host_api
/// field, given the host's context as an extra first argument.
inline constexpr llvm::StringLiteral kHostFieldAttr = "dlc.host_field";

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
  kNumHostFields = 8,
};

#define GEN_PASS_DECL
#include "passes/cpu/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/cpu/Passes.h.inc"

/// Registers this library's passes.
void registerDlcCpuPasses();

} // namespace dlc

#endif // DLC_PASSES_CPU_PASSES_H
