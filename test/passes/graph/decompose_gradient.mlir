// RUN: dlc-opt %s --split-input-file --dlc-decompose | FileCheck %s

// d = (a + b) * a: dd/da = (a + b) + a, dd/db = a, swept in reverse from a
// seed of ones; mul's gradients multiply the seed by the other operand.
// CHECK-LABEL: func.func @add_and_mul(
// CHECK-SAME:    %[[A:.*]]: tensor<f32>, %[[B:.*]]: tensor<f32>)
// CHECK:         %[[C:.*]] = dlc.add %[[A]], %[[B]]
// CHECK:         %[[D:.*]] = dlc.mul %[[C]], %[[A]]
// CHECK:         %[[ONE:.*]] = dlc.constant dense<1.000000e+00> : tensor<f32>
// CHECK-DAG:     %[[DC:.*]] = dlc.mul %[[ONE]], %[[A]]
// CHECK-DAG:     %[[DA1:.*]] = dlc.mul %[[ONE]], %[[C]]
// CHECK:         %[[DA:.*]] = dlc.add %[[DA1]], %[[DC]]
// CHECK:         return %[[D]], %[[DA]], %[[DC]]
func.func @add_and_mul(%a: tensor<f32>, %b: tensor<f32>) -> (tensor<f32>, tensor<f32>, tensor<f32>) {
  %c = dlc.add %a, %b : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %d = dlc.mul %c, %a : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %g:2 = dlc.gradient %d wrt %a, %b : (tensor<f32>, tensor<f32>, tensor<f32>) -> (tensor<f32>, tensor<f32>)
  return %d, %g#0, %g#1 : tensor<f32>, tensor<f32>, tensor<f32>
}

// -----

// A source the target does not depend on gets zeros; the target itself, its
// seed. A composite op on the path (clip) is decomposed first, so the sweep
// crosses max and min by their own gradients.
// CHECK-LABEL: func.func @unrelated_and_composite(
// CHECK-NOT:     dlc.clip
// CHECK:         %[[ZERO:.*]] = dlc.constant dense<0.000000e+00> : tensor<3xf32>
// CHECK:         return %{{.*}}, %[[ZERO]], %{{.*}}
func.func @unrelated_and_composite(%x: tensor<3xf32>, %y: tensor<3xf32>, %hi: tensor<f32>)
    -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) {
  %c = dlc.clip %x max %hi : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  %g:3 = dlc.gradient %c wrt %x, %y, %c : (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
  return %g#0, %g#1, %g#2 : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
}
