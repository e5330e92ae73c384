// RUN: dlc-opt --split-input-file --dlc-interchange-loops %s | FileCheck %s

// A matmul runs (i, k, j): the innermost loop walks rows of B and C.
// CHECK-DAG: #[[A:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[B:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[C:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-LABEL: func.func @matmul
// CHECK: linalg.generic {indexing_maps = [#[[A]], #[[B]], #[[C]]], iterator_types = ["parallel", "reduction", "parallel"]}
func.func @matmul(%a: memref<4x8xf32>, %b: memref<8x16xf32>, %c: memref<4x16xf32>) {
  linalg.matmul ins(%a, %b : memref<4x8xf32>, memref<8x16xf32>) outs(%c : memref<4x16xf32>)
  return
}

// -----

// With B transposed the innermost loop is already a contiguous dot product.
// CHECK-LABEL: func.func @matmul_transpose_b
// CHECK: linalg.matmul_transpose_b
func.func @matmul_transpose_b(%a: memref<4x8xf32>, %b: memref<16x8xf32>, %c: memref<4x16xf32>) {
  linalg.matmul_transpose_b ins(%a, %b : memref<4x8xf32>, memref<16x8xf32>) outs(%c : memref<4x16xf32>)
  return
}

// -----

// A stride-1 convolution window moves its reductions outside the output row.
// CHECK-LABEL: func.func @conv_1d
// CHECK: iterator_types = ["parallel", "parallel", "reduction", "reduction", "parallel"]
func.func @conv_1d(%x: memref<1x2x10xf32>, %w: memref<3x2x3xf32>, %y: memref<1x3x8xf32>) {
  linalg.generic {
    indexing_maps = [affine_map<(n, m, o, c, k) -> (n, c, o + k)>,
                     affine_map<(n, m, o, c, k) -> (m, c, k)>,
                     affine_map<(n, m, o, c, k) -> (n, m, o)>],
    iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction"]}
    ins(%x, %w : memref<1x2x10xf32>, memref<3x2x3xf32>) outs(%y : memref<1x3x8xf32>) {
  ^bb0(%in: f32, %wt: f32, %out: f32):
    %0 = arith.mulf %in, %wt : f32
    %1 = arith.addf %out, %0 : f32
    linalg.yield %1 : f32
  }
  return
}

// -----

// Reducing the innermost input dim keeps the contiguous reduction inside.
// CHECK-LABEL: func.func @row_sum
// CHECK: iterator_types = ["parallel", "reduction"]
func.func @row_sum(%x: memref<4x8xf32>, %y: memref<4xf32>) {
  linalg.generic {
    indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i)>],
    iterator_types = ["parallel", "reduction"]}
    ins(%x : memref<4x8xf32>) outs(%y : memref<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.addf %out, %in : f32
    linalg.yield %0 : f32
  }
  return
}
