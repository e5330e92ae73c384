// RUN: dlc-opt --split-input-file %s | dlc-opt | FileCheck %s

// log_softmax keeps its input's type; the axis defaults to the last one and
// may be negative.
// CHECK-LABEL: func.func @log_softmax
// CHECK: dlc.log_softmax %arg0 : tensor<2x3x4xf32>
// CHECK: dlc.log_softmax %{{.*}} {axis = 0 : i64} : tensor<2x3x4xf32>
// CHECK: dlc.log_softmax %{{.*}} {axis = -2 : i64} : tensor<2x3x4xf32>
// CHECK: dlc.log_softmax %arg1 {axis = 1 : i64} : tensor<5x7xf64>
func.func @log_softmax(%x: tensor<2x3x4xf32>, %d: tensor<5x7xf64>)
    -> (tensor<2x3x4xf32>, tensor<5x7xf64>) {
  %0 = dlc.log_softmax %x : tensor<2x3x4xf32>
  %1 = dlc.log_softmax %0 {axis = 0 : i64} : tensor<2x3x4xf32>
  %2 = dlc.log_softmax %1 {axis = -2 : i64} : tensor<2x3x4xf32>
  %3 = dlc.log_softmax %d {axis = 1 : i64} : tensor<5x7xf64>
  return %2, %3 : tensor<2x3x4xf32>, tensor<5x7xf64>
}

// -----

// nll_loss: "mean" (the default, not printed) and "sum" give a scalar,
// "none" the target's shape; int32 and int64 targets; an optional [C]
// weight and ignore_index.
// CHECK-LABEL: func.func @nll_loss
// CHECK: dlc.nll_loss %arg0, %arg1 : (tensor<4x10xf32>, tensor<4xi64>) -> tensor<f32>
// CHECK: dlc.nll_loss %arg0, %arg1, %arg2 {ignore_index = -1 : i64, reduction = "sum"} : (tensor<4x10xf32>, tensor<4xi64>, tensor<10xf32>) -> tensor<f32>
// CHECK: dlc.nll_loss %arg3, %arg4 {reduction = "none"} : (tensor<2x3x5x6xf16>, tensor<2x5x6xi32>) -> tensor<2x5x6xf16>
func.func @nll_loss(%logp: tensor<4x10xf32>, %t: tensor<4xi64>, %w: tensor<10xf32>,
                    %logp3: tensor<2x3x5x6xf16>, %t3: tensor<2x5x6xi32>)
    -> (tensor<f32>, tensor<f32>, tensor<2x5x6xf16>) {
  %0 = dlc.nll_loss %logp, %t : (tensor<4x10xf32>, tensor<4xi64>) -> tensor<f32>
  %1 = dlc.nll_loss %logp, %t, %w {reduction = "sum", ignore_index = -1 : i64}
      : (tensor<4x10xf32>, tensor<4xi64>, tensor<10xf32>) -> tensor<f32>
  %2 = dlc.nll_loss %logp3, %t3 {reduction = "none"}
      : (tensor<2x3x5x6xf16>, tensor<2x5x6xi32>) -> tensor<2x5x6xf16>
  return %0, %1, %2 : tensor<f32>, tensor<f32>, tensor<2x5x6xf16>
}

// -----

// nll_loss_grad: the loss's input shape [N, num_classes, d...] from the
// target; its grad is a scalar, or the losses' shape for "none".
// CHECK-LABEL: func.func @nll_loss_grad
// CHECK: dlc.nll_loss_grad %arg0, %arg1 {num_classes = 10 : i64} : (tensor<f32>, tensor<4xi64>) -> tensor<4x10xf32>
// CHECK: dlc.nll_loss_grad %arg0, %arg1, %arg2 {ignore_index = 3 : i64, num_classes = 10 : i64, reduction = "sum"} : (tensor<f32>, tensor<4xi64>, tensor<10xf32>) -> tensor<4x10xf32>
// CHECK: dlc.nll_loss_grad %arg3, %arg4 {num_classes = 3 : i64, reduction = "none"} : (tensor<2x5xbf16>, tensor<2x5xi32>) -> tensor<2x3x5xbf16>
func.func @nll_loss_grad(%g: tensor<f32>, %t: tensor<4xi64>, %w: tensor<10xf32>,
                         %gn: tensor<2x5xbf16>, %tn: tensor<2x5xi32>)
    -> (tensor<4x10xf32>, tensor<4x10xf32>, tensor<2x3x5xbf16>) {
  %0 = dlc.nll_loss_grad %g, %t {num_classes = 10 : i64}
      : (tensor<f32>, tensor<4xi64>) -> tensor<4x10xf32>
  %1 = dlc.nll_loss_grad %g, %t, %w {num_classes = 10 : i64, reduction = "sum", ignore_index = 3 : i64}
      : (tensor<f32>, tensor<4xi64>, tensor<10xf32>) -> tensor<4x10xf32>
  %2 = dlc.nll_loss_grad %gn, %tn {num_classes = 3 : i64, reduction = "none"}
      : (tensor<2x5xbf16>, tensor<2x5xi32>) -> tensor<2x3x5xbf16>
  return %0, %1, %2 : tensor<4x10xf32>, tensor<4x10xf32>, tensor<2x3x5xbf16>
}
