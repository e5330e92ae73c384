//===- LayoutOps.td - padding ---------------------------------------------===//
#ifndef DLC_GRAPH_LAYOUT_OPS
#define DLC_GRAPH_LAYOUT_OPS

include "dialects/graph/DlcBase.td"

def Dlc_PadOp : Dlc_CompositeOp<"pad"> {
  let summary = "the input grown or cropped at the ends of each dim (ONNX Pad)";
  let description = [{
    `pads` holds, as in ONNX, the count to add at the beginning of every dim
    and then at the end of every dim. Negative counts crop the input first;
    the positive ones then extend what is left by `mode`:
    - "constant": `constant_value` (converted to the element type);
    - "reflect": the elements next to the edge, mirrored without repeating
      the edge (at most size - 1 of them);
    - "edge": copies of the edge element;
    - "wrap": the elements from the other end (at most size of them).

    ```mlir
    %y = dlc.pad %x {pads = array<i64: 0, 1, 0, 2>, mode = "reflect"}
        : tensor<2x4xf32> -> tensor<2x7xf32>
    ```
  }];
  let arguments = (ins Dlc_Tensor:$input, DenseI64ArrayAttr:$pads,
                       DefaultValuedAttr<StrAttr, "\"constant\"">:$mode,
                       DefaultValuedAttr<F64Attr, "0.0">:$constant_value);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

#endif // DLC_GRAPH_LAYOUT_OPS
