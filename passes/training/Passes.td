//===- Passes.td - training: losses, autodiff, optimizer updates ----------===//
#ifndef DLC_PASSES_TRAINING
#define DLC_PASSES_TRAINING

include "mlir/Pass/PassBase.td"

def DlcBuildTrainingEntries : Pass<"dlc-build-training-entries", "::mlir::ModuleOp"> {
  let summary = "Add train_step and eval entries that compute a loss on run's output";
  let description = [{
    Clones the inference entry `run` into two more entries that take one
    more argument, `labels`, after the model's inputs:

    - `train_step(inputs..., labels) -> loss`, the loss result marked
      `dlc.loss` for `--dlc-autodiff`;
    - `eval(inputs..., labels) -> (loss, correct)`, where `correct` (i64)
      counts the positions whose arg-max class along dim 1 of the output
      is the label (for `mse`, the arg-max of the target).

    The loss is taken on run's first output, `[N, C]` or `[N, C, d1..dk]`:
    `cross_entropy` (log-softmax over dim 1, then the NLL of class indices
    `labels` [N, d1..dk] i64; with `label-smoothing` and `class-weights` as
    PyTorch's `CrossEntropyLoss` defines them), `nll` (the output already
    holds log-probabilities), or `mse` (`labels` shaped like the output).
    Every loss is the mean over the batch, as PyTorch's default.

    `train_step` runs the model in training mode, as PyTorch's
    `model.train()`: `dlc.batch_norm` becomes `dlc.batch_norm_training`
    (batch statistics; the new running mean and variance are results marked
    `dlc.update` with their params' names) and `dlc.dropout` becomes
    `dlc.dropout_training`, whose masks depend on `seed`, the op, and the
    param `dropout.step`, which train_step increments. `eval` and `run`
    stay in inference mode.

    `func.func @run(%x) -> tensor<4x10xf32>` gains
    `func.func @train_step(%x, %labels: tensor<4xi64>) -> (tensor<f32> {dlc.loss, dlc.name = "loss"})`.
  }];
  let options = [
    Option<"loss", "loss", "std::string", "\"cross_entropy\"",
           "cross_entropy, nll or mse">,
    Option<"labelSmoothing", "label-smoothing", "double", "0.0",
           "cross_entropy: the weight of the uniform target, in [0, 1]">,
    ListOption<"classWeights", "class-weights", "double",
               "cross_entropy and nll: one weight per class">,
    Option<"seed", "seed", "uint64_t", "0",
           "dropout masks: the seed of nodes that give none">,
  ];
}

def DlcBuildSaliencyEntry : Pass<"dlc-build-saliency-entry", "::mlir::ModuleOp"> {
  let summary = "Add a saliency entry: the top class's gradient w.r.t. the input";
  let description = [{
    Clones the inference entry `run` into `saliency(inputs...) -> gradient`:
    the gradient, with respect to run's first input, of the sum over the
    batch of each sample's largest score in run's first output (its top
    class), as a result marked `dlc.name = "saliency"`. Runs
    `--dlc-autodiff` on it: a heat map of which input elements move the
    prediction most (`dlc-run --saliency`).
  }];
}

def DlcAutodiff : Pass<"dlc-autodiff", "::mlir::ModuleOp"> {
  let summary = "Reverse-mode differentiation of a loss with respect to the params";
  let description = [{
    In every function with a result marked `dlc.loss` (a scalar), builds the
    gradient of that loss with respect to each trainable `dlc.param` (float,
    not a `dlc.running_statistic`, and not matched by `freeze`) and each argument marked `dlc.wrt`, and
    returns them as extra results marked `dlc.gradient_of = "name"` (params)
    or `dlc.gradient_of_arg = index` (arguments). The loss loses its
    `dlc.loss` mark, so a second run differentiates nothing twice.

    The sweep visits, in reverse order, only the ops on a path from a
    trainable value to the loss; each builds its operands' gradients through
    `GradientOpInterface`, fan-out accumulates with `dlc.add`, broadcasting
    ops reduce back to their operands' shapes, integer and boolean values
    take none. An op on such a path without a gradient is an error at its
    location (the ONNX node). Gradients that no trainable value needs (the
    input gradient of the first layer, or anything below frozen layers) are
    never kept: the backward graph is pruned to what the params need.

    ```mlir
    func.func @f(%x: tensor<2xf32>) -> (tensor<f32> {dlc.loss}) {
      %w = dlc.param "w" {...} : tensor<2xf32>
      %y = dlc.mul %x, %w : ...
      %l = dlc.reduce_sum %y {axes = array<i64: 0>, keepdims = false} : ...
      return %l
    }
    ```
    returns `%l` and `dlc.reshape` of `%x` broadcast back to `w`'s shape,
    marked `dlc.gradient_of = "w"`.
  }];
  let options = [
    Option<"freeze", "freeze", "std::string", "\"\"",
           "params whose names match this regular expression (POSIX "
           "extended, matched anywhere) stay fixed">,
  ];
}

def DlcApplyOptimizer : Pass<"dlc-apply-optimizer", "::mlir::ModuleOp"> {
  let summary = "Turn parameter gradients into optimizer updates";
  let description = [{
    Replaces every result marked `dlc.gradient_of = "name"` by the param's
    new value after one step of `optimizer` (dlc-train's spelling, e.g.
    `sgd:lr=0.001,momentum=0.9`; update rules as PyTorch's torch.optim
    defines them), marked `dlc.update = "name"`, and appends the new value of
    each piece of optimizer state it keeps: `name.momentum_buffer`,
    `name.exp_avg`, `name.exp_avg_sq`, `name.square_avg`, `name.grad_avg`,
    `name.sum`, and `optimizer.step`. The state starts as params holding
    zeros (Adagrad's sum: its initial accumulator value). The learning rate
    is the param `optimizer.lr`, so a schedule changes it without
    recompiling.

    With `sgd:lr=0.1`, the result `%g {dlc.gradient_of = "w"}` becomes
    `dlc.sub %w, (dlc.mul %lr, %g)` marked `dlc.update = "w"`.
  }];
  let options = [
    Option<"optimizer", "optimizer", "std::string", "\"sgd:lr=0.01\"",
           "NAME:key=value,... as dlc-train's --optimizer">,
  ];
}

#endif // DLC_PASSES_TRAINING
