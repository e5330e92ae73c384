// RUN: dlc-opt %s --split-input-file --dlc-decompose | FileCheck %s

// Negative pads crop first; each padded dim is then a concatenation of the
// padding and what is there so far.
// CHECK-LABEL: func.func @constant_crop(
// CHECK:         %[[CROP:.*]] = dlc.slice %arg0 {sizes = array<i64: 3, 3>, starts = array<i64: 0, 1>, steps = array<i64: 1, 1>} : tensor<3x4xf32> -> tensor<3x3xf32>
// CHECK:         %[[TOP:.*]] = dlc.constant dense<5.000000e-01> : tensor<1x3xf32>
// CHECK:         %[[ROWS:.*]] = dlc.concat %[[TOP]], %[[CROP]] {axis = 0 : i64}
// CHECK:         %[[RIGHT:.*]] = dlc.constant dense<5.000000e-01> : tensor<4x2xf32>
// CHECK:         %[[Y:.*]] = dlc.concat %[[ROWS]], %[[RIGHT]] {axis = 1 : i64}
// CHECK:         return %[[Y]] : tensor<4x5xf32>
func.func @constant_crop(%x: tensor<3x4xf32>) -> tensor<4x5xf32> {
  %y = dlc.pad %x {pads = array<i64: 1, -1, 0, 2>, constant_value = 0.5 : f64}
      : tensor<3x4xf32> -> tensor<4x5xf32>
  return %y : tensor<4x5xf32>
}

// -----

// Reflect: reversed slices that skip the edge element.
// CHECK-LABEL: func.func @reflect(
// CHECK:         %[[L:.*]] = dlc.slice %arg0 {sizes = array<i64: 2, 2>, starts = array<i64: 0, 2>, steps = array<i64: 1, -1>}
// CHECK:         %[[R:.*]] = dlc.slice %arg0 {sizes = array<i64: 2, 1>, starts = array<i64: 0, 2>, steps = array<i64: 1, -1>}
// CHECK:         %[[Y:.*]] = dlc.concat %[[L]], %arg0, %[[R]] {axis = 1 : i64}
// CHECK:         return %[[Y]] : tensor<2x7xf32>
func.func @reflect(%x: tensor<2x4xf32>) -> tensor<2x7xf32> {
  %y = dlc.pad %x {pads = array<i64: 0, 2, 0, 1>, mode = "reflect"} : tensor<2x4xf32> -> tensor<2x7xf32>
  return %y : tensor<2x7xf32>
}

// -----

// Edge: the edge slice broadcast; wrap: slices from the other end.
// CHECK-LABEL: func.func @edge_wrap(
// CHECK:         %[[E:.*]] = dlc.slice %arg0 {sizes = array<i64: 1, 4>, starts = array<i64: 1, 0>, steps = array<i64: 1, 1>}
// CHECK:         %[[EX:.*]] = dlc.expand %[[E]] {shape = array<i64: 3, 4>}
// CHECK:         %[[Y0:.*]] = dlc.concat %arg0, %[[EX]] {axis = 0 : i64}
// CHECK:         %[[W:.*]] = dlc.slice %arg0 {sizes = array<i64: 2, 3>, starts = array<i64: 0, 1>, steps = array<i64: 1, 1>}
// CHECK:         %[[Y1:.*]] = dlc.concat %[[W]], %arg0 {axis = 1 : i64}
// CHECK:         return %[[Y0]], %[[Y1]] : tensor<5x4xf32>, tensor<2x7xf32>
func.func @edge_wrap(%x: tensor<2x4xf32>) -> (tensor<5x4xf32>, tensor<2x7xf32>) {
  %0 = dlc.pad %x {pads = array<i64: 0, 0, 3, 0>, mode = "edge"} : tensor<2x4xf32> -> tensor<5x4xf32>
  %1 = dlc.pad %x {pads = array<i64: 0, 3, 0, 0>, mode = "wrap"} : tensor<2x4xf32> -> tensor<2x7xf32>
  return %0, %1 : tensor<5x4xf32>, tensor<2x7xf32>
}
