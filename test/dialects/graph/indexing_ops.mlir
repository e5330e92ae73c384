// RUN: dlc-opt --split-input-file %s | dlc-opt | FileCheck %s
// RUN: dlc-opt --split-input-file --canonicalize %s | FileCheck %s --check-prefix=FOLD

// CHECK-LABEL: func.func @concat
// CHECK: dlc.concat %arg0, %arg1 {axis = -1 : i64} : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x4xf32>
func.func @concat(%a: tensor<2x3xf32>, %b: tensor<2x1xf32>) -> tensor<2x4xf32> {
  %0 = dlc.concat %a, %b {axis = -1 : i64} : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func.func @slice_and_gathers
// CHECK: dlc.slice %arg0 {sizes = array<i64: 2, 3>, starts = array<i64: 0, 4>, steps = array<i64: 1, -1>} : tensor<2x5xf32> -> tensor<2x3xf32>
// CHECK: dlc.gather %arg0, %arg1 {axis = 1 : i64} : (tensor<2x5xf32>, tensor<3xi32>) -> tensor<2x3xf32>
// CHECK: dlc.gather_elements %arg0, %arg2 {axis = 1 : i64} : (tensor<2x5xf32>, tensor<2x1xi64>) -> tensor<2x1xf32>
func.func @slice_and_gathers(%x: tensor<2x5xf32>, %i: tensor<3xi32>, %t: tensor<2x1xi64>)
    -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x1xf32>) {
  %0 = dlc.slice %x {sizes = array<i64: 2, 3>, starts = array<i64: 0, 4>, steps = array<i64: 1, -1>} : tensor<2x5xf32> -> tensor<2x3xf32>
  %1 = dlc.gather %x, %i {axis = 1 : i64} : (tensor<2x5xf32>, tensor<3xi32>) -> tensor<2x3xf32>
  %2 = dlc.gather_elements %x, %t {axis = 1 : i64} : (tensor<2x5xf32>, tensor<2x1xi64>) -> tensor<2x1xf32>
  return %0, %1, %2 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x1xf32>
}

// -----

// Shape arithmetic on literals folds: the exporters' Shape -> Gather ->
// Unsqueeze -> Concat chain becomes the shape itself.
// FOLD-LABEL: func.func @shape_chain
// FOLD-NEXT:    %[[SHAPE:.*]] = dlc.constant dense<[4, -1]> : tensor<2xi64>
// FOLD-NEXT:    return %[[SHAPE]]
func.func @shape_chain() -> tensor<2xi64> {
  %shape = dlc.constant dense<[4, 3, 8, 8]> : tensor<4xi64>
  %zero = dlc.constant dense<0> : tensor<i64>
  %n = dlc.gather %shape, %zero {axis = 0 : i64} : (tensor<4xi64>, tensor<i64>) -> tensor<i64>
  %n1 = dlc.reshape %n {shape = array<i64: 1>} : tensor<i64> -> tensor<1xi64>
  %minus = dlc.constant dense<-1> : tensor<1xi64>
  %target = dlc.concat %n1, %minus {axis = 0 : i64} : (tensor<1xi64>, tensor<1xi64>) -> tensor<2xi64>
  return %target : tensor<2xi64>
}

// -----

// FOLD-LABEL: func.func @slice_literal
// FOLD-NEXT:    %[[S:.*]] = dlc.constant dense<{{\[}}[5, 4], [2, 1]]> : tensor<2x2xi64>
// FOLD-NEXT:    return %[[S]]
func.func @slice_literal() -> tensor<2x2xi64> {
  %x = dlc.constant dense<[[0, 1, 2], [3, 4, 5]]> : tensor<2x3xi64>
  %0 = dlc.slice %x {sizes = array<i64: 2, 2>, starts = array<i64: 1, 2>, steps = array<i64: -1, -1>} : tensor<2x3xi64> -> tensor<2x2xi64>
  return %0 : tensor<2x2xi64>
}

// -----

// Negative indices count from the end.
// FOLD-LABEL: func.func @gather_literal
// FOLD-NEXT:    %[[G:.*]] = dlc.constant dense<{{\[}}[2, 0], [5, 3]]> : tensor<2x2xi64>
func.func @gather_literal() -> tensor<2x2xi64> {
  %x = dlc.constant dense<[[0, 1, 2], [3, 4, 5]]> : tensor<2x3xi64>
  %i = dlc.constant dense<[-1, 0]> : tensor<2xi32>
  %0 = dlc.gather %x, %i {axis = 1 : i64} : (tensor<2x3xi64>, tensor<2xi32>) -> tensor<2x2xi64>
  return %0 : tensor<2x2xi64>
}

// -----

// CHECK-LABEL: func.func @scatters
// CHECK: dlc.gather_nd %arg0, %arg1 {batch_dims = 1 : i64} : (tensor<2x3x4xf32>, tensor<2x5x1xi64>) -> tensor<2x5x4xf32>
// CHECK: dlc.scatter_nd %arg0, %arg1, %{{.*}} {batch_dims = 1 : i64, reduction = "add"} : (tensor<2x3x4xf32>, tensor<2x5x1xi64>, tensor<2x5x4xf32>) -> tensor<2x3x4xf32>
// CHECK: dlc.scatter_elements %arg2, %arg3, %arg4 {axis = -1 : i64, reduction = "min"} : (tensor<3x4xf32>, tensor<3x2xi32>, tensor<3x2xf32>) -> tensor<3x4xf32>
func.func @scatters(%x: tensor<2x3x4xf32>, %i: tensor<2x5x1xi64>, %d: tensor<3x4xf32>,
                    %j: tensor<3x2xi32>, %u: tensor<3x2xf32>)
    -> (tensor<2x3x4xf32>, tensor<3x4xf32>) {
  %g = dlc.gather_nd %x, %i {batch_dims = 1 : i64} : (tensor<2x3x4xf32>, tensor<2x5x1xi64>) -> tensor<2x5x4xf32>
  %s = dlc.scatter_nd %x, %i, %g {batch_dims = 1 : i64, reduction = "add"} : (tensor<2x3x4xf32>, tensor<2x5x1xi64>, tensor<2x5x4xf32>) -> tensor<2x3x4xf32>
  %e = dlc.scatter_elements %d, %j, %u {axis = -1 : i64, reduction = "min"} : (tensor<3x4xf32>, tensor<3x2xi32>, tensor<3x2xf32>) -> tensor<3x4xf32>
  return %s, %e : tensor<2x3x4xf32>, tensor<3x4xf32>
}
