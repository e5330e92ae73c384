//===- ConvOps.td - convolution -------------------------------------------===//
#ifndef DLC_GRAPH_CONV_OPS
#define DLC_GRAPH_CONV_OPS

include "dialects/graph/DlcBase.td"

// The element types ONNX Conv accepts.
def Dlc_ConvTensor : RankedTensorOf<[F16, F32, F64]>;

def Dlc_ConvOp : Dlc_DifferentiableOp<"conv"> {
  let summary = "N-d grouped convolution (ONNX Conv)";
  let description = [{
    Convolves `input` [N, C, D1..Dk] (k = 1, 2 or 3) with `weight`
    [M, C/group, K1..Kk], adding the optional `bias` [M] to every output
    position. Output channel m sees the input channels of its group,
    m / (M/group). Along spatial axis i the output has
    `(Di + pads[i] + pads[k+i] - dilations[i] * (Ki - 1) - 1) / strides[i] + 1`
    positions.

    `pads` is always explicit ([begin..., end...], zero padding): the
    importer resolves ONNX's `auto_pad` (SAME_UPPER, SAME_LOWER, VALID)
    into it, and checks `kernel_shape` against the weight.

    With `filter_channels_last` the weight is stored [C/group, K1..Kk, M]
    instead: the same filter with the output channels innermost, so that a
    CPU kernel can load a vector of output channels per step. Only
    `--dlc-pack-weights` sets it, on constant weights, at compile time;
    such a conv has no gradient (its weight is not trained).

    ```mlir
    %y = dlc.conv %x, %w, %b {dilations = array<i64: 1, 1>, group = 1 : i64,
                             pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
        : (tensor<1x3x32x32xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<1x16x16x16xf32>
    ```
  }];
  let arguments = (ins Dlc_ConvTensor:$input, Dlc_ConvTensor:$weight,
                       Optional<Dlc_ConvTensor>:$bias,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$dilations,
                       DenseI64ArrayAttr:$pads,
                       DefaultValuedAttr<I64Attr, "1">:$group,
                       UnitAttr:$filter_channels_last);
  let results = (outs Dlc_ConvTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let extraClassDeclaration = [{
    /// The weight's shape in the default layout, [M, C/group, K1..Kk].
    ::llvm::SmallVector<int64_t> getFilterShape();
  }];
}

// Also ONNX ConvTranspose, which is this op with the ConvTranspose's input as
// `output_grad`; being linear in both operands and conv's adjoint, its
// gradients are a conv and a conv_grad_weight.
def Dlc_ConvGradInputOp : Dlc_DifferentiableOp<"conv_grad_input"> {
  let summary = "gradient of dlc.conv with respect to its input";
  let description = [{
    Given `output_grad`, the gradient of a `dlc.conv` result, and that conv's
    `weight` [M, C/group, K1..Kk], computes the gradient of its input, of
    shape `input_shape` [N, C, D1..Dk]: a transposed convolution,

      dx[n, c, i] = sum of output_grad[n, m, o] * weight[m, c mod (C/group), k]
                    over the m of c's group and the (o, k) with
                    o * strides + k * dilations = i + pads (begin)

    with i, o and k positions along all spatial axes. `strides`,
    `dilations`, `pads` and `group` are the conv's. `input_shape` is needed
    because with strides several input sizes give the same output size;
    `output_grad` must have the shape the conv gives for it.

    ```mlir
    %dx = dlc.conv_grad_input %dy, %w {dilations = array<i64: 1, 1>, group = 1 : i64,
                                       input_shape = array<i64: 1, 3, 8, 8>,
                                       pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
        : (tensor<1x16x4x4xf32>, tensor<16x3x3x3xf32>) -> tensor<1x3x8x8xf32>
    ```
  }];
  let arguments = (ins Dlc_ConvTensor:$output_grad, Dlc_ConvTensor:$weight,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$dilations,
                       DenseI64ArrayAttr:$pads,
                       DefaultValuedAttr<I64Attr, "1">:$group,
                       DenseI64ArrayAttr:$input_shape);
  let results = (outs Dlc_ConvTensor:$result);
  let assemblyFormat = [{
    $output_grad `,` $weight attr-dict `:` functional-type(operands, results)
  }];
}

def Dlc_ConvGradWeightOp : Dlc_PureOp<"conv_grad_weight"> {
  let summary = "gradient of dlc.conv with respect to its weight";
  let description = [{
    Given a `dlc.conv`'s `input` [N, C, D1..Dk] and `output_grad`
    [N, M, O1..Ok], the gradient of its result, computes the gradient of its
    weight [M, C/group, K1..Kk] (K from `kernel_shape`):

      dw[m, c, k] = sum over n, o of output_grad[n, m, o]
                    * padded_input[n, g * (C/group) + c, o * strides + k * dilations]

    where g = m / (M/group) is m's group and the input is zero-padded by
    `pads`. `strides`, `dilations`, `pads` and `group` are the conv's;
    `output_grad` must have the shape the conv gives.

    ```mlir
    %dw = dlc.conv_grad_weight %x, %dy {dilations = array<i64: 1, 1>, group = 1 : i64,
                                        kernel_shape = array<i64: 3, 3>,
                                        pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
        : (tensor<1x3x8x8xf32>, tensor<1x16x4x4xf32>) -> tensor<16x3x3x3xf32>
    ```
  }];
  let arguments = (ins Dlc_ConvTensor:$input, Dlc_ConvTensor:$output_grad,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$dilations,
                       DenseI64ArrayAttr:$pads,
                       DefaultValuedAttr<I64Attr, "1">:$group,
                       DenseI64ArrayAttr:$kernel_shape);
  let results = (outs Dlc_ConvTensor:$result);
  let assemblyFormat = [{
    $input `,` $output_grad attr-dict `:` functional-type(operands, results)
  }];
}

#endif // DLC_GRAPH_CONV_OPS
