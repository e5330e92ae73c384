// RUN: dlc-opt --split-input-file --dlc-fold-batch-norm %s | FileCheck %s

// s = scale / sqrt(var + 1) = [4/2, 3/3] = [2, 1]: the filter [1, 2] becomes
// [2, 2], the bias (0.5 - 0.5) * 2 + 1 = 1 and (1 - 1) * 1 - 1 = -1. The
// batch norm and the old params are gone.
// CHECK-LABEL: func.func @with_bias
// CHECK-NOT: dlc.batch_norm
// CHECK-DAG: %[[W:.*]] = dlc.param "w.bn_folded" {value = dense_resource<w.bn_folded> : tensor<2x1x1x1xf32>}
// CHECK-DAG: %[[B:.*]] = dlc.param "shift.bn_folded" {value = dense_resource<shift.bn_folded> : tensor<2xf32>}
// CHECK: %[[Y:.*]] = dlc.conv %arg0, %[[W]], %[[B]] {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
// CHECK: return %[[Y]]
// CHECK-NOT: dlc.param "w" {
// CHECK: w.bn_folded: "0x040000000000004000000040"
// CHECK: shift.bn_folded: "0x040000000000803F000080BF"
func.func @with_bias(%x: tensor<1x1x3x3xf32>) -> tensor<1x2x3x3xf32> attributes {dlc.entry = "run"} {
  %w = dlc.param "w" {value = dense<[[[[1.0]]], [[[2.0]]]]> : tensor<2x1x1x1xf32>} : tensor<2x1x1x1xf32>
  %b = dlc.param "b" {value = dense<[0.5, 1.0]> : tensor<2xf32>} : tensor<2xf32>
  %scale = dlc.param "scale" {value = dense<[4.0, 3.0]> : tensor<2xf32>} : tensor<2xf32>
  %shift = dlc.param "shift" {value = dense<[1.0, -1.0]> : tensor<2xf32>} : tensor<2xf32>
  %mean = dlc.param "mean" {value = dense<[0.5, 1.0]> : tensor<2xf32>} : tensor<2xf32>
  %var = dlc.param "var" {value = dense<[3.0, 8.0]> : tensor<2xf32>} : tensor<2xf32>
  %y = dlc.conv %x, %w, %b {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %z = dlc.batch_norm %y, %scale, %shift, %mean, %var {epsilon = 1.0 : f32} : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %z : tensor<1x2x3x3xf32>
}

// -----

// Without a conv bias the folded bias is shift - mean * s = [-0.5 * 2 + 1,
// -1 * 1 - 1] = [0, -2]; a name already taken gets a suffix.
// CHECK-LABEL: func.func @without_bias
// CHECK: dlc.param "w.bn_folded.1"
// CHECK: dlc.conv %arg0, %{{.*}}, %{{.*}} {
// CHECK-NOT: dlc.batch_norm
// CHECK: shift.bn_folded: "0x0400000000000000000000C0"
func.func @without_bias(%x: tensor<1x1x3x3xf32>) -> (tensor<1x2x3x3xf32>, tensor<2xf32>) attributes {dlc.entry = "run"} {
  %taken = dlc.param "w.bn_folded" {value = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %w = dlc.param "w" {value = dense<[[[[1.0]]], [[[2.0]]]]> : tensor<2x1x1x1xf32>} : tensor<2x1x1x1xf32>
  %scale = dlc.param "scale" {value = dense<[4.0, 3.0]> : tensor<2xf32>} : tensor<2xf32>
  %shift = dlc.param "shift" {value = dense<[1.0, -1.0]> : tensor<2xf32>} : tensor<2xf32>
  %mean = dlc.param "mean" {value = dense<[0.5, 1.0]> : tensor<2xf32>} : tensor<2xf32>
  %var = dlc.param "var" {value = dense<[3.0, 8.0]> : tensor<2xf32>} : tensor<2xf32>
  %y = dlc.conv %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x3x3xf32>
  %z = dlc.batch_norm %y, %scale, %shift, %mean, %var {epsilon = 1.0 : f32} : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %z, %taken : tensor<1x2x3x3xf32>, tensor<2xf32>
}

// -----

// The conv's result is also returned: it must stay as it is, so the batch
// norm stays too.
// CHECK-LABEL: func.func @conv_used_twice
// CHECK: dlc.batch_norm
func.func @conv_used_twice(%x: tensor<1x1x3x3xf32>) -> (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) attributes {dlc.entry = "run"} {
  %w = dlc.param "w" {value = dense<1.0> : tensor<2x1x1x1xf32>} : tensor<2x1x1x1xf32>
  %p = dlc.param "p" {value = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %y = dlc.conv %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x3x3xf32>
  %z = dlc.batch_norm %y, %p, %p, %p, %p : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %z, %y : tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>
}

// -----

// Training updates the running mean: not a constant, nothing folds.
// CHECK-LABEL: func.func @updated_statistics
// CHECK: dlc.batch_norm
// CHECK-NOT: bn_folded
func.func @updated_statistics(%x: tensor<1x1x3x3xf32>) -> (tensor<1x2x3x3xf32>, tensor<2xf32> {dlc.update = "mean"}) attributes {dlc.entry = "run"} {
  %w = dlc.param "w" {value = dense<1.0> : tensor<2x1x1x1xf32>} : tensor<2x1x1x1xf32>
  %p = dlc.param "p" {value = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %mean = dlc.param "mean" {value = dense<0.0> : tensor<2xf32>} : tensor<2xf32>
  %y = dlc.conv %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x3x3xf32>
  %z = dlc.batch_norm %y, %p, %p, %mean, %p : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %z, %mean : tensor<1x2x3x3xf32>, tensor<2xf32>
}

// -----

// A batch norm after anything but a conv stays for kernel formation to fuse.
// CHECK-LABEL: func.func @after_relu
// CHECK: dlc.batch_norm
func.func @after_relu(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> attributes {dlc.entry = "run"} {
  %p = dlc.param "p" {value = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  %y = dlc.relu %x : tensor<1x2x3x3xf32>
  %z = dlc.batch_norm %y, %p, %p, %p, %p : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %z : tensor<1x2x3x3xf32>
}
