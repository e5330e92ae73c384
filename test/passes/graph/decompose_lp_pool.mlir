// RUN: dlc-opt %s --split-input-file --dlc-decompose | FileCheck %s

// p = 2: x * x, window sums by a depthwise convolution with ones, whose end
// pads grow by one along dim 0 for the window ceil_mode adds, then sqrt.
// CHECK-LABEL: func.func @lp_pool_2(
// CHECK:         %[[SQ:.*]] = dlc.mul %arg0, %arg0
// CHECK:         %[[ONES:.*]] = dlc.constant dense<1.000000e+00> : tensor<3x1x2x2xf32>
// CHECK:         %[[SUM:.*]] = dlc.conv %[[SQ]], %[[ONES]] {dilations = array<i64: 1, 1>, group = 3 : i64, pads = array<i64: 0, 0, 1, 0>, strides = array<i64: 2, 2>}
// CHECK-SAME:      -> tensor<2x3x4x3xf32>
// CHECK:         %[[Y:.*]] = dlc.sqrt %[[SUM]]
// CHECK:         return %[[Y]]
func.func @lp_pool_2(%x: tensor<2x3x7x6xf32>) -> tensor<2x3x4x3xf32> {
  %0 = dlc.lp_pool %x {ceil_mode = true, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<2x3x7x6xf32> -> tensor<2x3x4x3xf32>
  return %0 : tensor<2x3x4x3xf32>
}

// -----

// p = 3: |x| ^ 3, sums, then ^ (1 / 3); p = 1: |x| summed.
// CHECK-LABEL: func.func @lp_pool_3_and_1(
// CHECK:         %[[ABS:.*]] = dlc.abs %arg0
// CHECK:         %[[THREE:.*]] = dlc.constant dense<3.000000e+00> : tensor<f32>
// CHECK:         %[[CUBE:.*]] = dlc.pow %[[ABS]], %[[THREE]]
// CHECK:         %[[SUM:.*]] = dlc.conv %[[CUBE]]
// CHECK:         %[[THIRD:.*]] = dlc.constant dense<0.333333343> : tensor<f32>
// CHECK:         %[[P3:.*]] = dlc.pow %[[SUM]], %[[THIRD]]
// CHECK:         %[[ABS1:.*]] = dlc.abs %arg0
// CHECK:         %[[P1:.*]] = dlc.conv %[[ABS1]]
// CHECK:         return %[[P3]], %[[P1]]
func.func @lp_pool_3_and_1(%x: tensor<1x2x4x4xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) {
  %0 = dlc.lp_pool %x {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, p = 3 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x2x4x4xf32> -> tensor<1x2x2x2xf32>
  %1 = dlc.lp_pool %x {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, p = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x2x4x4xf32> -> tensor<1x2x2x2xf32>
  return %0, %1 : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
}
