// RUN: dlc-opt --split-input-file %s | dlc-opt | FileCheck %s

// Binary ops broadcast NumPy-style and round-trip.
// CHECK-LABEL: func.func @binary
// CHECK: dlc.add %arg0, %arg1 : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// CHECK: dlc.sub
// CHECK: dlc.mul
// CHECK: dlc.div %{{.*}}, %{{.*}} : (tensor<2x3xui8>, tensor<1xui8>) -> tensor<2x3xui8>
func.func @binary(%a: tensor<2x3xf32>, %b: tensor<3xf32>, %c: tensor<2x3xui8>, %d: tensor<1xui8>) -> tensor<2x3xui8> {
  %0 = dlc.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = dlc.sub %0, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %2 = dlc.mul %1, %a : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %3 = dlc.div %c, %d : (tensor<2x3xui8>, tensor<1xui8>) -> tensor<2x3xui8>
  return %3 : tensor<2x3xui8>
}

// -----

// CHECK-LABEL: func.func @unary
// CHECK: dlc.relu %arg0 : tensor<4xf32>
// CHECK: dlc.sigmoid
// CHECK: dlc.tanh
// CHECK: dlc.exp
func.func @unary(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = dlc.relu %a : tensor<4xf32>
  %1 = dlc.sigmoid %0 : tensor<4xf32>
  %2 = dlc.tanh %1 : tensor<4xf32>
  %3 = dlc.exp %2 : tensor<4xf32>
  return %3 : tensor<4xf32>
}
