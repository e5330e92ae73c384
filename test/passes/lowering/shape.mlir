// RUN: dlc-opt --split-input-file --dlc-lower-to-linalg %s | FileCheck %s

// Merging neighbouring dims is a collapse.
// CHECK-LABEL: func.func @reshape_collapse
// CHECK: %[[R:.*]] = tensor.collapse_shape %arg0 {{\[}}[0, 1], [2]] : tensor<2x3x4xf32> into tensor<6x4xf32>
// CHECK: return %[[R]]
func.func @reshape_collapse(%x: tensor<2x3x4xf32>) -> tensor<6x4xf32> {
  %0 = dlc.reshape %x {shape = array<i64: -1, 4>} : tensor<2x3x4xf32> -> tensor<6x4xf32>
  return %0 : tensor<6x4xf32>
}

// -----

// Splitting dims is an expansion; unit dims join a neighbouring group.
// CHECK-LABEL: func.func @reshape_expand
// CHECK: %[[R:.*]] = tensor.expand_shape %arg0 {{\[}}[0, 1], [2, 3, 4]] output_shape [1, 2, 3, 4, 1] : tensor<2x12xf32> into tensor<1x2x3x4x1xf32>
// CHECK: return %[[R]]
func.func @reshape_expand(%x: tensor<2x12xf32>) -> tensor<1x2x3x4x1xf32> {
  %0 = dlc.reshape %x {shape = array<i64: 1, 2, 3, 4, 1>} : tensor<2x12xf32> -> tensor<1x2x3x4x1xf32>
  return %0 : tensor<1x2x3x4x1xf32>
}

// -----

// A tensor of ones collapses to a scalar with no groups.
// CHECK-LABEL: func.func @reshape_to_scalar
// CHECK: tensor.collapse_shape %arg0 [] : tensor<1x1xf32> into tensor<f32>
func.func @reshape_to_scalar(%x: tensor<1x1xf32>) -> tensor<f32> {
  %0 = dlc.reshape %x {shape = array<i64>} : tensor<1x1xf32> -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// Dims that do not regroup need tensor.reshape with a literal shape.
// CHECK-LABEL: func.func @reshape_regroup
// CHECK: %[[S:.*]] = arith.constant dense<[4, 2, 3]> : tensor<3xi64>
// CHECK: %[[R:.*]] = tensor.reshape %arg0(%[[S]]) : (tensor<2x3x4xf32>, tensor<3xi64>) -> tensor<4x2x3xf32>
// CHECK: return %[[R]]
func.func @reshape_regroup(%x: tensor<2x3x4xf32>) -> tensor<4x2x3xf32> {
  %0 = dlc.reshape %x {shape = array<i64: 4, 2, 3>} : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
  return %0 : tensor<4x2x3xf32>
}

// -----

// Zero-sized dims: a literal zero (allowzero = 1) in a new place.
// CHECK-LABEL: func.func @reshape_empty
// CHECK: tensor.reshape %arg0({{.*}}) : (tensor<0x3x4xf32>, tensor<3xi64>) -> tensor<3x4x0xf32>
func.func @reshape_empty(%x: tensor<0x3x4xf32>) -> tensor<3x4x0xf32> {
  %0 = dlc.reshape %x {shape = array<i64: 3, 4, 0>, allowzero = 1} : tensor<0x3x4xf32> -> tensor<3x4x0xf32>
  return %0 : tensor<3x4x0xf32>
}

// -----

// A reshape to the input's own shape is the input.
// CHECK-LABEL: func.func @reshape_same
// CHECK-NEXT: return %arg0
func.func @reshape_same(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = dlc.reshape %x {shape = array<i64: 2, 0, -1>} : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// Unsigned tensors reshape as signless ones.
// CHECK-LABEL: func.func @reshape_u8
// CHECK-SAME: (%arg0: tensor<4xi8>) -> tensor<2x2xi8>
// CHECK: tensor.expand_shape %arg0 {{\[}}[0, 1]] output_shape [2, 2] : tensor<4xi8> into tensor<2x2xi8>
func.func @reshape_u8(%x: tensor<4xui8>) -> tensor<2x2xui8> {
  %0 = dlc.reshape %x {shape = array<i64: 2, 2>} : tensor<4xui8> -> tensor<2x2xui8>
  return %0 : tensor<2x2xui8>
}

// -----

// Flatten collapses at its axis; axis 0 adds a leading 1, which no
// collapse gives.
// CHECK-LABEL: func.func @flatten
// CHECK: tensor.collapse_shape %arg0 {{\[}}[0, 1], [2, 3]] : tensor<2x3x4x5xf32> into tensor<6x20xf32>
// CHECK: %[[S:.*]] = arith.constant dense<[1, 120]> : tensor<2xi64>
// CHECK: tensor.reshape %arg0(%[[S]]) : (tensor<2x3x4x5xf32>, tensor<2xi64>) -> tensor<1x120xf32>
func.func @flatten(%x: tensor<2x3x4x5xf32>) -> (tensor<6x20xf32>, tensor<1x120xf32>) {
  %0 = dlc.flatten %x {axis = 2 : i64} : tensor<2x3x4x5xf32> -> tensor<6x20xf32>
  %1 = dlc.flatten %x {axis = 0 : i64} : tensor<2x3x4x5xf32> -> tensor<1x120xf32>
  return %0, %1 : tensor<6x20xf32>, tensor<1x120xf32>
}

// -----

// Transpose writes a fresh tensor through linalg.transpose; without a perm
// the dims reverse.
// CHECK-LABEL: func.func @transpose
// CHECK: %[[E:.*]] = tensor.empty() : tensor<3x4x2xf32>
// CHECK: linalg.transpose ins(%arg0 : tensor<2x3x4xf32>) outs(%[[E]] : tensor<3x4x2xf32>) permutation = [1, 2, 0]
// CHECK: %[[E2:.*]] = tensor.empty() : tensor<4x3x2xf32>
// CHECK: linalg.transpose ins(%arg0 : tensor<2x3x4xf32>) outs(%[[E2]] : tensor<4x3x2xf32>) permutation = [2, 1, 0]
func.func @transpose(%x: tensor<2x3x4xf32>) -> (tensor<3x4x2xf32>, tensor<4x3x2xf32>) {
  %0 = dlc.transpose %x {perm = array<i64: 1, 2, 0>} : tensor<2x3x4xf32> -> tensor<3x4x2xf32>
  %1 = dlc.transpose %x : tensor<2x3x4xf32> -> tensor<4x3x2xf32>
  return %0, %1 : tensor<3x4x2xf32>, tensor<4x3x2xf32>
}

// -----

// Unsigned elements transpose as signless ones.
// CHECK-LABEL: func.func @transpose_u8
// CHECK: linalg.transpose ins(%arg0 : tensor<2x3xi8>) outs({{.*}} : tensor<3x2xi8>) permutation = [1, 0]
func.func @transpose_u8(%x: tensor<2x3xui8>) -> tensor<3x2xui8> {
  %0 = dlc.transpose %x : tensor<2x3xui8> -> tensor<3x2xui8>
  return %0 : tensor<3x2xui8>
}

// -----

// Expand is a broadcasting copy: stretched dims read index 0, added ones
// are not read.
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2) -> (d1, 0)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @expand
// CHECK: %[[E:.*]] = tensor.empty() : tensor<2x3x6xf32>
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[IN]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%arg0 : tensor<3x1xf32>) outs(%[[E]] : tensor<2x3x6xf32>)
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: linalg.yield %[[X]] : f32
// CHECK: return %[[R]]
func.func @expand(%x: tensor<3x1xf32>) -> tensor<2x3x6xf32> {
  %0 = dlc.expand %x {shape = array<i64: 2, 1, 6>} : tensor<3x1xf32> -> tensor<2x3x6xf32>
  return %0 : tensor<2x3x6xf32>
}
