// RUN: dlc-opt --split-input-file %s | dlc-opt | FileCheck %s

// Binary ops broadcast NumPy-style and round-trip.
// CHECK-LABEL: func.func @binary
// CHECK: dlc.add %arg0, %arg1 : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// CHECK: dlc.sub
// CHECK: dlc.mul
// CHECK: dlc.div %{{.*}}, %{{.*}} : (tensor<2x3xui8>, tensor<1xui8>) -> tensor<2x3xui8>
func.func @binary(%a: tensor<2x3xf32>, %b: tensor<3xf32>, %c: tensor<2x3xui8>, %d: tensor<1xui8>) -> tensor<2x3xui8> {
  %0 = dlc.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = dlc.sub %0, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %2 = dlc.mul %1, %a : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %3 = dlc.div %c, %d : (tensor<2x3xui8>, tensor<1xui8>) -> tensor<2x3xui8>
  return %3 : tensor<2x3xui8>
}

// -----

// CHECK-LABEL: func.func @unary
// CHECK: dlc.relu %arg0 : tensor<4xf32>
// CHECK: dlc.sigmoid
// CHECK: dlc.tanh
// CHECK: dlc.exp
func.func @unary(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = dlc.relu %a : tensor<4xf32>
  %1 = dlc.sigmoid %0 : tensor<4xf32>
  %2 = dlc.tanh %1 : tensor<4xf32>
  %3 = dlc.exp %2 : tensor<4xf32>
  return %3 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @more_unary
// CHECK: dlc.log
// CHECK: dlc.sqrt
// CHECK: dlc.reciprocal
// CHECK: dlc.erf
// CHECK: dlc.floor
// CHECK: dlc.ceil
// CHECK: dlc.neg
// CHECK: dlc.abs
// CHECK: dlc.leaky_relu %{{.*}} {alpha = 1.000000e-01 : f32} : tensor<4xf32>
func.func @more_unary(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = dlc.log %a : tensor<4xf32>
  %1 = dlc.sqrt %0 : tensor<4xf32>
  %2 = dlc.reciprocal %1 : tensor<4xf32>
  %3 = dlc.erf %2 : tensor<4xf32>
  %4 = dlc.floor %3 : tensor<4xf32>
  %5 = dlc.ceil %4 : tensor<4xf32>
  %6 = dlc.neg %5 : tensor<4xf32>
  %7 = dlc.abs %6 : tensor<4xf32>
  %8 = dlc.leaky_relu %7 {alpha = 0.1 : f32} : tensor<4xf32>
  return %8 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @more_binary
// CHECK: dlc.pow
// CHECK: dlc.max
// CHECK: dlc.min
func.func @more_binary(%a: tensor<2x4xf32>, %b: tensor<4xf32>) -> tensor<2x4xf32> {
  %0 = dlc.pow %a, %b : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %1 = dlc.max %0, %b : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %2 = dlc.min %1, %a : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  return %2 : tensor<2x4xf32>
}

// -----

// Comparisons broadcast and give i1, whatever the operands' element type.
// CHECK-LABEL: func.func @compare
// CHECK: dlc.equal %arg0, %arg1 : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
// CHECK: dlc.greater %arg0, %arg1 : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
// CHECK: dlc.less %arg2, %arg3 : (tensor<4xui8>, tensor<ui8>) -> tensor<4xi1>
// CHECK: dlc.greater_or_equal %arg2, %arg3 : (tensor<4xui8>, tensor<ui8>) -> tensor<4xi1>
// CHECK: dlc.less_or_equal %arg0, %arg0 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xi1>
// CHECK: dlc.equal %{{.*}}, %{{.*}} : (tensor<2x3xi1>, tensor<2x3xi1>) -> tensor<2x3xi1>
func.func @compare(%a: tensor<2x3xf32>, %b: tensor<3xf32>, %c: tensor<4xui8>, %d: tensor<ui8>)
    -> (tensor<2x3xi1>, tensor<4xi1>, tensor<4xi1>) {
  %0 = dlc.equal %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %1 = dlc.greater %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %2 = dlc.less %c, %d : (tensor<4xui8>, tensor<ui8>) -> tensor<4xi1>
  %3 = dlc.greater_or_equal %c, %d : (tensor<4xui8>, tensor<ui8>) -> tensor<4xi1>
  %4 = dlc.less_or_equal %a, %a : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xi1>
  %5 = dlc.equal %0, %4 : (tensor<2x3xi1>, tensor<2x3xi1>) -> tensor<2x3xi1>
  return %5, %2, %3 : tensor<2x3xi1>, tensor<4xi1>, tensor<4xi1>
}

// -----

// Where broadcasts all three operands.
// CHECK-LABEL: func.func @where
// CHECK: dlc.where %arg0, %arg1, %arg2 : (tensor<2x1xi1>, tensor<3xf32>, tensor<f32>) -> tensor<2x3xf32>
func.func @where(%c: tensor<2x1xi1>, %x: tensor<3xf32>, %y: tensor<f32>) -> tensor<2x3xf32> {
  %0 = dlc.where %c, %x, %y : (tensor<2x1xi1>, tensor<3xf32>, tensor<f32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Cast converts to any dlc element type, bools and unsigned ones included.
// CHECK-LABEL: func.func @cast
// CHECK: dlc.cast %arg0 {to = i32} : tensor<2x3xf32> -> tensor<2x3xi32>
// CHECK: dlc.cast %arg0 {to = bf16} : tensor<2x3xf32> -> tensor<2x3xbf16>
// CHECK: dlc.cast %{{.*}} {to = ui8} : tensor<2x3xi32> -> tensor<2x3xui8>
// CHECK: dlc.cast %{{.*}} {to = i1} : tensor<2x3xui8> -> tensor<2x3xi1>
func.func @cast(%x: tensor<2x3xf32>) -> (tensor<2x3xbf16>, tensor<2x3xi1>) {
  %0 = dlc.cast %x {to = i32} : tensor<2x3xf32> -> tensor<2x3xi32>
  %1 = dlc.cast %x {to = bf16} : tensor<2x3xf32> -> tensor<2x3xbf16>
  %2 = dlc.cast %0 {to = ui8} : tensor<2x3xi32> -> tensor<2x3xui8>
  %3 = dlc.cast %2 {to = i1} : tensor<2x3xui8> -> tensor<2x3xi1>
  return %1, %3 : tensor<2x3xbf16>, tensor<2x3xi1>
}

// -----

// Clip's bounds are each optional.
// CHECK-LABEL: func.func @clip
// CHECK: dlc.clip %arg0 min %arg1 max %arg2 : (tensor<2x3xf32>, tensor<f32>, tensor<1xf32>) -> tensor<2x3xf32>
// CHECK: dlc.clip %{{.*}} max %arg1 : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
// CHECK: dlc.clip %{{.*}} : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @clip(%x: tensor<2x3xf32>, %lo: tensor<f32>, %hi: tensor<1xf32>) -> tensor<2x3xf32> {
  %0 = dlc.clip %x min %lo max %hi : (tensor<2x3xf32>, tensor<f32>, tensor<1xf32>) -> tensor<2x3xf32>
  %1 = dlc.clip %0 max %lo : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  %2 = dlc.clip %1 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %2 : tensor<2x3xf32>
}
