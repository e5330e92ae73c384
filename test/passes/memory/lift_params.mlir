// RUN: dlc-opt --split-input-file --dlc-lift-params %s | FileCheck %s

// Weights become read-only arguments after the inputs; a name used twice is
// one argument.
// CHECK-LABEL: func.func @run
// CHECK-SAME: (%arg0: tensor<4xf32> {bufferization.writable = false},
// CHECK-SAME: %arg1: tensor<4xf32> {bufferization.writable = false, dlc.param_name = "w", dlc.param_value = dense<2.000000e+00> : tensor<4xf32>})
// CHECK-SAME: attributes {dlc.entry = "run", dlc.num_inputs = 1 : i64, dlc.num_params = 1 : i64}
// CHECK-NOT: dlc.param
// CHECK: dlc.mul %arg0, %arg1
// CHECK: dlc.add %{{.*}}, %arg1
func.func @run(%x: tensor<4xf32>) -> tensor<4xf32> attributes {dlc.entry = "run"} {
  %w = dlc.param "w" {value = dense<2.0> : tensor<4xf32>} : tensor<4xf32>
  %0 = dlc.mul %x, %w : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %w2 = dlc.param "w" {value = dense<2.0> : tensor<4xf32>} : tensor<4xf32>
  %1 = dlc.add %0, %w2 : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %1 : tensor<4xf32>
}
