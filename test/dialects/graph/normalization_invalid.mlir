// RUN: dlc-opt --split-input-file --verify-diagnostics %s

func.func @batch_norm_rank_one(%x: tensor<3xf32>, %c: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+2 {{expected an input [N, C, ...] of rank >= 2, found rank 1}}
  // expected-error @+1 {{'dlc.batch_norm' op failed to infer returned types}}
  %0 = "dlc.batch_norm"(%x, %c, %c, %c, %c)
      : (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @batch_norm_channels(%x: tensor<2x3xf32>, %c: tensor<3xf32>, %d: tensor<4xf32>)
    -> tensor<2x3xf32> {
  // expected-error @+2 {{expected var of type 'tensor<3xf32>' (one per channel of the input), found 'tensor<4xf32>'}}
  // expected-error @+1 {{'dlc.batch_norm' op failed to infer returned types}}
  %0 = "dlc.batch_norm"(%x, %c, %c, %c, %d)
      : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @batch_norm_dynamic(%x: tensor<?x3xf32>, %c: tensor<3xf32>) -> tensor<?x3xf32> {
  // expected-error @+2 {{input must be a statically shaped tensor, got 'tensor<?x3xf32>'}}
  // expected-error @+1 {{'dlc.batch_norm' op failed to infer returned types}}
  %0 = "dlc.batch_norm"(%x, %c, %c, %c, %c)
      : (tensor<?x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

func.func @batch_norm_training_momentum(%x: tensor<2x3xf32>, %c: tensor<3xf32>)
    -> (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>) {
  // expected-error @+2 {{expected momentum in [0, 1], found 1.5}}
  // expected-error @+1 {{'dlc.batch_norm_training' op failed to infer returned types}}
  %y, %m, %v = "dlc.batch_norm_training"(%x, %c, %c, %c, %c) {momentum = 1.5 : f32}
      : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
      -> (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>)
  return %y, %m, %v : tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>
}

// -----

// One value per channel has no unbiased variance.
func.func @batch_norm_training_unbiased_single(%x: tensor<1x3xf32>, %c: tensor<3xf32>)
    -> (tensor<1x3xf32>, tensor<3xf32>, tensor<3xf32>) {
  // expected-error @+2 {{an unbiased variance needs at least 2 values per channel, found 1}}
  // expected-error @+1 {{'dlc.batch_norm_training' op failed to infer returned types}}
  %y, %m, %v = "dlc.batch_norm_training"(%x, %c, %c, %c, %c) {unbiased_running_var = true}
      : (tensor<1x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
      -> (tensor<1x3xf32>, tensor<3xf32>, tensor<3xf32>)
  return %y, %m, %v : tensor<1x3xf32>, tensor<3xf32>, tensor<3xf32>
}

// -----

func.func @dropout_ratio_one(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+2 {{expected ratio in [0, 1), found 1}}
  // expected-error @+1 {{'dlc.dropout' op failed to infer returned types}}
  %0 = "dlc.dropout"(%x) {ratio = 1.0 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @dropout_training_counter(%x: tensor<4xf32>, %c: tensor<1xi64>)
    -> (tensor<4xf32>, tensor<4xi1>) {
  // expected-error @+2 {{expected a scalar counter, found 'tensor<1xi64>'}}
  // expected-error @+1 {{'dlc.dropout_training' op failed to infer returned types}}
  %0, %1 = "dlc.dropout_training"(%x, %c) {seed = 1 : i64}
      : (tensor<4xf32>, tensor<1xi64>) -> (tensor<4xf32>, tensor<4xi1>)
  return %0, %1 : tensor<4xf32>, tensor<4xi1>
}

// -----

func.func @random_uniform_integer(%c: tensor<i64>) -> tensor<2xi32> {
  // expected-error @+1 {{'dlc.random_uniform' op result #0 must be ranked tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<2xi32>'}}
  %0 = "dlc.random_uniform"(%c) {dtype = i32, seed = 1 : i64, shape = array<i64: 2>}
      : (tensor<i64>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

func.func @random_uniform_negative_dim(%c: tensor<i64>) -> tensor<2xf32> {
  // expected-error @+2 {{expected a static shape, found -1}}
  // expected-error @+1 {{'dlc.random_uniform' op failed to infer returned types}}
  %0 = "dlc.random_uniform"(%c) {dtype = f32, seed = 1 : i64, shape = array<i64: -1>}
      : (tensor<i64>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @layer_norm_axis(%x: tensor<2x3xf32>, %s: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{axis 2 is out of range for rank 2}}
  // expected-error @+1 {{'dlc.layer_norm' op failed to infer returned types}}
  %y, %m, %i = "dlc.layer_norm"(%x, %s) {axis = 2 : i64}
      : (tensor<2x3xf32>, tensor<3xf32>) -> (tensor<2x3xf32>, tensor<2x1xf32>, tensor<2x1xf32>)
  return %y : tensor<2x3xf32>
}

// -----

func.func @layer_norm_scale(%x: tensor<2x3xf32>, %s: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{expected scale of 'f32' that broadcasts onto the normalized shape 3, found 'tensor<2x3xf32>'}}
  // expected-error @+1 {{'dlc.layer_norm' op failed to infer returned types}}
  %y, %m, %i = "dlc.layer_norm"(%x, %s)
      : (tensor<2x3xf32>, tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x1xf32>, tensor<2x1xf32>)
  return %y : tensor<2x3xf32>
}

// -----

func.func @layer_norm_bias(%x: tensor<2x3xf32>, %s: tensor<3xf32>, %b: tensor<4xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{expected bias of 'f32' that broadcasts onto the normalized shape 3, found 'tensor<4xf32>'}}
  // expected-error @+1 {{'dlc.layer_norm' op failed to infer returned types}}
  %y, %m, %i = "dlc.layer_norm"(%x, %s, %b)
      : (tensor<2x3xf32>, tensor<3xf32>, tensor<4xf32>) -> (tensor<2x3xf32>, tensor<2x1xf32>, tensor<2x1xf32>)
  return %y : tensor<2x3xf32>
}

// -----

func.func @group_norm_groups(%x: tensor<2x6x4xf32>, %c: tensor<6xf32>) -> tensor<2x6x4xf32> {
  // expected-error @+2 {{expected num_groups >= 1 dividing the 6 channels, found 4}}
  // expected-error @+1 {{'dlc.group_norm' op failed to infer returned types}}
  %y = "dlc.group_norm"(%x, %c, %c) {num_groups = 4 : i64}
      : (tensor<2x6x4xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<2x6x4xf32>
  return %y : tensor<2x6x4xf32>
}

// -----

func.func @group_norm_scale(%x: tensor<2x6x4xf32>, %c: tensor<6xf32>, %g: tensor<2xf32>) -> tensor<2x6x4xf32> {
  // expected-error @+2 {{expected scale of type 'tensor<6xf32>' (one per channel of the input), found 'tensor<2xf32>'}}
  // expected-error @+1 {{'dlc.group_norm' op failed to infer returned types}}
  %y = "dlc.group_norm"(%x, %g, %c) {num_groups = 2 : i64}
      : (tensor<2x6x4xf32>, tensor<2xf32>, tensor<6xf32>) -> tensor<2x6x4xf32>
  return %y : tensor<2x6x4xf32>
}

// -----

func.func @lrn_size(%x: tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32> {
  // expected-error @+2 {{expected size >= 1, found 0}}
  // expected-error @+1 {{'dlc.lrn' op failed to infer returned types}}
  %y = "dlc.lrn"(%x) {size = 0 : i64} : (tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32>
  return %y : tensor<1x4x2x2xf32>
}

// -----

func.func @lrn_rank(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+2 {{expected an input [N, C, ...] of rank >= 2, found rank 1}}
  // expected-error @+1 {{'dlc.lrn' op failed to infer returned types}}
  %y = "dlc.lrn"(%x) {size = 3 : i64} : (tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @mvn_repeated_axes(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{expected distinct axes, found axis 1 twice}}
  // expected-error @+1 {{'dlc.mean_variance_norm' op failed to infer returned types}}
  %y = "dlc.mean_variance_norm"(%x) {axes = array<i64: 1, -1>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}
