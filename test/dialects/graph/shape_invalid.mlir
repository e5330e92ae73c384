// RUN: dlc-opt --split-input-file --verify-diagnostics %s

func.func @reshape_dynamic(%x: tensor<?x4xf32>) -> tensor<4x?xf32> {
  // expected-error @+2 {{input must be a statically shaped tensor, got 'tensor<?x4xf32>'}}
  // expected-error @+1 {{'dlc.reshape' op failed to infer returned types}}
  %0 = dlc.reshape %x {shape = array<i64: 4, -1>} : tensor<?x4xf32> -> tensor<4x?xf32>
  return %0 : tensor<4x?xf32>
}

// -----

func.func @reshape_allowzero(%x: tensor<2x4xf32>) -> tensor<8xf32> {
  // expected-error @+2 {{expected allowzero 0 or 1, found 2}}
  // expected-error @+1 {{'dlc.reshape' op failed to infer returned types}}
  %0 = dlc.reshape %x {shape = array<i64: 8>, allowzero = 2} : tensor<2x4xf32> -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

func.func @reshape_below_minus_one(%x: tensor<2x4xf32>) -> tensor<8xf32> {
  // expected-error @+2 {{expected 'shape' values >= -1, found -2 at index 0}}
  // expected-error @+1 {{'dlc.reshape' op failed to infer returned types}}
  %0 = dlc.reshape %x {shape = array<i64: -2>} : tensor<2x4xf32> -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

func.func @reshape_two_inferred(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+2 {{expected at most one -1 in 'shape', found two (indices 0 and 1)}}
  // expected-error @+1 {{'dlc.reshape' op failed to infer returned types}}
  %0 = dlc.reshape %x {shape = array<i64: -1, -1>} : tensor<2x4xf32> -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @reshape_copy_beyond_rank(%x: tensor<8xf32>) -> tensor<8x1xf32> {
  // expected-error @+2 {{expected 'shape' index 1 (a 0, which copies the input dim) below the input rank 1}}
  // expected-error @+1 {{'dlc.reshape' op failed to infer returned types}}
  %0 = dlc.reshape %x {shape = array<i64: 8, 0>} : tensor<8xf32> -> tensor<8x1xf32>
  return %0 : tensor<8x1xf32>
}

// -----

func.func @reshape_literal_zero_and_inferred(%x: tensor<0x4xf32>) -> tensor<0x4xf32> {
  // expected-error @+2 {{expected no -1 in 'shape' when allowzero = 1 makes its 0s literal zero dims, found both}}
  // expected-error @+1 {{'dlc.reshape' op failed to infer returned types}}
  %0 = dlc.reshape %x {shape = array<i64: 0, -1>, allowzero = 1} : tensor<0x4xf32> -> tensor<0x4xf32>
  return %0 : tensor<0x4xf32>
}

// -----

func.func @reshape_inferred_from_zero(%x: tensor<0x4xf32>) -> tensor<0x4xf32> {
  // expected-error @+2 {{expected the dims other than -1 in 'shape' to have a non-zero product, found 0}}
  // expected-error @+1 {{'dlc.reshape' op failed to infer returned types}}
  %0 = dlc.reshape %x {shape = array<i64: 0, -1>} : tensor<0x4xf32> -> tensor<0x4xf32>
  return %0 : tensor<0x4xf32>
}

// -----

func.func @reshape_not_divisible(%x: tensor<2x4xf32>) -> tensor<3x3xf32> {
  // expected-error @+2 {{expected the input's 8 elements to be divisible by 3 (the dims other than -1 in 'shape')}}
  // expected-error @+1 {{'dlc.reshape' op failed to infer returned types}}
  %0 = dlc.reshape %x {shape = array<i64: 3, -1>} : tensor<2x4xf32> -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

func.func @reshape_element_count(%x: tensor<2x4xf32>) -> tensor<3x3xf32> {
  // expected-error @+2 {{expected a shape of 8 elements like the input 2x4, found 3x3 of 9 elements}}
  // expected-error @+1 {{'dlc.reshape' op failed to infer returned types}}
  %0 = dlc.reshape %x {shape = array<i64: 3, 3>} : tensor<2x4xf32> -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

func.func @reshape_wrong_result(%x: tensor<2x4xf32>) -> tensor<4x2xf32> {
  // expected-error @+2 {{'dlc.reshape' op inferred type(s) 'tensor<2x4xf32>' are incompatible with return type(s) of operation 'tensor<4x2xf32>'}}
  // expected-error @+1 {{'dlc.reshape' op failed to infer returned types}}
  %0 = dlc.reshape %x {shape = array<i64: 2, 4>} : tensor<2x4xf32> -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

// -----

func.func @flatten_dynamic(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error @+2 {{input must be a statically shaped tensor, got 'tensor<?x4xf32>'}}
  // expected-error @+1 {{'dlc.flatten' op failed to infer returned types}}
  %0 = dlc.flatten %x : tensor<?x4xf32> -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

func.func @flatten_axis(%x: tensor<2x3x4xf32>) -> tensor<24x1xf32> {
  // expected-error @+2 {{expected axis in [-3, 3] for an input of rank 3, found 4}}
  // expected-error @+1 {{'dlc.flatten' op failed to infer returned types}}
  %0 = dlc.flatten %x {axis = 4 : i64} : tensor<2x3x4xf32> -> tensor<24x1xf32>
  return %0 : tensor<24x1xf32>
}

// -----

func.func @transpose_dynamic(%x: tensor<?x4xf32>) -> tensor<4x?xf32> {
  // expected-error @+2 {{input must be a statically shaped tensor, got 'tensor<?x4xf32>'}}
  // expected-error @+1 {{'dlc.transpose' op failed to infer returned types}}
  %0 = dlc.transpose %x : tensor<?x4xf32> -> tensor<4x?xf32>
  return %0 : tensor<4x?xf32>
}

// -----

func.func @transpose_perm_size(%x: tensor<2x3x4xf32>) -> tensor<3x2x4xf32> {
  // expected-error @+2 {{expected 'perm' of 3 entries (one per input dim), found 2}}
  // expected-error @+1 {{'dlc.transpose' op failed to infer returned types}}
  %0 = dlc.transpose %x {perm = array<i64: 1, 0>} : tensor<2x3x4xf32> -> tensor<3x2x4xf32>
  return %0 : tensor<3x2x4xf32>
}

// -----

func.func @transpose_perm_range(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error @+2 {{expected 'perm' entries in [0, 2), found 2}}
  // expected-error @+1 {{'dlc.transpose' op failed to infer returned types}}
  %0 = dlc.transpose %x {perm = array<i64: 2, 0>} : tensor<2x3xf32> -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @transpose_perm_repeat(%x: tensor<2x3xf32>) -> tensor<2x2xf32> {
  // expected-error @+2 {{expected 'perm' to name every dim once, found 0 twice}}
  // expected-error @+1 {{'dlc.transpose' op failed to infer returned types}}
  %0 = dlc.transpose %x {perm = array<i64: 0, 0>} : tensor<2x3xf32> -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

func.func @expand_not_broadcastable(%x: tensor<3x2xf32>) -> tensor<3x4xf32> {
  // expected-error @+2 {{expected 'shape' 4 to broadcast with the input 3x2}}
  // expected-error @+1 {{'dlc.expand' op failed to infer returned types}}
  %0 = dlc.expand %x {shape = array<i64: 4>} : tensor<3x2xf32> -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @expand_negative_dim(%x: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+2 {{expected 'shape' values >= 0, found -1 at index 0}}
  // expected-error @+1 {{'dlc.expand' op failed to infer returned types}}
  %0 = dlc.expand %x {shape = array<i64: -1>} : tensor<3xf32> -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @expand_without_shape(%x: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'dlc.expand' op requires attribute 'shape'}}
  %0 = dlc.expand %x : tensor<3xf32> -> tensor<3xf32>
  return %0 : tensor<3xf32>
}
