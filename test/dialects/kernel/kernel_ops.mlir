// RUN: dlc-opt --split-input-file %s | dlc-opt | FileCheck %s

// CHECK-LABEL: func.func @kernel
// CHECK: dlck.kernel @relu_0(%arg0) : (tensor<4xf32>) -> tensor<4xf32> {
// CHECK: ^bb0(%[[A:.*]]: tensor<4xf32>):
// CHECK:   dlck.yield
func.func @kernel(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = dlck.kernel @relu_0(%x) : (tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>):
    %1 = dlc.relu %a : tensor<4xf32>
    dlck.yield %1 : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}
