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

def DlcLowerStrings : Pass<"dlc-lower-strings", "::mlir::ModuleOp"> {
  let summary = "String elements as dlc_string handles, string ops as host calls";
  let description = [{
    Runs on loops and buffers, before memrefs become LLVM. Each dlck string
    op becomes a call of its dlc_host_api service: a call of an external
    `llvm.func` marked `dlc.host_field`, which `dlc-emit-host-calls`
    routes through the host pointer. Operands and results pass through stack
    slots in the function's entry block; string literals and error messages
    become constant globals. Then the element type `!dlc.string` is replaced
    everywhere by `complex<i64>`: a builtin type that memrefs hold and the
    LLVM conversion lowers to `{i64, i64}`, dlc_string's layout (its data
    address and its size).

    ```mlir
    %s = dlck.change_case %t {upper = true}
    // becomes, with %in and %out slots of !llvm.struct<(i64, i64)>:
    llvm.store %t_handle, %in : !llvm.struct<(i64, i64)>, !llvm.ptr
    llvm.call @dlc_host_change_case(%in, %upper, %out) : (!llvm.ptr, i32, !llvm.ptr) -> ()
    %s_handle = llvm.load %out : !llvm.ptr -> !llvm.struct<(i64, i64)>
    ```
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def DlcExpandBf16 : Pass<"dlc-expand-bf16"> {
  let summary = "bf16 conversions as integer arithmetic";
  let description = [{
    `arith.extf` from and `arith.truncf` to bf16 (scalars and vectors) become
    shifts and integer ops (truncation rounds to nearest even, NaNs stay
    NaN). LLVM would otherwise call compiler-rt's `__truncsfbf2`, which a
    model library, importing only libc and libm symbols, cannot reach.

    `%h = arith.truncf %x : f32 to bf16` becomes a bitcast to i32, a
    rounding add and a shift right by 16, truncated to i16 and bitcast to
    bf16.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

def DlcOutlineParallelLoops : Pass<"dlc-outline-parallel-loops", "::mlir::ModuleOp"> {
  let summary = "Move each large top-level scf.parallel nest into a range function";
  let description = [{
    For every `scf.parallel` directly in a function body whose bounds are
    constants and whose nest runs at least `min-iterations` iterations
    (parallel dims times the deepest chain of inner loops), the outermost
    dims are linearized until they give at least 64 chunks, and the nest
    becomes a private function `NAME_parallel(captured..., %begin, %end)`
    marked `dlc.parallel_body` that runs chunks [begin, end). The loop is
    replaced by a call over all chunks, so the IR stays serial and correct;
    `dlc-emit-host-calls` later sends the call to the host's thread
    pool. Values the nest uses are passed (scalars and identity-layout
    static buffers) or, when free of side effects, cloned (constants, views).
    Nests that use anything else stay where they are.
  }];
  let options = [
    Option<"minIterations", "min-iterations", "int64_t", /*default=*/"32768",
           "Smallest nest worth splitting across threads (in vector multiply-adds, about 10 us: below that, waking the workers costs more than they save)">
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect", "::mlir::func::FuncDialect",
                           "::mlir::scf::SCFDialect"];
}

def DlcFuseRowLoops : Pass<"dlc-fuse-row-loops", "::mlir::func::FuncOp"> {
  let summary = "Fuse adjacent scf.parallel nests over the rows they share";
  let description = [{
    Two top-level `scf.parallel` nests of a function, with nothing but
    side-effect-free ops between them, become one when their leading dims
    (the rows) have equal bounds and steps, and every buffer one of them
    writes and the other touches is either disjoint from the other's
    (distinct arguments or allocations, views at disjoint constant offsets)
    or indexed by the row variables in its leading dims, with an identity
    layout. The fused nest runs over the rows; the dims a nest has beyond
    them become `scf.for` loops inside, in its order. Only nests of scalar
    loads and stores without nested parallel loops are fused; row fusion
    (not whole-space fusion) also needs `min-rows` rows, so the threads
    still have enough to share. A layer norm's or softmax's nests then read
    each row once while it is in cache.
  }];
  let options = [
    Option<"minRows", "min-rows", "int64_t", /*default=*/"64",
           "Fewest shared rows for which nests of different depths fuse">
  ];
  let dependentDialects = ["::mlir::scf::SCFDialect"];
}

def DlcRelaxReductions : Pass<"dlc-relax-reductions", "::mlir::func::FuncOp"> {
  let summary = "Let LLVM reassociate float reductions, so that it vectorizes them";
  let description = [{
    In every linalg op with a reduction dim, the float `arith.addf`,
    `mulf`, `maximumf`, `minimumf`, `maxnumf` or `minnumf` that combines an
    output's running value with the next element gets the `reassoc` flag.
    LLVM then keeps partial results in vector lanes instead of a serial
    scalar chain (a layer norm's and softmax's row sums); results change by
    rounding only. Other ops keep their flags, divisions included: a
    quantization's `x / scale` must round as written. Runs on the optimized
    build only.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

def DlcEmitHostCalls : Pass<"dlc-emit-host-calls", "::mlir::ModuleOp"> {
  let summary = "Run range functions through the host's parallel_for, and call its services";
  let description = [{
    Runs on the LLVM dialect, before `dlc-emit-entry`. Each call to a
    function marked `dlc.parallel_body` becomes
    `host->parallel_for(host->context, begin, end, NAME_task, slots)`, where
    `slots` is a stack array holding the call's other arguments and the
    internal `NAME_task(ptr slots, i64 begin, i64 end)` unpacks them. Each
    call to an external function marked `dlc.host_field = N` (the string
    services `dlc-lower-strings` calls) becomes a call of the host's field N
    with `host->context` first, and the declaration goes. Every function
    making such calls, and transitively its callers, gets the host pointer
    as a new last argument (marked `dlc.takes_host`), which `dlc-emit-entry`
    passes from the entry point.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def DlcApproximateMath : Pass<"dlc-approximate-math"> {
  let summary = "Replace float32 exp, log, tanh and erf by polynomial approximations";
  let description = [{
    `math.exp`, `expm1`, `log`, `log1p`, `log2`, `tanh` and `erf` on float32
    would become calls to libm's scalar functions, which LLVM cannot
    vectorize; the softmaxes, sigmoids, SiLUs, GELUs and recurrent cells that
    use them then run one element at a time. This pass expands them into
    upstream MLIR's polynomial approximations (range reduction, a polynomial,
    the special cases: infinities, NaN, overflow), plain arithmetic that
    vectorizes, within a few float32 ulps of libm. Other math ops, and every
    float64 one, keep libm's exact results.

    ```mlir
    %y = math.exp %x : f32
    // becomes arith and math.fma ops, no call
    ```
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect", "::mlir::math::MathDialect",
                           "::mlir::vector::VectorDialect"];
}

def DlcPackWeights : Pass<"dlc-pack-weights", "::mlir::ModuleOp"> {
  let summary = "Store constant weights in the layouts their CPU kernels read best";
  let description = [{
    Weights that no entry updates (inference constants: a `dlc.param`
    whose name no entry result carries as `dlc.update`) are rewritten once,
    at compile time, into new params named after the old ones:

    - The transposed B of a float32 `dlc.gemm` (`transB = 1`, PyTorch's
      Linear) becomes `<b>.transposed` [K, N] with `transB = 0`, so the
      matmul kernels load vectors of output columns instead of reducing one
      scalar at a time (batch 1) or gathering B's columns into their panels.
    - `dlc-vectorize-conv` fills a vector with consecutive output columns. A
      convolution whose output channels fill vectors better than its output
      rows do is better computed with a vector of output channels per step,
      which needs the filter's output channels innermost, when the rows fill
      at most half a vector (the late layers of a CNN: 7x7, 4x4, 2x2
      outputs) or each output sums at least 256 products (ResNet's 56-, 28-
      and 14-wide 3x3 layers, whose rows leave an eighth of the lanes idle),
      which hides that kernel's gathers and scatters. The filter of such an
      ungrouped 2-D float32 `dlc.conv` becomes `<w>.channels_last`
      [C, KH, KW, M] and the conv gets `filter_channels_last`.

    Weights that training updates keep their layout.

    ```mlir
    // before
    %w = dlc.param "w" : tensor<128x128x3x3xf32>
    %y = dlc.conv %x, %w {...} : (tensor<1x128x4x4xf32>, tensor<128x128x3x3xf32>) -> tensor<1x128x2x2xf32>
    // after
    %w = dlc.param "w.channels_last" : tensor<128x3x3x128xf32>
    %y = dlc.conv %x, %w {..., filter_channels_last} : (tensor<1x128x4x4xf32>, tensor<128x3x3x128xf32>) -> tensor<1x128x2x2xf32>
    ```
  }];
  let options = [
    Option<"vectorWidth", "vector-width", "int64_t", /*default=*/"8",
           "float32 lanes of the target's vectors">
  ];
}

def DlcVectorizeConv : Pass<"dlc-vectorize-conv", "::mlir::func::FuncOp"> {
  let summary = "Replace float32 2-D convolutions on buffers by register-blocked direct convolutions";
  let description = [{
    For the `linalg.generic` of a 2-D convolution with any number of groups
    (each filter of a tile then reads its own group's input) and a width
    stride of 1 or 2 (any height stride, any dilation, input already
    padded) on static float32 NCHW buffers, and for the one of an ungrouped
    convolution's input gradient (the same loops over the spread output
    gradient, the weight read as [c, m, kh, kw] and the kernel walked
    backwards), emits an `scf.parallel` over
    (batch, output row) and, inside, tiles of output channels by one or two
    vectors of output columns. A tile's accumulators stay in vector registers
    over the whole reduction (input channel, kernel row, kernel column); each
    step adds a broadcast weight times the contiguous input segment under the
    tile (`vector.fma`); with width stride 2 the segment is the even lanes
    of two contiguous loads (`vector.shuffle`). Column tails use masked
    loads and stores, channel
    tails a smaller tile, so no part is left to the generic.

    For a filter that `dlc-pack-weights` stored output-channels-last
    ([c, kh, kw, m]; ungrouped, any strides), the vector runs across output
    channels instead: an `scf.parallel` over (batch, tile of up to two
    vectors of channels, tile of output positions, which may span rows),
    each step loading the tile's channels of one filter tap and adding them,
    times a broadcast input element, to each position's accumulators; these
    are gathered from and scattered to the output once per tile.

    A depthwise convolution (one input channel per group, width stride 1 or
    2, up to 7x7 taps) gets an `scf.parallel` over (batch, filter) instead,
    each unit keeping its broadcast taps in registers over tiles of up to
    four vectors of columns by rows. When its input is a zero-filled buffer
    into which the real input was copied (a bufferized `tensor.pad`), the
    taps read the real input, and the fill and copy go: border rows (up to
    8) are emitted at constant rows without the taps outside the image, and
    border column tiles (up to 8) load under constant masks.

    Fills and epilogues are taken over by every kernel but the
    channels-last one: the bias broadcast (or fill) before the convolution
    starts the accumulators, and an elementwise generic of arith ops (and
    `math.absf`) right after it is applied in registers before the one
    store.
  }];
  let options = [
    Option<"vectorWidth", "vector-width", "int64_t", /*default=*/"8",
           "float32 lanes of the target's vectors">,
    Option<"accumulators", "accumulators", "int64_t", /*default=*/"12",
           "Vector registers a tile may keep its sums in">
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect", "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect", "::mlir::vector::VectorDialect"];
}

def DlcVectorizePool : Pass<"dlc-vectorize-pool", "::mlir::func::FuncOp"> {
  let summary = "Replace float32 2-D max and average pools on buffers by vector kernels along output rows";
  let description = [{
    For the `linalg.generic` that PoolLowering builds for a 2-D float32 max
    pool or window sum (loops batch, channel, output row, output column,
    then the reductions kernel row and kernel column; the input already
    padded, a second operand giving the window its extent; the body
    `maximumf` or `addf` of the accumulator and the input) with a width
    stride of 1 or 2 and output rows wider than one column, emits an
    `scf.parallel` over (batch, channel, output row) and, inside, tiles of up
    to four vectors of consecutive output columns. Each tile's accumulators
    stay in vector registers over the window: each step combines them with
    the input segment under the tile (contiguous, or the even lanes of two
    loads with stride 2). The sums come in the generic's order, so results
    are bitwise those of the loops; the last columns are masked.
  }];
  let options = [
    Option<"vectorWidth", "vector-width", "int64_t", /*default=*/"8",
           "float32 lanes of the target's vectors">
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect", "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect", "::mlir::vector::VectorDialect"];
}

def DlcVectorizeConvGradWeight : Pass<"dlc-vectorize-conv-grad-weight", "::mlir::func::FuncOp"> {
  let summary = "Replace float32 2-D convolution filter gradients on buffers by vector reductions";
  let description = [{
    For the `linalg.generic` that ConvLowering builds for `dlc.conv_grad_weight`
    of a 2-D convolution (loops filter, channel, kernel row, kernel column,
    then the reductions batch, output row, output column; any groups, width
    stride 1 or 2, any height stride and dilation) on static float32 NCHW
    buffers, emits an `scf.parallel` over (channel, kernel row) and, inside,
    tiles of filters by kernel columns. A tile keeps one vector accumulator
    per (filter, kernel column) over the whole reduction: each step
    multiplies a vector of consecutive output-gradient columns of each filter
    by the input segment under it for each kernel column (`vector.fma`;
    width stride 2 deinterleaves two loads), so each load feeds a row or a
    column of the tile. The last columns of a row are masked. At the end each
    accumulator is summed across lanes into its weight's gradient.
  }];
  let options = [
    Option<"vectorWidth", "vector-width", "int64_t", /*default=*/"8",
           "float32 lanes of the target's vectors">,
    Option<"accumulators", "accumulators", "int64_t", /*default=*/"12",
           "Vector registers a tile may keep its sums in">
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect", "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect", "::mlir::vector::VectorDialect"];
}

def DlcVectorizeMatmul : Pass<"dlc-vectorize-matmul", "::mlir::func::FuncOp"> {
  let summary = "Replace float32 matmuls on buffers by packed, register-blocked vector code";
  let description = [{
    For `linalg.matmul`, `matmul_transpose_a`, `matmul_transpose_b` and
    `batch_matmul` on static float32 buffers (C rows contiguous), and for
    the `linalg.generic` of an [..., M, K] x [K, N] product whose B every
    outer index shares (a Linear layer on sequences; A and C contiguous, so
    their rows collapse into one matrix), emits the
    classic blocked GEMM: an `scf.parallel` over column panels of
    `2 * vector-width` columns (and batches); inside it, per block of
    `depth` steps of the reduction, the panel of B is packed into a stack
    buffer (any layout of B, transposed included), then for each tile of
    `rows` rows a microkernel keeps the `rows x 2 * vector-width` tile of C
    in vector registers, adding a broadcast element of A times a packed row
    per step (`vector.fma`). The last panel is masked (zeros packed past the
    last column) and the last rows form a smaller tile. Matmuls with fewer
    rows than a tile (`2 * vector-width` with a transposed B) are left
    alone: packing would cost more than the rows reuse.
  }];
  let options = [
    Option<"vectorWidth", "vector-width", "int64_t", /*default=*/"8",
           "float32 lanes of the target's vectors">,
    Option<"rows", "rows", "int64_t", /*default=*/"4", "Rows of C per microkernel">,
    Option<"depth", "depth", "int64_t", /*default=*/"256",
           "Reduction steps per packed panel">
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect", "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect", "::mlir::vector::VectorDialect"];
}

#endif // DLC_PASSES_CPU
