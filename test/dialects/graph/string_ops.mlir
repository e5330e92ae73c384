// RUN: dlc-opt %s | dlc-opt | FileCheck %s

// String tensors round-trip with their element type and the ops' attributes.
// CHECK-LABEL: func.func @strings
// CHECK: dlc.format %arg0 : tensor<3xui8> -> tensor<3x!dlc.string>
// CHECK: dlc.parse %{{.*}} {to = f16} : tensor<3x!dlc.string> -> tensor<3xf16>
// CHECK: dlc.string_normalizer %arg1 {case_change_action = "LOWER", stopwords = ["a", "b"]} : tensor<1x4x!dlc.string> -> tensor<1x2x!dlc.string>
func.func @strings(%x: tensor<3xui8>, %s: tensor<1x4x!dlc.string>) -> (tensor<3xf16>, tensor<1x2x!dlc.string>) {
  %0 = dlc.format %x : tensor<3xui8> -> tensor<3x!dlc.string>
  %1 = dlc.parse %0 {to = f16} : tensor<3x!dlc.string> -> tensor<3xf16>
  %2 = dlc.string_normalizer %s {case_change_action = "LOWER", stopwords = ["a", "b"]} : tensor<1x4x!dlc.string> -> tensor<1x2x!dlc.string>
  return %1, %2 : tensor<3xf16>, tensor<1x2x!dlc.string>
}

// Ops that only move elements take strings.
// CHECK-LABEL: func.func @moves
// CHECK: dlc.transpose %arg0 {perm = array<i64: 1, 0>} : tensor<2x3x!dlc.string> -> tensor<3x2x!dlc.string>
// CHECK: dlc.reshape
// CHECK: dlc.concat
func.func @moves(%s: tensor<2x3x!dlc.string>) -> tensor<12x!dlc.string> {
  %0 = dlc.transpose %s {perm = array<i64: 1, 0>} : tensor<2x3x!dlc.string> -> tensor<3x2x!dlc.string>
  %1 = dlc.reshape %0 {shape = array<i64: 6>} : tensor<3x2x!dlc.string> -> tensor<6x!dlc.string>
  %2 = dlc.concat %1, %1 {axis = 0 : i64} : (tensor<6x!dlc.string>, tensor<6x!dlc.string>) -> tensor<12x!dlc.string>
  return %2 : tensor<12x!dlc.string>
}
