//===- ShapeOps.td - reshape, flatten, transpose and expand ---------------===//
#ifndef DLC_GRAPH_SHAPE_OPS
#define DLC_GRAPH_SHAPE_OPS

include "dialects/graph/DlcTypes.td"

def Dlc_ReshapeOp : Dlc_DifferentiableOp<"reshape"> {
  let summary = "the input's elements under a new shape (ONNX Reshape)";
  let description = [{
    Gives `input` the shape `shape`, keeping its elements in row-major order.
    ONNX takes the shape as an operand; dlc requires it to be known at
    compile time, so it is an attribute here, written as in ONNX: at most
    one -1 stands for whatever size makes the element counts match, and a 0
    copies the input dim at the same index unless `allowzero` is 1, in which
    case it is a literal zero (and no -1 may appear then).

    ```mlir
    %y = dlc.reshape %x {shape = array<i64: 2, 0, -1>} : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
    %z = dlc.reshape %x {shape = array<i64: 4, -1>} : tensor<2x3x4xf32> -> tensor<4x6xf32>
    ```
  }];
  let arguments = (ins Dlc_AnyTensor:$input, DenseI64ArrayAttr:$shape,
                       DefaultValuedAttr<I64Attr, "0">:$allowzero);
  let results = (outs Dlc_AnyTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

def Dlc_FlattenOp : Dlc_DifferentiableOp<"flatten"> {
  let summary = "the input as a matrix split at an axis (ONNX Flatten)";
  let description = [{
    Reshapes `input` [d0, ..., dr-1] to the 2-D
    [d0 * ... * d(axis-1), d(axis) * ... * dr-1]. `axis` is in [-r, r];
    a negative axis counts from the back, and axis 0 gives a leading 1.

    ```mlir
    %y = dlc.flatten %x {axis = 2 : i64} : tensor<2x3x4x5xf32> -> tensor<6x20xf32>
    ```
  }];
  let arguments = (ins Dlc_AnyTensor:$input, DefaultValuedAttr<I64Attr, "1">:$axis);
  let results = (outs Dlc_AnyTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

def Dlc_TransposeOp : Dlc_DifferentiableOp<"transpose"> {
  let summary = "permutes the dims of the input (ONNX Transpose)";
  let description = [{
    Result dim i is input dim `perm[i]`. Without `perm` the dims are
    reversed, as in ONNX.

    ```mlir
    %y = dlc.transpose %x {perm = array<i64: 0, 2, 1>} : tensor<2x3x4xf32> -> tensor<2x4x3xf32>
    %z = dlc.transpose %x : tensor<2x3x4xf32> -> tensor<4x3x2xf32>
    ```
  }];
  let arguments = (ins Dlc_AnyTensor:$input, OptionalAttr<DenseI64ArrayAttr>:$perm);
  let results = (outs Dlc_AnyTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let extraClassDeclaration = [{
    /// `perm`, or the reversed dims it defaults to.
    ::llvm::SmallVector<int64_t> getPermutation();
  }];
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

// Broadcasting is elementwise: each result element is one input element,
// so Expand lowers (and fuses into its consumers) like the elementwise ops.
def Dlc_ExpandOp : Dlc_DifferentiableOp<"expand",
    [DeclareOpInterfaceMethods<Dlc_ScalarComputeOpInterface>]> {
  let summary = "the input broadcast with a shape (ONNX Expand)";
  let description = [{
    Broadcasts `input` and `shape` against each other NumPy-style, as ONNX
    does: the result's shape is the broadcast of the two, so a 1 in `shape`
    keeps the input's dim, and `shape` may have fewer dims than the input.
    ONNX takes the shape as an operand; dlc requires it to be known at
    compile time, so it is an attribute here.

    ```mlir
    %y = dlc.expand %x {shape = array<i64: 2, 1, 6>} : tensor<3x1xf32> -> tensor<2x3x6xf32>
    ```
  }];
  let arguments = (ins Dlc_AnyTensor:$input, DenseI64ArrayAttr:$shape);
  let results = (outs Dlc_AnyTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasFolder = 1;
}

#endif // DLC_GRAPH_SHAPE_OPS
