//===- Passes.td - CUDA code generation -----------------------------------===//
#ifndef DLC_PASSES_CUDA
#define DLC_PASSES_CUDA

include "mlir/Pass/PassBase.td"

def DlcFormTiledLaunches : Pass<"dlc-form-tiled-launches", "::mlir::ModuleOp"> {
  let summary = "Move contractions and row reductions, with the ops around them, into "
                "launches that dlc-render-cuda tiles";
  let description = [{
    Runs on bufferized functions, before their linalg ops become loops.
    Each group below becomes a launch function of its own, marked
    `dlc.launch`, that keeps its linalg ops; the function calls it in their
    place. The launch takes the function arguments the ops read and copies
    the constants and the views into arguments they read; groups that read
    buffers the function makes otherwise stay. Launches are numbered from 0,
    dlc-form-launches numbers the rest after them.

    - A contraction (`_contractionN`): a linalg op that sums products of two
      float32 buffers into a third with affine operand maps (a matmul,
      batched or transposed, a convolution: a GEMM whose rows, columns and
      depth each flatten some of its dims) of at least 2^15 products, with
      the fill or elementwise op before it that writes every output element
      without reading the output (a bias broadcast), and the elementwise ops
      after it that update the output in place (activations, residual adds).
      Only with `tensor-cores`: dlc-render-cuda multiplies them on the tensor
      cores. A deep contraction with few output tiles (a weight gradient)
      has its depth split across blocks that add their parts atomically;
      then it is its own group, and the ops around it stay.
    - A row group (`_rowsN`): a reduction of each row's elements into a row
      buffer with an associative, commutative combiner, and the ops before
      and after it over the same rows: fills and ops on the row buffers,
      elementwise ops over the rows' elements (softmax, layer norm). Every
      buffer they write must be read only at the row being computed, so that
      a warp per row can compute them alone.
  }];
  let options = [
    Option<"tensorCores", "tensor-cores", "bool", /*default=*/"true",
           "Form contraction launches (the GPU has tf32 tensor cores: sm_80 and newer)">
  ];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def DlcLinalgToGpuLoops : Pass<"dlc-linalg-to-gpu-loops", "::mlir::func::FuncOp"> {
  let summary = "Lower linalg ops outside launch functions to parallel loops";
  let description = [{
    linalg's conversion to scf.parallel nests (the outer parallel dims one
    scf.parallel, the rest scf.for) for the functions dlc-form-launches
    will cut into launches; launch functions that dlc-form-tiled-launches
    made keep their linalg ops for dlc-render-cuda's tiled kernels.
  }];
  let dependentDialects = ["::mlir::scf::SCFDialect", "::mlir::affine::AffineDialect",
                           "::mlir::memref::MemRefDialect"];
}

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
    last user, so no value crosses launches. Launch functions the module
    has already keep their numbers; new ones follow them. First, a constant
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
    on one thread. A launch that keeps linalg ops (dlc-form-tiled-launches)
    is one tiled kernel. A contraction's has 128 threads per block: each
    block stages 64x64 output tiles' operands through shared memory, its
    warps multiply them by mma.sync with float32 sums (`precision=fp32`:
    three m16n8k8 tf32 products of split operands, as exact as float32;
    `tf32`: one; `bf16` and `fp16`: one m16n8k16 product of operands
    rounded to 16 bits), and each thread finishes its outputs with the
    ops before and after the contraction. A row group's has a warp per row:
    row values in registers, each lane taking every 32nd element, parts
    combined across lanes by __shfl_xor_sync. float16 and bfloat16 buffers
    hold their bits (`uint16_t`), their values floats rounded to the type
    after each op. Constant memref.globals become `__device__` arrays. Each kernel is commented with
    its ONNX nodes, and has a `dlc_launchN_emulated(void *const *args)`
    caller under DLC_CUDA_EMULATION for checking the source on a CPU.

    The source goes to the module's `dlc.cuda_source`, the launch table
    (kernel, blocks, threads per block, shared bytes, parameters per line)
    to `dlc.cuda_launches`; launch bodies are dropped, leaving the
    declarations the host code calls.
  }];
  let options = [
    Option<"precision", "precision", "std::string", /*default=*/"\"fp32\"",
           "Tensor-core products: fp32 (3xTF32, float32-exact), tf32 (one product), "
           "bf16 or fp16 (one product of 16-bit operands)">,
    Option<"tensorCores", "tensor-cores", "bool", /*default=*/"true",
           "Contraction launches use the tensor cores (as dlc-form-tiled-launches "
           "formed them); without, every tiled launch is a row group">
  ];
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
