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
