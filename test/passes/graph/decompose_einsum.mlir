// RUN: dlc-opt %s --split-input-file --dlc-decompose | FileCheck %s

// A batched product needs neither transposes nor reshapes: one matmul.
// CHECK-LABEL: func.func @batch_matmul(
// CHECK-NEXT:    %[[Y:.*]] = dlc.matmul %arg0, %arg1 : (tensor<2x3x4xf32>, tensor<2x4x5xf32>) -> tensor<2x3x5xf32>
// CHECK-NEXT:    return %[[Y]]
func.func @batch_matmul(%a: tensor<2x3x4xf32>, %b: tensor<2x4x5xf32>) -> tensor<2x3x5xf32> {
  %0 = dlc.einsum %a, %b {equation = "bij, bjk -> bik"} : (tensor<2x3x4xf32>, tensor<2x4x5xf32>) -> tensor<2x3x5xf32>
  return %0 : tensor<2x3x5xf32>
}

// -----

// The operands are brought to [batch, kept, summed] and [batch, summed,
// kept] and flattened to three dims; a label of size 1 is broadcast first.
// CHECK-LABEL: func.func @contract_transposed(
// CHECK:         %[[E:.*]] = dlc.expand %arg1 {shape = array<i64: 3, 4, 5>} : tensor<1x4x5xf32> -> tensor<3x4x5xf32>
// CHECK:         %[[A:.*]] = dlc.transpose %arg0 {perm = array<i64: 1, 2, 0>} : tensor<4x3x2xf32> -> tensor<3x2x4xf32>
// CHECK:         %[[P:.*]] = dlc.matmul %[[A]], %[[E]] : (tensor<3x2x4xf32>, tensor<3x4x5xf32>) -> tensor<3x2x5xf32>
// CHECK:         %[[Y:.*]] = dlc.transpose %[[P]] {perm = array<i64: 1, 0, 2>} : tensor<3x2x5xf32> -> tensor<2x3x5xf32>
// CHECK:         return %[[Y]]
func.func @contract_transposed(%a: tensor<4x3x2xf32>, %b: tensor<1x4x5xf32>) -> tensor<2x3x5xf32> {
  %0 = dlc.einsum %a, %b {equation = "jbi,bjk->ibk"} : (tensor<4x3x2xf32>, tensor<1x4x5xf32>) -> tensor<2x3x5xf32>
  return %0 : tensor<2x3x5xf32>
}

// -----

// A repeated label is a diagonal: an identity mask, then a sum over the
// repeat; the implicit output of "ii" is a scalar, the trace.
// CHECK-LABEL: func.func @trace(
// CHECK:         %[[I:.*]] = dlc.constant dense<{{\[\[}}1.000000e+00, 0.000000e+00], [0.000000e+00, 1.000000e+00]]> : tensor<2x2xf32>
// CHECK:         %[[M:.*]] = dlc.mul %arg0, %[[I]]
// CHECK:         %[[D:.*]] = dlc.reduce_sum %[[M]] {axes = array<i64: 1>, keepdims = false} : tensor<2x2xf32> -> tensor<2xf32>
// CHECK:         %[[T:.*]] = dlc.reduce_sum %[[D]] {axes = array<i64: 0>, keepdims = false} : tensor<2xf32> -> tensor<f32>
// CHECK:         return %[[T]]
func.func @trace(%a: tensor<2x2xf32>) -> tensor<f32> {
  %0 = dlc.einsum %a {equation = "ii"} : (tensor<2x2xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// Three operands contract left to right; z and j are summed in the first
// product, k in the second, and a label in one operand only is summed up
// front.
// CHECK-LABEL: func.func @chain(
// CHECK:         dlc.reduce_sum %arg2 {axes = array<i64: 2>, keepdims = false} : tensor<4x5x6xf64> -> tensor<4x5xf64>
// CHECK:         dlc.matmul {{.*}} -> tensor<1x2x4xf64>
// CHECK:         dlc.matmul {{.*}} -> tensor<1x2x5xf64>
// CHECK:         %[[Y:.*]] = dlc.reshape
// CHECK-SAME:      -> tensor<2x5xf64>
// CHECK:         return %[[Y]]
func.func @chain(%a: tensor<1x2x3xf64>, %b: tensor<1x3x4xf64>, %c: tensor<4x5x6xf64>) -> tensor<2x5xf64> {
  %0 = dlc.einsum %a, %b, %c {equation = "zij,zjk,klm->il"} : (tensor<1x2x3xf64>, tensor<1x3x4xf64>, tensor<4x5x6xf64>) -> tensor<2x5xf64>
  return %0 : tensor<2x5xf64>
}
