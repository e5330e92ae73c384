// RUN: dlc-opt --split-input-file --pass-pipeline='builtin.module(func.func(dlc-vectorize-conv{vector-width=4 accumulators=4}))' %s | FileCheck %s

#in = affine_map<(n, m, oh, ow, c, kh, kw) -> (n, c, oh + kh, ow + kw)>
#w = affine_map<(n, m, oh, ow, c, kh, kw) -> (m, c, kh, kw)>
#out = affine_map<(n, m, oh, ow, c, kh, kw) -> (n, m, oh, ow)>

// 3 filters, 6 output columns: with 4 lanes a tile is 2 vectors (8 columns,
// the last 2 lanes masked) by 2 filters, then a 1-filter tile for the third.
// CHECK-LABEL: func.func @conv(
// CHECK-SAME: %[[IN:.*]]: memref<2x2x7x8xf32>, %[[W:.*]]: memref<3x2x3x3xf32>, %[[OUT:.*]]: memref<2x3x5x6xf32>)
// CHECK: scf.parallel (%[[N:.*]], %[[OH:.*]]) = (%{{.*}}, %{{.*}}) to (%c2{{.*}}, %c5{{.*}})
// CHECK: scf.for %[[M:.*]] = %{{.*}} to %c2{{.*}} step %c2
// CHECK: vector.load %[[OUT]][%[[N]], %{{.*}}, %[[OH]], %{{.*}}] : memref<2x3x5x6xf32>, vector<4xf32>
// CHECK: %[[MASK:.*]] = vector.create_mask %c2{{.*}} : vector<4xi1>
// CHECK: vector.maskedload %[[OUT]][{{.*}}], %[[MASK]]
// CHECK: scf.for %[[C:.*]] = {{.*}} to %c2{{.*}} step
// CHECK: scf.for %[[KH:.*]] = {{.*}} to %c3{{.*}} step
// CHECK: scf.for %[[KW:.*]] = {{.*}} to %c3{{.*}} step
// CHECK: %[[SEG:.*]] = vector.load %[[IN]][%[[N]], %[[C]], %{{.*}}, %{{.*}}] : memref<2x2x7x8xf32>, vector<4xf32>
// CHECK: vector.maskedload %[[IN]]
// CHECK: %[[WV:.*]] = memref.load %[[W]][%{{.*}}, %[[C]], %[[KH]], %[[KW]]]
// CHECK: %[[SPLAT:.*]] = vector.broadcast %[[WV]] : f32 to vector<4xf32>
// CHECK: vector.fma %[[SPLAT]], %[[SEG]], %{{.*}} : vector<4xf32>
// CHECK-COUNT-3: vector.fma
// CHECK: vector.store {{.*}}, %[[OUT]]
// CHECK: vector.maskedstore %[[OUT]]
// The third filter alone.
// CHECK: vector.fma
// CHECK-NOT: linalg.generic
func.func @conv(%in: memref<2x2x7x8xf32>, %w: memref<3x2x3x3xf32>, %out: memref<2x3x5x6xf32>) {
  linalg.generic {indexing_maps = [#in, #w, #out],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
      ins(%in, %w : memref<2x2x7x8xf32>, memref<3x2x3x3xf32>) outs(%out : memref<2x3x5x6xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// A height stride and dilations only change the input indices.
// CHECK-LABEL: func.func @strided_rows(
// CHECK: %[[ROW:.*]] = arith.muli %{{.*}}, %c2{{.*}} : index
// CHECK: vector.fma
// CHECK-NOT: linalg.generic
#in2 = affine_map<(n, m, oh, ow, c, kh, kw) -> (n, c, oh * 2 + kh * 2, ow + kw * 3)>
#w2 = affine_map<(n, m, oh, ow, c, kh, kw) -> (m, c, kh, kw)>
#out2 = affine_map<(n, m, oh, ow, c, kh, kw) -> (n, m, oh, ow)>
func.func @strided_rows(%in: memref<1x1x9x10xf32>, %w: memref<2x1x2x2xf32>, %out: memref<1x2x4x7xf32>) {
  linalg.generic {indexing_maps = [#in2, #w2, #out2],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
      ins(%in, %w : memref<1x1x9x10xf32>, memref<2x1x2x2xf32>) outs(%out : memref<1x2x4x7xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// Width stride 2: each segment is the even lanes of two loads from twice the
// column, the second masked to the 3 lanes still needed (4 columns need
// input elements 0..6 from the start).
// CHECK-LABEL: func.func @width_stride(
// CHECK-SAME: %[[IN:.*]]: memref<1x1x4x9xf32>
// CHECK: %[[TWICE:.*]] = arith.muli %{{.*}}, %c2{{.*}} : index
// CHECK: %[[START:.*]] = arith.addi %[[TWICE]], %{{.*}} : index
// CHECK: %[[LOW:.*]] = vector.load %[[IN]][%{{.*}}, %{{.*}}, %{{.*}}, %[[START]]] : memref<1x1x4x9xf32>, vector<4xf32>
// CHECK: %[[MASK:.*]] = vector.create_mask %c3{{.*}} : vector<4xi1>
// CHECK: %[[HIGH:.*]] = vector.maskedload %[[IN]][{{.*}}], %[[MASK]]
// CHECK: %[[SEG:.*]] = vector.shuffle %[[LOW]], %[[HIGH]] [0, 2, 4, 6] : vector<4xf32>, vector<4xf32>
// CHECK: vector.fma %{{.*}}, %[[SEG]]
// CHECK-NOT: linalg.generic
#in3 = affine_map<(n, m, oh, ow, c, kh, kw) -> (n, c, oh + kh, ow * 2 + kw)>
#w3 = affine_map<(n, m, oh, ow, c, kh, kw) -> (m, c, kh, kw)>
#out3 = affine_map<(n, m, oh, ow, c, kh, kw) -> (n, m, oh, ow)>
func.func @width_stride(%in: memref<1x1x4x9xf32>, %w: memref<2x1x2x2xf32>, %out: memref<1x2x3x4xf32>) {
  linalg.generic {indexing_maps = [#in3, #w3, #out3],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
      ins(%in, %w : memref<1x1x4x9xf32>, memref<2x1x2x2xf32>) outs(%out : memref<1x2x3x4xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// Two groups of two input channels, two filters each: each filter of the
// tile reads its own group's channels, (m / 2) * 2 + c. (One channel per
// group is the depthwise kernel's: vectorize_depthwise_conv.mlir.)
// CHECK-LABEL: func.func @grouped(
// CHECK-SAME: %[[IN:.*]]: memref<1x4x4x4xf32>
// CHECK: %[[G:.*]] = arith.divui %{{.*}}, %c2{{.*}} : index
// CHECK: %[[FIRST:.*]] = arith.muli %[[G]], %c2{{.*}} : index
// CHECK: scf.for %[[C:[^ ]*]] =
// CHECK: %[[CH:.*]] = arith.addi %[[FIRST]], %[[C]] : index
// CHECK: vector.maskedload %[[IN]][%{{.*}}, %[[CH]], %{{.*}}, %{{.*}}]
// CHECK: vector.fma
// CHECK-NOT: linalg.generic
#in4 = affine_map<(n, m, oh, ow, c, kh, kw) -> (n, (m floordiv 2) * 2 + c, oh + kh, ow + kw)>
func.func @grouped(%in: memref<1x4x4x4xf32>, %w: memref<4x2x2x2xf32>, %out: memref<1x4x3x3xf32>) {
  linalg.generic {indexing_maps = [#in4, #w3, #out3],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
      ins(%in, %w : memref<1x4x4x4xf32>, memref<4x2x2x2xf32>) outs(%out : memref<1x4x3x3xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// A convolution's input gradient (ConvLowering's form): the weight read as
// [c, m, kh, kw] and the kernel walked backwards from an offset into the
// spread output gradient.
// CHECK-LABEL: func.func @input_gradient(
// CHECK-SAME: %[[DY:.*]]: memref<1x3x8x8xf32>, %[[W:.*]]: memref<3x2x3x3xf32>
// CHECK: scf.for %[[M:[^ ]*]] = {{.*}} to %c3
// CHECK: scf.for %[[KH:[^ ]*]] =
// CHECK: scf.for %[[KW:[^ ]*]] =
// CHECK: %[[BACK:.*]] = arith.muli %[[KW]], %c-1{{.*}} : index
// CHECK: %[[COL:.*]] = arith.addi %{{.*}}, %[[BACK]] : index
// CHECK: vector.load %[[DY]][%{{.*}}, %[[M]], %{{.*}}, %[[COL]]]
// CHECK: memref.load %[[W]][%[[M]], %{{.*}}, %[[KH]], %[[KW]]]
// CHECK: vector.fma
// CHECK-NOT: linalg.generic
#in5 = affine_map<(n, c, ih, iw, m, kh, kw) -> (n, m, ih - kh + 2, iw - kw + 2)>
#w5 = affine_map<(n, c, ih, iw, m, kh, kw) -> (m, c, kh, kw)>
#out5 = affine_map<(n, c, ih, iw, m, kh, kw) -> (n, c, ih, iw)>
func.func @input_gradient(%dy: memref<1x3x8x8xf32>, %w: memref<3x2x3x3xf32>, %dx: memref<1x2x6x6xf32>) {
  linalg.generic {indexing_maps = [#in5, #w5, #out5],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
      ins(%dy, %w : memref<1x3x8x8xf32>, memref<3x2x3x3xf32>) outs(%dx : memref<1x2x6x6xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// A packed filter [c, kh, kw, m] (dlc.conv's filter_channels_last): lanes
// run across output channels. 6 filters with 4 lanes are one tile of 2
// vectors (the second masked to 2 lanes); the accumulator budget of 4 leaves
// 2 output positions per tile, so 3 position tiles cover the 2x3 output.
// Each step loads the tap's channels once and broadcasts one input element
// per position; the output is gathered and scattered a plane (6) apart.
// CHECK-LABEL: func.func @across_channels(
// CHECK-SAME: %[[IN:.*]]: memref<1x2x4x5xf32>, %[[W:.*]]: memref<2x3x3x6xf32>, %[[OUT:.*]]: memref<1x6x2x3xf32>)
// CHECK: scf.parallel (%[[N:.*]], %{{.*}}, %[[P:.*]]) = (%{{.*}}, %{{.*}}, %{{.*}}) to (%c1{{.*}}, %c1{{.*}}, %c3{{.*}})
// CHECK: %[[FIRST:.*]] = arith.muli %[[P]], %c2{{.*}} : index
// CHECK: %[[PART:.*]] = vector.create_mask %c2{{.*}} : vector<4xi1>
// CHECK: %[[FLAT:.*]] = memref.collapse_shape %[[OUT]] {{\[}}[0, 1, 2, 3]] : memref<1x6x2x3xf32> into memref<36xf32>
// CHECK: %[[OFFSETS:.*]] = arith.constant dense<[0, 6, 12, 18]> : vector<4xi64>
// CHECK: arith.divui %{{.*}}, %c3{{.*}} : index
// CHECK: arith.remui %{{.*}}, %c3{{.*}} : index
// CHECK-COUNT-4: vector.gather %[[FLAT]]
// CHECK: scf.for %[[C:.*]] = {{.*}} to %c2{{.*}} step
// CHECK: scf.for %[[KH:.*]] = {{.*}} to %c3{{.*}} step
// CHECK: scf.for %[[KW:.*]] = {{.*}} to %c3{{.*}} step
// CHECK: %[[W0:.*]] = vector.load %[[W]][%[[C]], %[[KH]], %[[KW]], %{{.*}}] : memref<2x3x3x6xf32>, vector<4xf32>
// CHECK: %[[W1:.*]] = vector.maskedload %[[W]][%[[C]], %[[KH]], %[[KW]], %{{.*}}], %{{.*}}
// CHECK: %[[X:.*]] = memref.load %[[IN]][%[[N]], %[[C]], %{{.*}}, %{{.*}}] : memref<1x2x4x5xf32>
// CHECK: %[[SPLAT:.*]] = vector.broadcast %[[X]] : f32 to vector<4xf32>
// CHECK: vector.fma %[[SPLAT]], %[[W0]], %{{.*}} : vector<4xf32>
// CHECK: vector.fma %[[SPLAT]], %[[W1]], %{{.*}} : vector<4xf32>
// CHECK-COUNT-2: vector.fma
// CHECK: scf.yield
// CHECK-COUNT-4: vector.scatter %[[FLAT]]
// CHECK-NOT: linalg.generic
#in6 = affine_map<(n, m, oh, ow, c, kh, kw) -> (n, c, oh + kh, ow + kw)>
#w6 = affine_map<(n, m, oh, ow, c, kh, kw) -> (c, kh, kw, m)>
#out6 = affine_map<(n, m, oh, ow, c, kh, kw) -> (n, m, oh, ow)>
func.func @across_channels(%in: memref<1x2x4x5xf32>, %w: memref<2x3x3x6xf32>, %out: memref<1x6x2x3xf32>) {
  linalg.generic {indexing_maps = [#in6, #w6, #out6],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
      ins(%in, %w : memref<1x2x4x5xf32>, memref<2x3x3x6xf32>) outs(%out : memref<1x6x2x3xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// The bias broadcast before the convolution and the clip after it are the
// tile's: the accumulators start from the filter's bias, the clip runs on
// the vectors before the store, and neither generic stays.
#bin = affine_map<(n, m, oh, ow, c, kh, kw) -> (n, c, oh + kh, ow + kw)>
#bw = affine_map<(n, m, oh, ow, c, kh, kw) -> (m, c, kh, kw)>
#bout = affine_map<(n, m, oh, ow, c, kh, kw) -> (n, m, oh, ow)>
#bias = affine_map<(n, m, oh, ow) -> (m)>
#id = affine_map<(n, m, oh, ow) -> (n, m, oh, ow)>
// CHECK-LABEL: func.func @bias_and_clip(
// CHECK-SAME: %[[IN:.*]]: memref<1x1x3x6xf32>, %[[W:.*]]: memref<1x1x1x1xf32>, %[[B:.*]]: memref<1xf32>, %[[OUT:.*]]: memref<1x1x3x6xf32>)
// CHECK-NOT: linalg.generic
// CHECK: %[[BV:.*]] = memref.load %[[B]][%{{.*}}] : memref<1xf32>
// CHECK: %[[ACC:.*]] = vector.broadcast %[[BV]] : f32 to vector<4xf32>
// CHECK-NOT: vector.load %[[OUT]]
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %[[ACC]], %{{.*}} = %[[ACC]])
// CHECK: vector.fma
// CHECK: %[[LOW:.*]] = vector.broadcast %{{.*}} : f32 to vector<4xf32>
// CHECK: %[[MAX:.*]] = arith.maximumf %{{.*}}, %[[LOW]] : vector<4xf32>
// CHECK: %[[HIGH:.*]] = vector.broadcast %{{.*}} : f32 to vector<4xf32>
// CHECK: %[[MIN:.*]] = arith.minimumf %[[MAX]], %[[HIGH]] : vector<4xf32>
// CHECK: vector.store %[[MIN]], %[[OUT]]
// CHECK-NOT: linalg.generic
func.func @bias_and_clip(%in: memref<1x1x3x6xf32>, %w: memref<1x1x1x1xf32>, %b: memref<1xf32>, %out: memref<1x1x3x6xf32>) {
  %zero = arith.constant 0.0 : f32
  %six = arith.constant 6.0 : f32
  linalg.generic {indexing_maps = [#bias, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%b : memref<1xf32>) outs(%out : memref<1x1x3x6xf32>) {
  ^bb0(%x: f32, %o: f32):
    linalg.yield %x : f32
  }
  linalg.generic {indexing_maps = [#bin, #bw, #bout],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
      ins(%in, %w : memref<1x1x3x6xf32>, memref<1x1x1x1xf32>) outs(%out : memref<1x1x3x6xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [#id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      outs(%out : memref<1x1x3x6xf32>) {
  ^bb0(%o: f32):
    %lo = arith.maximumf %o, %zero : f32
    %hi = arith.minimumf %lo, %six : f32
    linalg.yield %hi : f32
  }
  return
}

// -----

// An epilogue that libm would compute (sqrt) stays a loop of its own; the
// fill before the convolution still becomes the accumulators' start.
#sin = affine_map<(n, m, oh, ow, c, kh, kw) -> (n, c, oh + kh, ow + kw)>
#sw = affine_map<(n, m, oh, ow, c, kh, kw) -> (m, c, kh, kw)>
#sout = affine_map<(n, m, oh, ow, c, kh, kw) -> (n, m, oh, ow)>
#sid = affine_map<(n, m, oh, ow) -> (n, m, oh, ow)>
// CHECK-LABEL: func.func @libm_epilogue(
// CHECK-NOT: linalg.fill
// CHECK: %[[ZERO:.*]] = vector.broadcast %{{.*}} : f32 to vector<4xf32>
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %[[ZERO]])
// CHECK: linalg.generic
// CHECK: math.sqrt
func.func @libm_epilogue(%in: memref<1x1x1x4xf32>, %w: memref<1x1x1x1xf32>, %out: memref<1x1x1x4xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%out : memref<1x1x1x4xf32>)
  linalg.generic {indexing_maps = [#sin, #sw, #sout],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
      ins(%in, %w : memref<1x1x1x4xf32>, memref<1x1x1x1xf32>) outs(%out : memref<1x1x1x4xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [#sid], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      outs(%out : memref<1x1x1x4xf32>) {
  ^bb0(%o: f32):
    %r = math.sqrt %o : f32
    linalg.yield %r : f32
  }
  return
}
