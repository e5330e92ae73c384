// RUN: dlc-opt %s --split-input-file --dlc-decompose | FileCheck %s

// Inference batch norm: (x - mean) * (1 / sqrt(var + eps)) * scale + bias,
// each [C] operand viewed as [1, C, 1, 1].
// CHECK-LABEL: func.func @batch_norm(
// CHECK-SAME:    %[[X:.*]]: tensor<2x3x4x4xf32>, %[[S:.*]]: tensor<3xf32>, %[[B:.*]]: tensor<3xf32>, %[[M:.*]]: tensor<3xf32>, %[[V:.*]]: tensor<3xf32>)
// CHECK:         %[[M4:.*]] = dlc.reshape %[[M]] {shape = array<i64: 1, 3, 1, 1>}
// CHECK:         %[[C:.*]] = dlc.sub %[[X]], %[[M4]]
// CHECK:         %[[V4:.*]] = dlc.reshape %[[V]] {shape = array<i64: 1, 3, 1, 1>}
// CHECK:         %[[EPS:.*]] = dlc.constant dense<9.99999974E-6> : tensor<f32>
// CHECK:         %[[VE:.*]] = dlc.add %[[V4]], %[[EPS]]
// CHECK:         %[[SD:.*]] = dlc.sqrt %[[VE]]
// CHECK:         %[[INV:.*]] = dlc.div %{{.*}}, %[[SD]]
// CHECK:         %[[N:.*]] = dlc.mul %[[C]], %[[INV]]
// CHECK:         %[[S4:.*]] = dlc.reshape %[[S]]
// CHECK:         %[[SC:.*]] = dlc.mul %[[N]], %[[S4]]
// CHECK:         %[[B4:.*]] = dlc.reshape %[[B]]
// CHECK:         %[[Y:.*]] = dlc.add %[[SC]], %[[B4]]
// CHECK:         return %[[Y]]
func.func @batch_norm(%x: tensor<2x3x4x4xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>,
                      %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<2x3x4x4xf32> {
  %y = dlc.batch_norm %x, %s, %b, %m, %v
      : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4x4xf32>
  return %y : tensor<2x3x4x4xf32>
}

// -----

// Training batch norm: batch mean and biased variance over dims 0 and 2
// (4 values per channel); running statistics blended with momentum, the
// variance scaled by 4/3 when unbiased.
// CHECK-LABEL: func.func @batch_norm_training(
// CHECK:         %[[SUM:.*]] = dlc.reduce_sum %arg0 {axes = array<i64: 0, 2>}
// CHECK:         %[[COUNT:.*]] = dlc.constant dense<4.000000e+00> : tensor<f32>
// CHECK:         %[[MEAN:.*]] = dlc.div %[[SUM]], %[[COUNT]]
// CHECK:         %[[C:.*]] = dlc.sub %arg0, %[[MEAN]]
// CHECK:         %[[SQ:.*]] = dlc.mul %[[C]], %[[C]]
// CHECK:         dlc.reduce_sum %[[SQ]] {axes = array<i64: 0, 2>}
// CHECK:         %[[VAR:.*]] = dlc.div
// CHECK:         dlc.mul %[[C]], %{{.*}} : (tensor<2x3x2xf32>, tensor<1x3x1xf32>) -> tensor<2x3x2xf32>
// CHECK:         %[[M3:.*]] = dlc.reshape %[[MEAN]] {shape = array<i64: 3>}
// CHECK:         %[[MOM:.*]] = dlc.constant dense<0.899999976> : tensor<f32>
// CHECK:         %[[KEPT:.*]] = dlc.mul %arg3, %[[MOM]]
// CHECK:         %[[NEWM:.*]] = dlc.add %[[KEPT]], %{{.*}}
// CHECK:         %[[V3:.*]] = dlc.reshape %[[VAR]] {shape = array<i64: 3>}
// CHECK:         %[[BESSEL:.*]] = dlc.constant dense<1.33333337> : tensor<f32>
// CHECK:         dlc.mul %[[V3]], %[[BESSEL]]
// CHECK:         %[[NEWV:.*]] = dlc.add
// CHECK:         return %{{.*}}, %[[NEWM]], %[[NEWV]]
func.func @batch_norm_training(%x: tensor<2x3x2xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>,
                               %m: tensor<3xf32>, %v: tensor<3xf32>)
    -> (tensor<2x3x2xf32>, tensor<3xf32>, tensor<3xf32>) {
  %y, %nm, %nv = dlc.batch_norm_training %x, %s, %b, %m, %v {unbiased_running_var = true}
      : (tensor<2x3x2xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
      -> (tensor<2x3x2xf32>, tensor<3xf32>, tensor<3xf32>)
  return %y, %nm, %nv : tensor<2x3x2xf32>, tensor<3xf32>, tensor<3xf32>
}

// -----

// Inference dropout is its input; training dropout keeps the elements whose
// random draw is at least the ratio, scaled by 1 / (1 - ratio).
// CHECK-LABEL: func.func @dropout(
// CHECK-SAME:    %[[X:.*]]: tensor<4x8xf32>, %[[STEP:.*]]: tensor<i64>)
// CHECK:         %[[U:.*]] = dlc.random_uniform %[[STEP]] {dtype = f32, seed = 9 : i64, shape = array<i64: 4, 8>}
// CHECK:         %[[R:.*]] = dlc.constant dense<2.500000e-01> : tensor<f32>
// CHECK:         %[[MASK:.*]] = dlc.greater_or_equal %[[U]], %[[R]]
// CHECK:         %[[SCALE:.*]] = dlc.constant dense<1.33333337> : tensor<f32>
// CHECK:         %[[ZERO:.*]] = dlc.constant dense<0.000000e+00> : tensor<f32>
// CHECK:         %[[KEPT:.*]] = dlc.mul %[[X]], %[[SCALE]]
// CHECK:         %[[Y:.*]] = dlc.where %[[MASK]], %[[KEPT]], %[[ZERO]]
// CHECK:         return %[[Y]], %[[MASK]]
func.func @dropout(%x: tensor<4x8xf32>, %step: tensor<i64>) -> (tensor<4x8xf32>, tensor<4x8xi1>) {
  %d = dlc.dropout %x {ratio = 0.25 : f32} : tensor<4x8xf32>
  %y, %mask = dlc.dropout_training %d, %step {ratio = 0.25 : f32, seed = 9 : i64}
      : (tensor<4x8xf32>, tensor<i64>) -> (tensor<4x8xf32>, tensor<4x8xi1>)
  return %y, %mask : tensor<4x8xf32>, tensor<4x8xi1>
}

// -----

// Clip is max with the lower bound, then min with the upper one; an absent
// bound is no op.
// CHECK-LABEL: func.func @clip(
// CHECK-SAME:    %[[X:.*]]: tensor<2x3xf32>, %[[LO:.*]]: tensor<f32>, %[[HI:.*]]: tensor<f32>)
// CHECK:         %[[A:.*]] = dlc.max %[[X]], %[[LO]]
// CHECK:         %[[B:.*]] = dlc.min %[[A]], %[[HI]]
// CHECK:         %[[C:.*]] = dlc.min %[[B]], %[[HI]]
// CHECK:         return %[[C]]
func.func @clip(%x: tensor<2x3xf32>, %lo: tensor<f32>, %hi: tensor<f32>) -> tensor<2x3xf32> {
  %0 = dlc.clip %x min %lo max %hi : (tensor<2x3xf32>, tensor<f32>, tensor<f32>) -> tensor<2x3xf32>
  %1 = dlc.clip %0 max %hi : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}
