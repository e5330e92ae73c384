//===- Passes.td - parameters and the memory plan -------------------------===//
#ifndef DLC_PASSES_MEMORY
#define DLC_PASSES_MEMORY

include "mlir/Pass/PassBase.td"

def DlcLiftParams : Pass<"dlc-lift-params", "::mlir::ModuleOp"> {
  let summary = "Turn dlc.param ops of the entry functions into their arguments";
  let description = [{
    Generated code reaches weights through the parameter table, so every
    `dlc.param` of a function marked `dlc.entry` becomes an argument after
    the inputs, carrying `dlc.param_name` and `dlc.param_value`. The table is
    shared: every entry takes every distinct param of every entry (in module
    order), so one params array serves `run`, `train_step` and `eval`. All entry
    arguments are marked `bufferization.writable = false`: inputs belong to
    the caller and weights may live in read-only memory. The function
    records `dlc.num_inputs` and `dlc.num_params`.

    `%w = dlc.param "fc.weight" {...} : tensor<10x4xf32>` in
    `func.func @run(%x: tensor<1x4xf32>)` becomes the argument
    `%w: tensor<10x4xf32> {dlc.param_name = "fc.weight", ...}`.
  }];
}

def DlcDropParamValues : Pass<"dlc-drop-param-values", "::mlir::ModuleOp"> {
  let summary = "Remove the weight values from the entries' param arguments";
  let description = [{
    After the linalg phase the driver lays the weights out in the artifact
    (their `dlc.param_value`s, in the order of the param table); from then on
    code reaches them through the table, never as literals, so the first pass
    of bufferization removes `dlc.param_value` from every entry argument and
    no later pass or IR dump carries them. `dlc.param_name` stays.

    `%w: tensor<10x4xf32> {dlc.param_name = "fc.weight", dlc.param_value = ...}`
    becomes `%w: tensor<10x4xf32> {dlc.param_name = "fc.weight"}`.
  }];
}

def DlcMaterializeOutputs : Pass<"dlc-materialize-outputs", "::mlir::ModuleOp"> {
  let summary = "Give every entry and kernel result a tensor of its own";
  let description = [{
    The entry ABI writes each output into caller memory, so a result of the
    entry function that is one of its arguments, or that is returned twice,
    is copied into a fresh tensor with `linalg.copy` before bufferization.
    A kernel whose body folded to one of its arguments (`x * 1`) is bypassed
    first: its callers read that operand, and calls and kernels left unused
    are erased; a kernel result that still is an argument is copied too.

    `return %arg0` becomes
    `%0 = tensor.empty()`, `%1 = linalg.copy ins(%arg0) outs(%0)`, `return %1`.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect"];
}

def DlcPlanMemory : Pass<"dlc-plan-memory", "::mlir::ModuleOp"> {
  let summary = "Place every intermediate buffer in one arena, by liveness";
  let description = [{
    After bufferization, each `memref.alloc` becomes a `memref.view` into one
    arena: a kernel function's temporaries into a `scratch` argument (live
    only during its call), and the entry function's buffers (kernel results
    and each call's scratch) into an `arena` argument appended to the entry
    function. Offsets come from liveness over the entry's op order, best fit
    by size, aligned to 64 bytes. The entry records `dlc.arena_bytes`.
    Generated code therefore never allocates. A buffer with no elements
    takes no memory: it is a zero-byte `memref.alloca`, and crosses calls as
    `memref<0xT>`, since the bare-pointer convention cannot pass a memref
    with a zero dim after its first, and no code reads or writes one.

    Elementwise kernels run in place where that is legal: when a kernel is
    one all-parallel `linalg.generic` that reads an input argument of its
    output's type through the identity map (each element read before the
    same one is written), and the entry's buffer passed as that input is
    used last by the call, the output's buffer is that input's.

    `%0 = memref.alloc() : memref<1x6x28x28xf32>` becomes
    `%0 = memref.view %arena[%c0][] : memref<18816xi8> to memref<1x6x28x28xf32>`.
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect",
                           "::mlir::arith::ArithDialect"];
}

#endif // DLC_PASSES_MEMORY
