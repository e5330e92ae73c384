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

#endif // DLC_PASSES_CPU
