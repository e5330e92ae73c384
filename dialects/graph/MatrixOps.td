//===- MatrixOps.td - matrix products (Gemm, MatMul, Einsum) --------------===//
#ifndef DLC_GRAPH_MATRIX_OPS
#define DLC_GRAPH_MATRIX_OPS

include "dialects/graph/DlcBase.td"

// The element types ONNX Gemm and MatMul accept. Wrap-around products and sums
// do not depend on signedness, so unsigned tensors need nothing special.
def Dlc_MatrixTensor : RankedTensorOf<[F16, BF16, F32, F64, I32, I64, UI32, UI64]>;

def Dlc_GemmOp : Dlc_DifferentiableOp<"gemm"> {
  let summary = "general matrix multiply with bias (ONNX Gemm)";
  let description = [{
    Computes `alpha * A' * B' + beta * C`, where `A'` is `a` [M, K] (or its
    transpose when `transA` is 1, `a` then being [K, M]) and `B'` is `b`
    [K, N] (or its transpose when `transB` is 1). The optional bias `c`
    broadcasts unidirectionally to [M, N]: a scalar, [1], [N], [1, N],
    [M, 1] or [M, N]. Without `c` the result is `alpha * A' * B'`.

    For integer tensors `alpha` and `beta` must be whole numbers; they scale
    in the element type.

    ```mlir
    %y = dlc.gemm %a, %b, %c {alpha = 5.000000e-01 : f32, transB = 1 : i64}
        : (tensor<3x5xf32>, tensor<4x5xf32>, tensor<4xf32>) -> tensor<3x4xf32>
    ```
  }];
  let arguments = (ins Dlc_MatrixTensor:$a, Dlc_MatrixTensor:$b,
                       Optional<Dlc_MatrixTensor>:$c,
                       DefaultValuedAttr<F32Attr, "1.0">:$alpha,
                       DefaultValuedAttr<F32Attr, "1.0">:$beta,
                       DefaultValuedAttr<I64Attr, "0">:$transA,
                       DefaultValuedAttr<I64Attr, "0">:$transB);
  let results = (outs Dlc_MatrixTensor:$result);
  let assemblyFormat = [{
    $a `,` $b (`,` $c^)? attr-dict `:` functional-type(operands, results)
  }];
}

def Dlc_MatMulOp : Dlc_DifferentiableOp<"matmul"> {
  let summary = "matrix product with NumPy semantics (ONNX MatMul)";
  let description = [{
    Multiplies the last two dims of `lhs` [..., M, K] and `rhs` [..., K, N];
    the leading (batch) dims broadcast NumPy-style. A 1-d `lhs` [K] is read
    as [1, K] and a 1-d `rhs` [K] as [K, 1]; the dim added for it is dropped
    from the result again, so two vectors give a scalar.

    ```mlir
    %y = dlc.matmul %a, %b : (tensor<2x1x3x4xf32>, tensor<5x4x6xf32>) -> tensor<2x5x3x6xf32>
    %v = dlc.matmul %m, %x : (tensor<3x4xf32>, tensor<4xf32>) -> tensor<3xf32>
    ```
  }];
  let arguments = (ins Dlc_MatrixTensor:$lhs, Dlc_MatrixTensor:$rhs);
  let results = (outs Dlc_MatrixTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
}

// Kept whole from import to --dlc-decompose, which contracts the operands
// pairwise with dlc.transpose, dlc.reshape and dlc.matmul, takes diagonals
// with a mask and dlc.reduce_sum, and sums out labels with dlc.reduce_sum;
// autodiff differentiates that decomposition.
def Dlc_EinsumOp : Dlc_CompositeOp<"einsum"> {
  let summary = "Einstein summation (ONNX Einsum)";
  let description = [{
    `equation` is ONNX's: one comma-separated term of letters per input,
    optionally `->` and the output term. A letter repeated within one term
    takes that term's diagonal; letters absent from the output are summed
    over. `...` stands for the same number of leading broadcast dims in
    every term that has it. Without `->` the output is `...` followed by
    the letters that occur once, in alphabetical order. A label's sizes
    agree across terms, or are 1 where it broadcasts.

    ```mlir
    %y = dlc.einsum %a, %b {equation = "bij,bjk->bik"}
        : (tensor<2x3x4xf32>, tensor<2x4x5xf32>) -> tensor<2x3x5xf32>
    ```
  }];
  let arguments = (ins Variadic<Dlc_MatrixTensor>:$inputs, StrAttr:$equation);
  let results = (outs Dlc_MatrixTensor:$result);
  let assemblyFormat = "$inputs attr-dict `:` functional-type(operands, results)";
}

#endif // DLC_GRAPH_MATRIX_OPS
