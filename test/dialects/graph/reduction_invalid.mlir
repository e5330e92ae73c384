// RUN: dlc-opt --split-input-file --verify-diagnostics %s

// The importer lists ONNX's "all axes" explicitly, so none is an error.
func.func @no_axes(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{expected at least one axis to reduce, found none}}
  // expected-error @+1 {{'dlc.reduce_sum' op failed to infer returned types}}
  %0 = dlc.reduce_sum %x {axes = array<i64>} : tensor<2x3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @axis_out_of_range(%x: tensor<2x3xf32>) -> tensor<2x1xf32> {
  // expected-error @+2 {{axis 2 is out of range for rank 2}}
  // expected-error @+1 {{'dlc.reduce_max' op failed to infer returned types}}
  %0 = dlc.reduce_max %x {axes = array<i64: 2>} : tensor<2x3xf32> -> tensor<2x1xf32>
  return %0 : tensor<2x1xf32>
}

// -----

func.func @axis_below_range(%x: tensor<2x3xf32>) -> tensor<1x3xf32> {
  // expected-error @+2 {{axis -3 is out of range for rank 2}}
  // expected-error @+1 {{'dlc.reduce_sum' op failed to infer returned types}}
  %0 = dlc.reduce_sum %x {axes = array<i64: -3>} : tensor<2x3xf32> -> tensor<1x3xf32>
  return %0 : tensor<1x3xf32>
}

// -----

// A scalar has no axis to reduce.
func.func @scalar_input(%x: tensor<f32>) -> tensor<f32> {
  // expected-error @+2 {{axis 0 is out of range for rank 0}}
  // expected-error @+1 {{'dlc.reduce_max' op failed to infer returned types}}
  %0 = dlc.reduce_max %x {axes = array<i64: 0>, keepdims = false} : tensor<f32> -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// -1 and 1 name the same dim of a rank-2 tensor.
func.func @duplicate_axes(%x: tensor<2x3xf32>) -> tensor<2x1xf32> {
  // expected-error @+2 {{expected each dim reduced once, found dim 1 twice in axes [1, -1]}}
  // expected-error @+1 {{'dlc.reduce_sum' op failed to infer returned types}}
  %0 = dlc.reduce_sum %x {axes = array<i64: 1, -1>} : tensor<2x3xf32> -> tensor<2x1xf32>
  return %0 : tensor<2x1xf32>
}

// -----

func.func @dynamic_input(%x: tensor<?x3xf32>) -> tensor<?x1xf32> {
  // expected-error @+2 {{input must be a statically shaped tensor, got 'tensor<?x3xf32>'}}
  // expected-error @+1 {{'dlc.reduce_max' op failed to infer returned types}}
  %0 = dlc.reduce_max %x {axes = array<i64: 1>} : tensor<?x3xf32> -> tensor<?x1xf32>
  return %0 : tensor<?x1xf32>
}

// -----

func.func @keepdims_ignored(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error @+2 {{inferred type(s) 'tensor<2x1xf32>' are incompatible with return type(s) of operation 'tensor<2xf32>'}}
  // expected-error @+1 {{'dlc.reduce_sum' op failed to infer returned types}}
  %0 = dlc.reduce_sum %x {axes = array<i64: 1>} : tensor<2x3xf32> -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// ONNX reductions take no booleans.
func.func @bool_input(%x: tensor<2x3xi1>) -> tensor<2x1xi1> {
  // expected-error @+1 {{operand #0 must be ranked tensor of}}
  %0 = dlc.reduce_max %x {axes = array<i64: 1>} : tensor<2x3xi1> -> tensor<2x1xi1>
  return %0 : tensor<2x1xi1>
}

// -----

// Softmax infers its type while parsing, so a bad axis fails the parse.
func.func @softmax_axis_out_of_range(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{axis 2 is out of range for rank 2}}
  %0 = dlc.softmax %x {axis = 2} : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @softmax_scalar(%x: tensor<f32>) -> tensor<f32> {
  // expected-error @+1 {{axis -1 is out of range for rank 0}}
  %0 = dlc.softmax %x : tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @softmax_dynamic(%x: tensor<2x?xf32>) -> tensor<2x?xf32> {
  // expected-error @+1 {{input must be a statically shaped tensor, got 'tensor<2x?xf32>'}}
  %0 = dlc.softmax %x : tensor<2x?xf32>
  return %0 : tensor<2x?xf32>
}

// -----

func.func @softmax_of_ints(%x: tensor<2x3xi32>) -> tensor<2x3xi32> {
  // expected-error @+1 {{operand #0 must be ranked tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values}}
  %0 = dlc.softmax %x : tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}

// -----

func.func @arg_max_axis_out_of_range(%x: tensor<2x3xf32>) -> tensor<2x1xi64> {
  // expected-error @+2 {{axis 2 is out of range for rank 2}}
  // expected-error @+1 {{'dlc.arg_max' op failed to infer returned types}}
  %0 = dlc.arg_max %x {axis = 2 : i64} : tensor<2x3xf32> -> tensor<2x1xi64>
  return %0 : tensor<2x1xi64>
}

// -----

// An empty row has no maximum to point at.
func.func @arg_max_empty_axis(%x: tensor<2x0xf32>) -> tensor<2x1xi64> {
  // expected-error @+2 {{expected a non-empty dim along axis 1, found input 2x0}}
  // expected-error @+1 {{'dlc.arg_max' op failed to infer returned types}}
  %0 = dlc.arg_max %x {axis = 1 : i64} : tensor<2x0xf32> -> tensor<2x1xi64>
  return %0 : tensor<2x1xi64>
}

// -----

func.func @arg_max_result_not_i64(%x: tensor<2x3xf32>) -> tensor<2x1xi32> {
  // expected-error @+1 {{'dlc.arg_max' op result #0 must be ranked tensor of 64-bit signless integer values, but got 'tensor<2x1xi32>'}}
  %0 = dlc.arg_max %x {axis = 1 : i64} : tensor<2x3xf32> -> tensor<2x1xi32>
  return %0 : tensor<2x1xi32>
}

// -----

// ReduceMean, ReduceL2, ReduceLogSum and ReduceLogSumExp take floats only.
func.func @integer_log_sum(%x: tensor<2x3xi32>) -> tensor<2x1xi32> {
  // expected-error @+1 {{'dlc.reduce_log_sum' op operand #0 must be ranked tensor of}}
  %0 = dlc.reduce_log_sum %x {axes = array<i64: 1>} : tensor<2x3xi32> -> tensor<2x1xi32>
  return %0 : tensor<2x1xi32>
}

// -----

func.func @min_twice(%x: tensor<2x3xf32>) -> tensor<1x1xf32> {
  // expected-error @+2 {{expected each dim reduced once, found dim 1 twice in axes [1, -1]}}
  // expected-error @+1 {{'dlc.reduce_min' op failed to infer returned types}}
  %0 = dlc.reduce_min %x {axes = array<i64: 1, -1>} : tensor<2x3xf32> -> tensor<1x1xf32>
  return %0 : tensor<1x1xf32>
}

// -----

func.func @arg_min_empty(%x: tensor<2x0xf32>) -> tensor<2x1xi64> {
  // expected-error @+2 {{expected a non-empty dim along axis 1, found input 2x0}}
  // expected-error @+1 {{'dlc.arg_min' op failed to infer returned types}}
  %0 = dlc.arg_min %x {axis = 1 : i64} : tensor<2x0xf32> -> tensor<2x1xi64>
  return %0 : tensor<2x1xi64>
}

// -----

func.func @hardmax_axis(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{axis 2 is out of range for rank 2}}
  %0 = dlc.hardmax %x {axis = 2 : i64} : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
