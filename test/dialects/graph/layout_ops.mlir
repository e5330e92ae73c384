// RUN: dlc-opt --split-input-file %s | dlc-opt | FileCheck %s

// Pads add (or, negative, remove) elements at both ends of each dim; the
// mode and value have ONNX's defaults.
// CHECK-LABEL: func.func @pad
// CHECK: dlc.pad %arg0 {pads = array<i64: 0, 1, 0, -2>} : tensor<2x4xf32> -> tensor<2x3xf32>
// CHECK: dlc.pad %arg0 {constant_value = 1.500000e+00 : f64, pads = array<i64: 1, 0, 0, 0>} : tensor<2x4xf32> -> tensor<3x4xf32>
// CHECK: dlc.pad %arg0 {mode = "reflect", pads = array<i64: 0, 3, 0, 3>} : tensor<2x4xf32> -> tensor<2x10xf32>
// CHECK: dlc.pad %arg0 {mode = "edge", pads = array<i64: 5, 0, 0, 0>} : tensor<2x4xf32> -> tensor<7x4xf32>
// CHECK: dlc.pad %arg0 {mode = "wrap", pads = array<i64: 0, 4, 1, 0>} : tensor<2x4xf32> -> tensor<3x8xf32>
func.func @pad(%x: tensor<2x4xf32>)
    -> (tensor<2x3xf32>, tensor<3x4xf32>, tensor<2x10xf32>, tensor<7x4xf32>, tensor<3x8xf32>) {
  %0 = dlc.pad %x {pads = array<i64: 0, 1, 0, -2>} : tensor<2x4xf32> -> tensor<2x3xf32>
  %1 = dlc.pad %x {pads = array<i64: 1, 0, 0, 0>, constant_value = 1.5 : f64}
      : tensor<2x4xf32> -> tensor<3x4xf32>
  %2 = dlc.pad %x {pads = array<i64: 0, 3, 0, 3>, mode = "reflect"} : tensor<2x4xf32> -> tensor<2x10xf32>
  %3 = dlc.pad %x {pads = array<i64: 5, 0, 0, 0>, mode = "edge"} : tensor<2x4xf32> -> tensor<7x4xf32>
  %4 = dlc.pad %x {pads = array<i64: 0, 4, 1, 0>, mode = "wrap"} : tensor<2x4xf32> -> tensor<3x8xf32>
  return %0, %1, %2, %3, %4 : tensor<2x3xf32>, tensor<3x4xf32>, tensor<2x10xf32>, tensor<7x4xf32>, tensor<3x8xf32>
}
