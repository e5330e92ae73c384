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

// Functions that are neither the entry nor a kernel are left alone.
// CHECK-LABEL: func.func private @kernel
// CHECK-NEXT: return %arg0
func.func private @kernel(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

// -----

// A kernel that folded to its argument is bypassed: the entry reads the
// operand (and copies it, being an output), and the kernel is erased.
// CHECK-LABEL: module
// CHECK-NOT:   func.func private @identity
// CHECK:       func.func @run
// CHECK:         %[[E:.*]] = tensor.empty() : tensor<4xf32>
// CHECK:         %[[C:.*]] = linalg.copy ins(%arg0 : tensor<4xf32>) outs(%[[E]]
// CHECK:         return %[[C]]
module {
  func.func private @identity(%x: tensor<4xf32>) -> tensor<4xf32> attributes {dlc.kernel} {
    return %x : tensor<4xf32>
  }
  func.func @run(%x: tensor<4xf32>) -> tensor<4xf32> attributes {dlc.entry = "run"} {
    %0 = call @identity(%x) : (tensor<4xf32>) -> tensor<4xf32>
    return %0 : tensor<4xf32>
  }
}

// -----

// A kernel with another live result keeps its call; the result that is an
// argument is forwarded at the call and copied in the kernel.
// CHECK-LABEL: func.func private @pair
// CHECK:         linalg.copy
// CHECK:         %[[E:.*]] = tensor.empty() : tensor<4xf32>
// CHECK-NEXT:    %[[C:.*]] = linalg.copy ins(%arg0 : tensor<4xf32>) outs(%[[E]]
// CHECK-NEXT:    return %[[C]], %{{.*}}
// CHECK-LABEL: func.func @run
// CHECK:         %[[R:.*]]:2 = call @pair(%arg0)
// CHECK:         %{{.*}} = linalg.copy ins(%arg0 : tensor<4xf32>)
module {
  func.func private @pair(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) attributes {dlc.kernel} {
    %e = tensor.empty() : tensor<4xf32>
    %y = linalg.copy ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) -> tensor<4xf32>
    return %x, %y : tensor<4xf32>, tensor<4xf32>
  }
  func.func @run(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) attributes {dlc.entry = "run"} {
    %0:2 = call @pair(%x) : (tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
    return %0#0, %0#1 : tensor<4xf32>, tensor<4xf32>
  }
}
