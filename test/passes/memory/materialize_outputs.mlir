// RUN: dlc-opt --split-input-file --dlc-materialize-outputs %s | FileCheck %s

// An input returned as an output, and a value returned twice, get copies.
// CHECK-LABEL: func.func @run
// CHECK: %[[E:.*]] = tensor.empty() : tensor<4xf32>
// CHECK: %[[C:.*]] = linalg.copy ins(%arg0 : tensor<4xf32>) outs(%[[E]]
// CHECK: %[[E2:.*]] = tensor.empty() : tensor<4xf32>
// CHECK: %[[C2:.*]] = linalg.copy ins(%arg0 : tensor<4xf32>) outs(%[[E2]]
// CHECK: return %[[C]], %[[C2]]
func.func @run(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) attributes {dlc.entry = "run"} {
  return %x, %x : tensor<4xf32>, tensor<4xf32>
}

// -----

// Functions that are not the entry are left alone.
// CHECK-LABEL: func.func private @kernel
// CHECK-NEXT: return %arg0
func.func private @kernel(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
