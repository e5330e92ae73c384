//===- Passes.td - kernel formation and outlining -------------------------===//
#ifndef DLC_PASSES_KERNELS
#define DLC_PASSES_KERNELS

include "mlir/Pass/PassBase.td"

def DlcFormKernels : Pass<"dlc-form-kernels", "::mlir::ModuleOp"> {
  let summary = "Group graph ops into dlck.kernel regions (one kernel per group)";
  let description = [{
    Every computing graph op starts a kernel; a chain of elementwise ops that
    consumes its single-use result joins it as the epilogue (Conv+Add+Relu,
    Gemm+Relu, MatMul+Add), as do elementwise chains on their own. An
    elementwise chain that computes the input of an op with
    `PrologueFusionOpInterface` (a reduction) joins that op's kernel as its
    prologue, and the op's consumers follow as the epilogue (a sum of squares
    and its root, a decomposed LayerNorm's variance and normalisation). Ops that
    only reinterpret a buffer (reshape, flatten) and weights stay outside;
    small constants are copied in so they can fold into the kernel body.

    Before:
    ```mlir
    %0 = dlc.conv %x, %w, %b ...
    %1 = dlc.relu %0 : tensor<1x6x28x28xf32>
    ```
    After:
    ```mlir
    %1 = dlck.kernel @conv_0(%x, %w, %b) : (...) -> tensor<1x6x28x28xf32> {
    ^bb0(%a: ..., %c: ..., %d: ...):
      %0 = dlc.conv %a, %c, %d ...
      %1 = dlc.relu %0 : tensor<1x6x28x28xf32>
      dlck.yield %1 : tensor<1x6x28x28xf32>
    }
    ```
  }];
  let dependentDialects = ["::dlc::kernel::DlckDialect"];
  let options = [
    Option<"fuseElementwise", "fuse-elementwise", "bool", /*default=*/"true",
           "Fuse elementwise consumers into their producer's kernel">,
    Option<"exposeResults", "expose-results", "bool", /*default=*/"false",
           "Also return every kernel result of the run entry, named "
           "dlc.kernel.<op>.<result> after the position of the op that "
           "produces it before kernel formation (dlc-run --verify-kernels)">,
  ];
}

def DlcOutlineKernels : Pass<"dlc-outline-kernels", "::mlir::ModuleOp"> {
  let summary = "Move each dlck.kernel into a function of its own and call it";
  let description = [{
    Each `dlck.kernel @name` becomes a private `func.func @name` marked
    `dlc.kernel`, and its use a `func.call`, so that one-shot bufferization
    turns every kernel into a function with its results as out-params. Its
    arguments are marked `bufferization.writable = false`: a kernel never
    writes into its caller's buffers. A kernel that canonicalization left
    yielding its own inputs computes nothing and disappears: its users read
    those inputs.
  }];
  let dependentDialects = ["::mlir::func::FuncDialect",
                           "::mlir::bufferization::BufferizationDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect"];
}

#endif // DLC_PASSES_KERNELS
