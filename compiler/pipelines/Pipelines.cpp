//===- Pipelines.cpp - dlc's named pass pipelines -------------------------===//
#include "compiler/pipelines/Pipelines.h"

#include "passes/cpu/Passes.h"
#include "passes/cuda/Passes.h"
#include "passes/graph/Passes.h"
#include "passes/kernels/Passes.h"
#include "passes/lowering/Passes.h"
#include "passes/memory/Passes.h"
#include "passes/training/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Arith/Transforms/Passes.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/Transforms/OneShotAnalysis.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace {
// Copies become linalg.copy, which lowers to loops: generated code must not
// call the memrefCopy runtime function.
LogicalResult copyWithLinalg(OpBuilder &b, Location loc, Value from, Value to) {
  b.create<linalg::CopyOp>(loc, from, to);
  return success();
}

void addBufferization(OpPassManager &pm) {
  pm.addPass(dlc::createDlcDropParamValues());
  pm.addPass(dlc::createDlcMaterializeOutputs());
  bufferization::OneShotBufferizationOptions options;
  options.bufferizeFunctionBoundaries = true;
  options.setFunctionBoundaryTypeConversion(
      bufferization::LayoutMapOption::IdentityLayoutMap);
  options.memCpyFn = copyWithLinalg;
  pm.addPass(bufferization::createOneShotBufferizePass(options));
  bufferization::BufferResultsToOutParamsOpts outParams;
  outParams.hoistStaticAllocs = true;
  outParams.memCpyFn = copyWithLinalg;
  pm.addPass(bufferization::createBufferResultsToOutParamsPass(outParams));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(dlc::createDlcPlanMemory());
  pm.addPass(createCanonicalizerPass());
}

void addHostLowering(OpPassManager &pm, bool launches);

void addCpuCodegen(OpPassManager &pm, const dlc::CpuPipelineOptions &options) {
  if (options.optimize) {
    pm.addPass(dlc::createDlcApproximateMath());
    dlc::DlcVectorizeMatmulOptions matmul;
    matmul.vectorWidth = options.vectorWidth;
    pm.addNestedPass<func::FuncOp>(dlc::createDlcVectorizeMatmul(matmul));
    dlc::DlcVectorizeConvOptions conv;
    conv.vectorWidth = options.vectorWidth;
    // Of the target's vector registers (16, or 32 with AVX-512), the rest
    // hold the input segments and the broadcast weight.
    conv.accumulators = options.vectorWidth >= 16 ? 24 : 12;
    pm.addNestedPass<func::FuncOp>(dlc::createDlcVectorizeConv(conv));
    dlc::DlcVectorizeConvGradWeightOptions gradWeight;
    gradWeight.vectorWidth = conv.vectorWidth;
    gradWeight.accumulators = conv.accumulators;
    pm.addNestedPass<func::FuncOp>(dlc::createDlcVectorizeConvGradWeight(gradWeight));
    dlc::DlcVectorizePoolOptions pool;
    pool.vectorWidth = options.vectorWidth;
    pm.addNestedPass<func::FuncOp>(dlc::createDlcVectorizePool(pool));
    pm.addNestedPass<func::FuncOp>(dlc::createDlcInterchangeLoops());
    pm.addNestedPass<func::FuncOp>(dlc::createDlcRelaxReductions());
  }
  if (options.parallel) {
    pm.addNestedPass<func::FuncOp>(createConvertLinalgToParallelLoopsPass());
    if (options.optimize)
      pm.addNestedPass<func::FuncOp>(dlc::createDlcFuseRowLoops());
    pm.addPass(dlc::createDlcOutlineParallelLoops());
  } else {
    pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  }
  addHostLowering(pm, /*launches=*/false);
}

// From loops on memrefs to the LLVM dialect with dlc's entry ABI; with
// `launches`, calls of rendered launches go through the host API.
void addHostLowering(OpPassManager &pm, bool launches) {
  pm.addPass(createLowerAffinePass());
  pm.addPass(createConvertSCFToCFPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(dlc::createDlcExpandBf16());
  pm.addPass(dlc::createDlcLowerStrings());
  pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  ConvertFuncToLLVMPassOptions funcOptions;
  funcOptions.useBarePtrCallConv = true;
  pm.addPass(createConvertFuncToLLVMPass(funcOptions));
  pm.addPass(createReconcileUnrealizedCastsPass());
  if (launches)
    pm.addPass(dlc::createDlcEmitLaunchCalls());
  pm.addPass(dlc::createDlcEmitHostCalls());
  pm.addPass(dlc::createDlcEmitEntry());
  pm.addPass(createCanonicalizerPass());
}
} // namespace

void dlc::buildCudaCodegen(OpPassManager &pm, const CudaCodegenOptions &options) {
  // Parallel dims first: a reduction over leading dims (a bias gradient's
  // sum over the batch) becomes a row group, a warp per output.
  pm.addNestedPass<func::FuncOp>(dlc::createDlcParallelDimsFirst());
  dlc::DlcFormTiledLaunchesOptions tiled;
  tiled.tensorCores = options.tensorCores;
  pm.addPass(dlc::createDlcFormTiledLaunches(tiled));
  pm.addNestedPass<func::FuncOp>(dlc::createDlcLinalgToGpuLoops());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(dlc::createDlcFormLaunches());
  pm.addPass(createLowerAffinePass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(arith::createArithExpandOpsPass());
  pm.addPass(createCanonicalizerPass());
  dlc::DlcRenderCudaOptions render;
  render.precision = options.precision;
  render.tensorCores = options.tensorCores;
  pm.addPass(dlc::createDlcRenderCuda(render));
  addHostLowering(pm, /*launches=*/true);
}

const char *dlc::phaseName(Phase phase) {
  switch (phase) {
  case Phase::Kernels: return "kernels";
  case Phase::Linalg: return "linalg";
  case Phase::Bufferized: return "bufferized";
  case Phase::LLVM: return "llvm";
  }
  llvm_unreachable("unknown phase");
}

void dlc::buildPhase(OpPassManager &pm, Phase phase, const CpuPipelineOptions &options) {
  switch (phase) {
  case Phase::Kernels: {
    // Both builds fold: --verify-kernels matches their ops by position.
    pm.addPass(dlc::createDlcFoldBatchNorm());
    pm.addPass(dlc::createDlcDecompose());
    pm.addPass(createCanonicalizerPass());
    // Composed ops' gradients rebuild parts of their forward decomposition
    // (batch norm's batch statistics): compute each once.
    pm.addPass(createCSEPass());
    if (options.optimize) {
      dlc::DlcPackWeightsOptions pack;
      pack.vectorWidth = options.vectorWidth;
      pm.addPass(dlc::createDlcPackWeights(pack));
    }
    dlc::DlcFormKernelsOptions formOptions;
    formOptions.fuseElementwise = options.fuseElementwise;
    formOptions.exposeResults = options.exposeKernels;
    pm.addPass(dlc::createDlcFormKernels(formOptions));
    break;
  }
  case Phase::Linalg:
    pm.addPass(dlc::createDlcLiftParams());
    pm.addPass(dlc::createDlcLowerToLinalg());
    pm.addPass(createCanonicalizerPass());
    pm.addPass(dlc::createDlcFuseEpilogues());
    pm.addPass(dlc::createDlcOutlineKernels());
    pm.addPass(createCanonicalizerPass());
    break;
  case Phase::Bufferized:
    addBufferization(pm);
    break;
  case Phase::LLVM:
    addCpuCodegen(pm, options);
    break;
  }
}

void dlc::buildDlcTrainingPipeline(OpPassManager &pm,
                                   const TrainingPipelineOptions &options) {
  DlcBuildTrainingEntriesOptions entries;
  entries.loss = options.loss;
  entries.labelSmoothing = options.labelSmoothing;
  entries.classWeights = options.classWeights;
  entries.seed = options.seed;
  pm.addPass(createDlcBuildTrainingEntries(entries));
  pm.addPass(createCanonicalizerPass());
  DlcAutodiffOptions autodiff;
  autodiff.freeze = options.freeze;
  pm.addPass(createDlcAutodiff(autodiff));
  DlcApplyOptimizerOptions optimizer;
  optimizer.optimizer = options.optimizer;
  pm.addPass(createDlcApplyOptimizer(optimizer));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void dlc::buildDlcCpuPipeline(OpPassManager &pm, const CpuPipelineOptions &options) {
  for (Phase phase : kAllPhases)
    buildPhase(pm, phase, options);
}

void dlc::registerDlcPipelines() {
  PassPipelineRegistration<TrainingPipelineOptions>(
      "dlc-training",
      "Add the train_step and eval entries: loss, autodiff and optimizer updates",
      buildDlcTrainingPipeline);
  PassPipelineRegistration<CpuPipelineOptions>(
      "dlc-cpu", "The whole CPU pipeline: graph dialect to LLVM dialect",
      buildDlcCpuPipeline);
  PassPipelineRegistration<CudaCodegenOptions>(
      "dlc-cuda-codegen",
      "The CUDA backend from bufferized IR: launches rendered as CUDA C++ (the "
      "module's dlc.cuda_source), host code in the LLVM dialect",
      buildCudaCodegen);
  for (Phase phase : kAllPhases) {
    static std::string names[std::size(kAllPhases)];
    static std::string descriptions[std::size(kAllPhases)];
    size_t i = static_cast<size_t>(phase);
    names[i] = std::string("dlc-cpu-") + phaseName(phase);
    descriptions[i] = std::string("Only the '") + phaseName(phase) +
                      "' phase of the CPU pipeline";
    PassPipelineRegistration<CpuPipelineOptions>(
        names[i], descriptions[i],
        [phase](OpPassManager &pm, const CpuPipelineOptions &options) {
          buildPhase(pm, phase, options);
        });
  }
}
