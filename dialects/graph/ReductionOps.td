//===- ReductionOps.td - reductions, softmax, argmax/argmin, hardmax -----===//
#ifndef DLC_GRAPH_REDUCTION_OPS
#define DLC_GRAPH_REDUCTION_OPS

include "dialects/graph/DlcBase.td"

// Every numeric element type: ONNX's reductions take floats and (un)signed
// integers, never booleans.
def Dlc_ReductionTensor : RankedTensorOf<[F16, BF16, F32, F64, I8, I16, I32, I64,
                                          UI8, UI16, UI32, UI64]>;

// ONNX's Reduce* ops after import: the axes are always listed (the importer
// expands ONNX's "no axes" to every axis) and may be negative.
class Dlc_ReductionOpBase<string mnemonic, string onnxName, string what,
                          list<Trait> traits, Type tensorType>
    : Dlc_Op<mnemonic, !listconcat(traits, [Pure, InferTypeOpAdaptor])> {
  let summary = what # " along axes (ONNX " # onnxName # ")";
  let description = [{
    Reduces `input` along `axes`, each in [-rank, rank) and listed once; at
    least one axis is needed. With `keepdims` the reduced dims stay as 1s,
    otherwise they are dropped. Along an empty dim the result is the
    reduction's identity.

    ```mlir
    %y = dlc.}] # mnemonic # [{ %x {axes = array<i64: -1>, keepdims = false}
        : tensor<2x3x4xf32> -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins tensorType:$input, DenseI64ArrayAttr:$axes,
                       DefaultValuedAttr<BoolAttr, "true">:$keepdims);
  let results = (outs tensorType:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let extraClassDeclaration = [{
    /// The reduced axes in [0, rank), ascending.
    ::llvm::SmallVector<int64_t> getNormalizedAxes();
  }];
}

// Reductions lowered as one `linalg.reduce`, each with its own gradient;
// an elementwise prologue computing the input joins their kernel.
class Dlc_ReductionOp<string mnemonic, string onnxName, string what>
    : Dlc_ReductionOpBase<mnemonic, onnxName, what,
        [DeclareOpInterfaceMethods<Dlc_GradientOpInterface, ["buildGradient"]>,
         Dlc_PrologueFusionOpInterface],
        Dlc_ReductionTensor>;

// Reductions that are an elementwise map before, or after, one of the
// reductions above. They stay whole through import, so a dump shows the ONNX
// op, and `--dlc-decompose` makes them their smaller ops: kernel formation
// fuses the maps into the reduction's kernel, and no lowering of their own is
// needed. They have no gradient interface: autodiff differentiates them
// through their decomposition, whose gradients are the ones to write anyway.
class Dlc_ComposedReductionOp<string mnemonic, string onnxName, string what,
                              Type tensorType = Dlc_FloatTensor>
    : Dlc_ReductionOpBase<mnemonic, onnxName, what,
        [DeclareOpInterfaceMethods<Dlc_DecomposableOpInterface>], tensorType>;

// Integer maxima compare signed or unsigned by the element type; NaN wins
// over any number, as in ONNX's reference (numpy.max).
def Dlc_ReduceMaxOp : Dlc_ReductionOp<"reduce_max", "ReduceMax", "maximum">;
// As reduce_max: NaN wins over any number (numpy.min).
def Dlc_ReduceMinOp : Dlc_ReductionOp<"reduce_min", "ReduceMin", "minimum">;
// Integer sums wrap around.
def Dlc_ReduceSumOp : Dlc_ReductionOp<"reduce_sum", "ReduceSum", "sum">;
// Integer products wrap around.
def Dlc_ReduceProdOp : Dlc_ReductionOp<"reduce_prod", "ReduceProd", "product">;

// sum(x) / count: float tensors only, as integer means would round.
def Dlc_ReduceMeanOp : Dlc_ComposedReductionOp<"reduce_mean", "ReduceMean", "mean">;
// sum(|x|).
def Dlc_ReduceL1Op : Dlc_ComposedReductionOp<"reduce_l1", "ReduceL1", "sum of magnitudes",
                                             Dlc_ReductionTensor>;
// sum(x * x).
def Dlc_ReduceSumSquareOp : Dlc_ComposedReductionOp<"reduce_sum_square", "ReduceSumSquare",
                                                    "sum of squares", Dlc_ReductionTensor>;
// sqrt(sum(x * x)).
def Dlc_ReduceL2Op : Dlc_ComposedReductionOp<"reduce_l2", "ReduceL2", "Euclidean norm">;
// log(sum(x)).
def Dlc_ReduceLogSumOp : Dlc_ComposedReductionOp<"reduce_log_sum", "ReduceLogSum",
                                                 "logarithm of the sum">;
// max + log(sum(exp(x - max))): shifted by the maximum so that no
// exponential overflows.
def Dlc_ReduceLogSumExpOp : Dlc_ComposedReductionOp<"reduce_log_sum_exp", "ReduceLogSumExp",
                                                     "logarithm of the sum of exponentials">;

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

// The index of the extreme element along one axis; no gradient flows back
// through integer indices.
class Dlc_ArgReductionOp<string mnemonic, string onnxName, string what>
    : Dlc_DifferentiableOp<mnemonic> {
  let summary = "index of the " # what # " along one axis (ONNX " # onnxName # ")";
  let description = [{
    The int64 index, along `axis` (in [-rank, rank)), of the }] # what # [{
    of each row: the first one among equal elements, or the last with
    `select_last_index`. A NaN wins over any number, as in ONNX's reference
    (numpy's argmax and argmin). With `keepdims` the axis stays as a 1,
    otherwise it is dropped.

    ```mlir
    %i = dlc.}] # mnemonic # [{ %x {axis = 1 : i64, keepdims = false} : tensor<2x3x4xf32> -> tensor<2x4xi64>
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

def Dlc_ArgMaxOp : Dlc_ArgReductionOp<"arg_max", "ArgMax", "maximum">;
def Dlc_ArgMinOp : Dlc_ArgReductionOp<"arg_min", "ArgMin", "minimum">;

// Decomposes into dlc.arg_max and dlc.one_hot (which put back the dim the
// index was taken along) and has no gradient interface of its own: its
// result is piecewise constant in the input, so no gradient flows through
// the integer index, exactly as for arg_max.
def Dlc_HardmaxOp : Dlc_CompositeOp<"hardmax"> {
  let summary = "one at the first maximum along one axis, else zero (ONNX Hardmax, opset 13)";
  let description = [{
    1 where an element is the first maximum of its row along `axis` (in
    [-rank, rank), the last by default), 0 elsewhere. Older opsets' "coerce
    to 2-d" Hardmax is imported as a reshape around this form.

    ```mlir
    %y = dlc.hardmax %x {axis = 1 : i64} : tensor<2x3x4xf32>
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

#endif // DLC_GRAPH_REDUCTION_OPS
