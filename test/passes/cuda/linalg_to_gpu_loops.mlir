// RUN: dlc-opt --dlc-linalg-to-gpu-loops %s | FileCheck %s

// A kernel's linalg ops become a parallel nest (a reduction an scf.for
// inside); a launch that keeps its linalg ops for a tiled kernel keeps them.
// CHECK-LABEL: func.func @kernel
// CHECK-NOT: linalg.
// CHECK: scf.parallel
// CHECK: scf.for
// CHECK: arith.mulf
// CHECK-LABEL: func.func private @kernel_contraction0
// CHECK-NEXT: linalg.matmul
func.func @kernel(%a: memref<4x8xf32>, %b: memref<8x2xf32>, %c: memref<4x2xf32>) {
  linalg.matmul ins(%a, %b : memref<4x8xf32>, memref<8x2xf32>) outs(%c : memref<4x2xf32>)
  return
}
func.func private @kernel_contraction0(%a: memref<4x8xf32>, %b: memref<8x2xf32>,
                                       %c: memref<4x2xf32>) attributes {dlc.launch = 0 : i64} {
  linalg.matmul ins(%a, %b : memref<4x8xf32>, memref<8x2xf32>) outs(%c : memref<4x2xf32>)
  return
}
