// RUN: dlc-opt --split-input-file --dlc-lower-to-linalg %s | FileCheck %s

// Padding becomes a zero tensor.pad; the bias initialises the output; one
// generic accumulates with the strided input map.
// CHECK-DAG: #[[BIAS:.*]] = affine_map<(d0, d1, d2, d3) -> (d1)>
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d4, d2 * 2 + d5, d3 * 2 + d6)>
// CHECK-DAG: #[[W:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d1, d4, d5, d6)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @conv2d_bias_padded
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[PADDED:.*]] = tensor.pad %arg0 low[0, 0, 1, 2] high[0, 0, 1, 0]
// CHECK:   tensor.yield %[[ZERO]]
// CHECK: } : tensor<1x3x8x8xf32> to tensor<1x3x10x10xf32>
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<1x16x4x4xf32>
// CHECK: %[[INIT:.*]] = linalg.generic {indexing_maps = [#[[BIAS]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%arg2 : tensor<16xf32>) outs(%[[EMPTY]] : tensor<1x16x4x4xf32>)
// CHECK: %[[CONV:.*]] = linalg.generic {indexing_maps = [#[[IN]], #[[W]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%[[PADDED]], %arg1 : tensor<1x3x10x10xf32>, tensor<16x3x3x3xf32>) outs(%[[INIT]] : tensor<1x16x4x4xf32>)
// CHECK: ^bb0(%[[X:.*]]: f32, %[[K:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK:   %[[MUL:.*]] = arith.mulf %[[X]], %[[K]] : f32
// CHECK:   %[[SUM:.*]] = arith.addf %[[ACC]], %[[MUL]] : f32
// CHECK:   linalg.yield %[[SUM]] : f32
// CHECK: return %[[CONV]]
func.func @conv2d_bias_padded(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>, %b: tensor<16xf32>) -> tensor<1x16x4x4xf32> {
  %0 = dlc.conv %x, %w, %b {dilations = array<i64: 1, 1>, pads = array<i64: 1, 2, 1, 0>, strides = array<i64: 2, 2>} : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<1x16x4x4xf32>
  return %0 : tensor<1x16x4x4xf32>
}

// -----

// Without pads and bias: no tensor.pad, and the output starts as zeros.
// Dilation scales the kernel index in the input map.
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d3, d2 + d4 * 2)>
// CHECK-DAG: #[[W:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d1, d3, d4)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @conv1d_dilated
// CHECK-NOT: tensor.pad
// CHECK: %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f64) outs(%{{.*}} : tensor<2x6x6xf64>)
// CHECK: linalg.generic {indexing_maps = [#[[IN]], #[[W]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%arg0, %arg1 : tensor<2x4x10xf64>, tensor<6x4x3xf64>) outs(%[[INIT]] : tensor<2x6x6xf64>)
// CHECK:   arith.mulf
// CHECK:   arith.addf
func.func @conv1d_dilated(%x: tensor<2x4x10xf64>, %w: tensor<6x4x3xf64>) -> tensor<2x6x6xf64> {
  %0 = dlc.conv %x, %w {dilations = array<i64: 2>, pads = array<i64: 0, 0>, strides = array<i64: 1>} : (tensor<2x4x10xf64>, tensor<6x4x3xf64>) -> tensor<2x6x6xf64>
  return %0 : tensor<2x6x6xf64>
}

// -----

// Groups: output channel d1 reads the input channels of group d1 floordiv (M/group).
// float16 sums in float32 (operands extended), rounded once at the end.
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7, d8) -> (d0, (d1 floordiv 3) * 2 + d5, d2 + d6, d3 + d7, d4 * 2 + d8)>
// CHECK-DAG: #[[W:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7, d8) -> (d1, d5, d6, d7, d8)>
// CHECK-LABEL: func.func @conv3d_grouped
// CHECK: %[[PADDED:.*]] = tensor.pad %arg0 low[0, 0, 0, 1, 0] high[0, 0, 0, 1, 0]
// CHECK: } : tensor<1x4x5x5x5xf16> to tensor<1x4x5x7x5xf16>
// CHECK: linalg.generic {indexing_maps = [#[[IN]], #[[W]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "reduction"]} ins(%[[PADDED]], %arg1 : tensor<1x4x5x7x5xf16>, tensor<6x2x3x3x3xf16>) outs(%{{.*}} : tensor<1x6x3x5x2xf32>)
// CHECK: ^bb0(%[[A:.*]]: f16, %[[B:.*]]: f16, %[[ACC:.*]]: f32):
// CHECK:   %[[A32:.*]] = arith.extf %[[A]] : f16 to f32
// CHECK:   %[[B32:.*]] = arith.extf %[[B]] : f16 to f32
// CHECK:   %[[P:.*]] = arith.mulf %[[A32]], %[[B32]] : f32
// CHECK:   arith.addf %[[ACC]], %[[P]] : f32
// CHECK: arith.truncf %{{.*}} : f32 to f16
func.func @conv3d_grouped(%x: tensor<1x4x5x5x5xf16>, %w: tensor<6x2x3x3x3xf16>) -> tensor<1x6x3x5x2xf16> {
  %0 = dlc.conv %x, %w {dilations = array<i64: 1, 1, 1>, group = 2 : i64, pads = array<i64: 0, 1, 0, 0, 1, 0>, strides = array<i64: 1, 1, 2>} : (tensor<1x4x5x5x5xf16>, tensor<6x2x3x3x3xf16>) -> tensor<1x6x3x5x2xf16>
  return %0 : tensor<1x6x3x5x2xf16>
}

// -----

// Depthwise (group = C): one input channel per group, two filters each.
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 floordiv 2 + d4, d2 + d5, d3 + d6)>
// CHECK-LABEL: func.func @depthwise
// CHECK: linalg.generic {indexing_maps = [#[[IN]], #{{.*}}, #{{.*}}], {{.*}} ins(%arg0, %arg1 : tensor<1x4x6x6xf32>, tensor<8x1x3x3xf32>)
func.func @depthwise(%x: tensor<1x4x6x6xf32>, %w: tensor<8x1x3x3xf32>) -> tensor<1x8x4x4xf32> {
  %0 = dlc.conv %x, %w {dilations = array<i64: 1, 1>, group = 4 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x6x6xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// A packed filter [C, KH, KW, M] is read with the output channel last.
// CHECK-DAG: #[[W:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d4, d5, d6, d1)>
// CHECK-LABEL: func.func @conv2d_channels_last_filter
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[W]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%{{.*}}, %arg1 : tensor<1x3x6x6xf32>, tensor<3x3x3x16xf32>)
func.func @conv2d_channels_last_filter(%x: tensor<1x3x6x6xf32>, %w: tensor<3x3x3x16xf32>) -> tensor<1x16x4x4xf32> {
  %0 = dlc.conv %x, %w {dilations = array<i64: 1, 1>, filter_channels_last, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x6x6xf32>, tensor<3x3x3x16xf32>) -> tensor<1x16x4x4xf32>
  return %0 : tensor<1x16x4x4xf32>
}
