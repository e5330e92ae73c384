// RUN: dlc-opt %s | dlc-opt | FileCheck %s

// CHECK-LABEL: func.func @grid_sample
// CHECK: dlc.grid_sample %arg0, %arg1 : (tensor<2x3x8x8xf32>, tensor<2x4x5x2xf32>) -> tensor<2x3x4x5xf32>
// CHECK: dlc.grid_sample %arg0, %arg1 {align_corners = true, mode = "bicubic", padding_mode = "reflection"}
func.func @grid_sample(%x: tensor<2x3x8x8xf32>, %g: tensor<2x4x5x2xf32>) -> (tensor<2x3x4x5xf32>, tensor<2x3x4x5xf32>) {
  %0 = dlc.grid_sample %x, %g : (tensor<2x3x8x8xf32>, tensor<2x4x5x2xf32>) -> tensor<2x3x4x5xf32>
  %1 = dlc.grid_sample %x, %g {align_corners = true, mode = "bicubic", padding_mode = "reflection"} : (tensor<2x3x8x8xf32>, tensor<2x4x5x2xf32>) -> tensor<2x3x4x5xf32>
  return %0, %1 : tensor<2x3x4x5xf32>, tensor<2x3x4x5xf32>
}
