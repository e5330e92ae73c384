// RUN: dlc-opt --split-input-file --dlc-lower-to-linalg %s | FileCheck %s
// Everything emitted here also makes it through the CPU pipeline to LLVM.
// RUN: dlc-opt --split-input-file --dlc-cpu %s | FileCheck %s --check-prefix=CPU

// Float max starts from -inf, propagates NaN, and keepdims expands the
// reduced tensor back to rank 3.
// CHECK-LABEL: func.func @reduce_max_keepdims
// CPU: llvm.func internal @reduce_max_0(
// CHECK: %[[LOWEST:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[LOWEST]] : f32) outs(%{{.*}} : tensor<2x4xf32>)
// CHECK: %[[MAX:.*]] = linalg.reduce ins(%arg0 : tensor<2x3x4xf32>) outs(%[[INIT]] : tensor<2x4xf32>) dimensions = [1]
// CHECK: arith.maximumf
// CHECK: %[[KEPT:.*]] = tensor.expand_shape %[[MAX]] {{\[}}[0], [1, 2]] output_shape [2, 1, 4] : tensor<2x4xf32> into tensor<2x1x4xf32>
// CHECK: return %[[KEPT]]
func.func @reduce_max_keepdims(%x: tensor<2x3x4xf32>) -> tensor<2x1x4xf32> {
  %0 = dlc.reduce_max %x {axes = array<i64: -2>} : tensor<2x3x4xf32> -> tensor<2x1x4xf32>
  return %0 : tensor<2x1x4xf32>
}

// -----

// Unsigned max compares unsigned from 0, on the signless type.
// CHECK-LABEL: func.func @reduce_max_unsigned
// CPU: llvm.func internal @reduce_max_0(
// CHECK: %[[ZERO:.*]] = arith.constant 0 : i8
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : i8) outs(%{{.*}} : tensor<2xi8>)
// CHECK: %[[MAX:.*]] = linalg.reduce ins(%arg0 : tensor<2x3xi8>) outs(%[[INIT]] : tensor<2xi8>) dimensions = [1]
// CHECK: arith.maxui
// CHECK-NOT: tensor.expand_shape
// CHECK: return %[[MAX]]
func.func @reduce_max_unsigned(%x: tensor<2x3xui8>) -> tensor<2xui8> {
  %0 = dlc.reduce_max %x {axes = array<i64: 1>, keepdims = false} : tensor<2x3xui8> -> tensor<2xui8>
  return %0 : tensor<2xui8>
}

// -----

// Signed max starts from the smallest signed value.
// CHECK-LABEL: func.func @reduce_max_signed
// CPU: llvm.func internal @reduce_max_0(
// CHECK: arith.constant -128 : i8
// CHECK: linalg.reduce
// CHECK: arith.maxsi
func.func @reduce_max_signed(%x: tensor<2x3xi8>) -> tensor<3xi8> {
  %0 = dlc.reduce_max %x {axes = array<i64: 0>, keepdims = false} : tensor<2x3xi8> -> tensor<3xi8>
  return %0 : tensor<3xi8>
}

// -----

// Summing every axis with keepdims: a scalar, expanded to all-ones.
// CHECK-LABEL: func.func @reduce_sum_all_keepdims
// CPU: llvm.func internal @reduce_sum_0(
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<f32>)
// CHECK: %[[SUM:.*]] = linalg.reduce ins(%arg0 : tensor<2x3xf32>) outs(%[[INIT]] : tensor<f32>) dimensions = [0, 1]
// CHECK: arith.addf
// CHECK: tensor.expand_shape %[[SUM]] [] output_shape [1, 1] : tensor<f32> into tensor<1x1xf32>
func.func @reduce_sum_all_keepdims(%x: tensor<2x3xf32>) -> tensor<1x1xf32> {
  %0 = dlc.reduce_sum %x {axes = array<i64: 1, 0>} : tensor<2x3xf32> -> tensor<1x1xf32>
  return %0 : tensor<1x1xf32>
}

// -----

// Integer sums wrap around; the axes need not be adjacent.
// CHECK-LABEL: func.func @reduce_sum_int
// CPU: llvm.func internal @reduce_sum_0(
// CHECK: arith.constant 0 : i64
// CHECK: linalg.reduce ins(%arg0 : tensor<2x3x4xi64>) outs(%{{.*}} : tensor<3xi64>) dimensions = [0, 2]
// CHECK: arith.addi
func.func @reduce_sum_int(%x: tensor<2x3x4xi64>) -> tensor<3xi64> {
  %0 = dlc.reduce_sum %x {axes = array<i64: 0, 2>, keepdims = false} : tensor<2x3x4xi64> -> tensor<3xi64>
  return %0 : tensor<3xi64>
}

// -----

// Softmax: the max along the axis, exp(x - max) into the result, its sum,
// then the exponentials times 1 / sum, in place.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-LABEL: func.func @softmax
// CPU: llvm.func internal @softmax_0(
// CHECK: %[[MAX:.*]] = linalg.reduce ins(%arg0 : tensor<2x3x4xf32>) outs(%{{.*}} : tensor<2x4xf32>) dimensions = [1]
// CHECK: arith.maximumf
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<2x3x4xf32>
// CHECK: %[[EXPS:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%arg0, %[[MAX]] : tensor<2x3x4xf32>, tensor<2x4xf32>) outs(%[[EMPTY]] : tensor<2x3x4xf32>)
// CHECK: arith.subf
// CHECK: math.exp
// CHECK: %[[SUM:.*]] = linalg.reduce ins(%[[EXPS]] : tensor<2x3x4xf32>) outs(%{{.*}} : tensor<2x4xf32>) dimensions = [1]
// CHECK: arith.addf
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK: %[[Y:.*]] = linalg.generic {indexing_maps = [#[[ROW]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[SUM]] : tensor<2x4xf32>) outs(%[[EXPS]] : tensor<2x3x4xf32>)
// CHECK-NEXT: ^bb0(%[[S:.*]]: f32, %[[E:.*]]: f32):
// CHECK-NEXT: %[[INV:.*]] = arith.divf %[[ONE]], %[[S]] : f32
// CHECK-NEXT: arith.mulf %[[E]], %[[INV]] : f32
// CHECK: return %[[Y]]
func.func @softmax(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = dlc.softmax %x {axis = 1} : tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// ArgMax keeps the running maximum and its index in one pass along the axis
// and returns the index. The first maximum wins: a larger element
// (unordered-greater, so a NaN takes over) replaces it unless it is NaN.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-LABEL: func.func @arg_max
// CPU: llvm.func internal @arg_max_0(
// CHECK: %[[LOWEST:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[MAX0:.*]] = linalg.fill ins(%[[LOWEST]] : f32) outs(%{{.*}} : tensor<2x4xf32>)
// CHECK: %[[IDX0:.*]] = linalg.fill ins(%{{.*}} : i64) outs(%{{.*}} : tensor<2x4xi64>)
// CHECK: %[[R:.*]]:2 = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ROW]]], iterator_types = ["parallel", "reduction", "parallel"]} ins(%arg0 : tensor<2x3x4xf32>) outs(%[[MAX0]], %[[IDX0]] : tensor<2x4xf32>, tensor<2x4xi64>)
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %[[MAX:.*]]: f32, %[[IDX:.*]]: i64):
// CHECK-NEXT: %[[GT:.*]] = arith.cmpf ugt, %[[X]], %[[MAX]] : f32
// CHECK-NEXT: %[[NUM:.*]] = arith.cmpf ord, %[[MAX]], %[[MAX]] : f32
// CHECK-NEXT: %[[TAKE:.*]] = arith.andi %[[GT]], %[[NUM]] : i1
// CHECK-NEXT: %[[I:.*]] = linalg.index 1 : index
// CHECK-NEXT: %[[I64:.*]] = arith.index_cast %[[I]] : index to i64
// CHECK-NEXT: %[[NEWMAX:.*]] = arith.select %[[TAKE]], %[[X]], %[[MAX]] : f32
// CHECK-NEXT: %[[NEWIDX:.*]] = arith.select %[[TAKE]], %[[I64]], %[[IDX]] : i64
// CHECK-NEXT: linalg.yield %[[NEWMAX]], %[[NEWIDX]] : f32, i64
// CHECK: %[[KEPT:.*]] = tensor.expand_shape %[[R]]#1 {{\[}}[0], [1, 2]] output_shape [2, 1, 4] : tensor<2x4xi64> into tensor<2x1x4xi64>
// CHECK: return %[[KEPT]]
func.func @arg_max(%x: tensor<2x3x4xf32>) -> tensor<2x1x4xi64> {
  %0 = dlc.arg_max %x {axis = 1 : i64} : tensor<2x3x4xf32> -> tensor<2x1x4xi64>
  return %0 : tensor<2x1x4xi64>
}

// -----

// The last maximum: an equal element or a NaN takes over. Unsigned values
// compare unsigned from 0.
// CHECK-LABEL: func.func @arg_max_last
// CPU: llvm.func internal @arg_max_0(
// CHECK: arith.constant 0 : i8
// CHECK: linalg.generic {{.*}} iterator_types = ["reduction"]
// CHECK: arith.cmpi uge
// CHECK: %[[F:.*]]:2 = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
// CHECK: %[[GE:.*]] = arith.cmpf oge
// CHECK: %[[NAN:.*]] = arith.cmpf uno
// CHECK: arith.ori %[[GE]], %[[NAN]] : i1
func.func @arg_max_last(%u: tensor<5xui8>, %x: tensor<2x3xf32>) -> (tensor<i64>, tensor<2xi64>) {
  %0 = dlc.arg_max %u {keepdims = false, select_last_index = true} : tensor<5xui8> -> tensor<i64>
  %1 = dlc.arg_max %x {axis = -1 : i64, keepdims = false, select_last_index = true} : tensor<2x3xf32> -> tensor<2xi64>
  return %0, %1 : tensor<i64>, tensor<2xi64>
}

// -----

// Min starts from +inf, product from 1.
// CHECK-LABEL: func.func @reduce_min_prod
// CPU: llvm.func internal @reduce_min_0(
// CHECK: %[[HIGHEST:.*]] = arith.constant 0x7F800000 : f32
// CHECK: linalg.fill ins(%[[HIGHEST]] : f32)
// CHECK: linalg.reduce
// CHECK: arith.minimumf
// CHECK: %[[ONE:.*]] = arith.constant 1 : i32
// CHECK: linalg.fill ins(%[[ONE]] : i32)
// CHECK: linalg.reduce
// CHECK: arith.muli
func.func @reduce_min_prod(%x: tensor<2x3xf32>, %i: tensor<2x3xi32>) -> (tensor<2xf32>, tensor<3xi32>) {
  %0 = dlc.reduce_min %x {axes = array<i64: 1>, keepdims = false} : tensor<2x3xf32> -> tensor<2xf32>
  %1 = dlc.reduce_prod %i {axes = array<i64: 0>, keepdims = false} : tensor<2x3xi32> -> tensor<3xi32>
  return %0, %1 : tensor<2xf32>, tensor<3xi32>
}

// -----

// ArgMin of unsigned integers starts from the largest and takes a strictly
// smaller element (or an equal one for the last index).
// CHECK-LABEL: func.func @arg_min_unsigned_last
// CPU: llvm.func internal @arg_min_0(
// CHECK: %[[HIGHEST:.*]] = arith.constant -1 : i8
// CHECK: linalg.fill ins(%[[HIGHEST]] : i8)
// CHECK: linalg.generic
// CHECK: arith.cmpi ule
func.func @arg_min_unsigned_last(%x: tensor<2x3xui8>) -> tensor<2xi64> {
  %0 = dlc.arg_min %x {axis = 1 : i64, keepdims = false, select_last_index = true} : tensor<2x3xui8> -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// Layer norm in one kernel: the row sums, the sums of squared deviations
// (recomputed, never stored), then the normalization with the scale and bias
// broadcast onto the normalized dims; mean and inverse deviation as [N, 1, 1].
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1, d2) -> (d0)>
// CHECK-DAG: #[[SCALE:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[BIAS:.*]] = affine_map<(d0, d1, d2) -> (d2)>
// CHECK-LABEL: func.func @layer_norm
// CPU: llvm.func internal @layer_norm_0(
// CHECK: %[[SUM:.*]] = linalg.reduce ins(%arg0 : tensor<2x3x4xf32>) outs(%{{.*}} : tensor<2xf32>) dimensions = [1, 2]
// CHECK: %[[MEAN:.*]] = linalg.generic {{.*}} ins(%[[SUM]] : tensor<2xf32>)
// CHECK-NEXT: ^bb0(
// CHECK-NEXT: arith.divf %{{.*}}, %{{.*}} : f32
// CHECK: %[[SQ:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ROW]]], iterator_types = ["parallel", "reduction", "reduction"]} ins(%arg0, %[[MEAN]] : tensor<2x3x4xf32>, tensor<2xf32>)
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %[[M:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT: %[[C:.*]] = arith.subf %[[X]], %[[M]]
// CHECK-NEXT: %[[C2:.*]] = arith.mulf %[[C]], %[[C]]
// CHECK-NEXT: arith.addf %[[C2]], %[[ACC]]
// CHECK: %[[INV:.*]] = linalg.generic {{.*}} ins(%[[SQ]] : tensor<2xf32>)
// CHECK: math.sqrt
// CHECK: %[[Y:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ROW]], #[[SCALE]], #[[BIAS]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%arg0, %[[MEAN]], %[[INV]], %arg1, %arg2 :
// CHECK: %[[MEAN3:.*]] = tensor.expand_shape %[[MEAN]] {{\[}}[0, 1, 2]] output_shape [2, 1, 1]
// CHECK: %[[INV3:.*]] = tensor.expand_shape %[[INV]] {{\[}}[0, 1, 2]] output_shape [2, 1, 1]
// CHECK: return %[[Y]], %[[MEAN3]], %[[INV3]]
func.func @layer_norm(%x: tensor<2x3x4xf32>, %s: tensor<3x4xf32>, %b: tensor<4xf32>)
    -> (tensor<2x3x4xf32>, tensor<2x1x1xf32>, tensor<2x1x1xf32>) {
  %y, %m, %i = dlc.layer_norm %x, %s, %b {axis = -2 : i64}
      : (tensor<2x3x4xf32>, tensor<3x4xf32>, tensor<4xf32>)
      -> (tensor<2x3x4xf32>, tensor<2x1x1xf32>, tensor<2x1x1xf32>)
  return %y, %m, %i : tensor<2x3x4xf32>, tensor<2x1x1xf32>, tensor<2x1x1xf32>
}
