//===- ScanOps.td - running sums, triangles, top-k and one-hot ------------===//
// Ops whose elements depend on their position along a dim: a prefix sum, a
// mask by row and column, a selection by rank, a position compared with an
// index.
#ifndef DLC_GRAPH_SCAN_OPS
#define DLC_GRAPH_SCAN_OPS

include "dialects/graph/DlcBase.td"
// Dlc_ReductionTensor: the numeric tensors.
include "dialects/graph/ReductionOps.td"

def Dlc_CumSumOp : Dlc_DifferentiableOp<"cum_sum"> {
  let summary = "running sums along one axis (ONNX CumSum)";
  let description = [{
    Element `i` along `axis` (in [-rank, rank)) is the sum of the input's
    elements `0..i`; with `exclusive` element `i` itself is left out, with
    `reverse` the sum runs from the end. ONNX's axis input is read by the
    importer. Integer sums wrap around.

    ```mlir
    %y = dlc.cum_sum %x {axis = 1 : i64, reverse = true} : tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Dlc_ReductionTensor:$input, I64Attr:$axis,
                       DefaultValuedAttr<BoolAttr, "false">:$exclusive,
                       DefaultValuedAttr<BoolAttr, "false">:$reverse);
  let results = (outs Dlc_ReductionTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let extraClassDeclaration = [{
    /// `axis` in [0, rank).
    int64_t getNormalizedAxis();
  }];
}

def Dlc_TriluOp : Dlc_DifferentiableOp<"trilu"> {
  let summary = "upper or lower triangle of the last two dims (ONNX Trilu)";
  let description = [{
    Keeps element `[..., i, j]` where `j - i >= k` (`upper`) or `j - i <= k`
    (lower) and zeroes the rest; the input has rank 2 or more. ONNX's `k`
    input is read by the importer.

    ```mlir
    %y = dlc.trilu %x {k = -1 : i64, upper = false} : tensor<3x4xf32>
    ```
  }];
  let arguments = (ins Dlc_Tensor:$input, DefaultValuedAttr<I64Attr, "0">:$k,
                       DefaultValuedAttr<BoolAttr, "true">:$upper);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def Dlc_TopKOp : Dlc_DifferentiableOp<"top_k"> {
  let summary = "the k largest or smallest elements along one axis (ONNX TopK)";
  let description = [{
    The `k` largest (or, without `largest`, smallest) elements of each row
    along `axis` (in [-rank, rank)) and their int64 indices, in order, the
    lower index first among equal elements. ONNX leaves the order open
    without `sorted`; dlc always sorts. ONNX's k input is read by the
    importer.

    ```mlir
    %v, %i = dlc.top_k %x {axis = 1 : i64, k = 2 : i64}
        : tensor<3x4xf32> -> (tensor<3x2xf32>, tensor<3x2xi64>)
    ```
  }];
  let arguments = (ins Dlc_ReductionTensor:$input, I64Attr:$k,
                       DefaultValuedAttr<I64Attr, "-1">:$axis,
                       DefaultValuedAttr<BoolAttr, "true">:$largest,
                       DefaultValuedAttr<BoolAttr, "true">:$sorted);
  let results = (outs Dlc_ReductionTensor:$values, Dlc_IntTensor:$indices);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` `(` type($values) `,` type($indices) `)`";
  let extraClassDeclaration = [{
    /// `axis` in [0, rank).
    int64_t getNormalizedAxis();
  }];
}

def Dlc_OneHotOp : Dlc_DifferentiableOp<"one_hot"> {
  let summary = "one-hot rows of indices (ONNX OneHot)";
  let description = [{
    Inserts a dim of size `depth` at `axis` (in [-rank - 1, rank]) of
    `indices`' shape: an element is `values[1]` where its position along
    that dim equals the index (negative ones counting from `depth`), else
    `values[0]`. Indices may be of any numeric type, as in ONNX (floats
    are truncated); ONNX's depth input is read by the importer. Gradients
    flow to `values` only: the indices are discrete.

    ```mlir
    %y = dlc.one_hot %i, %v {axis = -1 : i64, depth = 10 : i64}
        : (tensor<4xi64>, tensor<2xf32>) -> tensor<4x10xf32>
    ```
  }];
  let arguments = (ins Dlc_ReductionTensor:$indices, Dlc_Tensor:$values, I64Attr:$depth,
                       DefaultValuedAttr<I64Attr, "-1">:$axis);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat = "$indices `,` $values attr-dict `:` functional-type(operands, results)";
  let extraClassDeclaration = [{
    /// `axis` in [0, rank of the result).
    int64_t getNormalizedAxis();
  }];
}

#endif // DLC_GRAPH_SCAN_OPS
