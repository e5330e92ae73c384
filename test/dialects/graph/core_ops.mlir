// RUN: dlc-opt --split-input-file %s | dlc-opt | FileCheck %s
// RUN: dlc-opt --split-input-file --canonicalize %s | FileCheck %s --check-prefix=FOLD

// Weights keep their name; constants and identity round-trip.
// CHECK-LABEL: func.func @core
// CHECK: dlc.param "fc.weight" {value = dense<1.000000e+00> : tensor<2x2xf32>} : tensor<2x2xf32>
// CHECK: dlc.constant dense<[1, -1]> : tensor<2xi64>
// CHECK: dlc.identity %{{.*}} : tensor<2x2xf32>
// Identity folds away; the weight stays a named param, never a literal.
// FOLD-LABEL: func.func @core
// FOLD-NOT: dlc.identity
// FOLD: dlc.param "fc.weight"
func.func @core(%x: tensor<2x2xf32>) -> (tensor<2x2xf32>, tensor<2xi64>) {
  %w = dlc.param "fc.weight" {value = dense<1.0> : tensor<2x2xf32>} : tensor<2x2xf32>
  %s = dlc.constant dense<[1, -1]> : tensor<2xi64>
  %i = dlc.identity %w : tensor<2x2xf32>
  return %i, %s : tensor<2x2xf32>, tensor<2xi64>
}

// -----

// CHECK-LABEL: func.func @gradient
// CHECK: dlc.gradient %{{.*}} wrt %arg0, %arg1 : (tensor<3xf32>, tensor<f32>, tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>)
func.func @gradient(%a: tensor<f32>, %b: tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>) {
  %s = dlc.mul %a, %b : (tensor<f32>, tensor<3xf32>) -> tensor<3xf32>
  %g:2 = dlc.gradient %s wrt %a, %b : (tensor<3xf32>, tensor<f32>, tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>)
  return %g#0, %g#1 : tensor<f32>, tensor<3xf32>
}
