// RUN: dlc-opt --split-input-file --pass-pipeline='builtin.module(func.func(dlc-vectorize-matmul{vector-width=4 rows=4 depth=8}))' %s | FileCheck %s

// 6x20 by 20x10: 4 rows and 8 columns are one whole 4x8 tile; 20 reduction
// steps are two blocks of 8 and one of 4. B is packed with vector rows (it
// is contiguous); the 2 leftover columns and 2 leftover rows stay matmuls
// on views.
// CHECK-LABEL: func.func @plain(
// CHECK-SAME: %[[A:.*]]: memref<6x20xf32>, %[[B:.*]]: memref<20x10xf32>, %[[C:.*]]: memref<6x10xf32>)
// CHECK: %[[PACK:.*]] = memref.alloca() {alignment = 64 : i64} : memref<8x8xf32>
// CHECK: scf.parallel (%[[COL:.*]]) = (%{{.*}}) to (%c8{{.*}}) step (%c8
// CHECK: scf.for %[[KB:.*]] = %{{.*}} to %c16{{.*}} step %c8
// CHECK: scf.for %[[K:.*]] =
// CHECK: %[[ROW:.*]] = vector.load %[[B]][%{{.*}}, %[[COL]]] : memref<20x10xf32>, vector<8xf32>
// CHECK: vector.store %[[ROW]], %[[PACK]][%[[K]], %{{.*}}]
// CHECK: scf.for %{{.*}} = %{{.*}} to %c4{{.*}} step %c4
// CHECK: %[[ACC0:.*]] = vector.load %[[C]]
// CHECK: %[[ACC1:.*]] = vector.load %[[C]]
// CHECK: scf.for {{.*}} iter_args(%[[X0:[^ ]*]] = %[[ACC0]], %[[X1:[^ ]*]] = %[[ACC1]],
// CHECK: %[[P:.*]] = vector.load %[[PACK]]
// CHECK: %[[SA:.*]] = vector.broadcast %{{.*}} : f32 to vector<8xf32>
// CHECK: vector.fma %[[SA]], %[[P]], %[[X0]] : vector<8xf32>
// CHECK: vector.fma %{{.*}}, %[[P]], %[[X1]] : vector<8xf32>
// CHECK-COUNT-4: vector.store %{{.*}}, %[[C]]
// The last 4 reduction steps: one more pack and microkernel pass.
// CHECK: vector.load %[[B]]
// CHECK: vector.fma
// CHECK: scf.reduce
// CHECK: %[[CB:.*]] = memref.subview %[[B]][0, 8] [20, 2] [1, 1]
// CHECK: %[[CC:.*]] = memref.subview %[[C]][0, 8] [6, 2] [1, 1]
// CHECK: linalg.matmul ins(%{{.*}}, %[[CB]] : {{.*}}) outs(%[[CC]]
// CHECK: %[[RA:.*]] = memref.subview %[[A]][4, 0] [2, 20] [1, 1]
// CHECK: linalg.matmul ins(%[[RA]]
// CHECK-NOT: linalg.matmul
func.func @plain(%a: memref<6x20xf32>, %b: memref<20x10xf32>, %c: memref<6x10xf32>) {
  linalg.matmul ins(%a, %b : memref<6x20xf32>, memref<20x10xf32>) outs(%c : memref<6x10xf32>)
  return
}

// -----

// A transposed B (Gemm's transB) is packed element by element, so the
// microkernel still reads contiguous rows; batched matmuls also run in
// parallel over the batch.
// CHECK-LABEL: func.func @transposed_b(
// CHECK-SAME: %{{.*}}: memref<4x8xf32>, %[[B:.*]]: memref<8x8xf32>
// CHECK: scf.parallel
// CHECK: memref.load %[[B]]
// CHECK: memref.store
// CHECK: vector.fma
// CHECK-NOT: linalg.matmul_transpose_b
func.func @transposed_b(%a: memref<4x8xf32>, %b: memref<8x8xf32>, %c: memref<4x8xf32>) {
  linalg.matmul_transpose_b ins(%a, %b : memref<4x8xf32>, memref<8x8xf32>) outs(%c : memref<4x8xf32>)
  return
}

// CHECK-LABEL: func.func @batched(
// CHECK: scf.parallel (%{{.*}}, %{{.*}}) = (%{{.*}}, %{{.*}}) to (%c3{{.*}}, %c8{{.*}})
// CHECK: vector.fma
func.func @batched(%a: memref<3x4x8xf32>, %b: memref<3x8x8xf32>, %c: memref<3x4x8xf32>) {
  linalg.batch_matmul ins(%a, %b : memref<3x4x8xf32>, memref<3x8x8xf32>) outs(%c : memref<3x4x8xf32>)
  return
}

// -----

// Too few rows or columns for one tile, other element types and dynamic
// shapes are left alone.
// CHECK-LABEL: func.func @untouched(
// CHECK: linalg.matmul
// CHECK: linalg.matmul
// CHECK-NOT: vector.fma
func.func @untouched(%a: memref<1x8xf32>, %b: memref<8x8xf32>, %c: memref<1x8xf32>,
                     %d: memref<4x8xf64>, %e: memref<8x8xf64>, %f: memref<4x8xf64>) {
  linalg.matmul ins(%a, %b : memref<1x8xf32>, memref<8x8xf32>) outs(%c : memref<1x8xf32>)
  linalg.matmul ins(%d, %e : memref<4x8xf64>, memref<8x8xf64>) outs(%f : memref<4x8xf64>)
  return
}
