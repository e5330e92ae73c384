//===- VerifyKernels.h - dlc-run --verify-kernels's comparison -------------===//
#ifndef DLC_TOOLS_DLC_RUN_VERIFYKERNELS_H
#define DLC_TOOLS_DLC_RUN_VERIFYKERNELS_H

#include "compiler/driver/Compiler.h"
#include "tools/common/TensorFiles.h"

#include "llvm/Support/raw_ostream.h"

#include <vector>

namespace dlc {

/// How far a kernel of the optimized build may stray from the reference:
/// |optimized - reference| <= atol + rtol * |reference|. Both builds read
/// their own inputs, so a kernel's error is its own, not its producers'.
inline constexpr double kVerifyRtol = 1e-3;
inline constexpr double kVerifyAtol = 1e-4;

/// Compares each exposed kernel result of the optimized build (`optimized`
/// and its run outputs) with the reference build's output of the same name,
/// in kernel order. Prints the first kernel that differs (its ONNX nodes,
/// shape and error) to `errs`, or a one-line verdict to `outs` when none
/// does. Returns false on a difference or when a result has no counterpart.
bool verifyKernelOutputs(const CompileSummary &optimized,
                         const std::vector<HostTensor> &optimizedOutputs,
                         const std::vector<HostTensor> &referenceOutputs,
                         llvm::raw_ostream &outs, llvm::raw_ostream &errs);

} // namespace dlc

#endif // DLC_TOOLS_DLC_RUN_VERIFYKERNELS_H
