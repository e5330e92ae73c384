//===- Passes.td - CUDA code generation -----------------------------------===//
#ifndef DLC_PASSES_CUDA
#define DLC_PASSES_CUDA

include "mlir/Pass/PassBase.td"

def DlcFormLaunches : Pass<"dlc-form-launches", "::mlir::ModuleOp"> {
  let summary = "Move the device work of each function into kernel-launch functions";
  let description = [{
    Runs on bufferized functions whose linalg ops became loops. Each
    top-level op of a function that touches memory or has regions (a loop
    nest, a store) becomes a function of its own, marked `dlc.launch`, and
    the original function calls it: what runs between the calls (views into
    the arena, index arithmetic, calls of other functions) stays host code,
    each launch becomes one GPU kernel. A launch takes the function
    arguments it reads or writes; the side-effect-free ops it needs from
    outside (constants, views, index arithmetic, and top-level loads that no
    earlier launch could have changed) are copied into it. Ops whose
    results are used later stay in one launch with every op up to their
    last user, so no value crosses launches. First, a constant
    (memref.get_global) that a function passes to another moves into the
    callee (a copy of it when it has other callers), so that launches read
    constants from their own device copies.

    ```mlir
    func.func @k(%a: memref<64xf32>, %b: memref<64xf32>) attributes {dlc.kernel} {
      scf.parallel (%i) = (%c0) to (%c64) step (%c1) { ... }
    }
    ```
    becomes a call of `@k_launch0(%a, %b)`, a function marked `dlc.launch`
    holding the loop. `dlc.launch` numbers the launches of the module from 0.
  }];
}

def DlcParallelDimsFirst : Pass<"dlc-parallel-dims-first", "::mlir::func::FuncOp"> {
  let summary = "Order each linalg op's loops with every parallel loop outside every reduction";
  let description = [{
    Before linalg ops become loops for a GPU: linalg's parallel loops
    conversion makes an scf.parallel of the leading parallel loops only, and
    a launch spreads an scf.parallel over its threads. A reduction over a
    leading dim (a bias gradient summing over the batch: iterators
    [reduction, parallel, reduction, reduction]) would otherwise run on one
    thread; moved inside, each thread reduces for its own output element.
    Named ops are generalized first; relative orders are kept.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def DlcRenderCuda : Pass<"dlc-render-cuda", "::mlir::ModuleOp"> {
  let summary = "Write each launch function as a CUDA C++ kernel";
  let description = [{
    Runs after dlc-form-launches, memref's expand-strided-metadata and
    lower-affine: launch bodies hold scf loops, arith and math on scalars,
    and memref loads and stores through reinterpret_casts of their
    arguments. Launch number N becomes `extern "C" __global__ void
    dlc_launchN(...)`: buffers as element pointers, scalars by value, each
    value a const local, each memref element `base[offset + i * stride...]`.

    A launch whose work is one scf.parallel with constant bounds (after ops
    without regions that write nothing and read nothing the loop writes)
    spreads the flattened iterations of that loop over the threads of a
    grid, the last dim fastest, in a grid-stride loop; any other launch runs
    on one thread. Constant
    memref.globals become `__device__` arrays. Each kernel is commented with
    its ONNX nodes, and has a `dlc_launchN_emulated(void *const *args)`
    caller under DLC_CUDA_EMULATION for checking the source on a CPU.

    The source goes to the module's `dlc.cuda_source`, the launch table
    (kernel, blocks, threads per block, shared bytes, parameters per line)
    to `dlc.cuda_launches`; launch bodies are dropped, leaving the
    declarations the host code calls.
  }];
}

def DlcEmitLaunchCalls : Pass<"dlc-emit-launch-calls", "::mlir::ModuleOp"> {
  let summary = "Launch kernels through the host API's launch_kernel";
  let description = [{
    Runs on the LLVM dialect before dlc-emit-host-calls. Each call of a
    launch declaration (`dlc.launch = N`) stores its arguments in 8-byte
    slots on the caller's stack (a buffer's device pointer, or a scalar in
    the slot's first bytes) and calls `dlc_host_api.launch_kernel(context,
    N, slots)` instead; the declarations go.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

#endif // DLC_PASSES_CUDA
