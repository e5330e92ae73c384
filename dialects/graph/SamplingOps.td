//===- SamplingOps.td - sampling at computed positions: GridSample --------===//
#ifndef DLC_GRAPH_SAMPLING_OPS
#define DLC_GRAPH_SAMPLING_OPS

include "dialects/graph/DlcBase.td"

def Dlc_GridSampleOp : Dlc_CompositeOp<"grid_sample"> {
  let summary = "input sampled at the positions of a grid (ONNX GridSample, 2-D)";
  let description = [{
    For `input` [N, C, H, W] and `grid` [N, Ho, Wo, 2] of (x, y) positions
    normalized to [-1, 1] (the centers of the corner pixels with
    `align_corners`, their outer edges without), the result [N, C, Ho, Wo]
    holds `input` sampled there: `bilinear`ly from the 4 nearest pixels,
    at the `nearest` one (halves rounding to even), or `bicubic`ally from
    16 (cubic convolution, A = -0.75). Positions outside the image read
    `zeros`, the `border` pixels, or the image's `reflection` about its
    border. Kept whole from import; `--dlc-decompose` makes it gathers of
    the flattened image at computed indices, weighted and summed, and
    autodiff differentiates that: the input takes the weighted gradients of
    its taps, the grid the slopes of the interpolation (none for
    `nearest`).

    ```mlir
    %y = dlc.grid_sample %x, %g {mode = "bilinear", padding_mode = "border"}
        : (tensor<1x3x8x8xf32>, tensor<1x4x4x2xf32>) -> tensor<1x3x4x4xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input, Dlc_FloatTensor:$grid,
                       DefaultValuedAttr<BoolAttr, "false">:$align_corners,
                       DefaultValuedAttr<StrAttr, "\"bilinear\"">:$mode,
                       DefaultValuedAttr<StrAttr, "\"zeros\"">:$padding_mode);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = "$input `,` $grid attr-dict `:` functional-type(operands, results)";
}

#endif // DLC_GRAPH_SAMPLING_OPS
