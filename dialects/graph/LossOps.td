//===- LossOps.td - log-probabilities and losses --------------------------===//
#ifndef DLC_GRAPH_LOSS_OPS
#define DLC_GRAPH_LOSS_OPS

include "dialects/graph/DlcBase.td"

def Dlc_LossTensor : RankedTensorOf<[F16, BF16, F32, F64]>;
def Dlc_TargetTensor : RankedTensorOf<[I32, I64]>;

// How a loss over [N, d1..dk] positions is reduced (ONNX's `reduction`).
def Dlc_ReductionKindAttr : DefaultValuedAttr<StrAttr, "\"mean\"">;

def Dlc_LogSoftmaxOp : Dlc_DifferentiableOp<"log_softmax"> {
  let summary = "log of the normalized exponentials along one axis (ONNX LogSoftmax)";
  let description = [{
    `x - max(x) - log(sum(exp(x - max(x))))` along `axis` (in [-rank, rank),
    the last by default), computed without forming `softmax` first, so that
    large logits neither overflow nor lose the small probabilities a loss
    needs.

    ```mlir
    %y = dlc.log_softmax %x {axis = 1 : i64} : tensor<4x10xf32>
    ```
  }];
  let arguments = (ins Dlc_LossTensor:$input,
                       DefaultValuedAttr<I64Attr, "-1">:$axis);
  let results = (outs Dlc_LossTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let extraClassDeclaration = [{
    /// `axis` in [0, rank).
    int64_t getNormalizedAxis();
  }];
}

def Dlc_NllLossOp : Dlc_DifferentiableOp<"nll_loss"> {
  let summary = "negative log-likelihood of class indices (ONNX NegativeLogLikelihoodLoss)";
  let description = [{
    `input` holds log-probabilities [N, C] or [N, C, d1..dk], `target` the
    class index of each position [N] or [N, d1..dk]. The loss of a position
    is `-input[n, target, d] * weight[target]` (weight 1 without `weight`
    [C]); positions whose target is `ignore_index` count nothing. With
    `reduction` "none" the result holds the losses [N, d1..dk]; "sum" adds
    them; "mean" divides that sum by the sum of the weights of the counted
    positions, as ONNX and PyTorch define. A target outside [0, C) that is
    not ignored reads class 0 (never out of bounds).

    ```mlir
    %l = dlc.nll_loss %logp, %t {reduction = "mean"}
        : (tensor<4x10xf32>, tensor<4xi64>) -> tensor<f32>
    ```
  }];
  let arguments = (ins Dlc_LossTensor:$input, Dlc_TargetTensor:$target,
                       Optional<Dlc_LossTensor>:$weight,
                       Dlc_ReductionKindAttr:$reduction,
                       OptionalAttr<I64Attr>:$ignore_index);
  let results = (outs Dlc_LossTensor:$result);
  let assemblyFormat = [{
    $input `,` $target (`,` $weight^)? attr-dict `:` functional-type(operands, results)
  }];
}

def Dlc_NllLossGradOp : Dlc_PureOp<"nll_loss_grad"> {
  let summary = "the gradient of dlc.nll_loss with respect to its input";
  let description = [{
    For `dlc.nll_loss` with the same `target`, `weight` and attributes,
    given `grad` (the gradient of its result: a scalar for "sum" and "mean",
    [N, d1..dk] for "none"), the gradient with respect to its input
    [N, C, d1..dk] (C is `num_classes`): `-weight[t] * g` at the target
    class of each counted position (g divided by the weight sum for "mean")
    and zero elsewhere. It has no gradient of its own: losses are
    differentiated once.

    ```mlir
    %g = dlc.nll_loss_grad %dl, %t {num_classes = 10 : i64, reduction = "mean"}
        : (tensor<f32>, tensor<4xi64>) -> tensor<4x10xf32>
    ```
  }];
  let arguments = (ins Dlc_LossTensor:$grad, Dlc_TargetTensor:$target,
                       Optional<Dlc_LossTensor>:$weight, I64Attr:$num_classes,
                       Dlc_ReductionKindAttr:$reduction,
                       OptionalAttr<I64Attr>:$ignore_index);
  let results = (outs Dlc_LossTensor:$result);
  let assemblyFormat = [{
    $grad `,` $target (`,` $weight^)? attr-dict `:` functional-type(operands, results)
  }];
}

#endif // DLC_GRAPH_LOSS_OPS
