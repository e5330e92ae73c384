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
  Option<bool> parallel{*this, "parallel",
                        llvm::cl::desc("Split large loop nests across the host's "
                                       "threads"),
                        llvm::cl::init(true)};
  Option<bool> optimize{*this, "optimize",
                        llvm::cl::desc("Use matmul microkernels and loop interchange "
                                       "(off: the plain-loop reference build)"),
                        llvm::cl::init(true)};
  Option<bool> exposeKernels{*this, "expose-kernels",
                             llvm::cl::desc("Also return every kernel result of run"),
                             llvm::cl::init(false)};
  Option<int64_t> vectorWidth{*this, "vector-width",
                              llvm::cl::desc("float32 lanes of the target's vectors"),
                              llvm::cl::init(8)};
};

struct CudaCodegenOptions : mlir::PassPipelineOptions<CudaCodegenOptions> {
  Option<bool> tensorCores{*this, "tensor-cores",
                           llvm::cl::desc("Compute large contractions in tiled kernels on "
                                          "the tensor cores (sm_80 and newer)"),
                           llvm::cl::init(true)};
  Option<std::string> precision{*this, "precision",
                                llvm::cl::desc("Tensor-core products: fp32 (3xTF32, "
                                               "float32-exact) or tf32"),
                                llvm::cl::init("fp32")};
};

struct TrainingPipelineOptions : mlir::PassPipelineOptions<TrainingPipelineOptions> {
  Option<std::string> loss{*this, "loss", llvm::cl::desc("cross_entropy, nll or mse"),
                           llvm::cl::init("cross_entropy")};
  Option<double> labelSmoothing{*this, "label-smoothing",
                                llvm::cl::desc("cross_entropy's label smoothing"),
                                llvm::cl::init(0.0)};
  ListOption<double> classWeights{*this, "class-weights",
                                  llvm::cl::desc("one weight per class")};
  Option<std::string> freeze{*this, "freeze",
                             llvm::cl::desc("regex of the params that stay fixed")};
  Option<std::string> optimizer{*this, "optimizer",
                                llvm::cl::desc("NAME:key=value,... as dlc-train's"),
                                llvm::cl::init("sgd:lr=0.01")};
  Option<uint64_t> seed{*this, "seed", llvm::cl::desc("seed of the dropout masks"),
                        llvm::cl::init(0)};
};

/// From an inference module (entry `run`) to one that also has the
/// `train_step` and `eval` entries: loss, autodiff, optimizer updates.
void buildDlcTrainingPipeline(mlir::OpPassManager &pm, const TrainingPipelineOptions &options);

/// The phases of the CPU pipeline, in order; dlc-compile --dump-phases writes
/// the IR after each.
enum class Phase { Kernels, Linalg, Bufferized, LLVM };
inline constexpr Phase kAllPhases[] = {Phase::Kernels, Phase::Linalg, Phase::Bufferized,
                                       Phase::LLVM};
/// A short name for file names and reports: "kernels", "linalg", ...
const char *phaseName(Phase phase);

/// Adds the passes of one phase to `pm`.
void buildPhase(mlir::OpPassManager &pm, Phase phase, const CpuPipelineOptions &options);

/// The CUDA backend's passes after the Bufferized phase: device work into
/// launch functions rendered as CUDA C++, the rest host code calling them
/// through the host API, lowered to the LLVM dialect.
void buildCudaCodegen(mlir::OpPassManager &pm, const CudaCodegenOptions &options);

/// Every phase: a graph-dialect module in, an LLVM-dialect module out.
void buildDlcCpuPipeline(mlir::OpPassManager &pm, const CpuPipelineOptions &options);

/// Registers the named pipelines (`dlc-cpu`, one per phase, `dlc-training`).
void registerDlcPipelines();

} // namespace dlc

#endif // DLC_COMPILER_PIPELINES_PIPELINES_H
