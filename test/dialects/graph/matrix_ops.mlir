// RUN: dlc-opt --split-input-file %s | dlc-opt | FileCheck %s

// Gemm with every attribute and a matrix bias; A and B both transposed.
// CHECK-LABEL: func.func @gemm_all_attributes
// CHECK: dlc.gemm %arg0, %arg1, %arg2 {alpha = 2.500000e-01 : f32, beta = 3.500000e-01 : f32, transA = 1 : i64, transB = 1 : i64} : (tensor<4x3xf32>, tensor<5x4xf32>, tensor<1x5xf32>) -> tensor<3x5xf32>
func.func @gemm_all_attributes(%a: tensor<4x3xf32>, %b: tensor<5x4xf32>, %c: tensor<1x5xf32>) -> tensor<3x5xf32> {
  %0 = dlc.gemm %a, %b, %c {alpha = 0.25 : f32, beta = 0.35 : f32, transA = 1 : i64, transB = 1 : i64} : (tensor<4x3xf32>, tensor<5x4xf32>, tensor<1x5xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

// Gemm without bias; default attributes are not printed.
// CHECK-LABEL: func.func @gemm_no_bias
// CHECK: dlc.gemm %arg0, %arg1 : (tensor<2x10xf64>, tensor<10x3xf64>) -> tensor<2x3xf64>
func.func @gemm_no_bias(%a: tensor<2x10xf64>, %b: tensor<10x3xf64>) -> tensor<2x3xf64> {
  %0 = dlc.gemm %a, %b {alpha = 1.0 : f32, transA = 0 : i64} : (tensor<2x10xf64>, tensor<10x3xf64>) -> tensor<2x3xf64>
  return %0 : tensor<2x3xf64>
}

// -----

// Every bias shape that broadcasts to [M, N]: scalar, [1], [N], [M, 1], [M, N].
// CHECK-LABEL: func.func @gemm_bias_shapes
// CHECK: dlc.gemm %arg0, %arg1, %arg2 : (tensor<3x5xf32>, tensor<5x4xf32>, tensor<f32>) -> tensor<3x4xf32>
// CHECK: dlc.gemm %arg0, %arg1, %arg3 : (tensor<3x5xf32>, tensor<5x4xf32>, tensor<1xf32>) -> tensor<3x4xf32>
// CHECK: dlc.gemm %arg0, %arg1, %arg4 : (tensor<3x5xf32>, tensor<5x4xf32>, tensor<4xf32>) -> tensor<3x4xf32>
// CHECK: dlc.gemm %arg0, %arg1, %arg5 : (tensor<3x5xf32>, tensor<5x4xf32>, tensor<3x1xf32>) -> tensor<3x4xf32>
// CHECK: dlc.gemm %arg0, %arg1, %arg6 : (tensor<3x5xf32>, tensor<5x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
func.func @gemm_bias_shapes(%a: tensor<3x5xf32>, %b: tensor<5x4xf32>, %c0: tensor<f32>, %c1: tensor<1xf32>, %c2: tensor<4xf32>, %c3: tensor<3x1xf32>, %c4: tensor<3x4xf32>) -> (tensor<3x4xf32>, tensor<3x4xf32>, tensor<3x4xf32>, tensor<3x4xf32>, tensor<3x4xf32>) {
  %0 = dlc.gemm %a, %b, %c0 : (tensor<3x5xf32>, tensor<5x4xf32>, tensor<f32>) -> tensor<3x4xf32>
  %1 = dlc.gemm %a, %b, %c1 : (tensor<3x5xf32>, tensor<5x4xf32>, tensor<1xf32>) -> tensor<3x4xf32>
  %2 = dlc.gemm %a, %b, %c2 : (tensor<3x5xf32>, tensor<5x4xf32>, tensor<4xf32>) -> tensor<3x4xf32>
  %3 = dlc.gemm %a, %b, %c3 : (tensor<3x5xf32>, tensor<5x4xf32>, tensor<3x1xf32>) -> tensor<3x4xf32>
  %4 = dlc.gemm %a, %b, %c4 : (tensor<3x5xf32>, tensor<5x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  return %0, %1, %2, %3, %4 : tensor<3x4xf32>, tensor<3x4xf32>, tensor<3x4xf32>, tensor<3x4xf32>, tensor<3x4xf32>
}

// -----

// Integer Gemm with whole-number scales.
// CHECK-LABEL: func.func @gemm_int
// CHECK: dlc.gemm %arg0, %arg1, %arg2 {alpha = 2.000000e+00 : f32} : (tensor<2x3xi32>, tensor<3x4xi32>, tensor<4xi32>) -> tensor<2x4xi32>
func.func @gemm_int(%a: tensor<2x3xi32>, %b: tensor<3x4xi32>, %c: tensor<4xi32>) -> tensor<2x4xi32> {
  %0 = dlc.gemm %a, %b, %c {alpha = 2.0 : f32} : (tensor<2x3xi32>, tensor<3x4xi32>, tensor<4xi32>) -> tensor<2x4xi32>
  return %0 : tensor<2x4xi32>
}

// -----

// MatMul of matrices, of equal batches and of broadcast batches.
// CHECK-LABEL: func.func @matmul_batches
// CHECK: dlc.matmul %arg0, %arg1 : (tensor<3x4xf32>, tensor<4x5xf32>) -> tensor<3x5xf32>
// CHECK: dlc.matmul %arg2, %arg3 : (tensor<2x3x4xf16>, tensor<2x4x5xf16>) -> tensor<2x3x5xf16>
// CHECK: dlc.matmul %arg4, %arg5 : (tensor<2x1x3x4xf32>, tensor<6x4x5xf32>) -> tensor<2x6x3x5xf32>
func.func @matmul_batches(%a: tensor<3x4xf32>, %b: tensor<4x5xf32>, %c: tensor<2x3x4xf16>, %d: tensor<2x4x5xf16>, %e: tensor<2x1x3x4xf32>, %f: tensor<6x4x5xf32>) -> (tensor<3x5xf32>, tensor<2x3x5xf16>, tensor<2x6x3x5xf32>) {
  %0 = dlc.matmul %a, %b : (tensor<3x4xf32>, tensor<4x5xf32>) -> tensor<3x5xf32>
  %1 = dlc.matmul %c, %d : (tensor<2x3x4xf16>, tensor<2x4x5xf16>) -> tensor<2x3x5xf16>
  %2 = dlc.matmul %e, %f : (tensor<2x1x3x4xf32>, tensor<6x4x5xf32>) -> tensor<2x6x3x5xf32>
  return %0, %1, %2 : tensor<3x5xf32>, tensor<2x3x5xf16>, tensor<2x6x3x5xf32>
}

// -----

// Vector operands: their unit dim is dropped from the result.
// CHECK-LABEL: func.func @matmul_vectors
// CHECK: dlc.matmul %arg0, %arg1 : (tensor<4xi64>, tensor<2x4x5xi64>) -> tensor<2x5xi64>
// CHECK: dlc.matmul %arg1, %arg2 : (tensor<2x4x5xi64>, tensor<5xi64>) -> tensor<2x4xi64>
// CHECK: dlc.matmul %arg0, %arg0 : (tensor<4xi64>, tensor<4xi64>) -> tensor<i64>
func.func @matmul_vectors(%v: tensor<4xi64>, %m: tensor<2x4x5xi64>, %w: tensor<5xi64>) -> (tensor<2x5xi64>, tensor<2x4xi64>, tensor<i64>) {
  %0 = dlc.matmul %v, %m : (tensor<4xi64>, tensor<2x4x5xi64>) -> tensor<2x5xi64>
  %1 = dlc.matmul %m, %w : (tensor<2x4x5xi64>, tensor<5xi64>) -> tensor<2x4xi64>
  %2 = dlc.matmul %v, %v : (tensor<4xi64>, tensor<4xi64>) -> tensor<i64>
  return %0, %1, %2 : tensor<2x5xi64>, tensor<2x4xi64>, tensor<i64>
}

// -----

// Einsum infers its result from the equation: explicit, implicit (the
// letters that occur once, alphabetically, after the broadcast dims), with
// `...` aligned to the right and a label of size 1 broadcast.
// CHECK-LABEL: func.func @einsum
// CHECK: dlc.einsum %arg0, %arg1 {equation = "bij, bjk -> bik"} : (tensor<2x3x4xf32>, tensor<2x4x5xf32>) -> tensor<2x3x5xf32>
// CHECK: dlc.einsum %arg2, %arg3 {equation = "...ij,...jk"} : (tensor<6x2x3x4xf32>, tensor<1x4x5xf32>) -> tensor<6x2x3x5xf32>
// CHECK: dlc.einsum %arg4 {equation = "ii"} : (tensor<3x3xf64>) -> tensor<f64>
// CHECK: dlc.einsum %arg5, %arg6 {equation = "i,j->ij"} : (tensor<3xi64>, tensor<1xi64>) -> tensor<3x1xi64>
func.func @einsum(%a: tensor<2x3x4xf32>, %b: tensor<2x4x5xf32>, %c: tensor<6x2x3x4xf32>,
                  %d: tensor<1x4x5xf32>, %e: tensor<3x3xf64>, %f: tensor<3xi64>, %g: tensor<1xi64>)
    -> (tensor<2x3x5xf32>, tensor<6x2x3x5xf32>, tensor<f64>, tensor<3x1xi64>) {
  %0 = dlc.einsum %a, %b {equation = "bij, bjk -> bik"} : (tensor<2x3x4xf32>, tensor<2x4x5xf32>) -> tensor<2x3x5xf32>
  %1 = dlc.einsum %c, %d {equation = "...ij,...jk"} : (tensor<6x2x3x4xf32>, tensor<1x4x5xf32>) -> tensor<6x2x3x5xf32>
  %2 = dlc.einsum %e {equation = "ii"} : (tensor<3x3xf64>) -> tensor<f64>
  %3 = dlc.einsum %f, %g {equation = "i,j->ij"} : (tensor<3xi64>, tensor<1xi64>) -> tensor<3x1xi64>
  return %0, %1, %2, %3 : tensor<2x3x5xf32>, tensor<6x2x3x5xf32>, tensor<f64>, tensor<3x1xi64>
}
