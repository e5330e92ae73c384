// RUN: dlc-opt --split-input-file --dlc-lower-to-linalg %s | FileCheck %s

// The input's gradient with stride 2: the output's gradient goes, 2 apart,
// into zeros that reach (K - 1) * dilation - pad = 1 beyond the input at
// either end; one generic correlates that with the weight, reading it at
// i - k + 2, the kernel backwards.
// CHECK-DAG: #[[DY:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d4, d2 - d5 + 2, d3 - d6 + 2)>
// CHECK-DAG: #[[W:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d4, d1, d5, d6)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @grad_input_strided
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<1x16x10x10xf32>
// CHECK: %[[ZEROS:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[EMPTY]] : tensor<1x16x10x10xf32>)
// CHECK: %[[SPREAD:.*]] = tensor.insert_slice %arg0 into %[[ZEROS]][0, 0, 1, 1] [1, 16, 4, 4] [1, 1, 2, 2] : tensor<1x16x4x4xf32> into tensor<1x16x10x10xf32>
// CHECK: %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<1x3x8x8xf32>)
// CHECK: %[[DX:.*]] = linalg.generic {indexing_maps = [#[[DY]], #[[W]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%[[SPREAD]], %arg1 : tensor<1x16x10x10xf32>, tensor<16x3x3x3xf32>) outs(%[[INIT]] : tensor<1x3x8x8xf32>)
// CHECK: ^bb0(%[[G:.*]]: f32, %[[K:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK:   %[[MUL:.*]] = arith.mulf %[[G]], %[[K]] : f32
// CHECK:   %[[SUM:.*]] = arith.addf %[[ACC]], %[[MUL]] : f32
// CHECK:   linalg.yield %[[SUM]] : f32
// CHECK: return %[[DX]]
func.func @grad_input_strided(%dy: tensor<1x16x4x4xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x3x8x8xf32> {
  %0 = dlc.conv_grad_input %dy, %w {dilations = array<i64: 1, 1>, input_shape = array<i64: 1, 3, 8, 8>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x16x4x4xf32>, tensor<16x3x3x3xf32>) -> tensor<1x3x8x8xf32>
  return %0 : tensor<1x3x8x8xf32>
}

// -----

// Without strides the spreading is a tensor.pad. Groups: the weight becomes
// [G, M/G, C/G, K..] so that input channel d1 reads the output channels
// d4 of its group d1 floordiv (C/G).
// CHECK-DAG: #[[DY:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, (d1 floordiv 2) * 3 + d4, d2 - d5 + 2, d3 - d6 + 2)>
// CHECK-DAG: #[[W:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d1 floordiv 2, d4, d1 mod 2, d5, d6)>
// CHECK-LABEL: func.func @grad_input_grouped
// CHECK: %[[PADDED:.*]] = tensor.pad %arg0 low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: } : tensor<1x6x8x8xf32> to tensor<1x6x10x10xf32>
// CHECK: %[[GROUPED:.*]] = tensor.expand_shape %arg1 {{\[\[}}0, 1], [2], [3], [4]] output_shape [2, 3, 2, 3, 3] : tensor<6x2x3x3xf32> into tensor<2x3x2x3x3xf32>
// CHECK: linalg.generic {indexing_maps = [#[[DY]], #[[W]], #{{.*}}], {{.*}} ins(%[[PADDED]], %[[GROUPED]] : tensor<1x6x10x10xf32>, tensor<2x3x2x3x3xf32>) outs(%{{.*}} : tensor<1x4x8x8xf32>)
func.func @grad_input_grouped(%dy: tensor<1x6x8x8xf32>, %w: tensor<6x2x3x3xf32>) -> tensor<1x4x8x8xf32> {
  %0 = dlc.conv_grad_input %dy, %w {dilations = array<i64: 1, 1>, group = 2 : i64, input_shape = array<i64: 1, 4, 8, 8>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x6x8x8xf32>, tensor<6x2x3x3xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

// Pads larger than the dilated kernel: the first windows lie in padding
// only. The offset (K - 1) - pad = -3 is shifted to 0 and the reads move by
// 3; the zeros reach the last window's gradient at 4 * 3 = 12.
// CHECK-DAG: #[[DY:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d3, d2 - d4 + 4)>
// CHECK-LABEL: func.func @grad_input_large_pads
// CHECK: tensor.insert_slice %arg0 into %{{.*}}[0, 0, 0] [1, 3, 5] [1, 1, 3] : tensor<1x3x5xf64> into tensor<1x3x13xf64>
// CHECK: linalg.generic {indexing_maps = [#[[DY]], {{.*}}
func.func @grad_input_large_pads(%dy: tensor<1x3x5xf64>, %w: tensor<3x2x2xf64>) -> tensor<1x2x5xf64> {
  %0 = dlc.conv_grad_input %dy, %w {dilations = array<i64: 1>, input_shape = array<i64: 1, 2, 5>, pads = array<i64: 4, 5>, strides = array<i64: 3>} : (tensor<1x3x5xf64>, tensor<3x2x2xf64>) -> tensor<1x2x5xf64>
  return %0 : tensor<1x2x5xf64>
}

// -----

// Dilation scales the kernel index; f16 accumulates in f32 and is rounded
// once, in an elementwise generic.
// CHECK-DAG: #[[DY:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d3, d2 - d4 * 2 + 4)>
// CHECK-LABEL: func.func @grad_input_f16
// CHECK: %[[PADDED:.*]] = tensor.pad %arg0 low[0, 0, 4] high[0, 0, 4]
// CHECK: %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2x4x10xf32>)
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[DY]], {{.*}} ins(%[[PADDED]], %arg1 : tensor<2x6x14xf16>, tensor<6x4x3xf16>) outs(%[[INIT]] : tensor<2x4x10xf32>)
// CHECK: ^bb0(%[[G:.*]]: f16, %[[K:.*]]: f16, %[[ACC:.*]]: f32):
// CHECK:   %[[G32:.*]] = arith.extf %[[G]] : f16 to f32
// CHECK:   %[[K32:.*]] = arith.extf %[[K]] : f16 to f32
// CHECK:   %[[MUL:.*]] = arith.mulf %[[G32]], %[[K32]] : f32
// CHECK:   arith.addf %[[ACC]], %[[MUL]] : f32
// CHECK: %[[DX:.*]] = linalg.generic {{.*}} ins(%[[SUM]] : tensor<2x4x10xf32>) outs(%{{.*}} : tensor<2x4x10xf16>)
// CHECK:   arith.truncf %{{.*}} : f32 to f16
// CHECK: return %[[DX]]
func.func @grad_input_f16(%dy: tensor<2x6x6xf16>, %w: tensor<6x4x3xf16>) -> tensor<2x4x10xf16> {
  %0 = dlc.conv_grad_input %dy, %w {dilations = array<i64: 2>, input_shape = array<i64: 2, 4, 10>, pads = array<i64: 0, 0>, strides = array<i64: 1>} : (tensor<2x6x6xf16>, tensor<6x4x3xf16>) -> tensor<2x4x10xf16>
  return %0 : tensor<2x4x10xf16>
}

// -----

// The weight's gradient reduces over n and the output positions, reading
// the padded input with the forward conv's map.
// CHECK-DAG: #[[X:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d4, d1, d5 * 2 + d2, d6 * 2 + d3)>
// CHECK-DAG: #[[DY:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d4, d0, d5, d6)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @grad_weight
// CHECK: %[[PADDED:.*]] = tensor.pad %arg0 low[0, 0, 1, 2] high[0, 0, 1, 0]
// CHECK: } : tensor<1x3x8x8xf32> to tensor<1x3x10x10xf32>
// CHECK: %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<16x3x3x3xf32>)
// CHECK: %[[DW:.*]] = linalg.generic {indexing_maps = [#[[X]], #[[DY]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%[[PADDED]], %arg1 : tensor<1x3x10x10xf32>, tensor<1x16x4x4xf32>) outs(%[[INIT]] : tensor<16x3x3x3xf32>)
// CHECK:   arith.mulf
// CHECK:   arith.addf
// CHECK: return %[[DW]]
func.func @grad_weight(%x: tensor<1x3x8x8xf32>, %dy: tensor<1x16x4x4xf32>) -> tensor<16x3x3x3xf32> {
  %0 = dlc.conv_grad_weight %x, %dy {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 2, 1, 0>, strides = array<i64: 2, 2>} : (tensor<1x3x8x8xf32>, tensor<1x16x4x4xf32>) -> tensor<16x3x3x3xf32>
  return %0 : tensor<16x3x3x3xf32>
}

// -----

// Groups: output channel d0 reads the input channels of its group
// d0 floordiv (M/G), as in the forward conv.
// CHECK-DAG: #[[X:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7, d8) -> (d5, (d0 floordiv 3) * 2 + d1, d6 + d2, d7 + d3, d8 * 2 + d4)>
// CHECK-LABEL: func.func @grad_weight_grouped
// CHECK: linalg.generic {indexing_maps = [#[[X]], {{.*}} ins(%{{.*}}, %arg1 : tensor<1x4x5x7x5xf32>, tensor<1x6x3x5x2xf32>) outs(%{{.*}} : tensor<6x2x3x3x3xf32>)
func.func @grad_weight_grouped(%x: tensor<1x4x5x5x5xf32>, %dy: tensor<1x6x3x5x2xf32>) -> tensor<6x2x3x3x3xf32> {
  %0 = dlc.conv_grad_weight %x, %dy {dilations = array<i64: 1, 1, 1>, group = 2 : i64, kernel_shape = array<i64: 3, 3, 3>, pads = array<i64: 0, 1, 0, 0, 1, 0>, strides = array<i64: 1, 1, 2>} : (tensor<1x4x5x5x5xf32>, tensor<1x6x3x5x2xf32>) -> tensor<6x2x3x3x3xf32>
  return %0 : tensor<6x2x3x3x3xf32>
}
