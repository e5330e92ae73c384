// RUN: dlc-opt --split-input-file --verify-diagnostics %s

// Input of rank 2 has no spatial axis.
func.func @input_rank(%x: tensor<3x32xf32>, %w: tensor<16x3x3xf32>) -> tensor<1x16x30xf32> {
  // expected-error @below {{expected an input of rank 3, 4 or 5 ([N, C, D1..Dk]), found rank 2}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.conv %x, %w {dilations = array<i64: 1>, pads = array<i64: 0, 0>, strides = array<i64: 1>} : (tensor<3x32xf32>, tensor<16x3x3xf32>) -> tensor<1x16x30xf32>
  return %0 : tensor<1x16x30xf32>
}

// -----

// The weight needs one spatial dim per input spatial dim.
func.func @weight_rank(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3xf32>) -> tensor<1x16x6x6xf32> {
  // expected-error @below {{expected a weight of rank 4 ([M, C/group, K1..Kk]) like the input, found rank 3}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.conv %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<16x3x3xf32>) -> tensor<1x16x6x6xf32>
  return %0 : tensor<1x16x6x6xf32>
}

// -----

// Input and weight share one element type.
func.func @weight_element_type(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf16>) -> tensor<1x16x6x6xf32> {
  // expected-error @below {{expected a weight of element type 'f32', found 'f16'}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.conv %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf16>) -> tensor<1x16x6x6xf32>
  return %0 : tensor<1x16x6x6xf32>
}

// -----

// Shapes are static.
func.func @dynamic_input(%x: tensor<?x3x8x8xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32> {
  // expected-error @below {{input must be a statically shaped tensor, got 'tensor<?x3x8x8xf32>'}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.conv %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<?x3x8x8xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32>
  return %0 : tensor<1x16x6x6xf32>
}

// -----

// Group is a positive count.
func.func @group_zero(%x: tensor<1x4x8x8xf32>, %w: tensor<16x4x3x3xf32>) -> tensor<1x16x6x6xf32> {
  // expected-error @below {{expected a positive group, found 0}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.conv %x, %w {dilations = array<i64: 1, 1>, group = 0 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x8x8xf32>, tensor<16x4x3x3xf32>) -> tensor<1x16x6x6xf32>
  return %0 : tensor<1x16x6x6xf32>
}

// -----

// Each group takes an equal share of the input channels.
func.func @channels_not_divisible(%x: tensor<1x3x8x8xf32>, %w: tensor<16x1x3x3xf32>) -> tensor<1x16x6x6xf32> {
  // expected-error @below {{expected input channels divisible by group 2, found 3}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.conv %x, %w {dilations = array<i64: 1, 1>, group = 2 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<16x1x3x3xf32>) -> tensor<1x16x6x6xf32>
  return %0 : tensor<1x16x6x6xf32>
}

// -----

// Each group produces an equal share of the output channels.
func.func @filters_not_divisible(%x: tensor<1x4x8x8xf32>, %w: tensor<15x2x3x3xf32>) -> tensor<1x15x6x6xf32> {
  // expected-error @below {{expected output channels (weight dim 0) divisible by group 2, found 15}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.conv %x, %w {dilations = array<i64: 1, 1>, group = 2 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x8x8xf32>, tensor<15x2x3x3xf32>) -> tensor<1x15x6x6xf32>
  return %0 : tensor<1x15x6x6xf32>
}

// -----

// Weight dim 1 is the channel count of one group.
func.func @weight_channels(%x: tensor<1x4x8x8xf32>, %w: tensor<16x4x3x3xf32>) -> tensor<1x16x6x6xf32> {
  // expected-error @below {{expected weight dim 1 to be input channels / group = 2, found 4}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.conv %x, %w {dilations = array<i64: 1, 1>, group = 2 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x8x8xf32>, tensor<16x4x3x3xf32>) -> tensor<1x16x6x6xf32>
  return %0 : tensor<1x16x6x6xf32>
}

// -----

// The bias holds one value per output channel.
func.func @bias_shape(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>, %b: tensor<8xf32>) -> tensor<1x16x6x6xf32> {
  // expected-error @below {{expected a bias of shape 16 (one per output channel), found 8}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.conv %x, %w, %b {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>, tensor<8xf32>) -> tensor<1x16x6x6xf32>
  return %0 : tensor<1x16x6x6xf32>
}

// -----

// The bias has the input's element type.
func.func @bias_element_type(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>, %b: tensor<16xf64>) -> tensor<1x16x6x6xf32> {
  // expected-error @below {{expected a bias of element type 'f32', found 'f64'}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.conv %x, %w, %b {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>, tensor<16xf64>) -> tensor<1x16x6x6xf32>
  return %0 : tensor<1x16x6x6xf32>
}

// -----

// One stride per spatial axis.
func.func @strides_size(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32> {
  // expected-error @below {{expected 2 values in 'strides' (one per spatial axis), found 1}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.conv %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1>} : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32>
  return %0 : tensor<1x16x6x6xf32>
}

// -----

// Strides are positive.
func.func @strides_zero(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32> {
  // expected-error @below {{expected 'strides' values >= 1, found 0}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.conv %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 0>} : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32>
  return %0 : tensor<1x16x6x6xf32>
}

// -----

// Dilations are positive.
func.func @dilations_zero(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32> {
  // expected-error @below {{expected 'dilations' values >= 1, found 0}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.conv %x, %w {dilations = array<i64: 0, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32>
  return %0 : tensor<1x16x6x6xf32>
}

// -----

// Pads list every spatial axis twice, begins then ends.
func.func @pads_size(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32> {
  // expected-error @below {{expected 4 values in 'pads' (one per spatial axis, begin then end), found 2}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.conv %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32>
  return %0 : tensor<1x16x6x6xf32>
}

// -----

// Pads cannot crop.
func.func @pads_negative(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32> {
  // expected-error @below {{expected 'pads' values >= 0, found -1}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.conv %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, -1, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32>
  return %0 : tensor<1x16x6x6xf32>
}

// -----

// A kernel covers at least one position per axis.
func.func @empty_kernel(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x0x3xf32>) -> tensor<1x16x6x6xf32> {
  // expected-error @below {{expected a positive kernel size along spatial axis 0, found 0}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.conv %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<16x3x0x3xf32>) -> tensor<1x16x6x6xf32>
  return %0 : tensor<1x16x6x6xf32>
}

// -----

// The dilated kernel must fit in the padded input.
func.func @kernel_too_large(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32> {
  // expected-error @below {{expected a padded input of at least 9 (the dilated kernel) along spatial axis 1, found 8}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.conv %x, %w {dilations = array<i64: 1, 4>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32>
  return %0 : tensor<1x16x6x6xf32>
}

// -----

// The declared result must be the inferred one: 8 padded to 10, stride 2, kernel 3 gives 4.
func.func @result_shape(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x16x4x5xf32> {
  // expected-error @below {{inferred type(s) 'tensor<1x16x4x4xf32>' are incompatible with return type(s) of operation 'tensor<1x16x4x5xf32>'}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.conv %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x4x5xf32>
  return %0 : tensor<1x16x4x5xf32>
}

// -----

// conv_grad_input: the output's gradient is [N, M, O1..Ok].
func.func @grad_input_rank(%dy: tensor<16x4xf32>, %w: tensor<16x3x3xf32>) -> tensor<1x3x8xf32> {
  // expected-error @below {{expected an output_grad of rank 3, 4 or 5 ([N, C, D1..Dk]), found rank 2}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.conv_grad_input %dy, %w {dilations = array<i64: 1>, input_shape = array<i64: 1, 3, 8>, pads = array<i64: 0, 0>, strides = array<i64: 1>} : (tensor<16x4xf32>, tensor<16x3x3xf32>) -> tensor<1x3x8xf32>
  return %0 : tensor<1x3x8xf32>
}

// -----

// conv_grad_input: the weight has as many spatial dims as the gradient.
func.func @grad_input_weight_rank(%dy: tensor<1x16x6x6xf32>, %w: tensor<16x3x3xf32>) -> tensor<1x3x8x8xf32> {
  // expected-error @below {{expected a weight of rank 4 ([M, C/group, K1..Kk]) like output_grad, found rank 3}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.conv_grad_input %dy, %w {dilations = array<i64: 1, 1>, input_shape = array<i64: 1, 3, 8, 8>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x16x6x6xf32>, tensor<16x3x3xf32>) -> tensor<1x3x8x8xf32>
  return %0 : tensor<1x3x8x8xf32>
}

// -----

// conv_grad_input: gradient and weight share one element type.
func.func @grad_input_element_type(%dy: tensor<1x16x6x6xf32>, %w: tensor<16x3x3x3xf64>) -> tensor<1x3x8x8xf32> {
  // expected-error @below {{expected a weight of element type 'f32', found 'f64'}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.conv_grad_input %dy, %w {dilations = array<i64: 1, 1>, input_shape = array<i64: 1, 3, 8, 8>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x16x6x6xf32>, tensor<16x3x3x3xf64>) -> tensor<1x3x8x8xf32>
  return %0 : tensor<1x3x8x8xf32>
}

// -----

// conv_grad_input: shapes are static.
func.func @grad_input_dynamic(%dy: tensor<?x16x6x6xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x3x8x8xf32> {
  // expected-error @below {{output_grad must be a statically shaped tensor, got 'tensor<?x16x6x6xf32>'}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.conv_grad_input %dy, %w {dilations = array<i64: 1, 1>, input_shape = array<i64: 1, 3, 8, 8>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<?x16x6x6xf32>, tensor<16x3x3x3xf32>) -> tensor<1x3x8x8xf32>
  return %0 : tensor<1x3x8x8xf32>
}

// -----

// conv_grad_input: input_shape lists every dim of the input.
func.func @grad_input_shape_size(%dy: tensor<1x16x6x6xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x3x8x8xf32> {
  // expected-error @below {{expected 4 values in 'input_shape' ([N, C, D1..Dk], the rank of output_grad), found 3}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.conv_grad_input %dy, %w {dilations = array<i64: 1, 1>, input_shape = array<i64: 1, 3, 8>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x16x6x6xf32>, tensor<16x3x3x3xf32>) -> tensor<1x3x8x8xf32>
  return %0 : tensor<1x3x8x8xf32>
}

// -----

// conv_grad_input: dims are sizes.
func.func @grad_input_shape_negative(%dy: tensor<1x16x6x6xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x3x8x8xf32> {
  // expected-error @below {{expected 'input_shape' values >= 0, found 1x3x-8x8}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.conv_grad_input %dy, %w {dilations = array<i64: 1, 1>, input_shape = array<i64: 1, 3, -8, 8>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x16x6x6xf32>, tensor<16x3x3x3xf32>) -> tensor<1x3x8x8xf32>
  return %0 : tensor<1x3x8x8xf32>
}

// -----

// conv_grad_input: the conv's own rules hold for input_shape and the weight.
func.func @grad_input_channels(%dy: tensor<1x16x6x6xf32>, %w: tensor<16x2x3x3xf32>) -> tensor<1x3x8x8xf32> {
  // expected-error @below {{expected input channels divisible by group 2, found 3}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.conv_grad_input %dy, %w {dilations = array<i64: 1, 1>, group = 2 : i64, input_shape = array<i64: 1, 3, 8, 8>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x16x6x6xf32>, tensor<16x2x3x3xf32>) -> tensor<1x3x8x8xf32>
  return %0 : tensor<1x3x8x8xf32>
}

// -----

// conv_grad_input: one stride per spatial axis.
func.func @grad_input_strides(%dy: tensor<1x16x6x6xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x3x8x8xf32> {
  // expected-error @below {{expected 2 values in 'strides' (one per spatial axis), found 1}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.conv_grad_input %dy, %w {dilations = array<i64: 1, 1>, input_shape = array<i64: 1, 3, 8, 8>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1>} : (tensor<1x16x6x6xf32>, tensor<16x3x3x3xf32>) -> tensor<1x3x8x8xf32>
  return %0 : tensor<1x3x8x8xf32>
}

// -----

// conv_grad_input: the gradient has the shape of the conv's result: 8 with
// stride 2 and kernel 3 gives 3, not 4.
func.func @grad_input_output_shape(%dy: tensor<1x16x4x4xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x3x8x8xf32> {
  // expected-error @below {{expected output_grad of shape 1x16x3x3 (the conv result for an input of shape 1x3x8x8), found 1x16x4x4}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.conv_grad_input %dy, %w {dilations = array<i64: 1, 1>, input_shape = array<i64: 1, 3, 8, 8>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x16x4x4xf32>, tensor<16x3x3x3xf32>) -> tensor<1x3x8x8xf32>
  return %0 : tensor<1x3x8x8xf32>
}

// -----

// conv_grad_input: the result has input_shape.
func.func @grad_input_result(%dy: tensor<1x16x3x3xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x3x7x7xf32> {
  // expected-error @below {{inferred type(s) 'tensor<1x3x8x8xf32>' are incompatible with return type(s) of operation 'tensor<1x3x7x7xf32>'}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.conv_grad_input %dy, %w {dilations = array<i64: 1, 1>, input_shape = array<i64: 1, 3, 8, 8>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x16x3x3xf32>, tensor<16x3x3x3xf32>) -> tensor<1x3x7x7xf32>
  return %0 : tensor<1x3x7x7xf32>
}

// -----

// conv_grad_weight: the gradient has as many dims as the input.
func.func @grad_weight_rank(%x: tensor<1x3x8x8xf32>, %dy: tensor<1x16x6xf32>) -> tensor<16x3x3x3xf32> {
  // expected-error @below {{expected an output_grad of rank 4 ([N, M, O1..Ok]) like the input, found rank 3}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.conv_grad_weight %x, %dy {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<1x16x6xf32>) -> tensor<16x3x3x3xf32>
  return %0 : tensor<16x3x3x3xf32>
}

// -----

// conv_grad_weight: input and gradient share one element type.
func.func @grad_weight_element_type(%x: tensor<1x3x8x8xf32>, %dy: tensor<1x16x6x6xf16>) -> tensor<16x3x3x3xf32> {
  // expected-error @below {{expected an output_grad of element type 'f32', found 'f16'}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.conv_grad_weight %x, %dy {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<1x16x6x6xf16>) -> tensor<16x3x3x3xf32>
  return %0 : tensor<16x3x3x3xf32>
}

// -----

// conv_grad_weight: one kernel size per spatial axis.
func.func @grad_weight_kernel_size(%x: tensor<1x3x8x8xf32>, %dy: tensor<1x16x6x6xf32>) -> tensor<16x3x3x3xf32> {
  // expected-error @below {{expected 2 values in 'kernel_shape' (one per spatial axis), found 1}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.conv_grad_weight %x, %dy {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<1x16x6x6xf32>) -> tensor<16x3x3x3xf32>
  return %0 : tensor<16x3x3x3xf32>
}

// -----

// conv_grad_weight: kernels are not empty.
func.func @grad_weight_kernel_zero(%x: tensor<1x3x8x8xf32>, %dy: tensor<1x16x6x6xf32>) -> tensor<16x3x0x3xf32> {
  // expected-error @below {{expected 'kernel_shape' values >= 1, found 0}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.conv_grad_weight %x, %dy {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 0, 3>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<1x16x6x6xf32>) -> tensor<16x3x0x3xf32>
  return %0 : tensor<16x3x0x3xf32>
}

// -----

// conv_grad_weight: group is a positive count.
func.func @grad_weight_group_zero(%x: tensor<1x4x8x8xf32>, %dy: tensor<1x16x6x6xf32>) -> tensor<16x4x3x3xf32> {
  // expected-error @below {{expected a positive group, found 0}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.conv_grad_weight %x, %dy {dilations = array<i64: 1, 1>, group = 0 : i64, kernel_shape = array<i64: 3, 3>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x8x8xf32>, tensor<1x16x6x6xf32>) -> tensor<16x4x3x3xf32>
  return %0 : tensor<16x4x3x3xf32>
}

// -----

// conv_grad_weight: each group produces an equal share of the output channels.
func.func @grad_weight_filters(%x: tensor<1x4x8x8xf32>, %dy: tensor<1x15x6x6xf32>) -> tensor<15x2x3x3xf32> {
  // expected-error @below {{expected output channels (output_grad dim 1) divisible by group 2, found 15}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.conv_grad_weight %x, %dy {dilations = array<i64: 1, 1>, group = 2 : i64, kernel_shape = array<i64: 3, 3>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x8x8xf32>, tensor<1x15x6x6xf32>) -> tensor<15x2x3x3xf32>
  return %0 : tensor<15x2x3x3xf32>
}

// -----

// conv_grad_weight: and an equal share of the input channels.
func.func @grad_weight_channels(%x: tensor<1x3x8x8xf32>, %dy: tensor<1x16x6x6xf32>) -> tensor<16x1x3x3xf32> {
  // expected-error @below {{expected input channels divisible by group 2, found 3}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.conv_grad_weight %x, %dy {dilations = array<i64: 1, 1>, group = 2 : i64, kernel_shape = array<i64: 3, 3>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<1x16x6x6xf32>) -> tensor<16x1x3x3xf32>
  return %0 : tensor<16x1x3x3xf32>
}

// -----

// conv_grad_weight: the dilated kernel fits in the padded input.
func.func @grad_weight_kernel_too_large(%x: tensor<1x3x8x8xf32>, %dy: tensor<1x16x6x6xf32>) -> tensor<16x3x3x3xf32> {
  // expected-error @below {{expected a padded input of at least 9 (the dilated kernel) along spatial axis 1, found 8}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.conv_grad_weight %x, %dy {dilations = array<i64: 1, 4>, kernel_shape = array<i64: 3, 3>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<1x16x6x6xf32>) -> tensor<16x3x3x3xf32>
  return %0 : tensor<16x3x3x3xf32>
}

// -----

// conv_grad_weight: the gradient has the shape of the conv's result.
func.func @grad_weight_output_shape(%x: tensor<1x3x8x8xf32>, %dy: tensor<1x16x6x5xf32>) -> tensor<16x3x3x3xf32> {
  // expected-error @below {{expected output_grad of shape 1x16x6x6 (the conv result for an input of shape 1x3x8x8), found 1x16x6x5}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.conv_grad_weight %x, %dy {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<1x16x6x5xf32>) -> tensor<16x3x3x3xf32>
  return %0 : tensor<16x3x3x3xf32>
}

// -----

// conv_grad_weight: the result is [M, C/group, K1..Kk].
func.func @grad_weight_result(%x: tensor<1x4x8x8xf32>, %dy: tensor<1x16x6x6xf32>) -> tensor<16x4x3x3xf32> {
  // expected-error @below {{inferred type(s) 'tensor<16x2x3x3xf32>' are incompatible with return type(s) of operation 'tensor<16x4x3x3xf32>'}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.conv_grad_weight %x, %dy {dilations = array<i64: 1, 1>, group = 2 : i64, kernel_shape = array<i64: 3, 3>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x8x8xf32>, tensor<1x16x6x6xf32>) -> tensor<16x4x3x3xf32>
  return %0 : tensor<16x4x3x3xf32>
}

// -----

// A dilated kernel wider than 64 bits is an error, not an overflow.
func.func @dilation_overflow(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32> {
  // expected-error @below {{window sizes along spatial axis 0 overflow 64 bits (input 8, pads 0 and 0, kernel 3, dilation 4611686018427387904)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.conv %x, %w {dilations = array<i64: 4611686018427387904, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32>
  return %0 : tensor<1x16x6x6xf32>
}

// -----

// With filter_channels_last the output channels are the weight's last dim,
// which the bias must match.
func.func @channels_last_bias(%x: tensor<1x3x6x6xf32>, %w: tensor<3x3x3x16xf32>, %b: tensor<3xf32>) -> tensor<1x16x4x4xf32> {
  // expected-error @below {{expected a bias of shape 16 (one per output channel), found 3}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.conv %x, %w, %b {dilations = array<i64: 1, 1>, filter_channels_last, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x6x6xf32>, tensor<3x3x3x16xf32>, tensor<3xf32>) -> tensor<1x16x4x4xf32>
  return %0 : tensor<1x16x4x4xf32>
}

// -----

// Its input channels are the weight's first dim.
func.func @channels_last_channels(%x: tensor<1x3x6x6xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x3x4x4xf32> {
  // expected-error @below {{expected weight dim 1 to be input channels / group = 3, found 16}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.conv %x, %w {dilations = array<i64: 1, 1>, filter_channels_last, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x6x6xf32>, tensor<16x3x3x3xf32>) -> tensor<1x3x4x4xf32>
  return %0 : tensor<1x3x4x4xf32>
}
