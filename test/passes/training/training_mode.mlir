// RUN: dlc-opt %s --dlc-build-training-entries | FileCheck %s
// RUN: dlc-opt %s --dlc-build-training-entries='seed=5' | FileCheck %s --check-prefix=SEED

func.func @run(%x: tensor<4x3x2x2xf32> {dlc.name = "x"}) -> (tensor<4x2xf32> {dlc.name = "y"}) attributes {dlc.entry = "run"} {
  %scale = dlc.param "bn.weight" {value = dense<1.0> : tensor<3xf32>} : tensor<3xf32>
  %bias = dlc.param "bn.bias" {value = dense<0.0> : tensor<3xf32>} : tensor<3xf32>
  %mean = dlc.param "bn.running_mean" {dlc.running_statistic, value = dense<0.0> : tensor<3xf32>} : tensor<3xf32>
  %var = dlc.param "bn.running_var" {dlc.running_statistic, value = dense<1.0> : tensor<3xf32>} : tensor<3xf32>
  %n = dlc.batch_norm %x, %scale, %bias, %mean, %var {momentum = 0.9 : f32}
      : (tensor<4x3x2x2xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<4x3x2x2xf32>
  %f = dlc.flatten %n {axis = 1 : i64} : tensor<4x3x2x2xf32> -> tensor<4x12xf32>
  %d = dlc.dropout %f {ratio = 0.25 : f32} : tensor<4x12xf32>
  %e = dlc.dropout %d {ratio = 0.5 : f32, seed = 42 : i64} : tensor<4x12xf32>
  %w = dlc.param "fc.weight" {value = dense<0.5> : tensor<2x12xf32>} : tensor<2x12xf32>
  %y = dlc.gemm %e, %w {transB = 1 : i64} : (tensor<4x12xf32>, tensor<2x12xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// run keeps inference mode.
// CHECK-LABEL: func.func @run(
// CHECK:         dlc.batch_norm %
// CHECK:         dlc.dropout
// CHECK-LABEL: func.func @train_step(
// CHECK-SAME:    -> (tensor<f32> {dlc.loss, dlc.name = "loss"}, tensor<3xf32> {dlc.update = "bn.running_mean"}, tensor<3xf32> {dlc.update = "bn.running_var"}, tensor<i64> {dlc.update = "dropout.step"})
// CHECK:         %[[STEP:.*]] = dlc.param "dropout.step" {value = dense<0> : tensor<i64>} : tensor<i64>
// CHECK:         %[[Y:.*]], %[[MEAN:.*]], %[[VAR:.*]] = dlc.batch_norm_training {{.*}} {unbiased_running_var = true}
// CHECK:         dlc.dropout_training %{{.*}}, %[[STEP]] {ratio = 2.500000e-01 : f32, seed = -6411193824288604561 : i64}
// CHECK:         dlc.dropout_training %{{.*}}, %[[STEP]] {seed = 42 : i64}
// CHECK:         %[[ONE:.*]] = dlc.constant dense<1> : tensor<i64>
// CHECK:         %[[NEXT:.*]] = dlc.add %[[STEP]], %[[ONE]]
// CHECK:         return %{{.*}}, %[[MEAN]], %[[VAR]], %[[NEXT]]
// eval, like run, is in inference mode.
// CHECK-LABEL: func.func @eval(
// CHECK-NOT:     _training
// CHECK:         dlc.batch_norm %
// CHECK-NOT:     _training
// CHECK:         return

// A different seed draws different masks for nodes without a seed.
// SEED-LABEL: func.func @train_step(
// SEED:         dlc.dropout_training %{{.*}} {ratio = 2.500000e-01 : f32, seed = 4517933670823692284 : i64}
// SEED:         dlc.dropout_training %{{.*}} {seed = 42 : i64}
