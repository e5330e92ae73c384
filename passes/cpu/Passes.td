//===- Passes.td - CPU code generation ------------------------------------===//
#ifndef DLC_PASSES_CPU
#define DLC_PASSES_CPU

include "mlir/Pass/PassBase.td"

def DlcEmitEntry : Pass<"dlc-emit-entry", "::mlir::ModuleOp"> {
  let summary = "Wrap the entry function in dlc's uniform C entry ABI";
  let description = [{
    Runs on the LLVM dialect, after functions were converted with the bare
    pointer convention. For the function marked `dlc.entry = "NAME"`, adds
    the exported
    `i32 dlc_entry_NAME(ptr host, ptr inputs, ptr outputs, ptr params, ptr arena)`
    which loads each buffer pointer from its array (inputs, params and
    outputs in metadata order, as `dlc.num_inputs` and `dlc.num_params`
    split them) and calls the entry; every other definition becomes
    internal, so a model library exports nothing else.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def DlcInterchangeLoops : Pass<"dlc-interchange-loops", "::mlir::func::FuncOp"> {
  let summary = "Order each linalg op's loops so the innermost one is unit-stride";
  let description = [{
    Before linalg ops become loops, moves the reduction loops of each op
    outside its innermost output dim when an input also walks that dim with
    unit stride. The innermost loop then reads and writes consecutive
    elements while the reduced operand stays fixed, which LLVM vectorizes:
    a matmul runs (i, k, j) instead of (i, j, k), a stride-1 convolution
    (n, m, oh, c, kh, kw, ow). Named ops are generalized first. Ops whose
    innermost dims are reduced (a dot product over contiguous rows) keep
    their order.

    `linalg.matmul ins(%a, %b) outs(%c)` becomes a `linalg.generic` with
    iterator_types ["parallel", "reduction", "parallel"].
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

#endif // DLC_PASSES_CPU
