// RUN: dlc-opt --split-input-file %s | dlc-opt | FileCheck %s

// Reductions keep their axes as written; keepdims defaults to true.
// CHECK-LABEL: func.func @reductions
// CHECK: dlc.reduce_max %arg0 {axes = array<i64: -1>} : tensor<2x3x4xf32> -> tensor<2x3x1xf32>
// CHECK: dlc.reduce_max %arg1 {axes = array<i64: 0>, keepdims = false} : tensor<5x2xui8> -> tensor<2xui8>
// CHECK: dlc.reduce_sum %arg0 {axes = array<i64: 2, 0>, keepdims = false} : tensor<2x3x4xf32> -> tensor<3xf32>
// CHECK: dlc.reduce_sum %arg2 {axes = array<i64: 0, 1>} : tensor<2x3xi64> -> tensor<1x1xi64>
func.func @reductions(%x: tensor<2x3x4xf32>, %u: tensor<5x2xui8>, %i: tensor<2x3xi64>)
    -> (tensor<2x3x1xf32>, tensor<2xui8>, tensor<3xf32>, tensor<1x1xi64>) {
  %0 = dlc.reduce_max %x {axes = array<i64: -1>} : tensor<2x3x4xf32> -> tensor<2x3x1xf32>
  %1 = dlc.reduce_max %u {axes = array<i64: 0>, keepdims = false} : tensor<5x2xui8> -> tensor<2xui8>
  %2 = dlc.reduce_sum %x {axes = array<i64: 2, 0>, keepdims = false} : tensor<2x3x4xf32> -> tensor<3xf32>
  %3 = dlc.reduce_sum %i {axes = array<i64: 0, 1>} : tensor<2x3xi64> -> tensor<1x1xi64>
  return %0, %1, %2, %3 : tensor<2x3x1xf32>, tensor<2xui8>, tensor<3xf32>, tensor<1x1xi64>
}

// -----

// Reducing every axis without keepdims gives a scalar.
// CHECK-LABEL: func.func @to_scalar
// CHECK: dlc.reduce_sum %arg0 {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xf16> -> tensor<f16>
func.func @to_scalar(%x: tensor<2x3xf16>) -> tensor<f16> {
  %0 = dlc.reduce_sum %x {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xf16> -> tensor<f16>
  return %0 : tensor<f16>
}

// -----

// Softmax's axis defaults to the last one.
// CHECK-LABEL: func.func @softmax
// CHECK: dlc.softmax %arg0 : tensor<2x3x4xf32>
// CHECK: dlc.softmax %{{.*}} {axis = 0 : i64} : tensor<2x3x4xf32>
func.func @softmax(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = dlc.softmax %x : tensor<2x3x4xf32>
  %1 = dlc.softmax %0 {axis = 0} : tensor<2x3x4xf32>
  return %1 : tensor<2x3x4xf32>
}

// -----

// ArgMax: axis 0, keepdims and the first index by default (defaults are not
// printed); the result is i64.
// CHECK-LABEL: func.func @arg_max
// CHECK: dlc.arg_max %arg0 : tensor<2x3x4xf32> -> tensor<1x3x4xi64>
// CHECK: dlc.arg_max %arg0 {axis = -1 : i64, keepdims = false, select_last_index = true} : tensor<2x3x4xf32> -> tensor<2x3xi64>
// CHECK: dlc.arg_max %arg1 {keepdims = false} : tensor<5xui8> -> tensor<i64>
func.func @arg_max(%x: tensor<2x3x4xf32>, %u: tensor<5xui8>) -> (tensor<1x3x4xi64>, tensor<2x3xi64>, tensor<i64>) {
  %0 = dlc.arg_max %x : tensor<2x3x4xf32> -> tensor<1x3x4xi64>
  %1 = dlc.arg_max %x {axis = -1 : i64, keepdims = false, select_last_index = true} : tensor<2x3x4xf32> -> tensor<2x3xi64>
  %2 = dlc.arg_max %u {axis = 0 : i64, keepdims = false} : tensor<5xui8> -> tensor<i64>
  return %0, %1, %2 : tensor<1x3x4xi64>, tensor<2x3xi64>, tensor<i64>
}

// -----

// The other reductions print alike; the composed ones keep float or numeric
// element types as ONNX's do.
// CHECK-LABEL: func.func @more_reductions
// CHECK: dlc.reduce_min %arg0 {axes = array<i64: 1>} : tensor<2x3x4xf32> -> tensor<2x1x4xf32>
// CHECK: dlc.reduce_prod %arg1 {axes = array<i64: 0>, keepdims = false} : tensor<2x3xi32> -> tensor<3xi32>
// CHECK: dlc.reduce_mean %arg0 {axes = array<i64: -1>} : tensor<2x3x4xf32> -> tensor<2x3x1xf32>
// CHECK: dlc.reduce_l1 %arg1 {axes = array<i64: 1>} : tensor<2x3xi32> -> tensor<2x1xi32>
// CHECK: dlc.reduce_l2 %arg0 {axes = array<i64: 0, 2>, keepdims = false} : tensor<2x3x4xf32> -> tensor<3xf32>
// CHECK: dlc.reduce_sum_square %arg1 {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xi32> -> tensor<i32>
// CHECK: dlc.reduce_log_sum %arg0 {axes = array<i64: 2>} : tensor<2x3x4xf32> -> tensor<2x3x1xf32>
// CHECK: dlc.reduce_log_sum_exp %arg0 {axes = array<i64: -2>, keepdims = false} : tensor<2x3x4xf32> -> tensor<2x4xf32>
func.func @more_reductions(%x: tensor<2x3x4xf32>, %i: tensor<2x3xi32>)
    -> (tensor<2x1x4xf32>, tensor<3xi32>, tensor<2x3x1xf32>, tensor<2x1xi32>, tensor<3xf32>,
        tensor<i32>, tensor<2x3x1xf32>, tensor<2x4xf32>) {
  %0 = dlc.reduce_min %x {axes = array<i64: 1>} : tensor<2x3x4xf32> -> tensor<2x1x4xf32>
  %1 = dlc.reduce_prod %i {axes = array<i64: 0>, keepdims = false} : tensor<2x3xi32> -> tensor<3xi32>
  %2 = dlc.reduce_mean %x {axes = array<i64: -1>} : tensor<2x3x4xf32> -> tensor<2x3x1xf32>
  %3 = dlc.reduce_l1 %i {axes = array<i64: 1>} : tensor<2x3xi32> -> tensor<2x1xi32>
  %4 = dlc.reduce_l2 %x {axes = array<i64: 0, 2>, keepdims = false} : tensor<2x3x4xf32> -> tensor<3xf32>
  %5 = dlc.reduce_sum_square %i {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xi32> -> tensor<i32>
  %6 = dlc.reduce_log_sum %x {axes = array<i64: 2>} : tensor<2x3x4xf32> -> tensor<2x3x1xf32>
  %7 = dlc.reduce_log_sum_exp %x {axes = array<i64: -2>, keepdims = false} : tensor<2x3x4xf32> -> tensor<2x4xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7 : tensor<2x1x4xf32>, tensor<3xi32>, tensor<2x3x1xf32>,
      tensor<2x1xi32>, tensor<3xf32>, tensor<i32>, tensor<2x3x1xf32>, tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func.func @arg_min_hardmax
// CHECK: dlc.arg_min %arg0 {axis = -1 : i64, select_last_index = true} : tensor<2x3xf32> -> tensor<2x1xi64>
// CHECK: dlc.hardmax %arg0 : tensor<2x3xf32>
// CHECK: dlc.hardmax %arg0 {axis = 0 : i64} : tensor<2x3xf32>
func.func @arg_min_hardmax(%x: tensor<2x3xf32>) -> (tensor<2x1xi64>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %0 = dlc.arg_min %x {axis = -1 : i64, select_last_index = true} : tensor<2x3xf32> -> tensor<2x1xi64>
  %1 = dlc.hardmax %x : tensor<2x3xf32>
  %2 = dlc.hardmax %x {axis = 0 : i64} : tensor<2x3xf32>
  return %0, %1, %2 : tensor<2x1xi64>, tensor<2x3xf32>, tensor<2x3xf32>
}
