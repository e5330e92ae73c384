// RUN: dlc-opt --dlc-form-kernels=expose-results=true %s | FileCheck %s
// RUN: dlc-opt --dlc-form-kernels="expose-results=true fuse-elementwise=false" %s | FileCheck %s --check-prefix=NOFUSE

// Every kernel result of the run entry is also returned, named after the
// position of the op that produces it among the computing ops (the reshape
// is not one). Fused or not, the value both builds call dlc.kernel.3.0 is
// the relu's, so the two can be compared kernel by kernel.
// CHECK-LABEL: func.func @run(
// CHECK-SAME: -> (tensor<4xf32> {dlc.name = "y"}, tensor<4xf32> {dlc.name = "dlc.kernel.1.0"}, tensor<4xf32> {dlc.name = "dlc.kernel.3.0"})
// CHECK: %[[K0:.*]] = dlck.kernel @mul_0
// CHECK: %[[K1:.*]] = dlck.kernel @neg_1
// CHECK: return %[[K1]], %[[K0]], %[[K1]]
// NOFUSE-LABEL: func.func @run(
// NOFUSE-SAME: {dlc.name = "dlc.kernel.0.0"}, tensor<4xf32> {dlc.name = "dlc.kernel.1.0"}, tensor<4xf32> {dlc.name = "dlc.kernel.2.0"}, tensor<4xf32> {dlc.name = "dlc.kernel.3.0"})
func.func @run(%a: tensor<4xf32> {dlc.name = "a"}, %b: tensor<4xf32> {dlc.name = "b"})
    -> (tensor<4xf32> {dlc.name = "y"}) attributes {dlc.entry = "run"} {
  %0 = dlc.mul %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = dlc.add %0, %a : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %r = dlc.reshape %1 {shape = array<i64: 4>} : tensor<4xf32> -> tensor<4xf32>
  %2 = dlc.neg %r : tensor<4xf32>
  %3 = dlc.relu %2 : tensor<4xf32>
  return %3 : tensor<4xf32>
}

// Other functions keep their signature.
// CHECK-LABEL: func.func @helper(
// CHECK-SAME: -> tensor<4xf32>
func.func @helper(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = dlc.relu %a : tensor<4xf32>
  return %0 : tensor<4xf32>
}
