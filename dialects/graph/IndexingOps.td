//===- IndexingOps.td - concatenation, slices, gathers, scatters ----------===//
#ifndef DLC_GRAPH_INDEXING_OPS
#define DLC_GRAPH_INDEXING_OPS

include "dialects/graph/DlcTypes.td"

// Indices as ONNX writes them: int32 or int64, negative counting from the end.
def Dlc_IndexTensor : RankedTensorOf<[I32, I64]>;

def Dlc_ConcatOp : Dlc_DifferentiableOp<"concat"> {
  let summary = "inputs joined along an axis (ONNX Concat)";
  let description = [{
    The inputs, of one element type and rank, agree on every dim but `axis`
    (in [-rank, rank)); the result's `axis` dim is the sum of theirs. Folds
    when every input is a literal (shape arithmetic).

    ```mlir
    %y = dlc.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x4xf32>
    ```
  }];
  let arguments = (ins Variadic<Dlc_AnyTensor>:$inputs, I64Attr:$axis);
  let results = (outs Dlc_AnyTensor:$result);
  let assemblyFormat = "$inputs attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
  let extraClassDeclaration = [{
    /// `axis` in [0, rank).
    int64_t getNormalizedAxis();
  }];
}

def Dlc_SliceOp : Dlc_DifferentiableOp<"slice"> {
  let summary = "a strided box of the input (ONNX Slice)";
  let description = [{
    Along every dim `d`, element `i` of the result is element
    `starts[d] + i * steps[d]` of the input, for `i < sizes[d]`: ONNX's
    starts, ends, axes and steps, resolved against the input's shape by the
    importer (clamped, negative values counted from the end, dims not sliced
    taken whole). Steps may be negative, never 0; every element read is in
    bounds. Folds on a literal input.

    ```mlir
    %y = dlc.slice %x {sizes = array<i64: 2, 3>, starts = array<i64: 0, 4>, steps = array<i64: 1, -1>}
        : tensor<2x5xf32> -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Dlc_AnyTensor:$input, DenseI64ArrayAttr:$starts,
                       DenseI64ArrayAttr:$sizes, DenseI64ArrayAttr:$steps);
  let results = (outs Dlc_AnyTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasFolder = 1;
}

def Dlc_SliceGradOp : Dlc_PureOp<"slice_grad"> {
  let summary = "the gradient of dlc.slice with respect to its input";
  let description = [{
    A tensor of `input_shape`, zero except at the elements a `dlc.slice`
    with these `starts`, `sizes` and `steps` reads, which hold `grad`'s. It
    has no gradient of its own: slices are differentiated once.

    ```mlir
    %g = dlc.slice_grad %dy {input_shape = array<i64: 2, 5>, sizes = array<i64: 2, 3>,
        starts = array<i64: 0, 4>, steps = array<i64: 1, -1>} : tensor<2x3xf32> -> tensor<2x5xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$grad, DenseI64ArrayAttr:$input_shape,
                       DenseI64ArrayAttr:$starts, DenseI64ArrayAttr:$sizes,
                       DenseI64ArrayAttr:$steps);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = "$grad attr-dict `:` type($grad) `->` type($result)";
}

def Dlc_GatherOp : Dlc_DifferentiableOp<"gather"> {
  let summary = "entries of the input chosen by indices along an axis (ONNX Gather)";
  let description = [{
    For `input` of shape `[a..., s, b...]` (`s` at `axis`) and `indices` of
    shape `[k...]`, the result has shape `[a..., k..., b...]` and holds
    `input[a..., indices[k...], b...]`. Negative indices count from the end;
    an index outside [-s, s) reads the nearest entry instead of memory out
    of bounds (ONNX leaves it undefined). Folds on literals.

    ```mlir
    %y = dlc.gather %table, %ids {axis = 0 : i64} : (tensor<100x16xf32>, tensor<2x8xi64>) -> tensor<2x8x16xf32>
    ```
  }];
  let arguments = (ins Dlc_AnyTensor:$input, Dlc_IndexTensor:$indices,
                       DefaultValuedAttr<I64Attr, "0">:$axis);
  let results = (outs Dlc_AnyTensor:$result);
  let assemblyFormat = "$input `,` $indices attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
  let extraClassDeclaration = [{
    /// `axis` in [0, rank).
    int64_t getNormalizedAxis();
  }];
}

def Dlc_GatherGradOp : Dlc_PureOp<"gather_grad"> {
  let summary = "the gradient of dlc.gather with respect to its input";
  let description = [{
    A tensor of `input_shape` whose entry `j` along `axis` is the sum of
    `grad`'s entries at the positions whose index is `j` (a scatter-add,
    so repeated indices accumulate). No gradient of its own.

    ```mlir
    %g = dlc.gather_grad %dy, %ids {axis = 0 : i64, input_shape = array<i64: 100, 16>}
        : (tensor<2x8x16xf32>, tensor<2x8xi64>) -> tensor<100x16xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$grad, Dlc_IndexTensor:$indices, I64Attr:$axis,
                       DenseI64ArrayAttr:$input_shape);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = "$grad `,` $indices attr-dict `:` functional-type(operands, results)";
}

def Dlc_GatherElementsOp : Dlc_DifferentiableOp<"gather_elements"> {
  let summary = "elements of the input chosen elementwise along an axis (ONNX GatherElements)";
  let description = [{
    `indices` has the input's rank and, on every dim but `axis`, at most
    the input's size; the result has its shape and holds the input's
    element at the same position except along `axis`, where the index says
    which. Negative indices count from the end; out-of-range ones read the
    nearest element.

    ```mlir
    %y = dlc.gather_elements %x, %t {axis = 1 : i64} : (tensor<4x10xf32>, tensor<4x1xi64>) -> tensor<4x1xf32>
    ```
  }];
  let arguments = (ins Dlc_Tensor:$input, Dlc_IndexTensor:$indices,
                       DefaultValuedAttr<I64Attr, "0">:$axis);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat = "$input `,` $indices attr-dict `:` functional-type(operands, results)";
  let extraClassDeclaration = [{
    /// `axis` in [0, rank).
    int64_t getNormalizedAxis();
  }];
}

def Dlc_GatherElementsGradOp : Dlc_PureOp<"gather_elements_grad"> {
  let summary = "the gradient of dlc.gather_elements with respect to its input";
  let description = [{
    A tensor of `input_shape` holding, at each element, the sum of `grad`'s
    elements that `dlc.gather_elements` with these `indices` read from it.
    No gradient of its own.

    ```mlir
    %g = dlc.gather_elements_grad %dy, %t {axis = 1 : i64, input_shape = array<i64: 4, 10>}
        : (tensor<4x1xf32>, tensor<4x1xi64>) -> tensor<4x10xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$grad, Dlc_IndexTensor:$indices, I64Attr:$axis,
                       DenseI64ArrayAttr:$input_shape);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = "$grad `,` $indices attr-dict `:` functional-type(operands, results)";
}

def Dlc_GatherNDOp : Dlc_DifferentiableOp<"gather_nd"> {
  let summary = "slices of the input addressed by index tuples (ONNX GatherND)";
  let description = [{
    `data` has rank r, `indices` rank q >= 1 with a last dim k in
    [1, r - batch_dims]; the first `batch_dims` dims of both agree. Each
    k-tuple of `indices[b..., i..., :]` addresses the slice
    `data[b..., t0, ..., tk-1, :...]`, so the result has shape
    `indices.shape[:-1] + data.shape[batch_dims + k:]`. Negative indices
    count from the end; out-of-range ones read the nearest entry, as for
    `dlc.gather`.

    ```mlir
    %y = dlc.gather_nd %x, %i {batch_dims = 1 : i64}
        : (tensor<2x2x2xf32>, tensor<2x1xi64>) -> tensor<2x2xf32>
    ```
  }];
  let arguments = (ins Dlc_Tensor:$data, Dlc_IndexTensor:$indices,
                       DefaultValuedAttr<I64Attr, "0">:$batch_dims);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat = "$data `,` $indices attr-dict `:` functional-type(operands, results)";
}

// What a scatter does where an update lands: ONNX's `reduction` attribute.
def Dlc_ScatterReductionAttr : DefaultValuedAttr<StrAttr, "\"none\"">;

def Dlc_ScatterElementsOp : Dlc_DifferentiableOp<"scatter_elements"> {
  let summary = "the input with elements replaced or combined along an axis (ONNX ScatterElements)";
  let description = [{
    `indices` and `updates` share one shape, of the data's rank and at most
    its size on every dim but `axis`. The result is `data` with, for each
    position `p` of `updates`, the element at `p` with `p[axis]` replaced
    by `indices[p]` set to `updates[p]` (`reduction` "none") or combined
    with it ("add", "mul", "max", "min"), in row-major order of `p`.
    Negative indices count from the end; out-of-range ones are clamped.
    With "none", the last of several updates of one element wins (ONNX
    leaves it undefined).

    ```mlir
    %y = dlc.scatter_elements %x, %i, %u {axis = 1 : i64, reduction = "add"}
        : (tensor<3x4xf32>, tensor<3x2xi64>, tensor<3x2xf32>) -> tensor<3x4xf32>
    ```
  }];
  let arguments = (ins Dlc_Tensor:$data, Dlc_IndexTensor:$indices, Dlc_Tensor:$updates,
                       DefaultValuedAttr<I64Attr, "0">:$axis,
                       Dlc_ScatterReductionAttr:$reduction);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat = [{
    $data `,` $indices `,` $updates attr-dict `:` functional-type(operands, results)
  }];
  let extraClassDeclaration = [{
    /// `axis` in [0, rank).
    int64_t getNormalizedAxis();
  }];
}

def Dlc_ScatterNDOp : Dlc_DifferentiableOp<"scatter_nd"> {
  let summary = "the input with slices replaced or combined at index tuples (ONNX ScatterND)";
  let description = [{
    The adjoint of `dlc.gather_nd`: `indices` addresses slices of `data`
    exactly as there (with the same `batch_dims`, 0 in ONNX), and `updates`
    has the shape that gather would return. The result is `data` with each
    addressed slice set to its update (`reduction` "none") or combined with
    it ("add", "mul", "max", "min"), in row-major order of the index
    tuples. Negative indices count from the end; out-of-range ones are
    clamped. With "none", the last of several updates of one slice wins.

    ```mlir
    %y = dlc.scatter_nd %x, %i, %u {reduction = "mul"}
        : (tensor<4x4xf32>, tensor<2x1xi64>, tensor<2x4xf32>) -> tensor<4x4xf32>
    ```
  }];
  let arguments = (ins Dlc_Tensor:$data, Dlc_IndexTensor:$indices, Dlc_Tensor:$updates,
                       Dlc_ScatterReductionAttr:$reduction,
                       DefaultValuedAttr<I64Attr, "0">:$batch_dims);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat = [{
    $data `,` $indices `,` $updates attr-dict `:` functional-type(operands, results)
  }];
}

#endif // DLC_GRAPH_INDEXING_OPS
