//===- NormalizationOps.td - normalizations, dropout, randomness ---------===//
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

def Dlc_LayerNormOp : Dlc_CompositeOp<"layer_norm"> {
  let summary = "normalization over the trailing dims (ONNX LayerNormalization)";
  let description = [{
    Normalizes `x` over its dims from `axis` (in [-rank, rank)) on: with
    `mean` and the biased variance `var` of each such slice,
    `(x - mean) / sqrt(var + epsilon) * scale + bias`, where `scale` and the
    optional `bias` broadcast onto those trailing dims. Also returns `mean`
    and `1 / sqrt(var + epsilon)`, shaped like `x` with the normalized dims
    as 1. Arithmetic is in the element type of `x`.

    ```mlir
    %y, %mean, %inv = dlc.layer_norm %x, %scale, %bias {axis = -1 : i64}
        : (tensor<2x5x8xf32>, tensor<8xf32>, tensor<8xf32>)
        -> (tensor<2x5x8xf32>, tensor<2x5x1xf32>, tensor<2x5x1xf32>)
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input, Dlc_FloatTensor:$scale,
                       Optional<Dlc_FloatTensor>:$bias,
                       DefaultValuedAttr<I64Attr, "-1">:$axis,
                       DefaultValuedAttr<F32Attr, "1e-5f">:$epsilon);
  let results = (outs Dlc_FloatTensor:$result, Dlc_FloatTensor:$mean,
                      Dlc_FloatTensor:$inv_std_dev);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
  let extraClassDeclaration = [{
    /// `axis` in [0, rank).
    int64_t getNormalizedAxis();
  }];
}

def Dlc_GroupNormOp : Dlc_CompositeOp<"group_norm"> {
  let summary = "normalization over groups of channels (ONNX GroupNormalization, InstanceNormalization)";
  let description = [{
    Splits the C channels of `x` [N, C, d...] into `num_groups` groups of
    consecutive channels and normalizes each (sample, group) over its
    channels and spatial dims with the biased variance, then applies
    `scale` and `bias` [C] per channel:
    `(x - mean) / sqrt(var + epsilon) * scale + bias`. With one group per
    channel it is ONNX's InstanceNormalization.

    ```mlir
    %y = dlc.group_norm %x, %scale, %bias {num_groups = 2 : i64}
        : (tensor<2x6x4x4xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<2x6x4x4xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input, Dlc_FloatTensor:$scale,
                       Dlc_FloatTensor:$bias, I64Attr:$num_groups,
                       DefaultValuedAttr<F32Attr, "1e-5f">:$epsilon);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
}

def Dlc_LrnOp : Dlc_CompositeOp<"lrn"> {
  let summary = "local response normalization across channels (ONNX LRN)";
  let description = [{
    For `x` [N, C, d...], each element divided by
    `(bias + alpha / size * sum)^beta`, where `sum` adds the squares of the
    elements at the same position in channels
    `c - floor((size - 1) / 2)` to `c + ceil((size - 1) / 2)` (those that
    exist).

    ```mlir
    %y = dlc.lrn %x {size = 3 : i64, alpha = 2.0e-04 : f32} : tensor<1x8x5x5xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input, I64Attr:$size,
                       DefaultValuedAttr<F32Attr, "1e-4f">:$alpha,
                       DefaultValuedAttr<F32Attr, "0.75f">:$beta,
                       DefaultValuedAttr<F32Attr, "1.0f">:$bias);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def Dlc_MeanVarianceNormOp : Dlc_CompositeOp<"mean_variance_norm"> {
  let summary = "zero mean, unit variance over some axes (ONNX MeanVarianceNormalization)";
  let description = [{
    `(x - mean) / (sqrt(var) + 1e-9)` with the mean and biased variance of
    `x` over `axes` (each in [-rank, rank), distinct), ONNX's definition.

    ```mlir
    %y = dlc.mean_variance_norm %x {axes = array<i64: 0, 2, 3>} : tensor<2x3x4x4xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{0, 2, 3}">:$axes);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

#endif // DLC_GRAPH_NORMALIZATION_OPS
