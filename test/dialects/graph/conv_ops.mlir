// RUN: dlc-opt --split-input-file %s | dlc-opt | FileCheck %s

// A 2-d convolution with bias, strides and padding; group = 1 is the default and is not printed.
// CHECK-LABEL: func.func @conv2d_bias
// CHECK: dlc.conv %arg0, %arg1, %arg2 {dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x3x32x32xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<1x16x16x16xf32>
func.func @conv2d_bias(%x: tensor<1x3x32x32xf32>, %w: tensor<16x3x3x3xf32>, %b: tensor<16xf32>) -> tensor<1x16x16x16xf32> {
  %0 = dlc.conv %x, %w, %b {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x3x32x32xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<1x16x16x16xf32>
  return %0 : tensor<1x16x16x16xf32>
}

// -----

// A 1-d dilated convolution without bias.
// CHECK-LABEL: func.func @conv1d
// CHECK: dlc.conv %arg0, %arg1 {dilations = array<i64: 2>, pads = array<i64: 0, 0>, strides = array<i64: 1>} : (tensor<2x4x10xf64>, tensor<6x4x3xf64>) -> tensor<2x6x6xf64>
func.func @conv1d(%x: tensor<2x4x10xf64>, %w: tensor<6x4x3xf64>) -> tensor<2x6x6xf64> {
  %0 = dlc.conv %x, %w {dilations = array<i64: 2>, pads = array<i64: 0, 0>, strides = array<i64: 1>} : (tensor<2x4x10xf64>, tensor<6x4x3xf64>) -> tensor<2x6x6xf64>
  return %0 : tensor<2x6x6xf64>
}

// -----

// A grouped 3-d convolution in f16.
// CHECK-LABEL: func.func @conv3d_grouped
// CHECK: dlc.conv %arg0, %arg1 {dilations = array<i64: 1, 1, 1>, group = 2 : i64, pads = array<i64: 0, 1, 0, 0, 1, 0>, strides = array<i64: 1, 1, 2>} : (tensor<1x4x5x5x5xf16>, tensor<6x2x3x3x3xf16>) -> tensor<1x6x3x5x2xf16>
func.func @conv3d_grouped(%x: tensor<1x4x5x5x5xf16>, %w: tensor<6x2x3x3x3xf16>) -> tensor<1x6x3x5x2xf16> {
  %0 = dlc.conv %x, %w {dilations = array<i64: 1, 1, 1>, group = 2 : i64, pads = array<i64: 0, 1, 0, 0, 1, 0>, strides = array<i64: 1, 1, 2>} : (tensor<1x4x5x5x5xf16>, tensor<6x2x3x3x3xf16>) -> tensor<1x6x3x5x2xf16>
  return %0 : tensor<1x6x3x5x2xf16>
}

// -----

// The input's gradient names the input's shape: with stride 2, 7x7 and 8x8
// inputs both give 4x4 outputs.
// CHECK-LABEL: func.func @conv_grad_input
// CHECK: dlc.conv_grad_input %arg0, %arg1 {dilations = array<i64: 1, 1>, input_shape = array<i64: 1, 3, 8, 8>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x16x4x4xf32>, tensor<16x3x3x3xf32>) -> tensor<1x3x8x8xf32>
func.func @conv_grad_input(%dy: tensor<1x16x4x4xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x3x8x8xf32> {
  %0 = dlc.conv_grad_input %dy, %w {dilations = array<i64: 1, 1>, group = 1 : i64, input_shape = array<i64: 1, 3, 8, 8>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x16x4x4xf32>, tensor<16x3x3x3xf32>) -> tensor<1x3x8x8xf32>
  return %0 : tensor<1x3x8x8xf32>
}

// -----

// A grouped, dilated 1-d input gradient in f64.
// CHECK-LABEL: func.func @conv_grad_input_grouped
// CHECK: dlc.conv_grad_input %arg0, %arg1 {dilations = array<i64: 2>, group = 2 : i64, input_shape = array<i64: 2, 4, 10>, pads = array<i64: 0, 0>, strides = array<i64: 1>} : (tensor<2x6x6xf64>, tensor<6x2x3xf64>) -> tensor<2x4x10xf64>
func.func @conv_grad_input_grouped(%dy: tensor<2x6x6xf64>, %w: tensor<6x2x3xf64>) -> tensor<2x4x10xf64> {
  %0 = dlc.conv_grad_input %dy, %w {dilations = array<i64: 2>, group = 2 : i64, input_shape = array<i64: 2, 4, 10>, pads = array<i64: 0, 0>, strides = array<i64: 1>} : (tensor<2x6x6xf64>, tensor<6x2x3xf64>) -> tensor<2x4x10xf64>
  return %0 : tensor<2x4x10xf64>
}

// -----

// The weight's gradient takes its kernel shape from kernel_shape.
// CHECK-LABEL: func.func @conv_grad_weight
// CHECK: dlc.conv_grad_weight %arg0, %arg1 {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x3x8x8xf32>, tensor<1x16x4x4xf32>) -> tensor<16x3x3x3xf32>
func.func @conv_grad_weight(%x: tensor<1x3x8x8xf32>, %dy: tensor<1x16x4x4xf32>) -> tensor<16x3x3x3xf32> {
  %0 = dlc.conv_grad_weight %x, %dy {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x3x8x8xf32>, tensor<1x16x4x4xf32>) -> tensor<16x3x3x3xf32>
  return %0 : tensor<16x3x3x3xf32>
}

// -----

// A grouped 3-d weight gradient in f16: [M, C/group, K...].
// CHECK-LABEL: func.func @conv_grad_weight_grouped
// CHECK: dlc.conv_grad_weight %arg0, %arg1 {dilations = array<i64: 1, 1, 1>, group = 2 : i64, kernel_shape = array<i64: 3, 3, 3>, pads = array<i64: 0, 1, 0, 0, 1, 0>, strides = array<i64: 1, 1, 2>} : (tensor<1x4x5x5x5xf16>, tensor<1x6x3x5x2xf16>) -> tensor<6x2x3x3x3xf16>
func.func @conv_grad_weight_grouped(%x: tensor<1x4x5x5x5xf16>, %dy: tensor<1x6x3x5x2xf16>) -> tensor<6x2x3x3x3xf16> {
  %0 = dlc.conv_grad_weight %x, %dy {dilations = array<i64: 1, 1, 1>, group = 2 : i64, kernel_shape = array<i64: 3, 3, 3>, pads = array<i64: 0, 1, 0, 0, 1, 0>, strides = array<i64: 1, 1, 2>} : (tensor<1x4x5x5x5xf16>, tensor<1x6x3x5x2xf16>) -> tensor<6x2x3x3x3xf16>
  return %0 : tensor<6x2x3x3x3xf16>
}

// -----

// A packed filter [C/group, KH, KW, M]: the same conv, its bias one per
// output channel (the weight's last dim).
// CHECK-LABEL: func.func @conv2d_channels_last_filter
// CHECK: dlc.conv %arg0, %arg1, %arg2 {dilations = array<i64: 1, 1>, filter_channels_last, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x6x6xf32>, tensor<3x3x3x16xf32>, tensor<16xf32>) -> tensor<1x16x4x4xf32>
func.func @conv2d_channels_last_filter(%x: tensor<1x3x6x6xf32>, %w: tensor<3x3x3x16xf32>, %b: tensor<16xf32>) -> tensor<1x16x4x4xf32> {
  %0 = dlc.conv %x, %w, %b {dilations = array<i64: 1, 1>, filter_channels_last, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x6x6xf32>, tensor<3x3x3x16xf32>, tensor<16xf32>) -> tensor<1x16x4x4xf32>
  return %0 : tensor<1x16x4x4xf32>
}
