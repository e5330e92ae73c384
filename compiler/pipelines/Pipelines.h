//===- Pipelines.h - dlc's named pass pipelines ---------------------------===//
#ifndef DLC_COMPILER_PIPELINES_PIPELINES_H
#define DLC_COMPILER_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace dlc {

struct CpuPipelineOptions : mlir::PassPipelineOptions<CpuPipelineOptions> {
  Option<bool> fuseElementwise{*this, "fuse-elementwise",
                               llvm::cl::desc("Fuse elementwise ops into their "
                                              "producer's kernel"),
                               llvm::cl::init(true)};
};

/// The phases of the CPU pipeline, in order; dlc-compile --dump-phases writes
/// the IR after each.
enum class Phase { Kernels, Linalg, Bufferized, LLVM };
inline constexpr Phase kAllPhases[] = {Phase::Kernels, Phase::Linalg, Phase::Bufferized,
                                       Phase::LLVM};
/// A short name for file names and reports: "kernels", "linalg", ...
const char *phaseName(Phase phase);

/// Adds the passes of one phase to `pm`.
void buildPhase(mlir::OpPassManager &pm, Phase phase, const CpuPipelineOptions &options);

/// Every phase: a graph-dialect module in, an LLVM-dialect module out.
void buildDlcCpuPipeline(mlir::OpPassManager &pm, const CpuPipelineOptions &options);

/// Registers the named pipelines (`dlc-cpu`, and one per phase).
void registerDlcPipelines();

} // namespace dlc

#endif // DLC_COMPILER_PIPELINES_PIPELINES_H
