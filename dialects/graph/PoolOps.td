//===- PoolOps.td - max, average and Lp pooling --------------------------===//
#ifndef DLC_GRAPH_POOL_OPS
#define DLC_GRAPH_POOL_OPS

include "dialects/graph/DlcBase.td"

// The element types ONNX (opset 17) accepts: MaxPool also pools int8/uint8.
def Dlc_MaxPoolTensor : RankedTensorOf<[F16, F32, F64, I8, UI8]>;
def Dlc_AveragePoolTensor : RankedTensorOf<[F16, F32, F64]>;
// Gradients flow through floats only.
def Dlc_PoolGradTensor : RankedTensorOf<[F16, F32, F64]>;

// The window a pool slides over the spatial dims of [N, C, D1..Dk]: one
// value per spatial axis (pads: begin values, then end values).
defvar Dlc_PoolWindowAttrs = (ins DenseI64ArrayAttr:$kernel_shape,
                                  DenseI64ArrayAttr:$strides,
                                  DenseI64ArrayAttr:$pads,
                                  DefaultValuedAttr<BoolAttr, "false">:$ceil_mode);

def Dlc_MaxPoolOp : Dlc_DifferentiableOp<"max_pool"> {
  let summary = "N-d max pooling (ONNX MaxPool)";
  let description = [{
    The largest element of each (dilated) window of `input` [N, C, D1..Dk]
    (k >= 1). Along spatial axis i the output has
    `(Di + pads[i] + pads[k+i] - dilations[i] * (kernel_shape[i] - 1) - 1) / strides[i] + 1`
    positions, the division rounding down, or up with `ceil_mode`; a window
    that `ceil_mode` adds must start inside the input or its begin padding
    (as ONNX Runtime and PyTorch define it). Padding never wins: it acts as
    the lowest value of the element type. A NaN makes its windows' maximum
    NaN. Each pad is smaller than the kernel, as ONNX Runtime requires.

    `pads` is always explicit: the importer resolves ONNX's `auto_pad`.
    `dlc.max_pool_with_indices` also returns where each maximum came from.

    ```mlir
    %y = dlc.max_pool %x {ceil_mode = true, dilations = array<i64: 1, 1>,
                          kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>,
                          strides = array<i64: 2, 2>}
        : tensor<1x16x32x32xf32> -> tensor<1x16x17x17xf32>
    ```
  }];
  let arguments = !con((ins Dlc_MaxPoolTensor:$input), Dlc_PoolWindowAttrs,
                       (ins DenseI64ArrayAttr:$dilations));
  let results = (outs Dlc_MaxPoolTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def Dlc_MaxPoolWithIndicesOp : Dlc_DifferentiableOp<"max_pool_with_indices"> {
  let summary = "N-d max pooling that also returns the argmax (ONNX MaxPool "
                "with its Indices output)";
  let description = [{
    `result` is what `dlc.max_pool` computes with the same attributes.
    `indices` holds, for each output element, the position of its maximum in
    `input` flattened as a whole (N and C included): row-major when
    `storage_order` is 0, and with the spatial dims in column-major order
    when it is 1, as ONNX defines. The first maximum in window order wins;
    a NaN wins over numbers. An op of its own, so that pools whose indices
    nobody reads never compute them.

    ```mlir
    %y, %i = dlc.max_pool_with_indices %x {dilations = array<i64: 1, 1>,
                                           kernel_shape = array<i64: 2, 2>,
                                           pads = array<i64: 0, 0, 0, 0>,
                                           storage_order = 1 : i64,
                                           strides = array<i64: 2, 2>}
        : tensor<1x1x5x5xf32> -> tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>
    ```
  }];
  let arguments = !con((ins Dlc_MaxPoolTensor:$input), Dlc_PoolWindowAttrs,
                       (ins DenseI64ArrayAttr:$dilations,
                            DefaultValuedAttr<I64Attr, "0">:$storage_order));
  let results = (outs Dlc_MaxPoolTensor:$result, Dlc_IntTensor:$indices);
  let assemblyFormat = [{
    $input attr-dict `:` type($input) `->` type($result) `,` type($indices)
  }];
}

def Dlc_AveragePoolOp : Dlc_DifferentiableOp<"average_pool"> {
  let summary = "N-d average pooling (ONNX AveragePool)";
  let description = [{
    The mean of each window of `input` [N, C, D1..Dk] (k >= 1), with the
    output shape of `dlc.max_pool` (no dilation). Padding reads as zero.
    With `count_include_pad` the divisor counts the window's elements inside
    the input and its explicit pads; without it, only those inside the
    input. Either way the part of a window that `ceil_mode` lets run past
    the end padding is not counted (ONNX Runtime and PyTorch semantics).

    ```mlir
    %y = dlc.average_pool %x {count_include_pad = true,
                              kernel_shape = array<i64: 3, 3>,
                              pads = array<i64: 1, 1, 1, 1>,
                              strides = array<i64: 1, 1>}
        : tensor<1x3x28x28xf32> -> tensor<1x3x28x28xf32>
    ```
  }];
  let arguments = !con((ins Dlc_AveragePoolTensor:$input), Dlc_PoolWindowAttrs,
                       (ins DefaultValuedAttr<BoolAttr, "false">:$count_include_pad));
  let results = (outs Dlc_AveragePoolTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def Dlc_GlobalAveragePoolOp : Dlc_DifferentiableOp<"global_average_pool"> {
  let summary = "mean over all spatial dims (ONNX GlobalAveragePool)";
  let description = [{
    The mean of `input` [N, C, D1..Dk] (k >= 1) over D1..Dk, keeping them as
    dims of size 1: the result is [N, C, 1, .., 1].

    ```mlir
    %y = dlc.global_average_pool %x : tensor<8x512x7x7xf32> -> tensor<8x512x1x1xf32>
    ```
  }];
  let arguments = (ins Dlc_AveragePoolTensor:$input);
  let results = (outs Dlc_AveragePoolTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def Dlc_LpPoolOp : Dlc_CompositeOp<"lp_pool"> {
  let summary = "N-d Lp pooling (ONNX LpPool, GlobalLpPool)";
  let description = [{
    `(sum |x|^p)^(1/p)` over each (dilated) window of `input` [N, C, D1..Dk]
    (k >= 1), `p` >= 1; padding adds nothing. The windows are max_pool's
    (`ceil_mode` included). Kept whole from import; `--dlc-decompose` makes
    it `|x|^p` (a product for p = 2), a depthwise convolution with a kernel
    of ones, and the p-th root (a square root for p = 2), and autodiff
    differentiates that.

    ```mlir
    %y = dlc.lp_pool %x {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>,
                         p = 3 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>}
        : tensor<1x16x32x32xf32> -> tensor<1x16x16x16xf32>
    ```
  }];
  let arguments = !con((ins Dlc_AveragePoolTensor:$input), Dlc_PoolWindowAttrs,
                       (ins DenseI64ArrayAttr:$dilations, DefaultValuedAttr<I64Attr, "2">:$p));
  let results = (outs Dlc_AveragePoolTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def Dlc_MaxPoolGradOp : Dlc_PureOp<"max_pool_grad"> {
  let summary = "gradient of dlc.max_pool with respect to its input";
  let description = [{
    Given `output_grad`, the gradient of the result of a `dlc.max_pool` of
    `input` with the same attributes, computes the gradient of `input`:
    each element of `output_grad` goes to the first maximum of its window
    (first in window order, row-major over the kernel offsets), summed
    where windows overlap, as PyTorch's MaxPool backward does. Padding never
    wins; a NaN takes over from numbers, as in `dlc.max_pool_with_indices`.
    `output_grad` must have the shape of the pool's result.

    ```mlir
    %dx = dlc.max_pool_grad %dy, %x {dilations = array<i64: 1, 1>,
                                     kernel_shape = array<i64: 3, 3>,
                                     pads = array<i64: 1, 1, 1, 1>,
                                     strides = array<i64: 2, 2>}
        : (tensor<1x16x16x16xf32>, tensor<1x16x32x32xf32>) -> tensor<1x16x32x32xf32>
    ```
  }];
  let arguments = !con((ins Dlc_PoolGradTensor:$output_grad,
                            Dlc_PoolGradTensor:$input),
                       Dlc_PoolWindowAttrs, (ins DenseI64ArrayAttr:$dilations));
  let results = (outs Dlc_PoolGradTensor:$result);
  let assemblyFormat = [{
    $output_grad `,` $input attr-dict `:` functional-type(operands, results)
  }];
}

def Dlc_AveragePoolGradOp : Dlc_PureOp<"average_pool_grad"> {
  let summary = "gradient of dlc.average_pool with respect to its input";
  let description = [{
    Given `output_grad`, the gradient of the result of a `dlc.average_pool`
    with the same attributes of an input of shape `input_shape`, computes
    the gradient of that input: each element of `output_grad`, divided by
    the count that the pool divides its window's sum by, goes to each
    element of the window that lies inside the input, summed where windows
    overlap. `output_grad` must have the shape of the pool's result.
    `dlc.global_average_pool`'s gradient is this op with one window over
    all spatial dims.

    ```mlir
    %dx = dlc.average_pool_grad %dy {count_include_pad = true,
                                     input_shape = array<i64: 1, 3, 28, 28>,
                                     kernel_shape = array<i64: 3, 3>,
                                     pads = array<i64: 1, 1, 1, 1>,
                                     strides = array<i64: 1, 1>}
        : tensor<1x3x28x28xf32> -> tensor<1x3x28x28xf32>
    ```
  }];
  let arguments = !con((ins Dlc_PoolGradTensor:$output_grad), Dlc_PoolWindowAttrs,
                       (ins DefaultValuedAttr<BoolAttr, "false">:$count_include_pad,
                            DenseI64ArrayAttr:$input_shape));
  let results = (outs Dlc_PoolGradTensor:$result);
  let assemblyFormat = "$output_grad attr-dict `:` type($output_grad) `->` type($result)";
}

#endif // DLC_GRAPH_POOL_OPS
