//===- ReductionOps.td - reductions along axes, softmax and argmax --------===//
#ifndef DLC_GRAPH_REDUCTION_OPS
#define DLC_GRAPH_REDUCTION_OPS

include "dialects/graph/DlcBase.td"

// Every numeric element type: ONNX's reductions take floats and (un)signed
// integers, never booleans.
def Dlc_ReductionTensor : RankedTensorOf<[F16, BF16, F32, F64, I8, I16, I32, I64,
                                          UI8, UI16, UI32, UI64]>;

// ONNX's Reduce* ops after import: the axes are always listed (the importer
// expands ONNX's "no axes" to every axis) and may be negative.
class Dlc_ReductionOp<string mnemonic, string onnxName, string what>
    : Dlc_DifferentiableOp<mnemonic> {
  let summary = what # " along axes (ONNX " # onnxName # ")";
  let description = [{
    Reduces `input` along `axes`, each in [-rank, rank) and listed once; at
    least one axis is needed. With `keepdims` the reduced dims stay as 1s,
    otherwise they are dropped.

    ```mlir
    %y = dlc.}] # mnemonic # [{ %x {axes = array<i64: -1>, keepdims = false}
        : tensor<2x3x4xf32> -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Dlc_ReductionTensor:$input, DenseI64ArrayAttr:$axes,
                       DefaultValuedAttr<BoolAttr, "true">:$keepdims);
  let results = (outs Dlc_ReductionTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let extraClassDeclaration = [{
    /// The reduced axes in [0, rank), ascending.
    ::llvm::SmallVector<int64_t> getNormalizedAxes();
  }];
}

// Integer maxima compare signed or unsigned by the element type; NaN wins
// over any number, as in ONNX's reference (numpy.max).
def Dlc_ReduceMaxOp : Dlc_ReductionOp<"reduce_max", "ReduceMax", "maximum">;
// Integer sums wrap around.
def Dlc_ReduceSumOp : Dlc_ReductionOp<"reduce_sum", "ReduceSum", "sum">;

def Dlc_SoftmaxOp : Dlc_DifferentiableOp<"softmax"> {
  let summary = "normalized exponentials along one axis (ONNX Softmax, opset 13)";
  let description = [{
    `exp(x) / sum(exp(x))` along `axis` (in [-rank, rank), the last by
    default); the other dims are independent rows. Older opsets' "flatten
    to 2-d" Softmax is rewritten to this form by ONNX's version converter.

    ```mlir
    %y = dlc.softmax %x {axis = 1 : i64} : tensor<2x3x4xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input,
                       DefaultValuedAttr<I64Attr, "-1">:$axis);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let extraClassDeclaration = [{
    /// `axis` in [0, rank).
    int64_t getNormalizedAxis();
  }];
}

def Dlc_ArgMaxOp : Dlc_DifferentiableOp<"arg_max"> {
  let summary = "index of the maximum along one axis (ONNX ArgMax)";
  let description = [{
    The int64 index, along `axis` (in [-rank, rank)), of the largest element
    of each row: the first one among equal maxima, or the last with
    `select_last_index`. A NaN is larger than any number, as in ONNX's
    reference (numpy.argmax). With `keepdims` the axis stays as a 1,
    otherwise it is dropped.

    ```mlir
    %i = dlc.arg_max %x {axis = 1 : i64, keepdims = false} : tensor<2x3x4xf32> -> tensor<2x4xi64>
    ```
  }];
  let arguments = (ins Dlc_ReductionTensor:$input,
                       DefaultValuedAttr<I64Attr, "0">:$axis,
                       DefaultValuedAttr<BoolAttr, "true">:$keepdims,
                       DefaultValuedAttr<BoolAttr, "false">:$select_last_index);
  let results = (outs Dlc_IntTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let extraClassDeclaration = [{
    /// `axis` in [0, rank).
    int64_t getNormalizedAxis();
  }];
}

#endif // DLC_GRAPH_REDUCTION_OPS
