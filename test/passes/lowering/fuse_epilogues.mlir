// RUN: dlc-opt --split-input-file --dlc-lower-to-linalg --dlc-fuse-epilogues %s | FileCheck %s

// Add then relu inside one kernel fuse into a single generic.
// CHECK-LABEL: func.func @chain
// CHECK: dlck.kernel
// CHECK-COUNT-1: linalg.generic
// CHECK-NOT: linalg.generic
// CHECK: dlck.yield
func.func @chain(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %0 = dlck.kernel @add_0(%x, %y) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>, %b: tensor<4xf32>):
    %1 = dlc.add %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %2 = dlc.relu %1 : tensor<4xf32>
    dlck.yield %2 : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}

// -----

// The epilogue writes over its producer's result instead of a new tensor.
// CHECK-LABEL: func.func @in_place
// CHECK: %[[FILL:.*]] = linalg.fill
// CHECK: %[[MM:.*]] = linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<2x3xf32>, tensor<3x4xf32>) outs(%[[FILL]]
// CHECK: linalg.generic
// CHECK-SAME: outs(%[[MM]] : tensor<2x4xf32>)
func.func @in_place(%x: tensor<2x3xf32>, %w: tensor<3x4xf32>) -> tensor<2x4xf32> {
  %0 = dlck.kernel @mm_0(%x, %w) : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32> {
  ^bb0(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>):
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<2x4xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<2x4xf32>) -> tensor<2x4xf32>
    %m = linalg.matmul ins(%a, %b : tensor<2x3xf32>, tensor<3x4xf32>) outs(%f : tensor<2x4xf32>) -> tensor<2x4xf32>
    %r = dlc.relu %m : tensor<2x4xf32>
    dlck.yield %r : tensor<2x4xf32>
  }
  return %0 : tensor<2x4xf32>
}

// -----

// A reduction whose input an elementwise op of its kernel computes becomes
// a generic with that op merged into its loop: the squares are never
// stored. A reduction of a kernel input stays a linalg.reduce.
// CHECK-LABEL: func.func @prologue
// CHECK: dlck.kernel
// CHECK: %[[FILL:.*]] = linalg.fill
// CHECK: linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "reduction"]
// CHECK-SAME: ins(%{{.*}} : tensor<2x4xf32>) outs(%[[FILL]] : tensor<2xf32>)
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK-NOT: linalg.generic
// CHECK: dlck.yield
// CHECK: dlck.kernel
// CHECK: linalg.reduce
func.func @prologue(%x: tensor<2x4xf32>) -> (tensor<2xf32>, tensor<2xf32>) {
  %0 = dlck.kernel @mul_0(%x) : (tensor<2x4xf32>) -> tensor<2xf32> {
  ^bb0(%a: tensor<2x4xf32>):
    %1 = dlc.mul %a, %a : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
    %2 = dlc.reduce_sum %1 {axes = array<i64: 1>, keepdims = false} : tensor<2x4xf32> -> tensor<2xf32>
    dlck.yield %2 : tensor<2xf32>
  }
  %3 = dlck.kernel @reduce_sum_1(%x) : (tensor<2x4xf32>) -> tensor<2xf32> {
  ^bb0(%a: tensor<2x4xf32>):
    %4 = dlc.reduce_sum %a {axes = array<i64: 1>, keepdims = false} : tensor<2x4xf32> -> tensor<2xf32>
    dlck.yield %4 : tensor<2xf32>
  }
  return %0, %3 : tensor<2xf32>, tensor<2xf32>
}
