// RUN: dlc-opt --split-input-file --dlc-lower-to-linalg %s | FileCheck %s

// A broadcasting add becomes one generic; the size-1 / missing dims of the
// smaller operand read index 0 / are dropped.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @add_bcast
// CHECK: %[[E:.*]] = tensor.empty() : tensor<2x3xf32>
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ID]]]
// CHECK-SAME: ins(%arg0, %arg1 : tensor<2x3xf32>, tensor<3xf32>) outs(%[[E]] : tensor<2x3xf32>)
// CHECK: arith.addf
func.func @add_bcast(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = dlc.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Unsigned tensors become signless and keep unsigned arithmetic.
// CHECK-LABEL: func.func @div_u8
// CHECK-SAME: (%arg0: tensor<4xi8>, %arg1: tensor<4xi8>) -> tensor<4xi8>
// CHECK: arith.divui
func.func @div_u8(%a: tensor<4xui8>, %b: tensor<4xui8>) -> tensor<4xui8> {
  %0 = dlc.div %a, %b : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

// Relu keeps NaN (maximumf); sigmoid is 1 / (1 + exp(-x)).
// CHECK-LABEL: func.func @unary
// CHECK: arith.maximumf
// CHECK: arith.negf
// CHECK: math.exp
// CHECK: arith.divf
func.func @unary(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = dlc.relu %a : tensor<4xf32>
  %1 = dlc.sigmoid %0 : tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

// Constants become arith constants; identity disappears.
// CHECK-LABEL: func.func @core
// CHECK: %[[C:.*]] = arith.constant dense<[1, 2]> : tensor<2xi64>
// CHECK-NOT: dlc.
// CHECK: return %[[C]]
func.func @core() -> tensor<2xi64> {
  %0 = dlc.constant dense<[1, 2]> : tensor<2xi64>
  %1 = dlc.identity %0 : tensor<2xi64>
  return %1 : tensor<2xi64>
}

// -----

// Leaky relu selects; integer neg subtracts from zero; unsigned max compares
// unsigned.
// CHECK-LABEL: func.func @more
// CHECK: arith.cmpf olt
// CHECK: arith.select
// CHECK: arith.subi
// CHECK: arith.maxui
func.func @more(%a: tensor<4xf32>, %b: tensor<4xi32>, %c: tensor<4xui8>) -> (tensor<4xf32>, tensor<4xi32>, tensor<4xui8>) {
  %0 = dlc.leaky_relu %a {alpha = 0.1 : f32} : tensor<4xf32>
  %1 = dlc.neg %b : tensor<4xi32>
  %2 = dlc.max %c, %c : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  return %0, %1, %2 : tensor<4xf32>, tensor<4xi32>, tensor<4xui8>
}
