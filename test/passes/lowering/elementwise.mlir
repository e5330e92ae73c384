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

// -----

// Comparisons write i1: floats compare ordered (NaN gives false), unsigned
// integers unsigned, whatever the result type.
// CHECK-LABEL: func.func @compare
// CHECK: %[[E0:.*]] = tensor.empty() : tensor<2x3xi1>
// CHECK: linalg.generic
// CHECK-SAME: ins(%arg0, %arg1 : tensor<2x3xf32>, tensor<3xf32>) outs(%[[E0]] : tensor<2x3xi1>)
// CHECK: ^bb0(%{{.*}}: f32, %{{.*}}: f32, %{{.*}}: i1):
// CHECK: arith.cmpf ogt
// CHECK: arith.cmpf oeq
// CHECK: ^bb0(%{{.*}}: i8, %{{.*}}: i8, %{{.*}}: i1):
// CHECK: arith.cmpi ule
// CHECK: arith.cmpi slt
func.func @compare(%a: tensor<2x3xf32>, %b: tensor<3xf32>, %c: tensor<4xui8>, %d: tensor<ui8>, %i: tensor<4xi32>)
    -> (tensor<2x3xi1>, tensor<2x3xi1>, tensor<4xi1>, tensor<4xi1>) {
  %0 = dlc.greater %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %1 = dlc.equal %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %2 = dlc.less_or_equal %c, %d : (tensor<4xui8>, tensor<ui8>) -> tensor<4xi1>
  %3 = dlc.less %i, %i : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
  return %0, %1, %2, %3 : tensor<2x3xi1>, tensor<2x3xi1>, tensor<4xi1>, tensor<4xi1>
}

// -----

// Where selects; its three operands broadcast like any elementwise operand.
// CHECK-DAG: #[[COND:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[SCALAR:.*]] = affine_map<(d0, d1) -> ()>
// CHECK-LABEL: func.func @where
// CHECK: linalg.generic {indexing_maps = [#[[COND]], #[[ROW]], #[[SCALAR]], #{{.*}}]
// CHECK: arith.select %{{.*}}, %{{.*}}, %{{.*}} : f32
func.func @where(%c: tensor<2x1xi1>, %x: tensor<3xf32>, %y: tensor<f32>) -> tensor<2x3xf32> {
  %0 = dlc.where %c, %x, %y : (tensor<2x1xi1>, tensor<3xf32>, tensor<f32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Cast: floats truncate toward zero into integers; any non-zero float
// (NaN too) is true; unsigned sources convert and extend unsigned; f16 and
// bf16 convert through f32.
// CHECK-LABEL: func.func @cast
// CHECK: arith.fptosi %{{.*}} : f32 to i32
// CHECK: arith.fptoui %{{.*}} : f32 to i8
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: arith.cmpf une, %{{.*}}, %[[ZERO]] : f32
// CHECK: arith.uitofp %{{.*}} : i8 to f64
// CHECK: arith.extui %{{.*}} : i8 to i64
// CHECK: arith.trunci %{{.*}} : i32 to i8
// CHECK: arith.extui %{{.*}} : i1 to i32
// CHECK: arith.extf %{{.*}} : f16 to f32
// CHECK: arith.truncf %{{.*}} : f32 to bf16
func.func @cast(%x: tensor<4xf32>, %u: tensor<4xui8>, %i: tensor<4xi32>, %b: tensor<4xi1>, %h: tensor<4xf16>)
    -> (tensor<4xi32>, tensor<4xui8>, tensor<4xi1>, tensor<4xf64>, tensor<4xi64>, tensor<4xi8>, tensor<4xi32>, tensor<4xbf16>) {
  %0 = dlc.cast %x {to = i32} : tensor<4xf32> -> tensor<4xi32>
  %1 = dlc.cast %x {to = ui8} : tensor<4xf32> -> tensor<4xui8>
  %2 = dlc.cast %x {to = i1} : tensor<4xf32> -> tensor<4xi1>
  %3 = dlc.cast %u {to = f64} : tensor<4xui8> -> tensor<4xf64>
  %4 = dlc.cast %u {to = i64} : tensor<4xui8> -> tensor<4xi64>
  %5 = dlc.cast %i {to = i8} : tensor<4xi32> -> tensor<4xi8>
  %6 = dlc.cast %b {to = i32} : tensor<4xi1> -> tensor<4xi32>
  %7 = dlc.cast %h {to = bf16} : tensor<4xf16> -> tensor<4xbf16>
  return %0, %1, %2, %3, %4, %5, %6, %7 : tensor<4xi32>, tensor<4xui8>, tensor<4xi1>, tensor<4xf64>, tensor<4xi64>, tensor<4xi8>, tensor<4xi32>, tensor<4xbf16>
}
