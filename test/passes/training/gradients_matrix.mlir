// RUN: dlc-opt %s --dlc-autodiff --split-input-file | FileCheck %s
// The gradients matrix products build (GradientOpInterface), as autodiff
// strings them together.

// Gemm's operand gradients are Gemms again, with transpose flags chosen so
// nothing is transposed in memory; the bias gradient is summed to C's shape
// and scaled by beta.
// CHECK-LABEL: func.func @gemm(
// CHECK:         %[[G:.*]] = dlc.expand
// CHECK:         %[[DA:.*]] = dlc.gemm %arg1, %[[G]] {alpha = 5.000000e-01 : f32, transA = 1 : i64, transB = 1 : i64} : (tensor<5x4xf32>, tensor<3x5xf32>) -> tensor<4x3xf32>
// CHECK:         %[[DB:.*]] = dlc.gemm %[[G]], %arg0 {alpha = 5.000000e-01 : f32, transA = 1 : i64, transB = 1 : i64} : (tensor<3x5xf32>, tensor<4x3xf32>) -> tensor<5x4xf32>
// CHECK:         %[[SUM:.*]] = dlc.reduce_sum %[[G]] {axes = array<i64: 0>} : tensor<3x5xf32> -> tensor<1x5xf32>
// CHECK:         %[[C:.*]] = dlc.reshape %[[SUM]] {shape = array<i64: 5>}
// CHECK:         %[[BETA:.*]] = dlc.constant dense<2.000000e+00> : tensor<f32>
// CHECK:         %[[DC:.*]] = dlc.mul %[[C]], %[[BETA]]
// CHECK:         return %{{.*}}, %[[DA]], %[[DB]], %[[DC]]
func.func @gemm(%a: tensor<4x3xf32> {dlc.wrt}, %b: tensor<5x4xf32> {dlc.wrt}, %c: tensor<5xf32> {dlc.wrt}) -> (tensor<f32> {dlc.loss}) {
  %0 = dlc.gemm %a, %b, %c {alpha = 0.5 : f32, beta = 2.0 : f32, transA = 1 : i64, transB = 1 : i64} : (tensor<4x3xf32>, tensor<5x4xf32>, tensor<5xf32>) -> tensor<3x5xf32>
  %l = dlc.reduce_sum %0 {axes = array<i64: 0, 1>, keepdims = false} : tensor<3x5xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Batched: dlhs = g * rhs^T, drhs = lhs^T * g, the latter summed over the
// batch dim rhs was broadcast along.
// CHECK-LABEL: func.func @matmul_batch(
// CHECK:         %[[G:.*]] = dlc.expand
// CHECK:         %[[BT:.*]] = dlc.transpose %arg1 {perm = array<i64: 1, 0>} : tensor<4x5xf32> -> tensor<5x4xf32>
// CHECK:         %[[DA:.*]] = dlc.matmul %[[G]], %[[BT]] : (tensor<2x3x5xf32>, tensor<5x4xf32>) -> tensor<2x3x4xf32>
// CHECK:         %[[AT:.*]] = dlc.transpose %arg0 {perm = array<i64: 0, 2, 1>} : tensor<2x3x4xf32> -> tensor<2x4x3xf32>
// CHECK:         %[[P:.*]] = dlc.matmul %[[AT]], %[[G]] : (tensor<2x4x3xf32>, tensor<2x3x5xf32>) -> tensor<2x4x5xf32>
// CHECK:         %[[SUM:.*]] = dlc.reduce_sum %[[P]] {axes = array<i64: 0>} : tensor<2x4x5xf32> -> tensor<1x4x5xf32>
// CHECK:         %[[DB:.*]] = dlc.reshape %[[SUM]] {shape = array<i64: 4, 5>}
// CHECK:         return %{{.*}}, %[[DA]], %[[DB]]
func.func @matmul_batch(%a: tensor<2x3x4xf32> {dlc.wrt}, %b: tensor<4x5xf32> {dlc.wrt}) -> (tensor<f32> {dlc.loss}) {
  %0 = dlc.matmul %a, %b : (tensor<2x3x4xf32>, tensor<4x5xf32>) -> tensor<2x3x5xf32>
  %l = dlc.reduce_sum %0 {axes = array<i64: 0, 1, 2>, keepdims = false} : tensor<2x3x5xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// A vector operand is a [1, K] matrix for the product and gets its own shape
// back after.
// CHECK-LABEL: func.func @matmul_vector(
// CHECK:         %[[G:.*]] = dlc.expand
// CHECK:         %[[A:.*]] = dlc.reshape %arg0 {shape = array<i64: 1, 4>} : tensor<4xf32> -> tensor<1x4xf32>
// CHECK:         %[[GM:.*]] = dlc.reshape %[[G]] {shape = array<i64: 1, 5>} : tensor<5xf32> -> tensor<1x5xf32>
// CHECK:         %[[DAM:.*]] = dlc.gemm %[[GM]], %arg1 {transB = 1 : i64} : (tensor<1x5xf32>, tensor<4x5xf32>) -> tensor<1x4xf32>
// CHECK:         %[[DB:.*]] = dlc.gemm %[[A]], %[[GM]] {transA = 1 : i64} : (tensor<1x4xf32>, tensor<1x5xf32>) -> tensor<4x5xf32>
// CHECK:         %[[DA:.*]] = dlc.reshape %[[DAM]] {shape = array<i64: 4>}
// CHECK:         return %{{.*}}, %[[DA]], %[[DB]]
func.func @matmul_vector(%a: tensor<4xf32> {dlc.wrt}, %b: tensor<4x5xf32> {dlc.wrt}) -> (tensor<f32> {dlc.loss}) {
  %0 = dlc.matmul %a, %b : (tensor<4xf32>, tensor<4x5xf32>) -> tensor<5xf32>
  %l = dlc.reduce_sum %0 {axes = array<i64: 0>, keepdims = false} : tensor<5xf32> -> tensor<f32>
  return %l : tensor<f32>
}
