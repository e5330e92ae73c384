// RUN: dlc-opt %s --dlc-autodiff | FileCheck %s
// The gradient dlc.expand builds (GradientOpInterface): like any broadcast,
// summed back over the dims it added or stretched.

// CHECK-LABEL: func.func @expand(
// CHECK:         %[[Y:.*]] = dlc.expand %arg0
// CHECK:         %[[G:.*]] = dlc.add
// CHECK:         %[[SUM:.*]] = dlc.reduce_sum %[[G]] {axes = array<i64: 0, 2>} : tensor<2x3x4xf32> -> tensor<1x3x1xf32>
// CHECK:         %[[DX:.*]] = dlc.reshape %[[SUM]] {shape = array<i64: 3, 1>} : tensor<1x3x1xf32> -> tensor<3x1xf32>
// CHECK:         return %{{.*}}, %[[DX]]
func.func @expand(%x: tensor<3x1xf32> {dlc.wrt}) -> (tensor<f32> {dlc.loss}) {
  %0 = dlc.expand %x {shape = array<i64: 2, 1, 4>} : tensor<3x1xf32> -> tensor<2x3x4xf32>
  %1 = dlc.mul %0, %0 : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %l = dlc.reduce_sum %1 {axes = array<i64: 0, 1, 2>, keepdims = false} : tensor<2x3x4xf32> -> tensor<f32>
  return %l : tensor<f32>
}
