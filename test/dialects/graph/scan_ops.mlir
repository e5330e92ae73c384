// RUN: dlc-opt --split-input-file %s | dlc-opt | FileCheck %s

// Default attributes are elided; ONNX's axis, k and depth inputs are
// attributes here.
// CHECK-LABEL: func.func @scan_ops
// CHECK: dlc.cum_sum %arg0 {axis = 1 : i64} : tensor<2x3xf32>
// CHECK: dlc.cum_sum %arg1 {axis = -1 : i64, exclusive = true, reverse = true} : tensor<4xi32>
// CHECK: dlc.trilu %arg0 : tensor<2x3xf32>
// CHECK: dlc.trilu %arg0 {k = -1 : i64, upper = false} : tensor<2x3xf32>
// CHECK: dlc.top_k %arg0 {k = 2 : i64} : tensor<2x3xf32> -> (tensor<2x2xf32>, tensor<2x2xi64>)
// CHECK: dlc.top_k %arg1 {axis = 0 : i64, k = 1 : i64, largest = false} : tensor<4xi32> -> (tensor<1xi32>, tensor<1xi64>)
// CHECK: dlc.one_hot %arg2, %arg3 {axis = 0 : i64, depth = 5 : i64} : (tensor<3xi64>, tensor<2xf32>) -> tensor<5x3xf32>
func.func @scan_ops(%x: tensor<2x3xf32>, %i: tensor<4xi32>, %n: tensor<3xi64>, %v: tensor<2xf32>)
    -> (tensor<2x3xf32>, tensor<4xi32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x2xf32>,
        tensor<1xi32>, tensor<5x3xf32>) {
  %0 = dlc.cum_sum %x {axis = 1 : i64} : tensor<2x3xf32>
  %1 = dlc.cum_sum %i {axis = -1 : i64, exclusive = true, reverse = true} : tensor<4xi32>
  %2 = dlc.trilu %x : tensor<2x3xf32>
  %3 = dlc.trilu %x {k = -1 : i64, upper = false} : tensor<2x3xf32>
  %4, %5 = dlc.top_k %x {k = 2 : i64} : tensor<2x3xf32> -> (tensor<2x2xf32>, tensor<2x2xi64>)
  %6, %7 = dlc.top_k %i {axis = 0 : i64, k = 1 : i64, largest = false} : tensor<4xi32> -> (tensor<1xi32>, tensor<1xi64>)
  %8 = dlc.one_hot %n, %v {axis = 0 : i64, depth = 5 : i64} : (tensor<3xi64>, tensor<2xf32>) -> tensor<5x3xf32>
  return %0, %1, %2, %3, %4, %6, %8 : tensor<2x3xf32>, tensor<4xi32>, tensor<2x3xf32>,
      tensor<2x3xf32>, tensor<2x2xf32>, tensor<1xi32>, tensor<5x3xf32>
}
