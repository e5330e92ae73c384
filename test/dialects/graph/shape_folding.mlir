// RUN: dlc-opt --split-input-file --canonicalize %s | FileCheck %s

// A reshape, flatten, transpose or expand that changes nothing is its input.
// CHECK-LABEL: func.func @no_op
// CHECK-NOT: dlc.
// CHECK: return %arg0, %arg0, %arg0, %arg0
func.func @no_op(%x: tensor<2x12xf32>)
    -> (tensor<2x12xf32>, tensor<2x12xf32>, tensor<2x12xf32>, tensor<2x12xf32>) {
  %0 = dlc.reshape %x {shape = array<i64: 0, -1>} : tensor<2x12xf32> -> tensor<2x12xf32>
  %1 = dlc.flatten %x : tensor<2x12xf32> -> tensor<2x12xf32>
  %2 = dlc.transpose %x {perm = array<i64: 0, 1>} : tensor<2x12xf32> -> tensor<2x12xf32>
  %3 = dlc.expand %x {shape = array<i64: 1, 12>} : tensor<2x12xf32> -> tensor<2x12xf32>
  return %0, %1, %2, %3 : tensor<2x12xf32>, tensor<2x12xf32>, tensor<2x12xf32>, tensor<2x12xf32>
}

// -----

// Only the last of a chain of reshapes and flattens matters; the result
// spells its shape out.
// CHECK-LABEL: func.func @reshape_chain
// CHECK-NEXT: %[[R:.*]] = dlc.reshape %arg0 {shape = array<i64: 4, 6>} : tensor<2x3x4xf32> -> tensor<4x6xf32>
// CHECK-NEXT: %[[F:.*]] = dlc.reshape %arg0 {shape = array<i64: 1, 24>} : tensor<2x3x4xf32> -> tensor<1x24xf32>
// CHECK-NEXT: return %[[R]], %[[F]]
func.func @reshape_chain(%x: tensor<2x3x4xf32>) -> (tensor<4x6xf32>, tensor<1x24xf32>) {
  %0 = dlc.flatten %x {axis = 2 : i64} : tensor<2x3x4xf32> -> tensor<6x4xf32>
  %1 = dlc.reshape %0 {shape = array<i64: 4, -1>} : tensor<6x4xf32> -> tensor<4x6xf32>
  %2 = dlc.reshape %x {shape = array<i64: 24>} : tensor<2x3x4xf32> -> tensor<24xf32>
  %3 = dlc.flatten %2 {axis = 0 : i64} : tensor<24xf32> -> tensor<1x24xf32>
  return %1, %3 : tensor<4x6xf32>, tensor<1x24xf32>
}

// -----

// A composed reshape with a zero dim keeps it literal (allowzero = 1).
// CHECK-LABEL: func.func @reshape_chain_empty
// CHECK: dlc.reshape %arg0 {allowzero = 1 : i64, shape = array<i64: 3, 0>} : tensor<0x3x4xf32> -> tensor<3x0xf32>
func.func @reshape_chain_empty(%x: tensor<0x3x4xf32>) -> tensor<3x0xf32> {
  %0 = dlc.reshape %x {shape = array<i64: 3, 4, 0>, allowzero = 1} : tensor<0x3x4xf32> -> tensor<3x4x0xf32>
  %1 = dlc.reshape %0 {shape = array<i64: 3, 0>, allowzero = 1} : tensor<3x4x0xf32> -> tensor<3x0xf32>
  return %1 : tensor<3x0xf32>
}

// -----

// Reshaping a literal gives a literal of the new shape.
// CHECK-LABEL: func.func @reshape_constant
// CHECK-NEXT: %[[C:.*]] = dlc.constant dense<{{\[}}[1, 2], [3, 4]]> : tensor<2x2xi64>
// CHECK-NEXT: %[[F:.*]] = dlc.constant dense<{{\[}}[1, 2, 3, 4]]> : tensor<1x4xi64>
// CHECK-NEXT: return %[[C]], %[[F]]
func.func @reshape_constant() -> (tensor<2x2xi64>, tensor<1x4xi64>) {
  %c = dlc.constant dense<[1, 2, 3, 4]> : tensor<4xi64>
  %0 = dlc.reshape %c {shape = array<i64: 2, 2>} : tensor<4xi64> -> tensor<2x2xi64>
  %1 = dlc.flatten %c {axis = 0 : i64} : tensor<4xi64> -> tensor<1x4xi64>
  return %0, %1 : tensor<2x2xi64>, tensor<1x4xi64>
}

// -----

// Weights stay named: a reshaped param is not folded into a literal.
// CHECK-LABEL: func.func @reshape_param
// CHECK: dlc.param "w"
// CHECK: dlc.reshape
func.func @reshape_param() -> tensor<2x2xf32> {
  %w = dlc.param "w" {value = dense<1.0> : tensor<4xf32>} : tensor<4xf32>
  %0 = dlc.reshape %w {shape = array<i64: 2, 2>} : tensor<4xf32> -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

// Two transposes are one; when they undo each other, none.
// CHECK-LABEL: func.func @transpose_chain
// CHECK-NEXT: %[[T:.*]] = dlc.transpose %arg0 {perm = array<i64: 1, 0, 2>} : tensor<2x3x4xf32> -> tensor<3x2x4xf32>
// CHECK-NEXT: return %[[T]], %arg0
func.func @transpose_chain(%x: tensor<2x3x4xf32>) -> (tensor<3x2x4xf32>, tensor<2x3x4xf32>) {
  %0 = dlc.transpose %x {perm = array<i64: 2, 0, 1>} : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
  %1 = dlc.transpose %0 {perm = array<i64: 2, 1, 0>} : tensor<4x2x3xf32> -> tensor<3x2x4xf32>
  %2 = dlc.transpose %0 {perm = array<i64: 1, 2, 0>} : tensor<4x2x3xf32> -> tensor<2x3x4xf32>
  return %1, %2 : tensor<3x2x4xf32>, tensor<2x3x4xf32>
}

// -----

// A transposed literal is a literal: exporters compute pads lists this way.
// A splat stays one value; what is computed (too large to fold, here)
// stays a transpose.
// CHECK-LABEL: func.func @transpose_literal
// CHECK-DAG: dlc.constant dense<{{\[}}[0, 2, 4], [1, 3, 5]]> : tensor<2x3xi64>
// CHECK-DAG: dlc.constant dense<7> : tensor<3x2xi64>
// CHECK-DAG: dlc.transpose %{{.*}} : tensor<2x4097xi64> -> tensor<4097x2xi64>
func.func @transpose_literal() -> (tensor<2x3xi64>, tensor<3x2xi64>, tensor<4097x2xi64>) {
  %c = dlc.constant dense<[[0, 1], [2, 3], [4, 5]]> : tensor<3x2xi64>
  %0 = dlc.transpose %c {perm = array<i64: 1, 0>} : tensor<3x2xi64> -> tensor<2x3xi64>
  %s = dlc.constant dense<7> : tensor<2x3xi64>
  %1 = dlc.transpose %s {perm = array<i64: 1, 0>} : tensor<2x3xi64> -> tensor<3x2xi64>
  %big = dlc.constant dense<1> : tensor<2x4097xi64>
  %b = dlc.add %big, %big : (tensor<2x4097xi64>, tensor<2x4097xi64>) -> tensor<2x4097xi64>
  %2 = dlc.transpose %b {perm = array<i64: 1, 0>} : tensor<2x4097xi64> -> tensor<4097x2xi64>
  return %0, %1, %2 : tensor<2x3xi64>, tensor<3x2xi64>, tensor<4097x2xi64>
}

// -----

// The default perm reverses the dims, so two defaults cancel.
// CHECK-LABEL: func.func @transpose_default_twice
// CHECK-NEXT: return %arg0
func.func @transpose_default_twice(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = dlc.transpose %x : tensor<2x3x4xf32> -> tensor<4x3x2xf32>
  %1 = dlc.transpose %0 : tensor<4x3x2xf32> -> tensor<2x3x4xf32>
  return %1 : tensor<2x3x4xf32>
}
