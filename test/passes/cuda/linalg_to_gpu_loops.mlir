// RUN: dlc-opt --dlc-linalg-to-gpu-loops %s | FileCheck %s

// A kernel's linalg ops become a parallel nest, a reduction's dims scf.for
// loops inside that carry the sum: the output element loads once and stores
// once; a fill just before starts the sum instead. A launch that keeps its
// linalg ops for a tiled kernel keeps them.
// CHECK-LABEL: func.func @kernel
// CHECK-NOT: linalg.
// CHECK: scf.parallel (%[[I:.*]], %[[J:.*]]) =
// CHECK-NEXT: %[[FIRST:.*]] = memref.load %{{.*}}[%[[I]], %[[J]]] : memref<4x2xf32>
// CHECK-NEXT: %[[SUM:.*]] = scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[ACC:.*]] = %[[FIRST]]) -> (f32) {
// CHECK: arith.mulf
// CHECK: %[[NEXT:.*]] = arith.addf %[[ACC]]
// CHECK-NEXT: scf.yield %[[NEXT]]
// CHECK: memref.store %[[SUM]], %{{.*}}[%[[I]], %[[J]]] : memref<4x2xf32>
// CHECK-LABEL: func.func @pool
// CHECK-NOT: linalg.fill
// CHECK: %[[LOWEST:.*]] = arith.constant 0xFF800000 : f32
// CHECK: scf.parallel
// CHECK-NOT: memref.load %{{.*}} : memref<2x3xf32>
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %[[LOWEST]]) -> (f32)
// CHECK: arith.maximumf
// CHECK-LABEL: func.func @total
// CHECK-NOT: scf.parallel
// CHECK: %[[START:.*]] = memref.load %{{.*}}[] : memref<f32>
// CHECK-NEXT: %[[TOTAL:.*]] = scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[ACC:.*]] = %[[START]]) -> (f32) {
// CHECK: arith.addf %{{.*}}, %[[ACC]]
// CHECK-NOT: memref.store
// CHECK: scf.yield
// CHECK: memref.store %[[TOTAL]], %{{.*}}[] : memref<f32>
// CHECK-NEXT: return
// CHECK-LABEL: func.func private @kernel_contraction0
// CHECK-NEXT: linalg.matmul
func.func @kernel(%a: memref<4x8xf32>, %b: memref<8x2xf32>, %c: memref<4x2xf32>) {
  linalg.matmul ins(%a, %b : memref<4x8xf32>, memref<8x2xf32>) outs(%c : memref<4x2xf32>)
  return
}
func.func @pool(%x: memref<2x3x4xf32>, %y: memref<2x3xf32>) {
  %lowest = arith.constant 0xFF800000 : f32
  linalg.fill ins(%lowest : f32) outs(%y : memref<2x3xf32>)
  linalg.reduce ins(%x : memref<2x3x4xf32>) outs(%y : memref<2x3xf32>) dimensions = [2]
    (%in: f32, %acc: f32) {
      %m = arith.maximumf %in, %acc : f32
      linalg.yield %m : f32
    }
  return
}
// A sum to a scalar has no parallel dim: one thread's loop, the sum in a
// register.
func.func @total(%x: memref<8xf32>, %s: memref<f32>) {
  linalg.reduce ins(%x : memref<8xf32>) outs(%s : memref<f32>) dimensions = [0]
    (%in: f32, %acc: f32) {
      %a = arith.addf %in, %acc : f32
      linalg.yield %a : f32
    }
  return
}
func.func private @kernel_contraction0(%a: memref<4x8xf32>, %b: memref<8x2xf32>,
                                       %c: memref<4x2xf32>) attributes {dlc.launch = 0 : i64} {
  linalg.matmul ins(%a, %b : memref<4x8xf32>, memref<8x2xf32>) outs(%c : memref<4x2xf32>)
  return
}
