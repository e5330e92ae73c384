// RUN: dlc-opt --split-input-file --dlc-pack-weights=vector-width=4 %s | FileCheck %s

// One output column fills a quarter of a 4-lane vector, two output channels
// half of one: the filter [2, 1, 1, 2] = [[[[1, 2]]], [[[3, 4]]]] is stored
// [1, 1, 2, 2] = [[[[1, 3], [2, 4]]]] under a new name, and the original
// param is gone.
// CHECK-LABEL: func.func @narrow
// CHECK-NOT: dlc.param "w" {
// CHECK: %[[W:.*]] = dlc.param "w.channels_last" {value = dense_resource<w.channels_last> : tensor<1x1x2x2xf32>} : tensor<1x1x2x2xf32>
// CHECK: dlc.conv %arg0, %[[W]] {dilations = array<i64: 1, 1>, filter_channels_last, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x1x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x2x1x1xf32>
// CHECK: w.channels_last: "0x040000000000803F000040400000004000008040"
func.func @narrow(%x: tensor<1x1x1x2xf32>) -> tensor<1x2x1x1xf32> attributes {dlc.entry = "run"} {
  %w = dlc.param "w" {value = dense<[[[[1.0, 2.0]]], [[[3.0, 4.0]]]]> : tensor<2x1x1x2xf32>} : tensor<2x1x1x2xf32>
  %y = dlc.conv %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x1x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x2x1x1xf32>
  return %y : tensor<1x2x1x1xf32>
}

// -----

// Eight output columns fill two vectors, two channels half of one: kept.
// CHECK-LABEL: func.func @wide
// CHECK: dlc.param "w" {value = dense<1.000000e+00> : tensor<2x1x1x1xf32>}
// CHECK-NOT: filter_channels_last
func.func @wide(%x: tensor<1x1x1x8xf32>) -> tensor<1x2x1x8xf32> attributes {dlc.entry = "run"} {
  %w = dlc.param "w" {value = dense<1.0> : tensor<2x1x1x1xf32>} : tensor<2x1x1x1xf32>
  %y = dlc.conv %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x1x8xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x1x8xf32>
  return %y : tensor<1x2x1x8xf32>
}

// -----

// Three output columns fill three quarters of a vector: over a reduction of
// one tap the gathers and scatters across channels would cost more than the
// idle lane. Kept, though four channels would fill a vector.
// CHECK-LABEL: func.func @three_quarters
// CHECK: dlc.param "w" {value = dense<1.000000e+00> : tensor<4x1x1x1xf32>}
// CHECK-NOT: filter_channels_last
func.func @three_quarters(%x: tensor<1x1x1x3xf32>) -> tensor<1x4x1x3xf32> attributes {dlc.entry = "run"} {
  %w = dlc.param "w" {value = dense<1.0> : tensor<4x1x1x1xf32>} : tensor<4x1x1x1xf32>
  %y = dlc.conv %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x1x3xf32>, tensor<4x1x1x1xf32>) -> tensor<1x4x1x3xf32>
  return %y : tensor<1x4x1x3xf32>
}

// -----

// The same three quarters of a vector, but each output sums 32 channels by
// 3x3 taps (288 >= 256 multiply-adds): the gathers and scatters are hidden,
// and the four channels fill a vector. Packed.
// CHECK-LABEL: func.func @long_reduction
// CHECK: %[[W:.*]] = dlc.param "w.channels_last" {value = dense_resource<w.channels_last> : tensor<32x3x3x4xf32>} : tensor<32x3x3x4xf32>
// CHECK: dlc.conv %arg0, %[[W]] {{{.*}}filter_channels_last
func.func @long_reduction(%x: tensor<1x32x3x5xf32>) -> tensor<1x4x1x3xf32> attributes {dlc.entry = "run"} {
  %w = dlc.param "w" {value = dense<1.0> : tensor<4x32x3x3xf32>} : tensor<4x32x3x3xf32>
  %y = dlc.conv %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x32x3x5xf32>, tensor<4x32x3x3xf32>) -> tensor<1x4x1x3xf32>
  return %y : tensor<1x4x1x3xf32>
}

// -----

// A weight that a training entry updates keeps its layout.
// CHECK-LABEL: func.func @trained
// CHECK: dlc.param "w" {value = dense<1.000000e+00> : tensor<4x1x1x1xf32>}
// CHECK-NOT: filter_channels_last
func.func @trained(%x: tensor<1x1x1x1xf32>) -> (tensor<1x4x1x1xf32>, tensor<4x1x1x1xf32> {dlc.update = "w"}) attributes {dlc.entry = "train_step"} {
  %w = dlc.param "w" {value = dense<1.0> : tensor<4x1x1x1xf32>} : tensor<4x1x1x1xf32>
  %y = dlc.conv %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x1x1xf32>, tensor<4x1x1x1xf32>) -> tensor<1x4x1x1xf32>
  return %y, %w : tensor<1x4x1x1xf32>, tensor<4x1x1x1xf32>
}

// -----

// Grouped convolutions keep theirs.
// CHECK-LABEL: func.func @grouped
// CHECK-NOT: filter_channels_last
func.func @grouped(%x: tensor<1x2x1x1xf32>) -> tensor<1x4x1x1xf32> attributes {dlc.entry = "run"} {
  %w = dlc.param "w" {value = dense<1.0> : tensor<4x1x1x1xf32>} : tensor<4x1x1x1xf32>
  %y = dlc.conv %x, %w {dilations = array<i64: 1, 1>, group = 2 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x1x1xf32>, tensor<4x1x1x1xf32>) -> tensor<1x4x1x1xf32>
  return %y : tensor<1x4x1x1xf32>
}

// -----

// Gemm's transposed B (PyTorch's Linear) is stored [K, N] = [[1, 4], [2, 5],
// [3, 6]] once, and the gemm reads it untransposed.
// CHECK-LABEL: func.func @gemm_trans_b
// CHECK-NOT: dlc.param "b" {
// CHECK: %[[B:.*]] = dlc.param "b.transposed" {value = dense_resource<b.transposed> : tensor<3x2xf32>} : tensor<3x2xf32>
// CHECK: dlc.gemm %arg0, %[[B]] : (tensor<1x3xf32>, tensor<3x2xf32>) -> tensor<1x2xf32>
// CHECK: b.transposed: "0x040000000000803F00008040000000400000A040000040400000C040"
func.func @gemm_trans_b(%x: tensor<1x3xf32>) -> tensor<1x2xf32> attributes {dlc.entry = "run"} {
  %b = dlc.param "b" {value = dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>} : tensor<2x3xf32>
  %y = dlc.gemm %x, %b {transB = 1 : i64} : (tensor<1x3xf32>, tensor<2x3xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}
