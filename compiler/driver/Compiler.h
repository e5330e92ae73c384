//===- Compiler.h - an ONNX model to a dlc artifact, phase by phase -------===//
#ifndef DLC_COMPILER_DRIVER_COMPILER_H
#define DLC_COMPILER_DRIVER_COMPILER_H

#include "compiler/codegen/Target.h"
#include "compiler/driver/KernelReport.h"
#include "compiler/import/OnnxImporter.h"
#include "dlc/artifact.hpp"
#include "passes/training/TrainingSpec.h"

#include "mlir/IR/MLIRContext.h"

#include <optional>
#include <string>

namespace dlc {

/// Where compilation stops and what it writes.
enum class EmitKind {
  MLIR, ///< the imported graph-dialect module
  LLVM, ///< LLVM IR text, optimized
  Asm,  ///< assembly
  Obj,  ///< the code's object file (CUDA: the kernels' CUBIN; Asm: their PTX)
  Cuda, ///< the kernels' CUDA C++ (--target cuda)
  Lib,  ///< the artifact: shared library + metadata + trailer
};

/// What a training artifact computes besides `run`. Its entries:
///  - `train_step(inputs..., labels) -> loss`: the mean loss of the batch (f32
///    scalar), and one optimizer step on every trainable param;
///  - `eval(inputs..., labels) -> (loss, correct)`: the loss and the number of
///    samples whose arg-max class is the label (i64 scalar), no update.
/// `labels` is i64 [N] (class indices; [N, d...] for outputs [N, C, d...]) for
/// cross_entropy and nll, and shaped like the output for mse (correct then
/// compares arg-maxes). The state params (writable, per session): each
/// trainable param under its ONNX name; its optimizer state as
/// `NAME.momentum_buffer` (SGD), `NAME.exp_avg` and `NAME.exp_avg_sq` (Adam,
/// AdamW), `NAME.square_avg` and `NAME.grad_avg` (RMSProp, centered),
/// `NAME.sum` (Adagrad); and `optimizer.step` (f32 scalar, steps taken). The
/// learning rate is the read-only param `optimizer.lr` (f32 scalar): write it
/// with dlc_session_write_param, which gives the session its own copy, to
/// follow a schedule. `train_step` runs in training mode: batch
/// normalization updates its running-statistic params (state too), dropout
/// counts its steps in the i64 state `dropout.step`.
struct TrainingOptions {
  LossSpec loss;
  OptimizerSpec optimizer;
  std::string freeze; ///< params whose names match this regex stay fixed
  uint64_t seed = 0;  ///< dropout masks: the seed of nodes that give none
};

struct CompileOptions {
  std::string modelPath;
  std::string outputPath; ///< "-" writes text kinds to stdout
  EmitKind emit = EmitKind::Lib;
  ImportOptions import;
  TargetSpec target;
  bool fuseElementwise = true;
  std::string headerPath;    ///< write a typed C header too (Lib only)
  std::string dumpPhasesDir; ///< write the IR after each phase here
  /// Draw the kernels and what flows between them (.svg, .png, .pdf through
  /// Graphviz, or .dot); see drawKernelGraph.
  std::string graphPath;
  std::optional<TrainingOptions> training; ///< add train_step and eval entries
  /// Add `saliency(inputs...) -> gradient`: the gradient of each sample's top
  /// class score with respect to input 0 (dlc-run --saliency).
  bool saliency = false;
  /// Also return every kernel result of `run`, named dlc.kernel.<op>.<result>
  /// (see --dlc-form-kernels' expose-results), so that two builds can be
  /// compared kernel by kernel (dlc-run --verify-kernels).
  bool exposeKernels = false;
  /// false: the reference build: no fusion, no microkernels, no threads.
  bool optimize = true;
};

/// What was compiled, for --report and for dlc-run.
struct CompileSummary {
  artifact::ModelMetadata metadata;
  unsigned numKernels = 0;
  std::vector<KernelStats> kernels;
  /// What the intermediates would take without memory planning.
  uint64_t intermediateBytes = 0;
  /// With CompileOptions::exposeKernels, in the kernels' order in `run`.
  std::vector<ExposedKernelResult> exposed;
  /// For target cuda: the kernels' CUDA C++.
  std::string cudaSource;
};

/// Compiles as `options` say. Errors are emitted as diagnostics on `context`.
mlir::LogicalResult compileModel(mlir::MLIRContext &context, const CompileOptions &options,
                                 CompileSummary &summary);

/// Compiles an already imported graph-dialect module (entry `run`) as
/// `options` say, from the training pipeline on; `options.modelPath` only
/// names it in diagnostics and headers.
mlir::LogicalResult compileModule(mlir::ModuleOp module, const CompileOptions &options,
                                  CompileSummary &summary);

/// A context with every dlc dialect and interface registered, and
/// multithreading off (the tools compile one model at a time).
std::unique_ptr<mlir::MLIRContext> createCompilerContext();

} // namespace dlc

#endif // DLC_COMPILER_DRIVER_COMPILER_H
