// RUN: dlc-opt --split-input-file %s | dlc-opt | FileCheck %s

// Reshape keeps the ONNX shape as written (0 copies a dim, -1 is inferred);
// the default allowzero is not printed.
// CHECK-LABEL: func.func @reshape
// CHECK: dlc.reshape %arg0 {shape = array<i64: 2, 0, -1>} : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
// CHECK: dlc.reshape %arg0 {shape = array<i64: -1, 2, 3, 4>} : tensor<2x3x4xf32> -> tensor<1x2x3x4xf32>
// CHECK: dlc.reshape %arg1 {allowzero = 1 : i64, shape = array<i64: 3, 4, 0>} : tensor<0x3x4xf32> -> tensor<3x4x0xf32>
func.func @reshape(%x: tensor<2x3x4xf32>, %e: tensor<0x3x4xf32>)
    -> (tensor<2x3x4xf32>, tensor<1x2x3x4xf32>, tensor<3x4x0xf32>) {
  %0 = dlc.reshape %x {shape = array<i64: 2, 0, -1>} : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  %1 = dlc.reshape %x {shape = array<i64: -1, 2, 3, 4>} : tensor<2x3x4xf32> -> tensor<1x2x3x4xf32>
  %2 = dlc.reshape %e {shape = array<i64: 3, 4, 0>, allowzero = 1} : tensor<0x3x4xf32> -> tensor<3x4x0xf32>
  return %0, %1, %2 : tensor<2x3x4xf32>, tensor<1x2x3x4xf32>, tensor<3x4x0xf32>
}

// -----

// Any element type reshapes, scalars included.
// CHECK-LABEL: func.func @reshape_types
// CHECK: dlc.reshape %arg0 {shape = array<i64: 2, 2>} : tensor<4xui8> -> tensor<2x2xui8>
// CHECK: dlc.reshape %arg1 {shape = array<i64>} : tensor<1x1xi1> -> tensor<i1>
func.func @reshape_types(%x: tensor<4xui8>, %b: tensor<1x1xi1>) -> (tensor<2x2xui8>, tensor<i1>) {
  %0 = dlc.reshape %x {shape = array<i64: 2, 2>} : tensor<4xui8> -> tensor<2x2xui8>
  %1 = dlc.reshape %b {shape = array<i64>} : tensor<1x1xi1> -> tensor<i1>
  return %0, %1 : tensor<2x2xui8>, tensor<i1>
}

// -----

// Flatten splits at the axis; axis 0 and the rank give a leading / trailing 1.
// CHECK-LABEL: func.func @flatten
// CHECK: dlc.flatten %arg0 : tensor<2x3x4x5xf32> -> tensor<2x60xf32>
// CHECK: dlc.flatten %arg0 {axis = 0 : i64} : tensor<2x3x4x5xf32> -> tensor<1x120xf32>
// CHECK: dlc.flatten %arg0 {axis = -1 : i64} : tensor<2x3x4x5xf32> -> tensor<24x5xf32>
// CHECK: dlc.flatten %arg0 {axis = 4 : i64} : tensor<2x3x4x5xf32> -> tensor<120x1xf32>
func.func @flatten(%x: tensor<2x3x4x5xf32>)
    -> (tensor<2x60xf32>, tensor<1x120xf32>, tensor<24x5xf32>, tensor<120x1xf32>) {
  %0 = dlc.flatten %x : tensor<2x3x4x5xf32> -> tensor<2x60xf32>
  %1 = dlc.flatten %x {axis = 0 : i64} : tensor<2x3x4x5xf32> -> tensor<1x120xf32>
  %2 = dlc.flatten %x {axis = -1 : i64} : tensor<2x3x4x5xf32> -> tensor<24x5xf32>
  %3 = dlc.flatten %x {axis = 4 : i64} : tensor<2x3x4x5xf32> -> tensor<120x1xf32>
  return %0, %1, %2, %3 : tensor<2x60xf32>, tensor<1x120xf32>, tensor<24x5xf32>, tensor<120x1xf32>
}

// -----

// Transpose takes an explicit perm or reverses the dims.
// CHECK-LABEL: func.func @transpose
// CHECK: dlc.transpose %arg0 {perm = array<i64: 1, 2, 0>} : tensor<2x3x4xi64> -> tensor<3x4x2xi64>
// CHECK: dlc.transpose %arg0 : tensor<2x3x4xi64> -> tensor<4x3x2xi64>
func.func @transpose(%x: tensor<2x3x4xi64>) -> (tensor<3x4x2xi64>, tensor<4x3x2xi64>) {
  %0 = dlc.transpose %x {perm = array<i64: 1, 2, 0>} : tensor<2x3x4xi64> -> tensor<3x4x2xi64>
  %1 = dlc.transpose %x : tensor<2x3x4xi64> -> tensor<4x3x2xi64>
  return %0, %1 : tensor<3x4x2xi64>, tensor<4x3x2xi64>
}

// -----

// Expand broadcasts both ways: a 1 in the shape keeps the input's dim, and
// the shape may be shorter than the input.
// CHECK-LABEL: func.func @expand
// CHECK: dlc.expand %arg0 {shape = array<i64: 2, 1, 6>} : tensor<3x1xf32> -> tensor<2x3x6xf32>
// CHECK: dlc.expand %arg0 {shape = array<i64: 4>} : tensor<3x1xf32> -> tensor<3x4xf32>
func.func @expand(%x: tensor<3x1xf32>) -> (tensor<2x3x6xf32>, tensor<3x4xf32>) {
  %0 = dlc.expand %x {shape = array<i64: 2, 1, 6>} : tensor<3x1xf32> -> tensor<2x3x6xf32>
  %1 = dlc.expand %x {shape = array<i64: 4>} : tensor<3x1xf32> -> tensor<3x4xf32>
  return %0, %1 : tensor<2x3x6xf32>, tensor<3x4xf32>
}
