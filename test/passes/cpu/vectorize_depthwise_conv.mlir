// RUN: dlc-opt --split-input-file --pass-pipeline='builtin.module(func.func(dlc-vectorize-conv{vector-width=4 accumulators=4}))' %s | FileCheck %s

// A depthwise 3x3 with padding 1, a bias and a Clip epilogue, as bufferized:
// the input copied into a zero-filled buffer. The kernel reads the input
// itself: one unit per (image, filter), taps broadcast once, the bias as the
// first accumulator, the clip applied before the one store. Row 0 skips
// kernel row 0 and row 4 kernel row 2 (rows 1-3 loop); column -1 and
// columns past 5 are masked off by constant masks.
// CHECK-LABEL: func.func @padded(
// CHECK-SAME: %[[X:[^:]*]]: memref<1x2x5x6xf32>, %[[W:[^:]*]]: memref<2x1x3x3xf32>, %[[B:[^:]*]]: memref<2xf32>, %[[OUT:[^:]*]]: memref<1x2x5x6xf32>
// CHECK-NOT: linalg.map
// CHECK-NOT: linalg.copy
// CHECK: scf.parallel (%[[N:.*]], %[[M:.*]]) = (%{{.*}}, %{{.*}}) to (%c1{{.*}}, %c2{{.*}})
// CHECK-COUNT-9: vector.broadcast
// CHECK: %[[BIAS:.*]] = memref.load %[[B]][%[[M]]]
// CHECK: vector.broadcast %[[BIAS]]
// Row 0 reads input rows 0 and 1 only: 2 rows x 3 taps x 2 vectors.
// CHECK: %[[LEFT:.*]] = arith.constant dense<[false, true, true, true]> : vector<4xi1>
// CHECK: vector.maskedload %[[X]][%[[N]], %{{.*}}, %c0{{.*}}, %{{.*}}], %[[LEFT]]
// CHECK-COUNT-12: vector.fma
// CHECK-NOT: vector.fma
// CHECK: arith.maximumf
// CHECK: arith.minimumf
// CHECK: vector.store %{{.*}}, %[[OUT]][%[[N]], %[[M]], %c0{{.*}}, %c0{{.*}}]
// CHECK: vector.maskedstore %[[OUT]]
// CHECK: scf.for %[[ROW:.*]] = %c1{{.*}} to %c4{{.*}} step
// CHECK-COUNT-18: vector.fma
// CHECK-NOT: vector.fma
// CHECK: vector.store %{{.*}}, %[[OUT]][%[[N]], %[[M]], %[[ROW]], %c0{{.*}}]
// CHECK: vector.maskedstore %[[OUT]]
// CHECK: }
// CHECK-COUNT-12: vector.fma
// CHECK-NOT: vector.fma
// CHECK: vector.store %{{.*}}, %[[OUT]][%[[N]], %[[M]], %c4{{.*}}, %c0{{.*}}]
// CHECK-NOT: vector.fma
// CHECK-NOT: linalg.generic
#bias = affine_map<(n, m, h, w) -> (m)>
#id = affine_map<(n, m, h, w) -> (n, m, h, w)>
#in = affine_map<(n, m, oh, ow, c, kh, kw) -> (n, m + c, oh + kh, ow + kw)>
#w = affine_map<(n, m, oh, ow, c, kh, kw) -> (m, c, kh, kw)>
#out = affine_map<(n, m, oh, ow, c, kh, kw) -> (n, m, oh, ow)>
func.func @padded(%x: memref<1x2x5x6xf32>, %w: memref<2x1x3x3xf32>, %b: memref<2xf32>, %out: memref<1x2x5x6xf32>, %scratch: memref<448xi8>) {
  %zero = arith.constant 0.000000e+00 : f32
  %six = arith.constant 6.000000e+00 : f32
  %c0 = arith.constant 0 : index
  %padded = memref.view %scratch[%c0][] : memref<448xi8> to memref<1x2x7x8xf32>
  linalg.map outs(%padded : memref<1x2x7x8xf32>)
    () {
      linalg.yield %zero : f32
    }
  %interior = memref.subview %padded[0, 0, 1, 1] [1, 2, 5, 6] [1, 1, 1, 1] : memref<1x2x7x8xf32> to memref<1x2x5x6xf32, strided<[112, 56, 8, 1], offset: 9>>
  linalg.copy ins(%x : memref<1x2x5x6xf32>) outs(%interior : memref<1x2x5x6xf32, strided<[112, 56, 8, 1], offset: 9>>)
  linalg.generic {indexing_maps = [#bias, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%b : memref<2xf32>) outs(%out : memref<1x2x5x6xf32>) {
  ^bb0(%in: f32, %o: f32):
    linalg.yield %in : f32
  }
  linalg.generic {indexing_maps = [#in, #w, #out],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
      ins(%padded, %w : memref<1x2x7x8xf32>, memref<2x1x3x3xf32>) outs(%out : memref<1x2x5x6xf32>) {
  ^bb0(%a: f32, %y: f32, %acc: f32):
    %p = arith.mulf %a, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [#id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      outs(%out : memref<1x2x5x6xf32>) {
  ^bb0(%o: f32):
    %0 = arith.maximumf %o, %zero : f32
    %1 = arith.minimumf %0, %six : f32
    linalg.yield %1 : f32
  }
  return
}

// -----

// No padding, width stride 2 and two filters per channel: each filter reads
// channel m / 2. The whole tile of 16 columns runs in a loop with unmasked
// loads; the last 4 columns are a tile of their own.
// CHECK-LABEL: func.func @valid(
// CHECK-SAME: %[[X:[^:]*]]: memref<1x2x5x41xf32>
// CHECK: scf.parallel (%[[N:.*]], %[[M:.*]]) = (%{{.*}}, %{{.*}}) to (%c1{{.*}}, %c4{{.*}})
// CHECK: %[[CH:.*]] = arith.divui %[[M]], %c2{{.*}} : index
// CHECK: scf.for %[[COL:.*]] = %c0{{.*}} to %c16{{.*}} step %c16
// CHECK: scf.for %[[ROW:.*]] = %c0{{.*}} to %c2{{.*}} step
// CHECK: %[[LOW:.*]] = vector.load %[[X]][%[[N]], %[[CH]], %{{.*}}, %{{.*}}]
// CHECK: %[[HIGH:.*]] = vector.maskedload %[[X]]
// CHECK: vector.shuffle %[[LOW]], %[[HIGH]] [0, 2, 4, 6]
// CHECK-COUNT-16: vector.fma
// CHECK-NOT: vector.fma
// CHECK: }
// CHECK: }
// The last tile starts at column 16, reading from input column 32.
// CHECK-COUNT-4: vector.fma
// CHECK: vector.store %{{.*}}[%[[N]], %[[M]], %{{.*}}, %c16{{.*}}]
// CHECK-NOT: linalg.generic
#in = affine_map<(n, m, oh, ow, c, kh, kw) -> (n, m floordiv 2 + c, oh * 2 + kh, ow * 2 + kw)>
#w = affine_map<(n, m, oh, ow, c, kh, kw) -> (m, c, kh, kw)>
#out = affine_map<(n, m, oh, ow, c, kh, kw) -> (n, m, oh, ow)>
func.func @valid(%x: memref<1x2x5x41xf32>, %w: memref<4x1x2x2xf32>, %out: memref<1x4x2x20xf32>) {
  linalg.generic {indexing_maps = [#in, #w, #out],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
      ins(%x, %w : memref<1x2x5x41xf32>, memref<4x1x2x2xf32>) outs(%out : memref<1x4x2x20xf32>) {
  ^bb0(%a: f32, %y: f32, %acc: f32):
    %p = arith.mulf %a, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}
