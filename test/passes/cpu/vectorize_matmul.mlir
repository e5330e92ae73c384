// RUN: dlc-opt --split-input-file --pass-pipeline='builtin.module(func.func(dlc-vectorize-matmul{vector-width=4 rows=4 depth=8}))' %s | FileCheck %s

// 6x20 by 20x10: two panels of 8 columns, the second masked to its 2
// valid lanes (so one mask serves every panel); 20 reduction steps are two
// blocks of 8 and one of 4; rows are one tile of 4 and one of 2. B is packed
// with vector rows (it is contiguous), zero past column 10.
// CHECK-LABEL: func.func @plain(
// CHECK-SAME: %[[A:.*]]: memref<6x20xf32>, %[[B:.*]]: memref<20x10xf32>, %[[C:.*]]: memref<6x10xf32>)
// CHECK: %[[PACK:.*]] = memref.alloca() {alignment = 64 : i64} : memref<8x8xf32>
// CHECK: scf.parallel (%[[P:.*]]) = (%{{.*}}) to (%c2{{.*}}) step
// CHECK: %[[COL:.*]] = arith.muli %[[P]], %c8
// CHECK: %[[LEFT:.*]] = arith.subi %c10{{.*}}, %[[COL]]
// CHECK: %[[MASK:.*]] = vector.create_mask %[[LEFT]] : vector<8xi1>
// CHECK: scf.for %[[KB:.*]] = %{{.*}} to %c16{{.*}} step %c8
// CHECK: scf.for %[[K:.*]] =
// CHECK: %[[ROW:.*]] = vector.maskedload %[[B]][%{{.*}}, %[[COL]]], %[[MASK]]
// CHECK: vector.store %[[ROW]], %[[PACK]][%[[K]], %{{.*}}]
// CHECK: scf.for %{{.*}} = %{{.*}} to %c4{{.*}} step %c4
// CHECK: %[[ACC0:.*]] = vector.maskedload %[[C]]
// CHECK: %[[ACC1:.*]] = vector.maskedload %[[C]]
// CHECK: scf.for {{.*}} iter_args(%[[X0:[^ ]*]] = %[[ACC0]], %[[X1:[^ ]*]] = %[[ACC1]],
// CHECK: %[[PR:.*]] = vector.load %[[PACK]]
// CHECK: %[[SA:.*]] = vector.broadcast %{{.*}} : f32 to vector<8xf32>
// CHECK: vector.fma %[[SA]], %[[PR]], %[[X0]] : vector<8xf32>
// CHECK: vector.fma %{{.*}}, %[[PR]], %[[X1]] : vector<8xf32>
// CHECK-COUNT-4: vector.maskedstore %[[C]]
// The 2-row tile.
// CHECK: scf.for {{.*}} iter_args(%{{[^ ]*}} = %{{[^ ]*}}, %{{[^ ]*}} = %{{[^,]*}}) -> (vector<8xf32>, vector<8xf32>)
// CHECK-COUNT-2: vector.maskedstore %[[C]]
// The last 4 reduction steps: one more pack and the same two tiles.
// CHECK: vector.maskedload %[[B]]
// CHECK: vector.fma
// CHECK: scf.reduce
// 6 x 10 x 20 multiply-adds, 4 lanes at a time, for the threading pass.
// CHECK-NEXT: } {dlc.parallel_work = 300 : i64}
// CHECK-NOT: linalg.matmul
func.func @plain(%a: memref<6x20xf32>, %b: memref<20x10xf32>, %c: memref<6x10xf32>) {
  linalg.matmul ins(%a, %b : memref<6x20xf32>, memref<20x10xf32>) outs(%c : memref<6x10xf32>)
  return
}

// -----

// A transposed B (Gemm's transB) is packed element by element, so the
// microkernel still reads contiguous rows; past n it packs zeros. Batched
// matmuls also run in parallel over the batch.
// CHECK-LABEL: func.func @transposed_b(
// CHECK-SAME: %{{.*}}: memref<8x8xf32>, %[[B:.*]]: memref<6x8xf32>
// CHECK: scf.parallel
// CHECK: %[[J:.*]] = arith.minsi %{{.*}}, %c5
// CHECK: %[[E:.*]] = memref.load %[[B]][%[[J]], %{{.*}}]
// CHECK: %[[IN:.*]] = arith.cmpi sle, %{{.*}}, %c5
// CHECK: arith.select %[[IN]], %[[E]], %{{.*}} : f32
// CHECK: vector.fma
// CHECK-NOT: linalg.matmul_transpose_b
func.func @transposed_b(%a: memref<8x8xf32>, %b: memref<6x8xf32>, %c: memref<8x6xf32>) {
  linalg.matmul_transpose_b ins(%a, %b : memref<8x8xf32>, memref<6x8xf32>) outs(%c : memref<8x6xf32>)
  return
}

// CHECK-LABEL: func.func @batched(
// CHECK: scf.parallel (%{{.*}}, %{{.*}}) = (%{{.*}}, %{{.*}}) to (%c3{{.*}}, %c1{{.*}})
// CHECK: vector.fma
func.func @batched(%a: memref<3x4x8xf32>, %b: memref<3x8x8xf32>, %c: memref<3x4x8xf32>) {
  linalg.batch_matmul ins(%a, %b : memref<3x4x8xf32>, memref<3x8x8xf32>) outs(%c : memref<3x4x8xf32>)
  return
}

// -----

// [2, 3, 8] x [8, 8] (a Linear layer on a batch of sequences), as
// MatrixLowering's generic: B is shared by every outer index, so A's and C's
// rows collapse into one 6-row matrix. The same with B batched is not
// taken: nothing can be collapsed there.
// CHECK-LABEL: func.func @shared_weight(
// CHECK-SAME: %[[A:.*]]: memref<2x3x8xf32>, %[[B:.*]]: memref<8x8xf32>, %[[C:.*]]: memref<2x3x8xf32>
// CHECK-DAG: %[[ROWS_A:.*]] = memref.collapse_shape %[[A]] {{\[}}[0, 1], [2]] : memref<2x3x8xf32> into memref<6x8xf32>
// CHECK-DAG: %[[ROWS_C:.*]] = memref.collapse_shape %[[C]] {{\[}}[0, 1], [2]] : memref<2x3x8xf32> into memref<6x8xf32>
// CHECK: scf.parallel
// CHECK: vector.load %[[ROWS_C]]
// CHECK: memref.load %[[ROWS_A]]
// CHECK: vector.fma
// CHECK-NOT: linalg.generic
// CHECK-LABEL: func.func @batched_weight(
// CHECK: linalg.generic
// CHECK-NOT: vector.fma
#lhs = affine_map<(b, m, n, k) -> (b, m, k)>
#shared = affine_map<(b, m, n, k) -> (k, n)>
#batched = affine_map<(b, m, n, k) -> (b, k, n)>
#res = affine_map<(b, m, n, k) -> (b, m, n)>
func.func @shared_weight(%a: memref<2x3x8xf32>, %b: memref<8x8xf32>, %c: memref<2x3x8xf32>) {
  linalg.generic {indexing_maps = [#lhs, #shared, #res],
                  iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%a, %b : memref<2x3x8xf32>, memref<8x8xf32>) outs(%c : memref<2x3x8xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}
func.func @batched_weight(%a: memref<2x3x8xf32>, %b: memref<2x8x8xf32>, %c: memref<2x3x8xf32>) {
  linalg.generic {indexing_maps = [#lhs, #batched, #res],
                  iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%a, %b : memref<2x3x8xf32>, memref<2x8x8xf32>) outs(%c : memref<2x3x8xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// Fewer rows than a tile (nothing to amortize the packing over) and other
// element types are left alone.
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

// -----

// A's blocks of 8 steps over 40004 rows take 1.25 MB: too much to stay in
// L2 while every panel walks them. The rows are split into eighths of 5000
// rows, then the last 4 rows alone; the threads share the blocks, and within
// one all panels go over a block of steps before the next. Each parallel
// loop has its own packed-panel scratch.
// CHECK-LABEL: func.func @row_blocks(
// CHECK-SAME: %[[A:.*]]: memref<40004x8xf32>, %[[B:.*]]: memref<8x8xf32>, %[[C:.*]]: memref<40004x8xf32>)
// CHECK-DAG: %[[PACK0:.*]] = memref.alloca() {alignment = 64 : i64} : memref<8x8xf32>
// CHECK-DAG: %[[PACK1:.*]] = memref.alloca() {alignment = 64 : i64} : memref<8x8xf32>
// CHECK: scf.parallel (%[[BLOCK:.*]]) = (%{{.*}}) to (%c8{{.*}}) step
// CHECK: %[[SCALED:.*]] = arith.muli %[[BLOCK]], %c5000
// CHECK: %[[FIRST:.*]] = arith.addi %[[SCALED]], %c0
// CHECK: scf.parallel (%{{.*}}) = (%{{.*}}) to (%c1{{.*}}) step
// CHECK: scf.for %[[T:.*]] = %{{.*}} to %c5000{{.*}} step %c4
// CHECK: arith.addi %[[FIRST]], %[[T]]
// CHECK: scf.parallel (%[[LAST:.*]]) = (%{{.*}}) to (%c1{{.*}}) step
// CHECK: arith.muli %[[LAST]], %c4
// CHECK: arith.addi %{{.*}}, %c40000
// CHECK-NOT: linalg.matmul
func.func @row_blocks(%a: memref<40004x8xf32>, %b: memref<8x8xf32>, %c: memref<40004x8xf32>) {
  linalg.matmul ins(%a, %b : memref<40004x8xf32>, memref<8x8xf32>) outs(%c : memref<40004x8xf32>)
  return
}
