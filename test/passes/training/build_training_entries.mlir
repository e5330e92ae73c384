// RUN: dlc-opt %s --dlc-build-training-entries | FileCheck %s
// RUN: dlc-opt %s --dlc-build-training-entries='loss=mse' | FileCheck %s --check-prefix=MSE
// RUN: dlc-opt %s --dlc-build-training-entries='label-smoothing=0.1 class-weights=1,2' | FileCheck %s --check-prefix=SMOOTH

func.func @run(%x: tensor<4x3xf32> {dlc.name = "x"}) -> (tensor<4x2xf32> {dlc.name = "y"}) attributes {dlc.entry = "run"} {
  %w = dlc.param "fc.weight" {value = dense<0.5> : tensor<2x3xf32>} : tensor<2x3xf32>
  %y = dlc.gemm %x, %w {transB = 1 : i64} : (tensor<4x3xf32>, tensor<2x3xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// run stays; train_step takes labels and returns the mean cross-entropy.
// CHECK-LABEL: func.func @run(
// CHECK-LABEL: func.func @train_step(
// CHECK-SAME:    %{{.*}}: tensor<4x3xf32> {dlc.name = "x"}, %[[LABELS:.*]]: tensor<4xi64> {dlc.name = "labels"})
// CHECK-SAME:    -> (tensor<f32> {dlc.loss, dlc.name = "loss"})
// CHECK-SAME:    attributes {dlc.entry = "train_step"}
// CHECK:         %[[Y:.*]] = dlc.gemm
// CHECK:         %[[LOGP:.*]] = dlc.log_softmax %[[Y]] {axis = 1 : i64}
// CHECK:         %[[LOSS:.*]] = dlc.nll_loss %[[LOGP]], %[[LABELS]]
// CHECK:         return %[[LOSS]]
// eval also counts the arg-max hits.
// CHECK-LABEL: func.func @eval(
// CHECK-SAME:    -> (tensor<f32> {dlc.name = "loss"}, tensor<i64> {dlc.name = "correct"})
// CHECK:         %[[PRED:.*]] = dlc.arg_max %{{.*}} {axis = 1 : i64, keepdims = false}
// CHECK:         %[[HIT:.*]] = dlc.equal %[[PRED]], %{{.*}}
// CHECK:         %[[ONE:.*]] = dlc.cast %[[HIT]] {to = i64}
// CHECK:         %[[CORRECT:.*]] = dlc.reduce_sum %[[ONE]]
// CHECK:         return %{{.*}}, %[[CORRECT]]

// MSE-LABEL: func.func @train_step(
// MSE-SAME:    %{{.*}}: tensor<4x2xf32> {dlc.name = "labels"})
// MSE:         %[[D:.*]] = dlc.sub
// MSE:         %[[SQ:.*]] = dlc.mul %[[D]], %[[D]]
// MSE:         %[[SUM:.*]] = dlc.reduce_sum %[[SQ]] {axes = array<i64: 0, 1>, keepdims = false}
// MSE:         %[[N:.*]] = dlc.constant dense<8.000000e+00> : tensor<f32>
// MSE:         dlc.div %[[SUM]], %[[N]]
// MSE-LABEL: func.func @eval(
// MSE:         dlc.arg_max %arg1

// SMOOTH-LABEL: func.func @train_step(
// SMOOTH:         %[[W:.*]] = dlc.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// SMOOTH:         dlc.nll_loss %{{.*}}, %{{.*}}, %[[W]] : (tensor<4x2xf32>, tensor<4xi64>, tensor<2xf32>) -> tensor<f32>
// SMOOTH:         dlc.reshape %[[W]] {{.*}} -> tensor<1x2xf32>
// SMOOTH:         dlc.nll_loss {{.*}} {reduction = "sum"}
