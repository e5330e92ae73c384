// RUN: dlc-opt --split-input-file --verify-diagnostics %s

func.func @image_rank(%x: tensor<3x8x8xf32>, %g: tensor<1x4x4x2xf32>) -> tensor<1x3x4x4xf32> {
  // expected-error @below {{expected an input [N, C, H, W], found 'tensor<3x8x8xf32>'}}
  // expected-error @below {{failed to infer returned types}}
  %y = dlc.grid_sample %x, %g : (tensor<3x8x8xf32>, tensor<1x4x4x2xf32>) -> tensor<1x3x4x4xf32>
  return %y : tensor<1x3x4x4xf32>
}

// -----

func.func @grid_batch(%x: tensor<2x3x8x8xf32>, %g: tensor<1x4x4x2xf32>) -> tensor<2x3x4x4xf32> {
  // expected-error @below {{expected a grid [2, Ho, Wo, 2] for input 'tensor<2x3x8x8xf32>', found 'tensor<1x4x4x2xf32>'}}
  // expected-error @below {{failed to infer returned types}}
  %y = dlc.grid_sample %x, %g : (tensor<2x3x8x8xf32>, tensor<1x4x4x2xf32>) -> tensor<2x3x4x4xf32>
  return %y : tensor<2x3x4x4xf32>
}

// -----

func.func @grid_positions(%x: tensor<1x3x8x8xf32>, %g: tensor<1x4x4x3xf32>) -> tensor<1x3x4x4xf32> {
  // expected-error @below {{expected a grid [1, Ho, Wo, 2]}}
  // expected-error @below {{failed to infer returned types}}
  %y = dlc.grid_sample %x, %g : (tensor<1x3x8x8xf32>, tensor<1x4x4x3xf32>) -> tensor<1x3x4x4xf32>
  return %y : tensor<1x3x4x4xf32>
}

// -----

func.func @grid_type(%x: tensor<1x3x8x8xf32>, %g: tensor<1x4x4x2xf64>) -> tensor<1x3x4x4xf32> {
  // expected-error @below {{expected the grid's element type to be the input's, found 'tensor<1x4x4x2xf64>'}}
  // expected-error @below {{failed to infer returned types}}
  %y = dlc.grid_sample %x, %g : (tensor<1x3x8x8xf32>, tensor<1x4x4x2xf64>) -> tensor<1x3x4x4xf32>
  return %y : tensor<1x3x4x4xf32>
}

// -----

func.func @mode(%x: tensor<1x3x8x8xf32>, %g: tensor<1x4x4x2xf32>) -> tensor<1x3x4x4xf32> {
  // expected-error @below {{expected mode bilinear, nearest or bicubic, found 'linear'}}
  // expected-error @below {{failed to infer returned types}}
  %y = dlc.grid_sample %x, %g {mode = "linear"} : (tensor<1x3x8x8xf32>, tensor<1x4x4x2xf32>) -> tensor<1x3x4x4xf32>
  return %y : tensor<1x3x4x4xf32>
}

// -----

func.func @padding(%x: tensor<1x3x8x8xf32>, %g: tensor<1x4x4x2xf32>) -> tensor<1x3x4x4xf32> {
  // expected-error @below {{expected padding_mode zeros, border or reflection, found 'wrap'}}
  // expected-error @below {{failed to infer returned types}}
  %y = dlc.grid_sample %x, %g {padding_mode = "wrap"} : (tensor<1x3x8x8xf32>, tensor<1x4x4x2xf32>) -> tensor<1x3x4x4xf32>
  return %y : tensor<1x3x4x4xf32>
}

// -----

func.func @empty_image(%x: tensor<1x3x0x8xf32>, %g: tensor<1x4x4x2xf32>) -> tensor<1x3x4x4xf32> {
  // expected-error @below {{expected an image of at least one pixel, found 'tensor<1x3x0x8xf32>'}}
  // expected-error @below {{failed to infer returned types}}
  %y = dlc.grid_sample %x, %g : (tensor<1x3x0x8xf32>, tensor<1x4x4x2xf32>) -> tensor<1x3x4x4xf32>
  return %y : tensor<1x3x4x4xf32>
}
