// RUN: dlc-opt %s --split-input-file --dlc-decompose | FileCheck %s

// ReduceMean is the sum over the reduced elements divided by their count.
// CHECK-LABEL: func.func @reduce_mean(
// CHECK:         %[[S:.*]] = dlc.reduce_sum %arg0 {axes = array<i64: 0, -1>, keepdims = false} : tensor<2x3x4xf32> -> tensor<3xf32>
// CHECK:         %[[N:.*]] = dlc.constant dense<8.000000e+00> : tensor<f32>
// CHECK:         %[[Y:.*]] = dlc.div %[[S]], %[[N]]
// CHECK:         return %[[Y]]
func.func @reduce_mean(%x: tensor<2x3x4xf32>) -> tensor<3xf32> {
  %0 = dlc.reduce_mean %x {axes = array<i64: 0, -1>, keepdims = false} : tensor<2x3x4xf32> -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// L2 decomposes through the sum of squares, itself composed.
// CHECK-LABEL: func.func @norms(
// CHECK:         %[[A:.*]] = dlc.abs %arg0
// CHECK:         %[[L1:.*]] = dlc.reduce_sum %[[A]] {axes = array<i64: 1>}
// CHECK:         %[[SQ:.*]] = dlc.mul %arg0, %arg0
// CHECK:         %[[SS:.*]] = dlc.reduce_sum %[[SQ]] {axes = array<i64: 1>}
// CHECK:         %[[L2:.*]] = dlc.sqrt %[[SS]]
// CHECK:         %[[S:.*]] = dlc.reduce_sum %arg0 {axes = array<i64: 1>}
// CHECK:         %[[LS:.*]] = dlc.log %[[S]]
// CHECK:         return %[[L1]], %[[L2]], %[[LS]]
func.func @norms(%x: tensor<2x3xf32>) -> (tensor<2x1xf32>, tensor<2x1xf32>, tensor<2x1xf32>) {
  %0 = dlc.reduce_l1 %x {axes = array<i64: 1>} : tensor<2x3xf32> -> tensor<2x1xf32>
  %1 = dlc.reduce_l2 %x {axes = array<i64: 1>} : tensor<2x3xf32> -> tensor<2x1xf32>
  %2 = dlc.reduce_log_sum %x {axes = array<i64: 1>} : tensor<2x3xf32> -> tensor<2x1xf32>
  return %0, %1, %2 : tensor<2x1xf32>, tensor<2x1xf32>, tensor<2x1xf32>
}

// -----

// LogSumExp is shifted by the maximum, which is added back after the log.
// CHECK-LABEL: func.func @reduce_log_sum_exp(
// CHECK:         %[[M:.*]] = dlc.reduce_max %arg0 {axes = array<i64: 1>} : tensor<2x3xf32> -> tensor<2x1xf32>
// CHECK:         %[[D:.*]] = dlc.sub %arg0, %[[M]]
// CHECK:         %[[E:.*]] = dlc.exp %[[D]]
// CHECK:         %[[S:.*]] = dlc.reduce_sum %[[E]] {axes = array<i64: 1>, keepdims = false}
// CHECK:         %[[L:.*]] = dlc.log %[[S]]
// CHECK:         %[[M2:.*]] = dlc.reshape %[[M]] {shape = array<i64: 2>}
// CHECK:         %[[Y:.*]] = dlc.add %[[L]], %[[M2]]
// CHECK:         return %[[Y]]
func.func @reduce_log_sum_exp(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  %0 = dlc.reduce_log_sum_exp %x {axes = array<i64: 1>, keepdims = false} : tensor<2x3xf32> -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Hardmax is the index of the first maximum, one-hot along the same axis.
// CHECK-LABEL: func.func @hardmax(
// CHECK:         %[[I:.*]] = dlc.arg_max %arg0 {axis = 1 : i64, keepdims = false} : tensor<2x3x4xf32> -> tensor<2x4xi64>
// CHECK:         %[[V:.*]] = dlc.constant dense<[0.000000e+00, 1.000000e+00]> : tensor<2xf32>
// CHECK:         %[[Y:.*]] = dlc.one_hot %[[I]], %[[V]] {axis = 1 : i64, depth = 3 : i64} : (tensor<2x4xi64>, tensor<2xf32>) -> tensor<2x3x4xf32>
// CHECK:         return %[[Y]]
func.func @hardmax(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = dlc.hardmax %x {axis = -2 : i64} : tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}
