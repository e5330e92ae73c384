// RUN: dlc-opt --split-input-file --dlc-lower-to-linalg %s | FileCheck %s
// RUN: dlc-opt --split-input-file --dlc-cpu-kernels --dlc-cpu-linalg %s | FileCheck %s --check-prefix=KERNEL

// Default Gemm: the [N] bias broadcast along M initialises the output, and
// linalg.matmul accumulates into it.
// CHECK-DAG: #[[BIAS:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @gemm_vector_bias
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<3x4xf32>
// CHECK: %[[INIT:.*]] = linalg.generic {indexing_maps = [#[[BIAS]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%arg2 : tensor<4xf32>) outs(%[[EMPTY]] : tensor<3x4xf32>)
// CHECK-NEXT: ^bb0(%[[C:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:   linalg.yield %[[C]] : f32
// CHECK: %[[MM:.*]] = linalg.matmul ins(%arg0, %arg1 : tensor<3x5xf32>, tensor<5x4xf32>) outs(%[[INIT]] : tensor<3x4xf32>)
// CHECK: return %[[MM]]
func.func @gemm_vector_bias(%a: tensor<3x5xf32>, %b: tensor<5x4xf32>, %c: tensor<4xf32>) -> tensor<3x4xf32> {
  %0 = dlc.gemm %a, %b, %c : (tensor<3x5xf32>, tensor<5x4xf32>, tensor<4xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// transA without bias: zeros, then linalg.matmul_transpose_a on A as it is.
// CHECK-LABEL: func.func @gemm_trans_a
// CHECK: %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<3x4xf32>)
// CHECK: linalg.matmul_transpose_a ins(%arg0, %arg1 : tensor<5x3xf32>, tensor<5x4xf32>) outs(%[[INIT]] : tensor<3x4xf32>)
func.func @gemm_trans_a(%a: tensor<5x3xf32>, %b: tensor<5x4xf32>) -> tensor<3x4xf32> {
  %0 = dlc.gemm %a, %b {transA = 1 : i64} : (tensor<5x3xf32>, tensor<5x4xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// transB with a scalar bias read at every position.
// CHECK-DAG: #[[SCALAR:.*]] = affine_map<(d0, d1) -> ()>
// CHECK-LABEL: func.func @gemm_trans_b_scalar_bias
// CHECK: %[[INIT:.*]] = linalg.generic {indexing_maps = [#[[SCALAR]], #{{.*}}], {{.*}}} ins(%arg2 : tensor<f32>)
// CHECK: linalg.matmul_transpose_b ins(%arg0, %arg1 : tensor<3x5xf32>, tensor<4x5xf32>) outs(%[[INIT]] : tensor<3x4xf32>)
func.func @gemm_trans_b_scalar_bias(%a: tensor<3x5xf32>, %b: tensor<4x5xf32>, %c: tensor<f32>) -> tensor<3x4xf32> {
  %0 = dlc.gemm %a, %b, %c {transB = 1 : i64} : (tensor<3x5xf32>, tensor<4x5xf32>, tensor<f32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// Every attribute: beta scales the [1, N] bias into the output; one generic
// reads both operands through transposed maps and scales each product by
// alpha. No transpose is materialised.
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (0, d1)>
// CHECK-DAG: #[[AT:.*]] = affine_map<(d0, d1, d2) -> (d2, d0)>
// CHECK-DAG: #[[BT:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @gemm_all_attributes
// CHECK: %[[BETA:.*]] = arith.constant 3.500000e-01 : f32
// CHECK: %[[INIT:.*]] = linalg.generic {indexing_maps = [#[[ROW]], #{{.*}}], {{.*}}} ins(%arg2 : tensor<1x5xf32>)
// CHECK-NEXT: ^bb0(%[[C:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:   %[[SCALED:.*]] = arith.mulf %[[BETA]], %[[C]] : f32
// CHECK-NEXT:   linalg.yield %[[SCALED]] : f32
// CHECK-NOT: linalg.transpose
// CHECK: %[[ALPHA:.*]] = arith.constant 2.500000e-01 : f32
// CHECK-NOT: linalg.transpose
// CHECK: linalg.generic {indexing_maps = [#[[AT]], #[[BT]], #[[OUT]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%arg0, %arg1 : tensor<4x3xf32>, tensor<5x4xf32>) outs(%[[INIT]] : tensor<3x5xf32>)
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %[[Y:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT:   %[[P:.*]] = arith.mulf %[[X]], %[[Y]] : f32
// CHECK-NEXT:   %[[Q:.*]] = arith.mulf %[[ALPHA]], %[[P]] : f32
// CHECK-NEXT:   %[[SUM:.*]] = arith.addf %[[ACC]], %[[Q]] : f32
// CHECK-NEXT:   linalg.yield %[[SUM]] : f32
func.func @gemm_all_attributes(%a: tensor<4x3xf32>, %b: tensor<5x4xf32>, %c: tensor<1x5xf32>) -> tensor<3x5xf32> {
  %0 = dlc.gemm %a, %b, %c {alpha = 0.25 : f32, beta = 0.35 : f32, transA = 1 : i64, transB = 1 : i64} : (tensor<4x3xf32>, tensor<5x4xf32>, tensor<1x5xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

// A full-size bias with beta = 1 is copied into a fresh output, never
// accumulated into in place.
// CHECK-LABEL: func.func @gemm_matrix_bias
// CHECK: %[[INIT:.*]] = linalg.copy ins(%arg2 : tensor<3x4xf32>) outs(%{{.*}} : tensor<3x4xf32>)
// CHECK: linalg.matmul ins(%arg0, %arg1 : tensor<3x5xf32>, tensor<5x4xf32>) outs(%[[INIT]] : tensor<3x4xf32>)
func.func @gemm_matrix_bias(%a: tensor<3x5xf32>, %b: tensor<5x4xf32>, %c: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %0 = dlc.gemm %a, %b, %c : (tensor<3x5xf32>, tensor<5x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// beta = 0 leaves C unread, as BLAS does; the output starts as zeros.
// CHECK-LABEL: func.func @gemm_zero_beta
// CHECK-NOT: ins(%arg2
// CHECK: %[[INIT:.*]] = linalg.fill
// CHECK-NOT: ins(%arg2
// CHECK: linalg.matmul ins(%arg0, %arg1 : tensor<3x5xf32>, tensor<5x4xf32>) outs(%[[INIT]] : tensor<3x4xf32>)
func.func @gemm_zero_beta(%a: tensor<3x5xf32>, %b: tensor<5x4xf32>, %c: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %0 = dlc.gemm %a, %b, %c {beta = 0.0 : f32} : (tensor<3x5xf32>, tensor<5x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// An [M, 1] bias broadcasts along N; integer Gemm scales with muli.
// CHECK-DAG: #[[COL:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-LABEL: func.func @gemm_int_column_bias
// CHECK: %[[BETA:.*]] = arith.constant -2 : i64
// CHECK: %[[INIT:.*]] = linalg.generic {indexing_maps = [#[[COL]], #{{.*}}], {{.*}}} ins(%arg2 : tensor<2x1xi64>)
// CHECK:   arith.muli %[[BETA]], %{{.*}} : i64
// CHECK: %[[ALPHA:.*]] = arith.constant 3 : i64
// CHECK: linalg.generic {{.*}} ins(%arg0, %arg1 : tensor<2x3xi64>, tensor<3x4xi64>) outs(%[[INIT]] : tensor<2x4xi64>)
// CHECK:   %[[P:.*]] = arith.muli %{{.*}}, %{{.*}} : i64
// CHECK:   %[[Q:.*]] = arith.muli %[[ALPHA]], %[[P]] : i64
// CHECK:   arith.addi %{{.*}}, %[[Q]] : i64
func.func @gemm_int_column_bias(%a: tensor<2x3xi64>, %b: tensor<3x4xi64>, %c: tensor<2x1xi64>) -> tensor<2x4xi64> {
  %0 = dlc.gemm %a, %b, %c {alpha = 3.0 : f32, beta = -2.0 : f32} : (tensor<2x3xi64>, tensor<3x4xi64>, tensor<2x1xi64>) -> tensor<2x4xi64>
  return %0 : tensor<2x4xi64>
}

// -----

// 2-d MatMul is linalg.matmul into zeros.
// CHECK-LABEL: func.func @matmul_2d
// CHECK: %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f64) outs(%{{.*}} : tensor<3x5xf64>)
// CHECK: linalg.matmul ins(%arg0, %arg1 : tensor<3x4xf64>, tensor<4x5xf64>) outs(%[[INIT]] : tensor<3x5xf64>)
func.func @matmul_2d(%a: tensor<3x4xf64>, %b: tensor<4x5xf64>) -> tensor<3x5xf64> {
  %0 = dlc.matmul %a, %b : (tensor<3x4xf64>, tensor<4x5xf64>) -> tensor<3x5xf64>
  return %0 : tensor<3x5xf64>
}

// -----

// Equal batch dims of rank-3 operands: linalg.batch_matmul. f16 products
// accumulate in f32 and are rounded once at the end.
// CHECK-LABEL: func.func @matmul_3d
// CHECK: %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2x3x5xf32>)
// CHECK: %[[MM:.*]] = linalg.batch_matmul ins(%arg0, %arg1 : tensor<2x3x4xf16>, tensor<2x4x5xf16>) outs(%[[INIT]] : tensor<2x3x5xf32>)
// CHECK: %[[ROUNDED:.*]] = linalg.generic {{.*}} ins(%[[MM]] : tensor<2x3x5xf32>) outs(%{{.*}} : tensor<2x3x5xf16>)
// CHECK:   arith.truncf %{{.*}} : f32 to f16
// CHECK: return %[[ROUNDED]]
func.func @matmul_3d(%a: tensor<2x3x4xf16>, %b: tensor<2x4x5xf16>) -> tensor<2x3x5xf16> {
  %0 = dlc.matmul %a, %b : (tensor<2x3x4xf16>, tensor<2x4x5xf16>) -> tensor<2x3x5xf16>
  return %0 : tensor<2x3x5xf16>
}

// -----

// Broadcast batch dims are read at index 0 (or not at all) by the maps: the
// broadcast operands are not copied.
// CHECK-DAG: #[[LHS:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, 0, d2, d4)>
// CHECK-DAG: #[[RHS:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d1, d4, d3)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @matmul_broadcast
// CHECK: %[[INIT:.*]] = linalg.fill
// CHECK-NOT: linalg.
// CHECK: linalg.generic {indexing_maps = [#[[LHS]], #[[RHS]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%arg0, %arg1 : tensor<2x1x3x4xf32>, tensor<6x4x5xf32>) outs(%[[INIT]] : tensor<2x6x3x5xf32>)
// CHECK:   arith.mulf
// CHECK:   arith.addf
func.func @matmul_broadcast(%a: tensor<2x1x3x4xf32>, %b: tensor<6x4x5xf32>) -> tensor<2x6x3x5xf32> {
  %0 = dlc.matmul %a, %b : (tensor<2x1x3x4xf32>, tensor<6x4x5xf32>) -> tensor<2x6x3x5xf32>
  return %0 : tensor<2x6x3x5xf32>
}

// -----

// Equal batch dims beyond rank 3 stay one generic, with no reshapes.
// CHECK-DAG: #[[LHS:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d4)>
// CHECK-DAG: #[[RHS:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d4, d3)>
// CHECK-LABEL: func.func @matmul_4d
// CHECK-NOT: tensor.collapse_shape
// CHECK: linalg.generic {indexing_maps = [#[[LHS]], #[[RHS]], #{{.*}}], {{.*}}} ins(%arg0, %arg1 : tensor<1x2x3x4xf32>, tensor<1x2x4x3xf32>)
// CHECK-NOT: tensor.expand_shape
func.func @matmul_4d(%a: tensor<1x2x3x4xf32>, %b: tensor<1x2x4x3xf32>) -> tensor<1x2x3x3xf32> {
  %0 = dlc.matmul %a, %b : (tensor<1x2x3x4xf32>, tensor<1x2x4x3xf32>) -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

// Vector operands have no m (lhs) or n (rhs) loop; two vectors reduce into
// a scalar. Unsigned tensors become signless.
// CHECK-DAG: #[[VEC:.*]] = affine_map<(d0, d1, d2) -> (d2)>
// CHECK-DAG: #[[MAT:.*]] = affine_map<(d0, d1, d2) -> (d0, d2, d1)>
// CHECK-DAG: #[[VOUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[MV:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[V:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[OUTV:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[DOT:.*]] = affine_map<(d0) -> (d0)>
// CHECK-DAG: #[[SCALAR:.*]] = affine_map<(d0) -> ()>
// CHECK-LABEL: func.func @matmul_vectors
// CHECK: linalg.generic {indexing_maps = [#[[VEC]], #[[MAT]], #[[VOUT]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%arg0, %arg1 : tensor<4xi32>, tensor<2x4x5xi32>) outs(%{{.*}} : tensor<2x5xi32>)
// CHECK:   arith.muli
// CHECK: linalg.generic {indexing_maps = [#[[MV]], #[[V]], #[[OUTV]]], iterator_types = ["parallel", "reduction"]} ins(%arg2, %arg0 : tensor<3x4xi32>, tensor<4xi32>) outs(%{{.*}} : tensor<3xi32>)
// CHECK: linalg.generic {indexing_maps = [#[[DOT]], #[[DOT]], #[[SCALAR]]], iterator_types = ["reduction"]} ins(%arg0, %arg0 : tensor<4xi32>, tensor<4xi32>) outs(%{{.*}} : tensor<i32>)
func.func @matmul_vectors(%v: tensor<4xui32>, %m: tensor<2x4x5xui32>, %n: tensor<3x4xui32>) -> (tensor<2x5xui32>, tensor<3xui32>, tensor<ui32>) {
  %0 = dlc.matmul %v, %m : (tensor<4xui32>, tensor<2x4x5xui32>) -> tensor<2x5xui32>
  %1 = dlc.matmul %n, %v : (tensor<3x4xui32>, tensor<4xui32>) -> tensor<3xui32>
  %2 = dlc.matmul %v, %v : (tensor<4xui32>, tensor<4xui32>) -> tensor<ui32>
  return %0, %1, %2 : tensor<2x5xui32>, tensor<3xui32>, tensor<ui32>
}

// -----

// Gemm + Relu is one kernel: the bias init, the contraction and ONE
// elementwise epilogue that writes over the contraction's result.
// KERNEL-LABEL: func.func private @gemm_0
// KERNEL: %[[INIT:.*]] = linalg.generic {{.*}} ins(%arg2 : tensor<4xf32>)
// KERNEL: %[[MM:.*]] = linalg.matmul_transpose_b ins(%arg0, %arg1 : tensor<3x5xf32>, tensor<4x5xf32>) outs(%[[INIT]] : tensor<3x4xf32>)
// KERNEL: %[[RELU:.*]] = linalg.generic {{.*}} outs(%[[MM]] : tensor<3x4xf32>)
// KERNEL:   arith.maximumf
// KERNEL-NOT: linalg.generic
// KERNEL: return %[[RELU]]
// KERNEL-LABEL: func.func @gemm_relu
// KERNEL: call @gemm_0
// KERNEL-NOT: call
func.func @gemm_relu(%a: tensor<3x5xf32>, %b: tensor<4x5xf32>, %c: tensor<4xf32>) -> tensor<3x4xf32> {
  %0 = dlc.gemm %a, %b, %c {transB = 1 : i64} : (tensor<3x5xf32>, tensor<4x5xf32>, tensor<4xf32>) -> tensor<3x4xf32>
  %1 = dlc.relu %0 : tensor<3x4xf32>
  return %1 : tensor<3x4xf32>
}

// -----

// MatMul + Add (a bias over the last dim) is one kernel: the contraction and
// ONE elementwise epilogue that adds the bias over the contraction's result.
// KERNEL-LABEL: func.func private @matmul_0
// KERNEL: %[[MM:.*]] = linalg.generic {{.*}} ins(%arg0, %arg1 : tensor<2x3x4xf32>, tensor<4x5xf32>)
// KERNEL: %[[ADD:.*]] = linalg.generic {{.*}} ins(%arg2 : tensor<5xf32>) outs(%[[MM]] : tensor<2x3x5xf32>)
// KERNEL:   arith.addf
// KERNEL-NOT: linalg.generic
// KERNEL: return %[[ADD]]
// KERNEL-LABEL: func.func @matmul_add
// KERNEL: call @matmul_0
// KERNEL-NOT: call
func.func @matmul_add(%a: tensor<2x3x4xf32>, %b: tensor<4x5xf32>, %c: tensor<5xf32>) -> tensor<2x3x5xf32> {
  %0 = dlc.matmul %a, %b : (tensor<2x3x4xf32>, tensor<4x5xf32>) -> tensor<2x3x5xf32>
  %1 = dlc.add %0, %c : (tensor<2x3x5xf32>, tensor<5xf32>) -> tensor<2x3x5xf32>
  return %1 : tensor<2x3x5xf32>
}
