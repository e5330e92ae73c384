//===- NormalizationOps.td - batch normalization, dropout, randomness -----===//
#ifndef DLC_GRAPH_NORMALIZATION_OPS
#define DLC_GRAPH_NORMALIZATION_OPS

include "dialects/graph/DlcBase.td"

// Ops that stay whole through autodiff (a compact gradient, the training
// pipeline can tell them apart) and become smaller ops in --dlc-decompose.
class Dlc_ComposedOp<string mnemonic, list<Trait> traits = []>
    : Dlc_DifferentiableOp<mnemonic, !listconcat(traits, [
        DeclareOpInterfaceMethods<Dlc_DecomposableOpInterface>])>;

def Dlc_BatchNormOp : Dlc_ComposedOp<"batch_norm"> {
  let summary = "batch normalization with given statistics (ONNX BatchNormalization)";
  let description = [{
    `(x - mean) / sqrt(var + epsilon) * scale + bias` over `x` [N, C, d...]
    with each [C] operand applied along dim 1: inference mode, where `mean`
    and `var` are the running statistics. The training pipeline replaces it
    by `dlc.batch_norm_training` in `train_step`.

    ```mlir
    %y = dlc.batch_norm %x, %scale, %bias, %mean, %var {epsilon = 1.0e-05 : f32}
        : (tensor<4x6x8x8xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>)
        -> tensor<4x6x8x8xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input, Dlc_FloatTensor:$scale,
                       Dlc_FloatTensor:$bias, Dlc_FloatTensor:$mean,
                       Dlc_FloatTensor:$var,
                       DefaultValuedAttr<F32Attr, "1e-5f">:$epsilon,
                       DefaultValuedAttr<F32Attr, "0.9f">:$momentum);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
}

def Dlc_BatchNormTrainingOp : Dlc_ComposedOp<"batch_norm_training"> {
  let summary = "batch normalization with the batch's statistics (training mode)";
  let description = [{
    Normalizes `x` [N, C, d...] with the mean and biased variance of each
    channel over the batch (dims 0, 2, ...), then scales and shifts it like
    `dlc.batch_norm`. Also returns the running statistics after this batch:
    `running * momentum + batch * (1 - momentum)`, where the batch variance
    is the biased one (ONNX's `training_mode`), or, with
    `unbiased_running_var`, the unbiased one (PyTorch's `BatchNorm`, whose
    momentum is one minus this one).

    ```mlir
    %y, %new_mean, %new_var = dlc.batch_norm_training %x, %scale, %bias, %mean, %var
        {epsilon = 1.0e-05 : f32, momentum = 0.9 : f32}
        : (tensor<4x6x8x8xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>)
        -> (tensor<4x6x8x8xf32>, tensor<6xf32>, tensor<6xf32>)
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input, Dlc_FloatTensor:$scale,
                       Dlc_FloatTensor:$bias, Dlc_FloatTensor:$running_mean,
                       Dlc_FloatTensor:$running_var,
                       DefaultValuedAttr<F32Attr, "1e-5f">:$epsilon,
                       DefaultValuedAttr<F32Attr, "0.9f">:$momentum,
                       DefaultValuedAttr<BoolAttr, "false">:$unbiased_running_var);
  let results = (outs Dlc_FloatTensor:$result, Dlc_FloatTensor:$new_running_mean,
                      Dlc_FloatTensor:$new_running_var);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
}

def Dlc_DropoutOp : Dlc_ComposedOp<"dropout"> {
  let summary = "dropout at inference: the input, unchanged (ONNX Dropout)";
  let description = [{
    Passes `x` through; `ratio` is the probability with which
    `dlc.dropout_training` (what the training pipeline puts in its place in
    `train_step`) zeroes an element. `seed` is the ONNX node's, if it gave
    one.

    ```mlir
    %y = dlc.dropout %x {ratio = 5.0e-01 : f32} : tensor<4x120xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input,
                       DefaultValuedAttr<F32Attr, "0.5f">:$ratio,
                       OptionalAttr<I64Attr>:$seed);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def Dlc_DropoutTrainingOp : Dlc_ComposedOp<"dropout_training"> {
  let summary = "dropout with a seeded random mask (training mode)";
  let description = [{
    Zeroes each element of `x` with probability `ratio` and scales the rest
    by `1 / (1 - ratio)`; `mask` (i1) marks the kept elements. The mask is
    `dlc.random_uniform` with `seed` and `counter` compared with `ratio`: a
    function of (seed, counter, position) only, so a step repeats exactly
    and each counter value draws a fresh mask.

    ```mlir
    %y, %mask = dlc.dropout_training %x, %counter {ratio = 5.0e-01 : f32, seed = 7 : i64}
        : (tensor<4x120xf32>, tensor<i64>) -> (tensor<4x120xf32>, tensor<4x120xi1>)
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input, Dlc_IntTensor:$counter,
                       DefaultValuedAttr<F32Attr, "0.5f">:$ratio, I64Attr:$seed);
  let results = (outs Dlc_FloatTensor:$result, TensorOf<[I1]>:$mask);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
}

def Dlc_RandomUniformOp : Dlc_PureOp<"random_uniform"> {
  let summary = "counter-based uniform random numbers in [0, 1)";
  let description = [{
    A tensor of `shape` and element type `dtype` whose element `i`
    (row-major position) is a hash of (`seed`, `counter`, `i`) mapped to
    [0, 1) with 24 random bits: no generator state, so any element can be
    computed alone, in any order, on any backend, and the same operands give
    the same numbers. It has no gradient: nothing flows back into a seed or
    a counter.

    ```mlir
    %u = dlc.random_uniform %counter {dtype = f32, seed = 7 : i64, shape = array<i64: 4, 120>}
        : (tensor<i64>) -> tensor<4x120xf32>
    ```
  }];
  let arguments = (ins Dlc_IntTensor:$counter, I64Attr:$seed,
                       DenseI64ArrayAttr:$shape, TypeAttr:$dtype);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = "$counter attr-dict `:` functional-type(operands, results)";
  let extraClassDeclaration = [{
    /// splitmix64's finalizer (constants below): a bijection of 64-bit
    /// integers whose outputs look random even for consecutive inputs.
    static constexpr uint64_t kMixIncrement = 0x9E3779B97F4A7C15ull;
    static constexpr uint64_t kMixMultiplier1 = 0xBF58476D1CE4E5B9ull;
    static constexpr uint64_t kMixMultiplier2 = 0x94D049BB133111EBull;
    static constexpr unsigned kMixShifts[3] = {30, 27, 31};
    static uint64_t mix(uint64_t z);
    /// Element `index`'s value: mix(mix(seed ^ mix(counter)) + index), its
    /// top 24 bits scaled by 2^-24. Lowerings compute exactly this.
    static double sample(uint64_t seed, uint64_t counter, uint64_t index);
  }];
}

#endif // DLC_GRAPH_NORMALIZATION_OPS
