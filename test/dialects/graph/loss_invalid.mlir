// RUN: dlc-opt --split-input-file --verify-diagnostics %s

func.func @log_softmax_axis_out_of_range(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{axis 2 is out of range for rank 2}}
  // expected-error @+1 {{'dlc.log_softmax' op failed to infer returned types}}
  %0 = "dlc.log_softmax"(%x) {axis = 2 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @log_softmax_dynamic(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
  // expected-error @+2 {{input must be a statically shaped tensor, got 'tensor<?x3xf32>'}}
  // expected-error @+1 {{'dlc.log_softmax' op failed to infer returned types}}
  %0 = "dlc.log_softmax"(%x) : (tensor<?x3xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

// Log-probabilities are floats.
func.func @log_softmax_integer(%x: tensor<2x3xi32>) -> tensor<2x3xi32> {
  // expected-error @+1 {{'dlc.log_softmax' op operand #0 must be ranked tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<2x3xi32>'}}
  %0 = "dlc.log_softmax"(%x) : (tensor<2x3xi32>) -> tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}

// -----

func.func @log_softmax_result_type(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error @+2 {{'dlc.log_softmax' op inferred type(s) 'tensor<2x3xf32>' are incompatible with return type(s) of operation 'tensor<3x2xf32>'}}
  // expected-error @+1 {{'dlc.log_softmax' op failed to infer returned types}}
  %0 = "dlc.log_softmax"(%x) : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @nll_loss_reduction(%x: tensor<4x10xf32>, %t: tensor<4xi64>) -> tensor<f32> {
  // expected-error @+2 {{expected reduction "none", "sum" or "mean", found "avg"}}
  // expected-error @+1 {{'dlc.nll_loss' op failed to infer returned types}}
  %0 = dlc.nll_loss %x, %t {reduction = "avg"} : (tensor<4x10xf32>, tensor<4xi64>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// One score per class and position: [N, C, d1..dk].
func.func @nll_loss_rank_1(%x: tensor<10xf32>, %t: tensor<1xi64>) -> tensor<f32> {
  // expected-error @+2 {{expected class scores of rank >= 2 [N, C, ...], found rank 1}}
  // expected-error @+1 {{'dlc.nll_loss' op failed to infer returned types}}
  %0 = dlc.nll_loss %x, %t : (tensor<10xf32>, tensor<1xi64>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @nll_loss_target_shape(%x: tensor<4x10x3xf32>, %t: tensor<4x10xi64>) -> tensor<f32> {
  // expected-error @+2 {{expected target of shape 4x3 for class scores 4x10x3, found 4x10}}
  // expected-error @+1 {{'dlc.nll_loss' op failed to infer returned types}}
  %0 = dlc.nll_loss %x, %t : (tensor<4x10x3xf32>, tensor<4x10xi64>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @nll_loss_weight_shape(%x: tensor<4x10xf32>, %t: tensor<4xi64>, %w: tensor<4xf32>) -> tensor<f32> {
  // expected-error @+2 {{expected weight of type 'tensor<10xf32>' (one per class), found 'tensor<4xf32>'}}
  // expected-error @+1 {{'dlc.nll_loss' op failed to infer returned types}}
  %0 = dlc.nll_loss %x, %t, %w : (tensor<4x10xf32>, tensor<4xi64>, tensor<4xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @nll_loss_weight_type(%x: tensor<4x10xf32>, %t: tensor<4xi64>, %w: tensor<10xf16>) -> tensor<f32> {
  // expected-error @+2 {{expected weight of type 'tensor<10xf32>' (one per class), found 'tensor<10xf16>'}}
  // expected-error @+1 {{'dlc.nll_loss' op failed to infer returned types}}
  %0 = dlc.nll_loss %x, %t, %w : (tensor<4x10xf32>, tensor<4xi64>, tensor<10xf16>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @nll_loss_dynamic(%x: tensor<?x10xf32>, %t: tensor<4xi64>) -> tensor<f32> {
  // expected-error @+2 {{input must be a statically shaped tensor, got 'tensor<?x10xf32>'}}
  // expected-error @+1 {{'dlc.nll_loss' op failed to infer returned types}}
  %0 = dlc.nll_loss %x, %t : (tensor<?x10xf32>, tensor<4xi64>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// Targets are class indices.
func.func @nll_loss_float_target(%x: tensor<4x10xf32>, %t: tensor<4xf32>) -> tensor<f32> {
  // expected-error @+1 {{'dlc.nll_loss' op operand #1 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<4xf32>'}}
  %0 = dlc.nll_loss %x, %t : (tensor<4x10xf32>, tensor<4xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// "none" keeps one loss per position.
func.func @nll_loss_none_result(%x: tensor<4x10xf32>, %t: tensor<4xi64>) -> tensor<f32> {
  // expected-error @+2 {{'dlc.nll_loss' op inferred type(s) 'tensor<4xf32>' are incompatible with return type(s) of operation 'tensor<f32>'}}
  // expected-error @+1 {{'dlc.nll_loss' op failed to infer returned types}}
  %0 = dlc.nll_loss %x, %t {reduction = "none"} : (tensor<4x10xf32>, tensor<4xi64>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @nll_loss_grad_no_classes(%g: tensor<f32>, %t: tensor<4xi64>) -> tensor<4x10xf32> {
  // expected-error @+1 {{'dlc.nll_loss_grad' op requires attribute 'num_classes'}}
  %0 = dlc.nll_loss_grad %g, %t : (tensor<f32>, tensor<4xi64>) -> tensor<4x10xf32>
  return %0 : tensor<4x10xf32>
}

// -----

func.func @nll_loss_grad_zero_classes(%g: tensor<f32>, %t: tensor<4xi64>) -> tensor<4x0xf32> {
  // expected-error @+2 {{expected num_classes >= 1}}
  // expected-error @+1 {{'dlc.nll_loss_grad' op failed to infer returned types}}
  %0 = dlc.nll_loss_grad %g, %t {num_classes = 0 : i64} : (tensor<f32>, tensor<4xi64>) -> tensor<4x0xf32>
  return %0 : tensor<4x0xf32>
}

// -----

func.func @nll_loss_grad_reduction(%g: tensor<f32>, %t: tensor<4xi64>) -> tensor<4x10xf32> {
  // expected-error @+2 {{expected reduction "none", "sum" or "mean", found "max"}}
  // expected-error @+1 {{'dlc.nll_loss_grad' op failed to infer returned types}}
  %0 = dlc.nll_loss_grad %g, %t {num_classes = 10 : i64, reduction = "max"} : (tensor<f32>, tensor<4xi64>) -> tensor<4x10xf32>
  return %0 : tensor<4x10xf32>
}

// -----

func.func @nll_loss_grad_dynamic_target(%g: tensor<f32>, %t: tensor<?xi64>) -> tensor<?x10xf32> {
  // expected-error @+2 {{target must be a statically shaped tensor, got 'tensor<?xi64>'}}
  // expected-error @+1 {{'dlc.nll_loss_grad' op failed to infer returned types}}
  %0 = dlc.nll_loss_grad %g, %t {num_classes = 10 : i64} : (tensor<f32>, tensor<?xi64>) -> tensor<?x10xf32>
  return %0 : tensor<?x10xf32>
}

// -----

func.func @nll_loss_grad_scalar_target(%g: tensor<f32>, %t: tensor<i64>) -> tensor<10xf32> {
  // expected-error @+2 {{expected a target of rank >= 1 [N, ...], found a scalar}}
  // expected-error @+1 {{'dlc.nll_loss_grad' op failed to infer returned types}}
  %0 = dlc.nll_loss_grad %g, %t {num_classes = 10 : i64} : (tensor<f32>, tensor<i64>) -> tensor<10xf32>
  return %0 : tensor<10xf32>
}

// -----

func.func @nll_loss_grad_weight(%g: tensor<f32>, %t: tensor<4xi64>, %w: tensor<9xf32>) -> tensor<4x10xf32> {
  // expected-error @+2 {{expected weight of type 'tensor<10xf32>' (one per class), found 'tensor<9xf32>'}}
  // expected-error @+1 {{'dlc.nll_loss_grad' op failed to infer returned types}}
  %0 = dlc.nll_loss_grad %g, %t, %w {num_classes = 10 : i64} : (tensor<f32>, tensor<4xi64>, tensor<9xf32>) -> tensor<4x10xf32>
  return %0 : tensor<4x10xf32>
}

// -----

// "none" takes one gradient per position, not a scalar.
func.func @nll_loss_grad_grad_type(%g: tensor<f32>, %t: tensor<4xi64>) -> tensor<4x10xf32> {
  // expected-error @+2 {{expected grad of type 'tensor<4xf32>' for reduction "none", found 'tensor<f32>'}}
  // expected-error @+1 {{'dlc.nll_loss_grad' op failed to infer returned types}}
  %0 = dlc.nll_loss_grad %g, %t {num_classes = 10 : i64, reduction = "none"} : (tensor<f32>, tensor<4xi64>) -> tensor<4x10xf32>
  return %0 : tensor<4x10xf32>
}

// -----

func.func @nll_loss_grad_result_type(%g: tensor<f32>, %t: tensor<4xi64>) -> tensor<4x9xf32> {
  // expected-error @+2 {{'dlc.nll_loss_grad' op inferred type(s) 'tensor<4x10xf32>' are incompatible with return type(s) of operation 'tensor<4x9xf32>'}}
  // expected-error @+1 {{'dlc.nll_loss_grad' op failed to infer returned types}}
  %0 = dlc.nll_loss_grad %g, %t {num_classes = 10 : i64} : (tensor<f32>, tensor<4xi64>) -> tensor<4x9xf32>
  return %0 : tensor<4x9xf32>
}
