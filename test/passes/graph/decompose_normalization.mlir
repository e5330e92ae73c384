// RUN: dlc-opt %s --split-input-file --dlc-decompose=all=true | FileCheck %s
// RUN: dlc-opt %s --split-input-file --dlc-decompose | FileCheck %s --check-prefix=WHOLE

// Layer norm: the moments over the dims from `axis` on (kept as 1), then
// the optional bias; mean and 1 / sqrt(var + eps) are results too.
// By default layer norm stays whole: it lowers to one kernel.
// WHOLE-LABEL: func.func @layer_norm(
// WHOLE:         dlc.layer_norm
// WHOLE-NOT:     dlc.reduce_sum
// WHOLE-LABEL: func.func @group_norm(
// WHOLE:         dlc.reduce_sum
// CHECK-LABEL: func.func @layer_norm(
// CHECK-SAME:    %[[X:.*]]: tensor<2x3x4xf32>, %[[S:.*]]: tensor<3x4xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK:         %[[SUM:.*]] = dlc.reduce_sum %[[X]] {axes = array<i64: 1, 2>}
// CHECK:         %[[COUNT:.*]] = dlc.constant dense<1.200000e+01> : tensor<f32>
// CHECK:         %[[MEAN:.*]] = dlc.div %[[SUM]], %[[COUNT]]
// CHECK:         %[[C:.*]] = dlc.sub %[[X]], %[[MEAN]]
// CHECK:         %[[SQ:.*]] = dlc.mul %[[C]], %[[C]]
// CHECK:         dlc.reduce_sum %[[SQ]] {axes = array<i64: 1, 2>}
// CHECK:         %[[VAR:.*]] = dlc.div
// CHECK:         %[[VE:.*]] = dlc.add %[[VAR]], %{{.*}}
// CHECK:         %[[SD:.*]] = dlc.sqrt %[[VE]]
// CHECK:         %[[INV:.*]] = dlc.div %{{.*}}, %[[SD]]
// CHECK:         %[[N:.*]] = dlc.mul %[[C]], %[[INV]]
// CHECK:         %[[SC:.*]] = dlc.mul %[[N]], %[[S]] : (tensor<2x3x4xf32>, tensor<3x4xf32>) -> tensor<2x3x4xf32>
// CHECK:         %[[Y:.*]] = dlc.add %[[SC]], %[[B]]
// CHECK:         return %[[Y]], %[[MEAN]], %[[INV]] : tensor<2x3x4xf32>, tensor<2x1x1xf32>, tensor<2x1x1xf32>
func.func @layer_norm(%x: tensor<2x3x4xf32>, %s: tensor<3x4xf32>, %b: tensor<4xf32>)
    -> (tensor<2x3x4xf32>, tensor<2x1x1xf32>, tensor<2x1x1xf32>) {
  %y, %m, %i = dlc.layer_norm %x, %s, %b {axis = -2 : i64}
      : (tensor<2x3x4xf32>, tensor<3x4xf32>, tensor<4xf32>)
      -> (tensor<2x3x4xf32>, tensor<2x1x1xf32>, tensor<2x1x1xf32>)
  return %y, %m, %i : tensor<2x3x4xf32>, tensor<2x1x1xf32>, tensor<2x1x1xf32>
}

// -----

// Group norm: [N, C, d...] as [N, groups, C / groups * d...], normalized
// along the last dim, then the per-channel affine on [1, C, 1] views.
// CHECK-LABEL: func.func @group_norm(
// CHECK:         %[[G:.*]] = dlc.reshape %arg0 {shape = array<i64: 2, 2, 9>} : tensor<2x6x3xf32> -> tensor<2x2x9xf32>
// CHECK:         dlc.reduce_sum %[[G]] {axes = array<i64: 2>}
// CHECK:         %[[N:.*]] = dlc.mul %{{.*}}, %{{.*}} : (tensor<2x2x9xf32>, tensor<2x2x1xf32>) -> tensor<2x2x9xf32>
// CHECK:         %[[BACK:.*]] = dlc.reshape %[[N]] {shape = array<i64: 2, 6, 3>}
// CHECK:         %[[S:.*]] = dlc.reshape %arg1 {shape = array<i64: 1, 6, 1>}
// CHECK:         %[[SC:.*]] = dlc.mul %[[BACK]], %[[S]]
// CHECK:         %[[B:.*]] = dlc.reshape %arg2 {shape = array<i64: 1, 6, 1>}
// CHECK:         %[[Y:.*]] = dlc.add %[[SC]], %[[B]]
// CHECK:         return %[[Y]]
func.func @group_norm(%x: tensor<2x6x3xf32>, %s: tensor<6xf32>, %b: tensor<6xf32>)
    -> tensor<2x6x3xf32> {
  %y = dlc.group_norm %x, %s, %b {num_groups = 2 : i64}
      : (tensor<2x6x3xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<2x6x3xf32>
  return %y : tensor<2x6x3xf32>
}

// -----

// LRN: the squares as [N, 1, C, d...] averaged over a [size, 1] window with
// zero pads counted: floor((size - 1) / 2) before, the rest after.
// CHECK-LABEL: func.func @lrn(
// CHECK:         %[[SQ:.*]] = dlc.mul %arg0, %arg0
// CHECK:         %[[V:.*]] = dlc.reshape %[[SQ]] {shape = array<i64: 1, 1, 5, 4>}
// CHECK:         %[[AVG:.*]] = dlc.average_pool %[[V]] {count_include_pad = true, kernel_shape = array<i64: 4, 1>, pads = array<i64: 1, 0, 2, 0>, strides = array<i64: 1, 1>} : tensor<1x1x5x4xf32> -> tensor<1x1x5x4xf32>
// CHECK:         %[[A:.*]] = dlc.mul %[[AVG]], %{{.*}}
// CHECK:         %[[BASE:.*]] = dlc.add %{{.*}}, %[[A]]
// CHECK:         %[[P:.*]] = dlc.pow %[[BASE]], %{{.*}}
// CHECK:         %[[D:.*]] = dlc.reshape %[[P]] {shape = array<i64: 1, 5, 2, 2>}
// CHECK:         %[[Y:.*]] = dlc.div %arg0, %[[D]]
// CHECK:         return %[[Y]]
func.func @lrn(%x: tensor<1x5x2x2xf32>) -> tensor<1x5x2x2xf32> {
  %y = dlc.lrn %x {size = 4 : i64} : tensor<1x5x2x2xf32>
  return %y : tensor<1x5x2x2xf32>
}

// -----

// Mean-variance normalization: (x - mean) / (sqrt(var) + 1e-9).
// CHECK-LABEL: func.func @mean_variance_norm(
// CHECK:         dlc.reduce_sum %arg0 {axes = array<i64: 0, 2>}
// CHECK:         %[[C:.*]] = dlc.sub %arg0
// CHECK:         %[[SD:.*]] = dlc.sqrt
// CHECK:         %[[EPS:.*]] = dlc.constant dense<9.99999971E-10> : tensor<f32>
// CHECK:         %[[DEN:.*]] = dlc.add %[[SD]], %[[EPS]]
// CHECK:         %[[Y:.*]] = dlc.div %[[C]], %[[DEN]]
// CHECK:         return %[[Y]]
func.func @mean_variance_norm(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %y = dlc.mean_variance_norm %x {axes = array<i64: -1, 0>} : tensor<2x3x4xf32>
  return %y : tensor<2x3x4xf32>
}
