// RUN: dlc-opt --split-input-file %s | dlc-opt | FileCheck %s

// Inference batch norm keeps its input's type; epsilon and momentum have
// ONNX's defaults.
// CHECK-LABEL: func.func @batch_norm
// CHECK: dlc.batch_norm %arg0, %arg1, %arg1, %arg1, %arg1 : ({{.*}}) -> tensor<2x3x4x4xf32>
// CHECK: dlc.batch_norm %arg2, %arg3, %arg3, %arg3, %arg3 {epsilon = 1.000000e-03 : f32} : ({{.*}}) -> tensor<5x2xf64>
func.func @batch_norm(%x: tensor<2x3x4x4xf32>, %c: tensor<3xf32>,
                      %y: tensor<5x2xf64>, %d: tensor<2xf64>)
    -> (tensor<2x3x4x4xf32>, tensor<5x2xf64>) {
  %0 = dlc.batch_norm %x, %c, %c, %c, %c
      : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
      -> tensor<2x3x4x4xf32>
  %1 = dlc.batch_norm %y, %d, %d, %d, %d {epsilon = 1.0e-03 : f32}
      : (tensor<5x2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>)
      -> tensor<5x2xf64>
  return %0, %1 : tensor<2x3x4x4xf32>, tensor<5x2xf64>
}

// -----

// Training batch norm also returns the running statistics after the batch.
// CHECK-LABEL: func.func @batch_norm_training
// CHECK: dlc.batch_norm_training %arg0, %arg1, %arg1, %arg1, %arg1 {momentum = 8.000000e-01 : f32, unbiased_running_var = true}
// CHECK-SAME: -> (tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>)
func.func @batch_norm_training(%x: tensor<2x3x4xf32>, %c: tensor<3xf32>)
    -> (tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>) {
  %y, %m, %v = dlc.batch_norm_training %x, %c, %c, %c, %c
      {momentum = 0.8 : f32, unbiased_running_var = true}
      : (tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
      -> (tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>)
  return %y, %m, %v : tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>
}

// -----

// Dropout: the identity at inference; in training mode a mask of i1.
// CHECK-LABEL: func.func @dropout
// CHECK: dlc.dropout %arg0 {ratio = 2.500000e-01 : f32, seed = 3 : i64} : tensor<4x8xf32>
// CHECK: dlc.dropout_training %{{.*}}, %arg1 {seed = 7 : i64} : (tensor<4x8xf32>, tensor<i64>) -> (tensor<4x8xf32>, tensor<4x8xi1>)
// CHECK: dlc.random_uniform %arg1 {dtype = f64, seed = 1 : i64, shape = array<i64: 2, 3>} : (tensor<i64>) -> tensor<2x3xf64>
func.func @dropout(%x: tensor<4x8xf32>, %counter: tensor<i64>)
    -> (tensor<4x8xf32>, tensor<4x8xi1>, tensor<2x3xf64>) {
  %0 = dlc.dropout %x {ratio = 0.25 : f32, seed = 3 : i64} : tensor<4x8xf32>
  %1, %mask = dlc.dropout_training %0, %counter {seed = 7 : i64}
      : (tensor<4x8xf32>, tensor<i64>) -> (tensor<4x8xf32>, tensor<4x8xi1>)
  %u = dlc.random_uniform %counter {dtype = f64, seed = 1 : i64, shape = array<i64: 2, 3>}
      : (tensor<i64>) -> tensor<2x3xf64>
  return %1, %mask, %u : tensor<4x8xf32>, tensor<4x8xi1>, tensor<2x3xf64>
}

// -----

// Layer norm over the last dims returns the statistics with those dims as 1;
// the bias is optional.
// CHECK-LABEL: func.func @layer_norm
// CHECK: dlc.layer_norm %arg0, %arg1, %arg2 : ({{.*}}) -> (tensor<2x5x8xf32>, tensor<2x5x1xf32>, tensor<2x5x1xf32>)
// CHECK: dlc.layer_norm %arg0, %arg3 {axis = -2 : i64, epsilon = 1.000000e-03 : f32} : ({{.*}}) -> (tensor<2x5x8xf32>, tensor<2x1x1xf32>, tensor<2x1x1xf32>)
func.func @layer_norm(%x: tensor<2x5x8xf32>, %s: tensor<8xf32>, %b: tensor<8xf32>,
                      %s2: tensor<5x1xf32>) -> (tensor<2x5x8xf32>, tensor<2x1x1xf32>) {
  %y, %m, %i = dlc.layer_norm %x, %s, %b
      : (tensor<2x5x8xf32>, tensor<8xf32>, tensor<8xf32>)
      -> (tensor<2x5x8xf32>, tensor<2x5x1xf32>, tensor<2x5x1xf32>)
  %y2, %m2, %i2 = dlc.layer_norm %x, %s2 {axis = -2 : i64, epsilon = 1.0e-3 : f32}
      : (tensor<2x5x8xf32>, tensor<5x1xf32>)
      -> (tensor<2x5x8xf32>, tensor<2x1x1xf32>, tensor<2x1x1xf32>)
  return %y, %m2 : tensor<2x5x8xf32>, tensor<2x1x1xf32>
}

// -----

// CHECK-LABEL: func.func @group_lrn_mvn
// CHECK: dlc.group_norm %arg0, %arg1, %arg1 {num_groups = 2 : i64} : ({{.*}}) -> tensor<2x6x3x3xf32>
// CHECK: dlc.lrn %arg0 {alpha = 2.000000e-04 : f32, size = 3 : i64} : tensor<2x6x3x3xf32>
// CHECK: dlc.mean_variance_norm %arg0 : tensor<2x6x3x3xf32>
// CHECK: dlc.mean_variance_norm %arg0 {axes = array<i64: -1>} : tensor<2x6x3x3xf32>
func.func @group_lrn_mvn(%x: tensor<2x6x3x3xf32>, %c: tensor<6xf32>)
    -> (tensor<2x6x3x3xf32>, tensor<2x6x3x3xf32>, tensor<2x6x3x3xf32>, tensor<2x6x3x3xf32>) {
  %g = dlc.group_norm %x, %c, %c {num_groups = 2 : i64}
      : (tensor<2x6x3x3xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<2x6x3x3xf32>
  %l = dlc.lrn %x {size = 3 : i64, alpha = 2.0e-4 : f32} : tensor<2x6x3x3xf32>
  %m = dlc.mean_variance_norm %x : tensor<2x6x3x3xf32>
  %n = dlc.mean_variance_norm %x {axes = array<i64: -1>} : tensor<2x6x3x3xf32>
  return %g, %l, %m, %n : tensor<2x6x3x3xf32>, tensor<2x6x3x3xf32>, tensor<2x6x3x3xf32>, tensor<2x6x3x3xf32>
}
