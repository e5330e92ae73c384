// RUN: dlc-opt %s --split-input-file --dlc-decompose | FileCheck %s

// Bilinear with border padding: the grid's x and y as [N, 1, Ho*Wo], mapped
// to pixels ((g + 1) * size - 1) / 2 and clamped to the image; each of the 4
// corners gathers from the flattened image at y * W + x (clamped), weighted,
// and reads 0 where the corner lies outside.
// CHECK-LABEL: func.func @bilinear_border(
// CHECK-SAME:    %[[X:.*]]: tensor<1x2x3x4xf32>, %[[G:.*]]: tensor<1x2x5x2xf32>)
// CHECK:         %[[FLAT:.*]] = dlc.reshape %[[X]] {shape = array<i64: 1, 2, 12>}
// CHECK:         %[[GX:.*]] = dlc.slice %[[G]] {sizes = array<i64: 1, 2, 5, 1>, starts = array<i64: 0, 0, 0, 0>
// CHECK:         dlc.reshape %[[GX]] {shape = array<i64: 1, 1, 10>}
// CHECK:         %[[GY:.*]] = dlc.slice %[[G]] {sizes = array<i64: 1, 2, 5, 1>, starts = array<i64: 0, 0, 0, 1>
// CHECK:         dlc.max
// CHECK:         %[[XC:.*]] = dlc.min %{{.*}}, %{{.*}} : (tensor<1x1x10xf32>, tensor<f32>)
// CHECK:         %[[X0:.*]] = dlc.floor %[[XC]]
// CHECK:         %[[WX1:.*]] = dlc.sub %[[XC]], %[[X0]]
// CHECK:         %[[INDEX:.*]] = dlc.cast %{{.*}} {to = i64} : tensor<1x1x10xf32> -> tensor<1x1x10xi64>
// CHECK:         %[[INDICES:.*]] = dlc.expand %[[INDEX]] {shape = array<i64: 1, 2, 10>}
// CHECK:         %[[V:.*]] = dlc.gather_elements %[[FLAT]], %[[INDICES]] {axis = 2 : i64}
// CHECK:         %[[WV:.*]] = dlc.mul %[[V]], %{{.*}} : (tensor<1x2x10xf32>, tensor<1x1x10xf32>)
// CHECK:         dlc.where %{{.*}}, %[[WV]], %{{.*}} : (tensor<1x1x10xi1>, tensor<1x2x10xf32>, tensor<f32>)
// CHECK-COUNT-3: dlc.gather_elements
// CHECK:         %[[Y:.*]] = dlc.reshape %{{.*}} {shape = array<i64: 1, 2, 2, 5>}
// CHECK:         return %[[Y]]
func.func @bilinear_border(%x: tensor<1x2x3x4xf32>, %g: tensor<1x2x5x2xf32>) -> tensor<1x2x2x5xf32> {
  %y = dlc.grid_sample %x, %g {padding_mode = "border"} : (tensor<1x2x3x4xf32>, tensor<1x2x5x2xf32>) -> tensor<1x2x2x5xf32>
  return %y : tensor<1x2x2x5xf32>
}

// -----

// Nearest: one tap at the rounded position; reflection folds positions back
// with |x - low|, its floor division by the span and the parity of that.
// CHECK-LABEL: func.func @nearest_reflection(
// CHECK:         dlc.abs
// CHECK:         dlc.floor
// CHECK:         dlc.equal
// CHECK:         dlc.where
// CHECK:         dlc.round
// CHECK:         dlc.round
// CHECK-COUNT-1: dlc.gather_elements
// CHECK-NOT:     dlc.gather_elements
func.func @nearest_reflection(%x: tensor<1x1x4x4xf32>, %g: tensor<1x3x3x2xf32>) -> tensor<1x1x3x3xf32> {
  %y = dlc.grid_sample %x, %g {align_corners = true, mode = "nearest", padding_mode = "reflection"} : (tensor<1x1x4x4xf32>, tensor<1x3x3x2xf32>) -> tensor<1x1x3x3xf32>
  return %y : tensor<1x1x3x3xf32>
}

// -----

// Bicubic: 16 taps, each padded on its own.
// CHECK-LABEL: func.func @bicubic(
// CHECK-COUNT-16: dlc.gather_elements
// CHECK-NOT:      dlc.gather_elements
func.func @bicubic(%x: tensor<1x1x4x4xf32>, %g: tensor<1x2x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %y = dlc.grid_sample %x, %g {mode = "bicubic"} : (tensor<1x1x4x4xf32>, tensor<1x2x2x2xf32>) -> tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}
