// RUN: dlc-opt --split-input-file --dlc-form-kernels %s | FileCheck %s
// RUN: dlc-opt --split-input-file --dlc-form-kernels=fuse-elementwise=false %s | FileCheck %s --check-prefix=NOFUSE

// An elementwise chain joins its producer: one kernel, one result.
// CHECK-LABEL: func.func @chain
// CHECK: %[[K:.*]] = dlck.kernel @add_0(%arg0, %arg1)
// CHECK:   dlc.add
// CHECK:   dlc.relu
// CHECK:   dlck.yield
// CHECK-NOT: dlck.kernel
// CHECK: return %[[K]]
func.func @chain(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  %0 = dlc.add %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = dlc.relu %0 : tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

// A value with two users ends its kernel; each user starts another.
// CHECK-LABEL: func.func @fanout
// CHECK: dlck.kernel @exp_0
// CHECK: dlck.kernel @relu_1
// CHECK: dlck.kernel @tanh_2
func.func @fanout(%a: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %0 = dlc.exp %a : tensor<4xf32>
  %1 = dlc.relu %0 : tensor<4xf32>
  %2 = dlc.tanh %0 : tensor<4xf32>
  return %1, %2 : tensor<4xf32>, tensor<4xf32>
}

// -----

// Small constants are copied into the kernel; weights stay outside.
// CHECK-LABEL: func.func @operands
// CHECK: %[[W:.*]] = dlc.param "w"
// CHECK-NOT: dlc.constant
// CHECK: dlck.kernel @mul_0(%arg0, %[[W]])
// CHECK: dlc.constant
func.func @operands(%a: tensor<4xf32>) -> tensor<4xf32> {
  %w = dlc.param "w" {value = dense<2.0> : tensor<4xf32>} : tensor<4xf32>
  %c = dlc.constant dense<1.0> : tensor<4xf32>
  %0 = dlc.mul %a, %w : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = dlc.add %0, %c : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

// fuse-elementwise=false gives one kernel per op.
// NOFUSE-LABEL: func.func @unfused
// NOFUSE: dlck.kernel @add_{{[0-9]+}}
// NOFUSE: dlck.kernel @relu_{{[0-9]+}}
func.func @unfused(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  %0 = dlc.add %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = dlc.relu %0 : tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

// An elementwise chain computing a reduction's input joins the reduction's
// kernel as its prologue, and the reduction's elementwise consumers follow
// as its epilogue: a sum of squares and its root are one kernel. A
// reduction after a non-elementwise op (the second sum) starts its own.
// CHECK-LABEL: func.func @prologue
// CHECK: %[[K:.*]] = dlck.kernel @sub_0(%arg0, %arg1)
// CHECK-NEXT: ^bb0
// CHECK-NEXT: dlc.sub
// CHECK-NEXT: dlc.mul
// CHECK-NEXT: dlc.reduce_sum
// CHECK-NEXT: dlc.sqrt
// CHECK-NEXT: dlck.yield
// CHECK: dlck.kernel @reduce_sum_{{[0-9]+}}(%[[K]])
// CHECK-NEXT: ^bb0
// CHECK-NEXT: dlc.reduce_sum
// CHECK-NEXT: dlck.yield
// NOFUSE-LABEL: func.func @prologue
// NOFUSE-COUNT-5: dlck.kernel
func.func @prologue(%a: tensor<2x4xf32>, %b: tensor<2x4xf32>) -> tensor<f32> {
  %0 = dlc.sub %a, %b : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %1 = dlc.mul %0, %0 : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %2 = dlc.reduce_sum %1 {axes = array<i64: 1>, keepdims = false} : tensor<2x4xf32> -> tensor<2xf32>
  %3 = dlc.sqrt %2 : tensor<2xf32>
  %4 = dlc.reduce_sum %3 {axes = array<i64: 0>, keepdims = false} : tensor<2xf32> -> tensor<f32>
  return %4 : tensor<f32>
}
