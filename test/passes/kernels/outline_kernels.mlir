// RUN: dlc-opt --split-input-file --dlc-outline-kernels %s | FileCheck %s

// Each kernel becomes a private function marked dlc.kernel, called in place.
// CHECK: func.func private @relu_0(%arg0: tensor<4xf32> {bufferization.writable = false}) -> tensor<4xf32> attributes {dlc.kernel}
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
