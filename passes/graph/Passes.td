//===- Passes.td - graph-level rewrites before kernel formation -----------===//
#ifndef DLC_PASSES_GRAPH
#define DLC_PASSES_GRAPH

include "mlir/Pass/PassBase.td"

def DlcDecompose : Pass<"dlc-decompose", "::mlir::ModuleOp"> {
  let summary = "Replace composed ops (batch norm, dropout) by smaller dlc ops";
  let description = [{
    Ops that implement `DecomposableOpInterface` stay whole through import
    and autodiff; this pass, early in every backend's pipeline, builds
    each of them from smaller graph ops that kernel formation can fuse:
    inference batch norm becomes a per-channel affine epilogue of the op
    that feeds it, training batch norm its batch statistics and running
    statistics, dropout its input or a `dlc.random_uniform` mask.

    ```mlir
    %y = dlc.dropout %x {ratio = 5.0e-01 : f32} : tensor<4x8xf32>
    ```
    becomes `%x`.

    `dlc.layer_norm` stays whole: it lowers to one kernel that computes
    each row's moments and normalizes it, where its smaller ops would take
    a kernel for the deviations and another for the variance. Autodiff
    still builds it from smaller ops to differentiate it; `all` does so
    here too.
  }];
  let options = [
    Option<"all", "all", "bool", /*default=*/"false",
           "Also decompose the ops that lower whole (dlc.layer_norm)">
  ];
}

def DlcFoldBatchNorm : Pass<"dlc-fold-batch-norm", "::mlir::ModuleOp"> {
  let summary = "Fold inference batch norm into the convolution before it";
  let description = [{
    A `dlc.batch_norm` whose input is a `dlc.conv` used by nothing else is
    an affine map per output channel, `y = conv(x) * s + t` with
    `s = scale / sqrt(var + epsilon)` and `t = bias - mean * s`; when the
    filter, the conv's bias and the four statistics are float32 params that
    no entry updates, the map is applied to the weights once, at compile
    time: the conv gets the filter scaled by `s` along its output channels
    (`<weight>.bn_folded`) and the bias `conv_bias * s + t`
    (`<bn bias>.bn_folded`), and the batch norm disappears. Classic model
    files (the ONNX model zoo's CNNs) keep their batch norms; PyTorch's
    exporter folds them itself.

    Batch norms that training updates (running statistics, trainable scale)
    stay, as do those after other ops: they become an epilogue fused into
    their producer's kernel.

    ```mlir
    %y = dlc.conv %x, %w, %b {...}
    %z = dlc.batch_norm %y, %scale, %bias, %mean, %var {epsilon = 1.0e-05 : f32}
    ```
    becomes `%z = dlc.conv %x, %w_folded, %b_folded {...}`.
  }];
}

#endif // DLC_PASSES_GRAPH
