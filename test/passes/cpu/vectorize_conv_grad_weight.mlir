// RUN: dlc-opt --split-input-file --pass-pipeline='builtin.module(func.func(dlc-vectorize-conv-grad-weight{vector-width=4 accumulators=4}))' %s | FileCheck %s

#in = affine_map<(m, c, kh, kw, n, oh, ow) -> (n, c, oh + kh, ow + kw)>
#dy = affine_map<(m, c, kh, kw, n, oh, ow) -> (n, m, oh, ow)>
#dw = affine_map<(m, c, kh, kw, n, oh, ow) -> (m, c, kh, kw)>

// 3 filters, 3 kernel columns, 6 output columns: with 4 accumulators a tile
// is 3 filters by 1 kernel column; each output row is one whole vector and a
// 2-lane masked tail. Every accumulator is summed across lanes at the end.
// CHECK-LABEL: func.func @grad_weight(
// CHECK-SAME: %[[IN:.*]]: memref<2x2x7x8xf32>, %[[DY:.*]]: memref<2x3x5x6xf32>, %[[DW:.*]]: memref<3x2x3x3xf32>)
// CHECK: scf.parallel (%[[C:.*]], %[[KH:.*]]) = (%{{.*}}, %{{.*}}) to (%c2{{.*}}, %c3{{.*}})
// CHECK: scf.for %[[KW:.*]] = %{{.*}} to %c3{{.*}} step %c1
// CHECK: scf.for %[[N:.*]] = %{{.*}} to %c2
// CHECK: scf.for %[[OH:.*]] = %{{.*}} to %c5
// CHECK: scf.for %[[OW:.*]] = %{{.*}} to %c4{{.*}} step %c4
// CHECK: %[[SEG:.*]] = vector.load %[[IN]][%[[N]], %[[C]], %{{.*}}, %{{.*}}] : memref<2x2x7x8xf32>, vector<4xf32>
// CHECK: %[[G:.*]] = vector.load %[[DY]][%[[N]], %{{.*}}, %[[OH]], %[[OW]]] : memref<2x3x5x6xf32>, vector<4xf32>
// CHECK: vector.fma %[[G]], %[[SEG]], %{{.*}} : vector<4xf32>
// CHECK-COUNT-2: vector.fma
// CHECK: %[[MASK:.*]] = vector.create_mask %c2{{.*}} : vector<4xi1>
// CHECK: vector.maskedload %[[IN]]{{.*}}, %[[MASK]]
// CHECK: vector.maskedload %[[DY]]
// CHECK: %[[SUM:.*]] = vector.reduction <add>, %{{.*}} : vector<4xf32> into f32
// CHECK: %[[OLD:.*]] = memref.load %[[DW]][%{{.*}}, %[[C]], %[[KH]], %[[KW]]]
// CHECK: %[[NEW:.*]] = arith.addf %[[OLD]], %[[SUM]] : f32
// CHECK: memref.store %[[NEW]], %[[DW]]
// CHECK-NOT: linalg.generic
func.func @grad_weight(%in: memref<2x2x7x8xf32>, %dy: memref<2x3x5x6xf32>, %dw: memref<3x2x3x3xf32>) {
  linalg.generic {indexing_maps = [#in, #dy, #dw],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
      ins(%in, %dy : memref<2x2x7x8xf32>, memref<2x3x5x6xf32>) outs(%dw : memref<3x2x3x3xf32>) {
  ^bb0(%x: f32, %g: f32, %acc: f32):
    %p = arith.mulf %x, %g : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// Width stride 2 deinterleaves two loads; groups give each filter its own
// input channel, (m / 2) * 1 + c.
// CHECK-LABEL: func.func @strided_grouped(
// CHECK-SAME: %[[IN:.*]]: memref<1x2x5x9xf32>
// CHECK: %[[G:.*]] = arith.divui %{{.*}}, %c2{{.*}} : index
// CHECK: %[[CH:.*]] = arith.addi %[[G]], %{{.*}} : index
// CHECK: %[[LOW:.*]] = vector.load %[[IN]][%{{.*}}, %[[CH]], %{{.*}}, %{{.*}}]
// CHECK: %[[HIGH:.*]] = vector.maskedload %[[IN]][%{{.*}}, %[[CH]]
// CHECK: %[[SEG:.*]] = vector.shuffle %[[LOW]], %[[HIGH]] [0, 2, 4, 6] : vector<4xf32>, vector<4xf32>
// CHECK: vector.fma %{{.*}}, %[[SEG]]
// CHECK-NOT: linalg.generic
#in2 = affine_map<(m, c, kh, kw, n, oh, ow) -> (n, m floordiv 2 + c, oh * 2 + kh, ow * 2 + kw)>
#dy2 = affine_map<(m, c, kh, kw, n, oh, ow) -> (n, m, oh, ow)>
#dw2 = affine_map<(m, c, kh, kw, n, oh, ow) -> (m, c, kh, kw)>
func.func @strided_grouped(%in: memref<1x2x5x9xf32>, %dy: memref<1x4x2x4xf32>, %dw: memref<4x1x2x2xf32>) {
  linalg.generic {indexing_maps = [#in2, #dy2, #dw2],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
      ins(%in, %dy : memref<1x2x5x9xf32>, memref<1x4x2x4xf32>) outs(%dw : memref<4x1x2x2xf32>) {
  ^bb0(%x: f32, %g: f32, %acc: f32):
    %p = arith.mulf %x, %g : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// A forward convolution's loops (n, m, oh, ow | c, kh, kw) are not a filter
// gradient's: left to dlc-vectorize-conv.
// CHECK-LABEL: func.func @forward(
// CHECK: linalg.generic
#fin = affine_map<(n, m, oh, ow, c, kh, kw) -> (n, c, oh + kh, ow + kw)>
#fw = affine_map<(n, m, oh, ow, c, kh, kw) -> (m, c, kh, kw)>
#fout = affine_map<(n, m, oh, ow, c, kh, kw) -> (n, m, oh, ow)>
func.func @forward(%in: memref<1x1x4x4xf32>, %w: memref<2x1x2x2xf32>, %out: memref<1x2x3x3xf32>) {
  linalg.generic {indexing_maps = [#fin, #fw, #fout],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
      ins(%in, %w : memref<1x1x4x4xf32>, memref<2x1x2x2xf32>) outs(%out : memref<1x2x3x3xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}
