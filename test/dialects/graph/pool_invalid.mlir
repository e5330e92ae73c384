// RUN: dlc-opt --split-input-file --verify-diagnostics %s

// Shapes are static.
func.func @dynamic_input(%x: tensor<?x3x8x8xf32>) -> tensor<1x3x7x7xf32> {
  // expected-error @below {{input must be a statically shaped tensor, got 'tensor<?x3x8x8xf32>'}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.max_pool %x {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : tensor<?x3x8x8xf32> -> tensor<1x3x7x7xf32>
  return %0 : tensor<1x3x7x7xf32>
}

// -----

// An input of rank 2 has no spatial axis.
func.func @input_rank(%x: tensor<3x8xf32>) -> tensor<3x1x1xf32> {
  // expected-error @below {{expected an input of rank >= 3 ([N, C, D1..Dk]), found rank 2}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.global_average_pool %x : tensor<3x8xf32> -> tensor<3x1x1xf32>
  return %0 : tensor<3x1x1xf32>
}

// -----

// One kernel size per spatial axis.
func.func @kernel_size_count(%x: tensor<1x3x8x8xf32>) -> tensor<1x3x7x7xf32> {
  // expected-error @below {{expected 2 values in 'kernel_shape' (one per spatial axis), found 1}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.max_pool %x {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : tensor<1x3x8x8xf32> -> tensor<1x3x7x7xf32>
  return %0 : tensor<1x3x7x7xf32>
}

// -----

// Strides are positive.
func.func @zero_stride(%x: tensor<1x3x8x8xf32>) -> tensor<1x3x7x7xf32> {
  // expected-error @below {{expected 'strides' values >= 1, found 0}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.average_pool %x {kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 0>} : tensor<1x3x8x8xf32> -> tensor<1x3x7x7xf32>
  return %0 : tensor<1x3x7x7xf32>
}

// -----

// Pads come as begin values, then end values.
func.func @pads_count(%x: tensor<1x3x8x8xf32>) -> tensor<1x3x7x7xf32> {
  // expected-error @below {{expected 4 values in 'pads' (one per spatial axis, begin then end), found 2}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.average_pool %x {kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0>, strides = array<i64: 1, 1>} : tensor<1x3x8x8xf32> -> tensor<1x3x7x7xf32>
  return %0 : tensor<1x3x7x7xf32>
}

// -----

// Dilations are positive.
func.func @zero_dilation(%x: tensor<1x3x8x8xf32>) -> tensor<1x3x7x7xf32> {
  // expected-error @below {{expected 'dilations' values >= 1, found 0}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.max_pool %x {dilations = array<i64: 0, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : tensor<1x3x8x8xf32> -> tensor<1x3x7x7xf32>
  return %0 : tensor<1x3x7x7xf32>
}

// -----

// A pad as large as the kernel would give windows of padding only.
func.func @pad_not_below_kernel(%x: tensor<1x3x8x8xf32>) -> tensor<1x3x11x9xf32> {
  // expected-error @below {{expected pads smaller than the kernel (2) along spatial axis 0, found 2}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.max_pool %x {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 2, 1, 2, 1>, strides = array<i64: 1, 1>} : tensor<1x3x8x8xf32> -> tensor<1x3x11x9xf32>
  return %0 : tensor<1x3x11x9xf32>
}

// -----

// The dilated kernel must fit in the padded input.
func.func @kernel_too_large(%x: tensor<1x3x8x8xf32>) -> tensor<1x3x1x1xf32> {
  // expected-error @below {{expected a padded input of at least 9 (the dilated kernel) along spatial axis 1, found 8}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.max_pool %x {dilations = array<i64: 1, 4>, kernel_shape = array<i64: 2, 3>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : tensor<1x3x8x8xf32> -> tensor<1x3x1x1xf32>
  return %0 : tensor<1x3x1x1xf32>
}

// -----

// Indices are flattened row-major (0) or with column-major spatial dims (1).
func.func @storage_order(%x: tensor<1x1x4x4xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>) {
  // expected-error @below {{expected storage_order 0 (row-major) or 1 (column-major), found 2}}
  // expected-error @below {{failed to infer returned types}}
  %0, %1 = dlc.max_pool_with_indices %x {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, storage_order = 2 : i64, strides = array<i64: 2, 2>} : tensor<1x1x4x4xf32> -> tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>
  return %0, %1 : tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>
}

// -----

// With ceil_mode a last window must start inside the input or its begin
// padding: rounding (7 - 2) / 2 up gives 4 windows, but the fourth would start
// at 6, in the end padding, so there are 3.
func.func @ceil_mode_last_window(%x: tensor<1x1x5x5xf32>) -> tensor<1x1x4x4xf32> {
  // expected-error @below {{'dlc.max_pool' op inferred type(s) 'tensor<1x1x3x3xf32>' are incompatible with return type(s) of operation 'tensor<1x1x4x4xf32>'}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.max_pool %x {ceil_mode = true, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x1x5x5xf32> -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

// Average pooling is for floats.
func.func @average_pool_int(%x: tensor<1x1x4x4xi8>) -> tensor<1x1x2x2xi8> {
  // expected-error @below {{operand #0 must be ranked tensor of 16-bit float or 32-bit float or 64-bit float values, but got 'tensor<1x1x4x4xi8>'}}
  %0 = dlc.average_pool %x {kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x1x4x4xi8> -> tensor<1x1x2x2xi8>
  return %0 : tensor<1x1x2x2xi8>
}

// -----

// max_pool_grad: the gradient has the type of the pool's result.
func.func @max_pool_grad_shape(%dy: tensor<1x3x4x4xf32>, %x: tensor<1x3x8x8xf32>) -> tensor<1x3x8x8xf32> {
  // expected-error @below {{expected output_grad of type 'tensor<1x3x3x3xf32>' (the pool result for an input of type 'tensor<1x3x8x8xf32>'), found 'tensor<1x3x4x4xf32>'}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.max_pool_grad %dy, %x {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x3x4x4xf32>, tensor<1x3x8x8xf32>) -> tensor<1x3x8x8xf32>
  return %0 : tensor<1x3x8x8xf32>
}

// -----

// max_pool_grad: gradient and input share one element type.
func.func @max_pool_grad_element_type(%dy: tensor<1x3x4x4xf16>, %x: tensor<1x3x8x8xf32>) -> tensor<1x3x8x8xf32> {
  // expected-error @below {{expected output_grad of type 'tensor<1x3x4x4xf32>' (the pool result for an input of type 'tensor<1x3x8x8xf32>'), found 'tensor<1x3x4x4xf16>'}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.max_pool_grad %dy, %x {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x3x4x4xf16>, tensor<1x3x8x8xf32>) -> tensor<1x3x8x8xf32>
  return %0 : tensor<1x3x8x8xf32>
}

// -----

// max_pool_grad: shapes are static.
func.func @max_pool_grad_dynamic(%dy: tensor<?x3x4x4xf32>, %x: tensor<1x3x8x8xf32>) -> tensor<1x3x8x8xf32> {
  // expected-error @below {{output_grad must be a statically shaped tensor, got 'tensor<?x3x4x4xf32>'}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.max_pool_grad %dy, %x {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<?x3x4x4xf32>, tensor<1x3x8x8xf32>) -> tensor<1x3x8x8xf32>
  return %0 : tensor<1x3x8x8xf32>
}

// -----

// max_pool_grad: the window follows the pool's rules.
func.func @max_pool_grad_dilations(%dy: tensor<1x3x4x4xf32>, %x: tensor<1x3x8x8xf32>) -> tensor<1x3x8x8xf32> {
  // expected-error @below {{expected 2 values in 'dilations' (one per spatial axis), found 1}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.max_pool_grad %dy, %x {dilations = array<i64: 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x3x4x4xf32>, tensor<1x3x8x8xf32>) -> tensor<1x3x8x8xf32>
  return %0 : tensor<1x3x8x8xf32>
}

// -----

// max_pool_grad: the result is shaped like the input.
func.func @max_pool_grad_result(%dy: tensor<1x3x4x4xf32>, %x: tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32> {
  // expected-error @below {{inferred type(s) 'tensor<1x3x8x8xf32>' are incompatible with return type(s) of operation 'tensor<1x3x4x4xf32>'}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.max_pool_grad %dy, %x {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x3x4x4xf32>, tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32>
  return %0 : tensor<1x3x4x4xf32>
}

// -----

// max_pool_grad: gradients are floats.
func.func @max_pool_grad_int(%dy: tensor<1x1x2x2xi8>, %x: tensor<1x1x4x4xi8>) -> tensor<1x1x4x4xi8> {
  // expected-error @below {{operand #0 must be ranked tensor of 16-bit float or 32-bit float or 64-bit float values, but got 'tensor<1x1x2x2xi8>'}}
  %0 = dlc.max_pool_grad %dy, %x {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x1x2x2xi8>, tensor<1x1x4x4xi8>) -> tensor<1x1x4x4xi8>
  return %0 : tensor<1x1x4x4xi8>
}

// -----

// average_pool_grad: input_shape is [N, C, D1..Dk].
func.func @average_pool_grad_input_rank(%dy: tensor<1x3x4xf32>) -> tensor<3x8xf32> {
  // expected-error @below {{expected at least 3 values in 'input_shape' ([N, C, D1..Dk]), found 2}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.average_pool_grad %dy {input_shape = array<i64: 3, 8>, kernel_shape = array<i64: 2>, pads = array<i64: 0, 0>, strides = array<i64: 2>} : tensor<1x3x4xf32> -> tensor<3x8xf32>
  return %0 : tensor<3x8xf32>
}

// -----

// average_pool_grad: dims are sizes.
func.func @average_pool_grad_input_negative(%dy: tensor<1x3x4xf32>) -> tensor<1x3x8xf32> {
  // expected-error @below {{expected 'input_shape' values >= 0, found 1x-3x8}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.average_pool_grad %dy {input_shape = array<i64: 1, -3, 8>, kernel_shape = array<i64: 2>, pads = array<i64: 0, 0>, strides = array<i64: 2>} : tensor<1x3x4xf32> -> tensor<1x3x8xf32>
  return %0 : tensor<1x3x8xf32>
}

// -----

// average_pool_grad: shapes are static.
func.func @average_pool_grad_dynamic(%dy: tensor<1x3x?xf32>) -> tensor<1x3x8xf32> {
  // expected-error @below {{output_grad must be a statically shaped tensor, got 'tensor<1x3x?xf32>'}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.average_pool_grad %dy {input_shape = array<i64: 1, 3, 8>, kernel_shape = array<i64: 2>, pads = array<i64: 0, 0>, strides = array<i64: 2>} : tensor<1x3x?xf32> -> tensor<1x3x8xf32>
  return %0 : tensor<1x3x8xf32>
}

// -----

// average_pool_grad: the window follows the pool's rules.
func.func @average_pool_grad_pads(%dy: tensor<1x3x6xf32>) -> tensor<1x3x8xf32> {
  // expected-error @below {{expected pads smaller than the kernel (2) along spatial axis 0, found 2}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.average_pool_grad %dy {input_shape = array<i64: 1, 3, 8>, kernel_shape = array<i64: 2>, pads = array<i64: 2, 0>, strides = array<i64: 2>} : tensor<1x3x6xf32> -> tensor<1x3x8xf32>
  return %0 : tensor<1x3x8xf32>
}

// -----

// average_pool_grad: the gradient has the shape of the pool's result, here
// with the last window that ceil_mode adds: (9 - 2) / 2 rounds up to 4, plus one.
func.func @average_pool_grad_ceil(%dy: tensor<1x3x4xf32>) -> tensor<1x3x9xf32> {
  // expected-error @below {{expected output_grad of type 'tensor<1x3x5xf32>' (the pool result for an input of type 'tensor<1x3x9xf32>'), found 'tensor<1x3x4xf32>'}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.average_pool_grad %dy {ceil_mode = true, input_shape = array<i64: 1, 3, 9>, kernel_shape = array<i64: 2>, pads = array<i64: 0, 0>, strides = array<i64: 2>} : tensor<1x3x4xf32> -> tensor<1x3x9xf32>
  return %0 : tensor<1x3x9xf32>
}

// -----

// average_pool_grad: the result has input_shape.
func.func @average_pool_grad_result(%dy: tensor<1x3x4xf32>) -> tensor<1x3x9xf32> {
  // expected-error @below {{inferred type(s) 'tensor<1x3x8xf32>' are incompatible with return type(s) of operation 'tensor<1x3x9xf32>'}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.average_pool_grad %dy {input_shape = array<i64: 1, 3, 8>, kernel_shape = array<i64: 2>, pads = array<i64: 0, 0>, strides = array<i64: 2>} : tensor<1x3x4xf32> -> tensor<1x3x9xf32>
  return %0 : tensor<1x3x9xf32>
}

// -----

// Pads that overflow the padded size are an error, not an overflow.
func.func @pads_overflow(%x: tensor<1x3x8x8xf32>) -> tensor<1x3x7x7xf32> {
  // expected-error @below {{window sizes along spatial axis 0 overflow 64 bits (input 8, pads 0 and 9223372036854775806, kernel 9223372036854775807, dilation 1)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.max_pool %x {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 9223372036854775807, 2>, pads = array<i64: 0, 0, 9223372036854775806, 0>, strides = array<i64: 1, 1>} : tensor<1x3x8x8xf32> -> tensor<1x3x7x7xf32>
  return %0 : tensor<1x3x7x7xf32>
}

// -----

func.func @lp_pool_p_zero(%x: tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32> {
  // expected-error @below {{expected p >= 1, found 0}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.lp_pool %x {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, p = 0 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  return %0 : tensor<1x3x4x4xf32>
}
