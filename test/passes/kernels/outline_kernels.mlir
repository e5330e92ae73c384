// RUN: dlc-opt --split-input-file --dlc-outline-kernels %s | FileCheck %s

// Each kernel becomes a private function marked dlc.kernel, called in place.
// CHECK: func.func private @relu_0(%arg0: tensor<4xf32> {bufferization.writable = false}) -> tensor<4xf32> attributes {dlc.kernel, no_inline}
// CHECK:   dlc.relu
// CHECK:   return
// CHECK-LABEL: func.func @run
// CHECK: %[[R:.*]] = call @relu_0(%arg0) : (tensor<4xf32>) -> tensor<4xf32>
// CHECK: return %[[R]]
func.func @run(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = dlck.kernel @relu_0(%x) : (tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>):
    %1 = dlc.relu %a : tensor<4xf32>
    dlck.yield %1 : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}

// -----

// A kernel that canonicalization left yielding its own input computes
// nothing: it disappears and its users read the input.
// CHECK-LABEL: func.func @forwarded
// CHECK-NOT:   call
// CHECK:       return %arg0
func.func @forwarded(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = dlck.kernel @mul_0(%x) : (tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>):
    dlck.yield %a : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}

// -----

// One result forwarded, one computed: the forwarded one is copied, so the
// kernel function never returns its own argument.
// CHECK-LABEL: func.func private @pool_0(
// CHECK:         %[[E:.*]] = tensor.empty() : tensor<4xf32>
// CHECK:         %[[C:.*]] = linalg.copy ins(%arg0 : tensor<4xf32>) outs(%[[E]] : tensor<4xf32>)
// CHECK:         return %{{.*}}, %[[C]]
func.func @partly(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %0:2 = dlck.kernel @pool_0(%x) : (tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  ^bb0(%a: tensor<4xf32>):
    %1 = dlc.relu %a : tensor<4xf32>
    dlck.yield %1, %a : tensor<4xf32>, tensor<4xf32>
  }
  return %0#0, %0#1 : tensor<4xf32>, tensor<4xf32>
}
