// RUN: dlc-opt --split-input-file --pass-pipeline='builtin.module(func.func(dlc-vectorize-pool{vector-width=4}))' %s | FileCheck %s

#in = affine_map<(n, c, oh, ow, kh, kw) -> (n, c, oh * 2 + kh, ow * 2 + kw)>
#win = affine_map<(n, c, oh, ow, kh, kw) -> (kh, kw)>
#out = affine_map<(n, c, oh, ow, kh, kw) -> (n, c, oh, ow)>

// A 3x3 max pool with stride 2: 5 output columns are one tile of two
// 4-lane vectors, the second masked to 1 lane; each window step loads the
// input under each vector as the even lanes of two loads. Each step keeps
// the greater (`x > acc ? x : acc`, one maxps) and ORs a NaN mask, applied
// at the end.
// CHECK-LABEL: func.func @max_pool(
// CHECK-SAME: %[[IN:.*]]: memref<1x2x9x11xf32>, %{{.*}}: memref<3x3xf32>, %[[OUT:.*]]: memref<1x2x4x5xf32>)
// CHECK: scf.parallel (%[[N:.*]], %[[C:.*]], %[[OH:.*]]) = (%{{.*}}, %{{.*}}, %{{.*}}) to (%c1{{.*}}, %c2{{.*}}, %c4{{.*}})
// CHECK: %[[ACC0:.*]] = vector.load %[[OUT]][%[[N]], %[[C]], %[[OH]], %{{.*}}] : memref<1x2x4x5xf32>, vector<4xf32>
// CHECK: %[[ONE:.*]] = vector.create_mask %c1{{.*}} : vector<4xi1>
// CHECK: %[[ACC1:.*]] = vector.maskedload %[[OUT]][%[[N]], %[[C]], %[[OH]], %{{.*}}], %[[ONE]]
// CHECK: %[[NONE:.*]] = arith.constant dense<false> : vector<4xi1>
// CHECK: scf.for %{{.*}} = %{{.*}} to %c3{{.*}} step %{{.*}} iter_args(%{{.*}} = %[[ACC0]], %{{.*}} = %[[ACC1]], %{{.*}} = %[[NONE]], %{{.*}} = %[[NONE]])
// CHECK: scf.for %{{.*}} = %{{.*}} to %c3{{.*}} step %{{.*}} iter_args(%[[A0:[^ ]*]] = %{{.*}}, %[[A1:[^ ]*]] = %{{.*}}, %[[M0:[^ ]*]] = %{{.*}}, %[[M1:[^ ]*]] = %{{.*}})
// CHECK: vector.load %[[IN]][%[[N]], %[[C]], %{{.*}}, %{{.*}}] : memref<1x2x9x11xf32>, vector<4xf32>
// CHECK: %[[SEG:.*]] = vector.shuffle %{{.*}}, %{{.*}} [0, 2, 4, 6] : vector<4xf32>, vector<4xf32>
// CHECK: %[[GT:.*]] = arith.cmpf ogt, %[[SEG]], %[[A0]] : vector<4xf32>
// CHECK: %[[MAX:.*]] = arith.select %[[GT]], %[[SEG]], %[[A0]] : vector<4xi1>, vector<4xf32>
// CHECK: %[[NAN:.*]] = arith.cmpf uno, %[[SEG]], %[[SEG]] : vector<4xf32>
// CHECK: arith.ori %[[M0]], %[[NAN]] : vector<4xi1>
// CHECK: arith.select
// CHECK-NOT: arith.maximumf
// CHECK: %[[NANS:.*]] = arith.constant dense<0x7FC00000> : vector<4xf32>
// CHECK: %[[R0:.*]] = arith.select %{{.*}}, %[[NANS]], %{{.*}} : vector<4xi1>, vector<4xf32>
// CHECK: vector.store %[[R0]], %[[OUT]][%[[N]], %[[C]], %[[OH]], %{{.*}}]
// CHECK: vector.maskedstore %[[OUT]][%[[N]], %[[C]], %[[OH]], %{{.*}}], %{{.*}}
// CHECK-NOT: linalg.generic
func.func @max_pool(%in: memref<1x2x9x11xf32>, %win: memref<3x3xf32>, %out: memref<1x2x4x5xf32>) {
  linalg.generic {indexing_maps = [#in, #win, #out],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]}
      ins(%in, %win : memref<1x2x9x11xf32>, memref<3x3xf32>) outs(%out : memref<1x2x4x5xf32>) {
  ^bb0(%x: f32, %unused: f32, %acc: f32):
    %m = arith.maximumf %acc, %x : f32
    linalg.yield %m : f32
  }
  return
}

// -----

// The output filled with -inf just before (views in between): the
// accumulators start from that value in registers, and the fill goes.
// CHECK-LABEL: func.func @filled_max_pool(
// CHECK-NOT: linalg.fill
// CHECK: scf.parallel
// CHECK: %[[START:.*]] = vector.splat %{{.*}} : vector<4xf32>
// CHECK-NOT: vector.load %{{.*}} : memref<1x1x4x4xf32>
// CHECK: scf.for %{{.*}} iter_args(%{{.*}} = %[[START]], %{{.*}} = %{{.*}})
#in4 = affine_map<(n, c, oh, ow, kh, kw) -> (n, c, oh * 2 + kh, ow * 2 + kw)>
#win4 = affine_map<(n, c, oh, ow, kh, kw) -> (kh, kw)>
#out4 = affine_map<(n, c, oh, ow, kh, kw) -> (n, c, oh, ow)>
func.func @filled_max_pool(%in: memref<1x1x9x9xf32>, %scratch: memref<64xi8>, %out: memref<1x1x4x4xf32>) {
  %c0 = arith.constant 0 : index
  %lowest = arith.constant 0xFF800000 : f32
  linalg.fill ins(%lowest : f32) outs(%out : memref<1x1x4x4xf32>)
  %win = memref.view %scratch[%c0][] : memref<64xi8> to memref<3x3xf32>
  linalg.generic {indexing_maps = [#in4, #win4, #out4],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]}
      ins(%in, %win : memref<1x1x9x9xf32>, memref<3x3xf32>) outs(%out : memref<1x1x4x4xf32>) {
  ^bb0(%x: f32, %unused: f32, %acc: f32):
    %m = arith.maximumf %acc, %x : f32
    linalg.yield %m : f32
  }
  return
}

// -----

// A window sum (average pool) with stride 1 and dilation 2: contiguous
// segments, shifted by twice the kernel column.
// CHECK-LABEL: func.func @window_sum(
// CHECK: arith.muli %{{.*}}, %c2{{.*}} : index
// CHECK: %[[SHIFT:.*]] = arith.muli %{{.*}}, %c2{{.*}} : index
// CHECK: %[[AT:.*]] = arith.addi %{{.*}}, %[[SHIFT]] : index
// CHECK: %[[SEG:.*]] = vector.load %{{.*}}[%{{.*}}, %{{.*}}, %{{.*}}, %[[AT]]] : memref<1x1x6x8xf32>, vector<4xf32>
// CHECK: arith.addf %{{.*}}, %[[SEG]] : vector<4xf32>
// CHECK-NOT: linalg.generic
#in2 = affine_map<(n, c, oh, ow, kh, kw) -> (n, c, oh + kh * 2, ow + kw * 2)>
#win2 = affine_map<(n, c, oh, ow, kh, kw) -> (kh, kw)>
#out2 = affine_map<(n, c, oh, ow, kh, kw) -> (n, c, oh, ow)>
func.func @window_sum(%in: memref<1x1x6x8xf32>, %win: memref<2x2xf32>, %out: memref<1x1x4x6xf32>) {
  linalg.generic {indexing_maps = [#in2, #win2, #out2],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]}
      ins(%in, %win : memref<1x1x6x8xf32>, memref<2x2xf32>) outs(%out : memref<1x1x4x6xf32>) {
  ^bb0(%x: f32, %unused: f32, %acc: f32):
    %s = arith.addf %acc, %x : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// A global pool's one-column output rows stay loops: a vector of columns
// would use one lane.
// CHECK-LABEL: func.func @global_pool(
// CHECK: linalg.generic
// CHECK-NOT: vector.
#in3 = affine_map<(n, c, oh, ow, kh, kw) -> (n, c, oh + kh, ow + kw)>
#win3 = affine_map<(n, c, oh, ow, kh, kw) -> (kh, kw)>
#out3 = affine_map<(n, c, oh, ow, kh, kw) -> (n, c, oh, ow)>
func.func @global_pool(%in: memref<1x4x7x7xf32>, %win: memref<7x7xf32>, %out: memref<1x4x1x1xf32>) {
  linalg.generic {indexing_maps = [#in3, #win3, #out3],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]}
      ins(%in, %win : memref<1x4x7x7xf32>, memref<7x7xf32>) outs(%out : memref<1x4x1x1xf32>) {
  ^bb0(%x: f32, %unused: f32, %acc: f32):
    %s = arith.addf %acc, %x : f32
    linalg.yield %s : f32
  }
  return
}
