//===- Registration.cpp - the one registration function of all dlc tools -===//
//
// Registers only what dlc uses rather than InitAllDialects/InitAllPasses:
// that keeps this file fast to compile and the tools' --help readable.
//
//===----------------------------------------------------------------------===//
#include "compiler/Registration.h"

#include "compiler/pipelines/Pipelines.h"
#include "dialects/graph/DlcDialect.h"
#include "dialects/kernel/KernelDialect.h"
#include "passes/cpu/Passes.h"
#include "passes/cuda/Passes.h"
#include "passes/graph/Passes.h"
#include "passes/kernels/Passes.h"
#include "passes/lowering/Passes.h"
#include "passes/memory/Passes.h"
#include "passes/training/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Arith/Transforms/Passes.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/Transforms/FuncBufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/Extensions/InlinerExtension.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Index/IR/IndexDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/Linalg/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void dlc::registerAllDlc(DialectRegistry &registry) {
  registry.insert<dlc::graph::DlcDialect, dlc::kernel::DlckDialect, affine::AffineDialect,
                  arith::ArithDialect, bufferization::BufferizationDialect,
                  cf::ControlFlowDialect, func::FuncDialect, index::IndexDialect,
                  linalg::LinalgDialect, LLVM::LLVMDialect, math::MathDialect,
                  memref::MemRefDialect, scf::SCFDialect, tensor::TensorDialect,
                  vector::VectorDialect>();
  arith::registerBufferizableOpInterfaceExternalModels(registry);
  bufferization::func_ext::registerBufferizableOpInterfaceExternalModels(registry);
  linalg::registerBufferizableOpInterfaceExternalModels(registry);
  scf::registerBufferizableOpInterfaceExternalModels(registry);
  tensor::registerBufferizableOpInterfaceExternalModels(registry);
  func::registerInlinerExtension(registry);
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);

  static bool passesRegistered = [] {
    dlc::registerDlcGraphPasses();
    dlc::registerDlcKernelPasses();
    dlc::registerDlcLoweringPasses();
    dlc::registerDlcMemoryPasses();
    dlc::registerDlcTrainingPasses();
    dlc::registerDlcCpuPasses();
    dlc::registerDlcCudaPasses();
    dlc::registerDlcPipelines();
    // The upstream passes the pipelines use, for inspecting them one by one.
    registerTransformsPasses();
    registerLinalgPasses();
    bufferization::registerBufferizationPasses();
    memref::registerMemRefPasses();
    arith::registerArithExpandOpsPass();
    registerConvertLinalgToStandardPass();
    registerSCFToControlFlowPass();
    registerConvertAffineToStandardPass();
    registerConvertMathToLLVMPass();
    registerConvertMathToLibmPass();
    registerArithToLLVMConversionPass();
    registerConvertIndexToLLVMPass();
    registerConvertControlFlowToLLVMPass();
    registerConvertFuncToLLVMPass();
    registerFinalizeMemRefToLLVMConversionPass();
    registerReconcileUnrealizedCastsPass();
    return true;
  }();
  (void)passesRegistered;
}
