// RUN: dlc-opt %s --dlc-autodiff --split-input-file | FileCheck %s
// The gradients reductions, softmax and arg_max build
// (GradientOpInterface), as autodiff strings them together.

// reduce_sum (here the loss) broadcasts its gradient back: a reshape to the
// kept dims, then dlc.expand.
// CHECK-LABEL: func.func @reduce_sum(
// CHECK:         %[[ONE:.*]] = dlc.constant dense<1.000000e+00> : tensor<f32>
// CHECK:         %[[KEPT:.*]] = dlc.reshape %[[ONE]] {shape = array<i64: 1, 1>} : tensor<f32> -> tensor<1x1xf32>
// CHECK:         %[[DX:.*]] = dlc.expand %[[KEPT]] {shape = array<i64: 2, 3>} : tensor<1x1xf32> -> tensor<2x3xf32>
// CHECK:         return %{{.*}}, %[[DX]]
func.func @reduce_sum(%x: tensor<2x3xf32> {dlc.wrt}) -> (tensor<f32> {dlc.loss}) {
  %l = dlc.reduce_sum %x {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// As torch.amax: the elements equal to the maximum share its gradient.
// CHECK-LABEL: func.func @reduce_max(
// CHECK:         %[[MAX:.*]] = dlc.reduce_max %arg0
// CHECK:         %[[G:.*]] = dlc.expand
// CHECK:         %[[MAXK:.*]] = dlc.reshape %[[MAX]] {shape = array<i64: 2, 1>} : tensor<2xf32> -> tensor<2x1xf32>
// CHECK:         %[[IS:.*]] = dlc.equal %arg0, %[[MAXK]] : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x3xi1>
// CHECK:         %[[ISF:.*]] = dlc.cast %[[IS]] {to = f32}
// CHECK:         %[[COUNT:.*]] = dlc.reduce_sum %[[ISF]] {axes = array<i64: 1>} : tensor<2x3xf32> -> tensor<2x1xf32>
// CHECK:         %[[GK:.*]] = dlc.reshape %[[G]] {shape = array<i64: 2, 1>}
// CHECK:         %[[SHARE:.*]] = dlc.div %[[GK]], %[[COUNT]]
// CHECK:         %[[DX:.*]] = dlc.mul %[[ISF]], %[[SHARE]] : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
// CHECK:         return %{{.*}}, %[[DX]]
func.func @reduce_max(%x: tensor<2x3xf32> {dlc.wrt}) -> (tensor<f32> {dlc.loss}) {
  %0 = dlc.reduce_max %x {axes = array<i64: 1>, keepdims = false} : tensor<2x3xf32> -> tensor<2xf32>
  %l = dlc.reduce_sum %0 {axes = array<i64: 0>, keepdims = false} : tensor<2xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// dx = y * (g - sum(g * y)) along the axis.
// CHECK-LABEL: func.func @softmax(
// CHECK:         %[[Y:.*]] = dlc.softmax %arg0
// CHECK:         dlc.expand
// CHECK:         %[[G:.*]] = dlc.mul %{{.*}}, %arg1
// CHECK:         %[[GY:.*]] = dlc.mul %[[G]], %[[Y]]
// CHECK:         %[[DOT:.*]] = dlc.reduce_sum %[[GY]] {axes = array<i64: 1>} : tensor<2x3xf32> -> tensor<2x1xf32>
// CHECK:         %[[D:.*]] = dlc.sub %[[G]], %[[DOT]]
// CHECK:         %[[DX:.*]] = dlc.mul %[[Y]], %[[D]]
// CHECK:         return %{{.*}}, %[[DX]]
func.func @softmax(%x: tensor<2x3xf32> {dlc.wrt}, %w: tensor<2x3xf32>) -> (tensor<f32> {dlc.loss}) {
  %0 = dlc.softmax %x {axis = 1 : i64} : tensor<2x3xf32>
  %1 = dlc.mul %0, %w : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %l = dlc.reduce_sum %1 {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Indices carry no gradient: x's comes only through the product.
// CHECK-LABEL: func.func @arg_max(
// CHECK:         %[[F:.*]] = dlc.cast %{{.*}} {to = f32} : tensor<2x1xi64> -> tensor<2x1xf32>
// CHECK:         %[[G:.*]] = dlc.expand
// CHECK:         %[[DX:.*]] = dlc.mul %[[G]], %[[F]]
// CHECK-NEXT:    return %{{.*}}, %[[DX]]
func.func @arg_max(%x: tensor<2x3xf32> {dlc.wrt}) -> (tensor<f32> {dlc.loss}) {
  %i = dlc.arg_max %x {axis = 1 : i64} : tensor<2x3xf32> -> tensor<2x1xi64>
  %f = dlc.cast %i {to = f32} : tensor<2x1xi64> -> tensor<2x1xf32>
  %0 = dlc.mul %x, %f : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
  %l = dlc.reduce_sum %0 {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xf32> -> tensor<f32>
  return %l : tensor<f32>
}
