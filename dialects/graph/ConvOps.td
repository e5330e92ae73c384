//===- ConvOps.td - convolution -------------------------------------------===//
#ifndef DLC_GRAPH_CONV_OPS
#define DLC_GRAPH_CONV_OPS

include "dialects/graph/DlcBase.td"

// The element types ONNX Conv accepts.
def Dlc_ConvTensor : RankedTensorOf<[F16, F32, F64]>;

def Dlc_ConvOp : Dlc_PureOp<"conv"> {
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
                       DefaultValuedAttr<I64Attr, "1">:$group);
  let results = (outs Dlc_ConvTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

#endif // DLC_GRAPH_CONV_OPS
