//===- KernelReport.h - what each kernel computes, for dlc-compile --report ===//
#ifndef DLC_COMPILER_DRIVER_KERNELREPORT_H
#define DLC_COMPILER_DRIVER_KERNELREPORT_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dlc {

/// One kernel as its outlined function on tensors describes it.
struct KernelStats {
  std::string name;
  /// The ONNX nodes whose ops it holds, each once.
  std::vector<std::string> nodes;
  /// Arithmetic ops executed: each linalg op's iteration count times the
  /// arithmetic ops in its body (a multiply-add counts two).
  uint64_t flops = 0;
  /// Bytes of its operands and results: what it must move at least once.
  uint64_t bytes = 0;
};

/// A kernel result that the run entry also returns (CompileOptions::
/// exposeKernels).
struct ExposedKernelResult {
  std::string output; ///< its output name in `run`
  std::string kernel; ///< the kernel function that computes it
  unsigned result = 0; ///< which of the kernel's results
};

/// The exposed kernel results of `run` after the linalg phase, in order.
std::vector<ExposedKernelResult> describeExposedResults(mlir::ModuleOp module);

/// Describes every `dlc.kernel` function of a module after the linalg
/// phase (kernels outlined, still on tensors). Dynamic shapes count as 0.
std::vector<KernelStats> describeKernels(mlir::ModuleOp module);

/// Bytes of every kernel result the entries produce: the memory the model
/// would need if no two intermediates shared space.
uint64_t intermediateBytes(mlir::ModuleOp module);

/// One line per kernel: name, FLOPs, bytes, arithmetic intensity, nodes.
void printKernelReport(llvm::raw_ostream &os, const std::vector<KernelStats> &kernels);

} // namespace dlc

#endif // DLC_COMPILER_DRIVER_KERNELREPORT_H
