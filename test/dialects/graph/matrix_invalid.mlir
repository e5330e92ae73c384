// RUN: dlc-opt --split-input-file --verify-diagnostics %s

// Shapes are static.
func.func @gemm_dynamic(%a: tensor<?x5xf32>, %b: tensor<5x4xf32>) -> tensor<3x4xf32> {
  // expected-error @below {{A must be a statically shaped tensor, got 'tensor<?x5xf32>'}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.gemm %a, %b : (tensor<?x5xf32>, tensor<5x4xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// A and B share one element type.
func.func @gemm_b_element_type(%a: tensor<3x5xf32>, %b: tensor<5x4xf16>) -> tensor<3x4xf32> {
  // expected-error @below {{expected B of element type 'f32' like A, found 'f16'}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.gemm %a, %b : (tensor<3x5xf32>, tensor<5x4xf16>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// Gemm multiplies matrices only.
func.func @gemm_rank(%a: tensor<2x3x5xf32>, %b: tensor<5x4xf32>) -> tensor<3x4xf32> {
  // expected-error @below {{expected A and B of rank 2, found ranks 3 and 2}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.gemm %a, %b : (tensor<2x3x5xf32>, tensor<5x4xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// transA is a flag.
func.func @gemm_trans_a(%a: tensor<5x3xf32>, %b: tensor<5x4xf32>) -> tensor<3x4xf32> {
  // expected-error @below {{expected transA 0 or 1, found 2}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.gemm %a, %b {transA = 2 : i64} : (tensor<5x3xf32>, tensor<5x4xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// transB is a flag.
func.func @gemm_trans_b(%a: tensor<3x5xf32>, %b: tensor<4x5xf32>) -> tensor<3x4xf32> {
  // expected-error @below {{expected transB 0 or 1, found -1}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.gemm %a, %b {transB = -1 : i64} : (tensor<3x5xf32>, tensor<4x5xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// Integer Gemm cannot scale by a fraction.
func.func @gemm_int_alpha(%a: tensor<3x5xi32>, %b: tensor<5x4xi32>) -> tensor<3x4xi32> {
  // expected-error @below {{expected a whole-number alpha for 'i32' operands, found 5.000000e-01}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.gemm %a, %b {alpha = 0.5 : f32} : (tensor<3x5xi32>, tensor<5x4xi32>) -> tensor<3x4xi32>
  return %0 : tensor<3x4xi32>
}

// -----

// The inner dims of op(A) and op(B) agree.
func.func @gemm_inner_dims(%a: tensor<5x3xf32>, %b: tensor<4x6xf32>) -> tensor<3x6xf32> {
  // expected-error @below {{expected the inner dims to agree, found A 5x3 (transposed) with K = 5 and B 4x6 with K = 4}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.gemm %a, %b {transA = 1 : i64} : (tensor<5x3xf32>, tensor<4x6xf32>) -> tensor<3x6xf32>
  return %0 : tensor<3x6xf32>
}

// -----

// C shares A's element type.
func.func @gemm_c_element_type(%a: tensor<3x5xf32>, %b: tensor<5x4xf32>, %c: tensor<4xf64>) -> tensor<3x4xf32> {
  // expected-error @below {{expected C of element type 'f32' like A, found 'f64'}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.gemm %a, %b, %c : (tensor<3x5xf32>, tensor<5x4xf32>, tensor<4xf64>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// C broadcasts one way only: [3] does not fit N = 4.
func.func @gemm_c_shape(%a: tensor<3x5xf32>, %b: tensor<5x4xf32>, %c: tensor<3xf32>) -> tensor<3x4xf32> {
  // expected-error @below {{expected C to broadcast to 3x4 (a scalar, [N], [1, N], [M, 1] or [M, N]), found 3}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.gemm %a, %b, %c : (tensor<3x5xf32>, tensor<5x4xf32>, tensor<3xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// The declared result must be the inferred [M, N].
func.func @gemm_result(%a: tensor<3x5xf32>, %b: tensor<5x4xf32>) -> tensor<4x3xf32> {
  // expected-error @below {{inferred type(s) 'tensor<3x4xf32>' are incompatible with return type(s) of operation 'tensor<4x3xf32>'}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.gemm %a, %b : (tensor<3x5xf32>, tensor<5x4xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// Shapes are static.
func.func @matmul_dynamic_lhs(%a: tensor<3x?xf32>, %b: tensor<4x5xf32>) -> tensor<3x5xf32> {
  // expected-error @below {{lhs must be a statically shaped tensor, got 'tensor<3x?xf32>'}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.matmul %a, %b : (tensor<3x?xf32>, tensor<4x5xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

// Shapes are static.
func.func @matmul_dynamic_rhs(%a: tensor<3x4xf32>, %b: tensor<4x?xf32>) -> tensor<3x5xf32> {
  // expected-error @below {{rhs must be a statically shaped tensor, got 'tensor<4x?xf32>'}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.matmul %a, %b : (tensor<3x4xf32>, tensor<4x?xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

// Both operands share one element type.
func.func @matmul_element_type(%a: tensor<3x4xf32>, %b: tensor<4x5xi32>) -> tensor<3x5xf32> {
  // expected-error @below {{expected rhs of element type 'f32' like lhs, found 'i32'}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.matmul %a, %b : (tensor<3x4xf32>, tensor<4x5xi32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

// A scalar is not a matrix.
func.func @matmul_scalar(%a: tensor<f32>, %b: tensor<4x5xf32>) -> tensor<5xf32> {
  // expected-error @below {{expected operands of rank >= 1, found ranks 0 and 2}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.matmul %a, %b : (tensor<f32>, tensor<4x5xf32>) -> tensor<5xf32>
  return %0 : tensor<5xf32>
}

// -----

// The inner dims agree (rhs is a vector, read as [K, 1]).
func.func @matmul_inner_dims(%a: tensor<2x3x4xf32>, %b: tensor<5xf32>) -> tensor<2x3xf32> {
  // expected-error @below {{expected the inner dims to agree, found lhs 2x3x4 with K = 4 and rhs 5 with K = 5}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.matmul %a, %b : (tensor<2x3x4xf32>, tensor<5xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Batch dims broadcast NumPy-style: 2 and 3 do not.
func.func @matmul_batch(%a: tensor<2x3x4xf32>, %b: tensor<3x4x5xf32>) -> tensor<2x3x5xf32> {
  // expected-error @below {{expected batch dims that broadcast, found lhs 2x3x4 and rhs 3x4x5}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.matmul %a, %b : (tensor<2x3x4xf32>, tensor<3x4x5xf32>) -> tensor<2x3x5xf32>
  return %0 : tensor<2x3x5xf32>
}

// -----

func.func @einsum_terms(%a: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error @below {{expected 1 terms before '->' (one per input), found 2}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.einsum %a {equation = "ij,jk->i"} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @einsum_rank(%a: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error @below {{expected term "ijk" to match an input of rank 2}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.einsum %a {equation = "ijk->i"} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @einsum_sizes(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) -> tensor<2x5xf32> {
  // expected-error @below {{expected label 'j' to have one size (or 1), found 3 and 4}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.einsum %a, %b {equation = "ij,jk->ik"} : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

func.func @einsum_diagonal(%a: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error @below {{expected the dims of label 'i' in one term to be equal, found 2 and 3}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.einsum %a {equation = "ii->i"} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @einsum_output_label(%a: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error @below {{expected output label 'k' to occur in an input}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.einsum %a {equation = "ij->k"} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @einsum_characters(%a: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error @below {{expected letters and '...' in term "i1", found '1'}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.einsum %a {equation = "i1->i"} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @einsum_element_types(%a: tensor<2xf32>, %b: tensor<2xf64>) -> tensor<f32> {
  // expected-error @below {{expected inputs of one element type, found 'f32' and 'f64'}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.einsum %a, %b {equation = "i,i"} : (tensor<2xf32>, tensor<2xf64>) -> tensor<f32>
  return %0 : tensor<f32>
}
