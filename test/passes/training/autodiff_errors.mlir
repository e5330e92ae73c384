// RUN: dlc-opt %s --dlc-autodiff --split-input-file --verify-diagnostics
// RUN: not dlc-opt %s --dlc-autodiff='freeze=(' 2>&1 | FileCheck %s --check-prefix=FREEZE
// FREEZE: invalid freeze pattern '('

// An op on the path from a trainable param to the loss without a gradient
// is an error at that op (the ONNX node).
func.func @blocked(%x: tensor<2x4xf32>) -> (tensor<f32> {dlc.loss}) {
  %w = dlc.param "w" {value = dense<1.0> : tensor<4x3xf32>} : tensor<4x3xf32>
  %t = dlc.constant dense<[0, 1]> : tensor<2xi64>
  %y = dlc.matmul %x, %w : (tensor<2x4xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
  %s = dlc.reduce_sum %y {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xf32> -> tensor<f32>
  // expected-error @+1 {{no gradient yet for dlc.nll_loss_grad}}
  %g = dlc.nll_loss_grad %s, %t {num_classes = 3 : i64, reduction = "sum"} : (tensor<f32>, tensor<2xi64>) -> tensor<2x3xf32>
  %l = dlc.reduce_sum %g {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// The loss must be a float scalar.
// expected-error @+1 {{differentiates result 0, which must be a float scalar}}
func.func @not_scalar(%x: tensor<2xf32>) -> (tensor<2xf32> {dlc.loss}) {
  %w = dlc.param "w" {value = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %y = dlc.mul %x, %w : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %y : tensor<2xf32>
}

// -----

// A packed (channels-last) filter is an inference constant: differentiating
// through its conv is an error, never a wrong gradient.
func.func @packed_filter(%x: tensor<1x1x3x3xf32>) -> (tensor<f32> {dlc.loss}) {
  %w = dlc.param "w" {value = dense<1.0> : tensor<1x2x2x1xf32>} : tensor<1x2x2x1xf32>
  %v = dlc.param "v" {value = dense<1.0> : tensor<1x1x3x3xf32>} : tensor<1x1x3x3xf32>
  %a = dlc.mul %x, %v : (tensor<1x1x3x3xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32>
  // expected-error @+1 {{has a packed (channels-last) filter, which is inference-only: no gradient}}
  %y = dlc.conv %a, %w {dilations = array<i64: 1, 1>, filter_channels_last, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x3x3xf32>, tensor<1x2x2x1xf32>) -> tensor<1x1x2x2xf32>
  %l = dlc.reduce_sum %y {axes = array<i64: 0, 1, 2, 3>, keepdims = false} : tensor<1x1x2x2xf32> -> tensor<f32>
  return %l : tensor<f32>
}
