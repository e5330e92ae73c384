// RUN: dlc-opt --split-input-file --verify-diagnostics %s

func.func @concat_mismatch(%a: tensor<2x3xf32>, %b: tensor<3x1xf32>) -> tensor<2x4xf32> {
  // expected-error @+2 {{expected inputs that agree with 'tensor<2x3xf32>' on every dim but 1, found 'tensor<3x1xf32>'}}
  // expected-error @+1 {{'dlc.concat' op failed to infer returned types}}
  %0 = "dlc.concat"(%a, %b) {axis = 1 : i64} : (tensor<2x3xf32>, tensor<3x1xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @concat_axis(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{axis 2 is out of range for rank 2}}
  // expected-error @+1 {{'dlc.concat' op failed to infer returned types}}
  %0 = "dlc.concat"(%a) {axis = 2 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @slice_out_of_bounds(%x: tensor<5xf32>) -> tensor<3xf32> {
  // expected-error @+2 {{dim 0 reads elements outside [0, 5): start 3, size 3, step 1}}
  // expected-error @+1 {{'dlc.slice' op failed to infer returned types}}
  %0 = "dlc.slice"(%x) {starts = array<i64: 3>, sizes = array<i64: 3>, steps = array<i64: 1>} : (tensor<5xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @slice_zero_step(%x: tensor<5xf32>) -> tensor<3xf32> {
  // expected-error @+2 {{expected nonzero steps, found 0 at dim 0}}
  // expected-error @+1 {{'dlc.slice' op failed to infer returned types}}
  %0 = "dlc.slice"(%x) {starts = array<i64: 0>, sizes = array<i64: 3>, steps = array<i64: 0>} : (tensor<5xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// Overflowing arithmetic on hostile attributes is an error, not a wrap.
func.func @slice_huge_step(%x: tensor<5xf32>) -> tensor<3xf32> {
  // expected-error @+2 {{dim 0 reads elements outside [0, 5): start 0, size 3, step 9223372036854775807}}
  // expected-error @+1 {{'dlc.slice' op failed to infer returned types}}
  %0 = "dlc.slice"(%x) {starts = array<i64: 0>, sizes = array<i64: 3>, steps = array<i64: 9223372036854775807>} : (tensor<5xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @gather_scalar_input(%x: tensor<f32>, %i: tensor<2xi64>) -> tensor<2xf32> {
  // expected-error @+2 {{expected an input of rank >= 1, found a scalar}}
  // expected-error @+1 {{'dlc.gather' op failed to infer returned types}}
  %0 = "dlc.gather"(%x, %i) : (tensor<f32>, tensor<2xi64>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @gather_float_indices(%x: tensor<3xf32>, %i: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'dlc.gather' op operand #1 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<2xf32>'}}
  %0 = "dlc.gather"(%x, %i) : (tensor<3xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @gather_elements_rank(%x: tensor<3x4xf32>, %i: tensor<3xi64>) -> tensor<3xf32> {
  // expected-error @+2 {{expected indices of the input's rank 2, found rank 1}}
  // expected-error @+1 {{'dlc.gather_elements' op failed to infer returned types}}
  %0 = "dlc.gather_elements"(%x, %i) {axis = 1 : i64} : (tensor<3x4xf32>, tensor<3xi64>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @gather_elements_larger(%x: tensor<3x4xf32>, %i: tensor<5x1xi64>) -> tensor<5x1xf32> {
  // expected-error @+2 {{indices 5x1 exceed the input 3x4 at dim 0}}
  // expected-error @+1 {{'dlc.gather_elements' op failed to infer returned types}}
  %0 = "dlc.gather_elements"(%x, %i) {axis = 1 : i64} : (tensor<3x4xf32>, tensor<5x1xi64>) -> tensor<5x1xf32>
  return %0 : tensor<5x1xf32>
}

// -----

func.func @gather_grad_shape(%g: tensor<2x2xf32>, %i: tensor<3xi64>) -> tensor<5x2xf32> {
  // expected-error @+2 {{expected grad of shape 3x2 (the gather's), found 2x2}}
  // expected-error @+1 {{'dlc.gather_grad' op failed to infer returned types}}
  %0 = "dlc.gather_grad"(%g, %i) {axis = 0 : i64, input_shape = array<i64: 5, 2>} : (tensor<2x2xf32>, tensor<3xi64>) -> tensor<5x2xf32>
  return %0 : tensor<5x2xf32>
}

// -----

func.func @gather_nd_tuple_too_long(%x: tensor<2x3xf32>, %i: tensor<4x3xi64>) -> tensor<4xf32> {
  // expected-error @+2 {{expected the last dim of indices in [1, 2], found 3}}
  // expected-error @+1 {{'dlc.gather_nd' op failed to infer returned types}}
  %0 = "dlc.gather_nd"(%x, %i) : (tensor<2x3xf32>, tensor<4x3xi64>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @gather_nd_batch_dims(%x: tensor<2x3xf32>, %i: tensor<3x1xi64>) -> tensor<3xf32> {
  // expected-error @+2 {{expected data 2x3 and indices 3x1 to agree on the first 1 (batch) dims}}
  // expected-error @+1 {{'dlc.gather_nd' op failed to infer returned types}}
  %0 = "dlc.gather_nd"(%x, %i) {batch_dims = 1 : i64} : (tensor<2x3xf32>, tensor<3x1xi64>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @gather_nd_batch_dims_range(%x: tensor<2x3xf32>, %i: tensor<2x1xi64>) -> tensor<2xf32> {
  // expected-error @+2 {{expected batch_dims in [0, 2), found 2}}
  // expected-error @+1 {{'dlc.gather_nd' op failed to infer returned types}}
  %0 = "dlc.gather_nd"(%x, %i) {batch_dims = 2 : i64} : (tensor<2x3xf32>, tensor<2x1xi64>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @scatter_nd_updates(%x: tensor<4x4xf32>, %i: tensor<2x1xi64>, %u: tensor<2x3xf32>) -> tensor<4x4xf32> {
  // expected-error @+2 {{expected updates of type 'tensor<2x4xf32>', found 'tensor<2x3xf32>'}}
  // expected-error @+1 {{'dlc.scatter_nd' op failed to infer returned types}}
  %0 = "dlc.scatter_nd"(%x, %i, %u) : (tensor<4x4xf32>, tensor<2x1xi64>, tensor<2x3xf32>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

func.func @scatter_nd_reduction(%x: tensor<4xf32>, %i: tensor<2x1xi64>, %u: tensor<2xf32>) -> tensor<4xf32> {
  // expected-error @+2 {{expected reduction "none", "add", "mul", "max" or "min", found "sub"}}
  // expected-error @+1 {{'dlc.scatter_nd' op failed to infer returned types}}
  %0 = "dlc.scatter_nd"(%x, %i, %u) {reduction = "sub"} : (tensor<4xf32>, tensor<2x1xi64>, tensor<2xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @scatter_elements_updates_type(%x: tensor<3x4xf32>, %i: tensor<3x2xi64>, %u: tensor<3x2xf64>) -> tensor<3x4xf32> {
  // expected-error @+2 {{expected updates of type 'tensor<3x2xf32>', found 'tensor<3x2xf64>'}}
  // expected-error @+1 {{'dlc.scatter_elements' op failed to infer returned types}}
  %0 = "dlc.scatter_elements"(%x, %i, %u) {axis = 1 : i64} : (tensor<3x4xf32>, tensor<3x2xi64>, tensor<3x2xf64>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @scatter_elements_larger(%x: tensor<3x4xf32>, %i: tensor<4x2xi64>, %u: tensor<4x2xf32>) -> tensor<3x4xf32> {
  // expected-error @+2 {{indices 4x2 exceed the input 3x4 at dim 0}}
  // expected-error @+1 {{'dlc.scatter_elements' op failed to infer returned types}}
  %0 = "dlc.scatter_elements"(%x, %i, %u) {axis = 1 : i64} : (tensor<3x4xf32>, tensor<4x2xi64>, tensor<4x2xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}
