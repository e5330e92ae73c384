// RUN: dlc-opt %s --dlc-autodiff --split-input-file | FileCheck %s
// RUN: dlc-opt %s --dlc-autodiff='freeze=^conv' --split-input-file | FileCheck %s --check-prefix=FROZEN

// Broadcasting: the gradient of a [3] weight used against [2, 3] is summed
// over the broadcast dim. Integer and non-reaching values take none.
// CHECK-LABEL: func.func @broadcast(
// CHECK-SAME:    -> (tensor<f32>, tensor<3xf32> {dlc.gradient_of = "w"})
// CHECK:         %[[ONE:.*]] = dlc.constant dense<1.000000e+00> : tensor<f32>
// CHECK:         %[[G:.*]] = dlc.reduce_sum %{{.*}} {axes = array<i64: 0>} : tensor<2x3xf32> -> tensor<1x3xf32>
// CHECK:         %[[GW:.*]] = dlc.reshape %[[G]] {shape = array<i64: 3>} : tensor<1x3xf32> -> tensor<3xf32>
// CHECK:         return %{{.*}}, %[[GW]]
func.func @broadcast(%x: tensor<2x3xf32>) -> (tensor<f32> {dlc.loss}) {
  %w = dlc.param "w" {value = dense<1.0> : tensor<3xf32>} : tensor<3xf32>
  %unused = dlc.param "unused" {value = dense<1.0> : tensor<3xf32>} : tensor<3xf32>
  %y = dlc.mul %x, %w : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %l = dlc.reduce_sum %y {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Fan-out accumulates: w is read twice.
// CHECK-LABEL: func.func @fan_out(
// CHECK-SAME:    -> (tensor<f32>, tensor<3xf32> {dlc.gradient_of = "w"})
// CHECK:         dlc.expand
// CHECK:         %[[SUM:.*]] = dlc.add %{{.*}}, %{{.*}} : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
// CHECK:         return %{{.*}}, %[[SUM]]
func.func @fan_out(%x: tensor<3xf32>) -> (tensor<f32> {dlc.loss}) {
  %w = dlc.param "w" {value = dense<1.0> : tensor<3xf32>} : tensor<3xf32>
  %a = dlc.mul %x, %w : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %b = dlc.add %a, %w : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %l = dlc.reduce_sum %b {axes = array<i64: 0>, keepdims = false} : tensor<3xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// A conv layer whose input is a graph input: the input gradient
// (dlc.conv_grad_input) is pruned away; frozen layers take no gradient and
// nothing below the lowest trainable layer is computed.
// CHECK-LABEL: func.func @two_layers(
// CHECK-SAME:    tensor<2x1x3x3xf32> {dlc.gradient_of = "conv1.weight"}, tensor<2xf32> {dlc.gradient_of = "conv1.bias"}, tensor<3x8xf32> {dlc.gradient_of = "fc.weight"})
// CHECK:         dlc.conv_grad_weight
// CHECK-NOT:     dlc.conv_grad_input
// FROZEN-LABEL: func.func @two_layers(
// FROZEN-SAME:    -> (tensor<f32>, tensor<3x8xf32> {dlc.gradient_of = "fc.weight"})
// FROZEN:        dlc.expand
// FROZEN-NOT:    dlc.where
// FROZEN-NOT:    dlc.conv_grad
// FROZEN:        dlc.gemm %{{.*}} {transA = 1 : i64}
// FROZEN-NOT:    dlc.conv_grad
// FROZEN:        return
func.func @two_layers(%x: tensor<1x1x4x4xf32>) -> (tensor<f32> {dlc.loss}) {
  %w1 = dlc.param "conv1.weight" {value = dense<0.1> : tensor<2x1x3x3xf32>} : tensor<2x1x3x3xf32>
  %b1 = dlc.param "conv1.bias" {value = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %w2 = dlc.param "fc.weight" {value = dense<0.1> : tensor<3x8xf32>} : tensor<3x8xf32>
  %c = dlc.conv %x, %w1, %b1 {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x4x4xf32>, tensor<2x1x3x3xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %r = dlc.relu %c : tensor<1x2x2x2xf32>
  %f = dlc.flatten %r {axis = 1 : i64} : tensor<1x2x2x2xf32> -> tensor<1x8xf32>
  %y = dlc.gemm %f, %w2 {transB = 1 : i64} : (tensor<1x8xf32>, tensor<3x8xf32>) -> tensor<1x3xf32>
  %l = dlc.reduce_sum %y {axes = array<i64: 0, 1>, keepdims = false} : tensor<1x3xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Arguments marked dlc.wrt get gradients too (saliency, gradient checks).
// CHECK-LABEL: func.func @wrt(
// CHECK-SAME:    -> (tensor<f32>, tensor<2xf32> {dlc.gradient_of_arg = 0 : i64})
func.func @wrt(%x: tensor<2xf32> {dlc.wrt}) -> (tensor<f32> {dlc.loss}) {
  %e = dlc.exp %x : tensor<2xf32>
  %l = dlc.reduce_sum %e {axes = array<i64: 0>, keepdims = false} : tensor<2xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// BatchNormalization's running statistics are not weights: no gradient.
// CHECK-LABEL: func.func @statistics(
// CHECK-SAME:    -> (tensor<f32>, tensor<2xf32> {dlc.gradient_of = "scale"})
func.func @statistics(%x: tensor<2xf32>) -> (tensor<f32> {dlc.loss}) {
  %mean = dlc.param "mean" {dlc.running_statistic, value = dense<0.5> : tensor<2xf32>} : tensor<2xf32>
  %scale = dlc.param "scale" {value = dense<2.0> : tensor<2xf32>} : tensor<2xf32>
  %c = dlc.sub %x, %mean : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %y = dlc.mul %c, %scale : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %l = dlc.reduce_sum %y {axes = array<i64: 0>, keepdims = false} : tensor<2xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// A composite op with no gradient of its own (reduce_l2) is decomposed in
// place, then its smaller ops are differentiated.
// CHECK-LABEL: func.func @composite(
// CHECK-NOT:     dlc.reduce_l2
// CHECK:         dlc.sqrt
// CHECK:         return %{{.*}}, %{{.*}} : tensor<f32>, tensor<3xf32>
func.func @composite(%x: tensor<2x3xf32>) -> (tensor<f32> {dlc.loss}) {
  %w = dlc.param "w" {value = dense<[1.0, 2.0, 3.0]> : tensor<3xf32>} : tensor<3xf32>
  %y = dlc.mul %x, %w : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %n = dlc.reduce_l2 %y {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xf32> -> tensor<f32>
  return %n : tensor<f32>
}
