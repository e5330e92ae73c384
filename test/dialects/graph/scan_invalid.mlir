// RUN: dlc-opt --split-input-file --verify-diagnostics %s

func.func @cum_sum_axis(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{axis -3 is out of range for rank 2}}
  %0 = dlc.cum_sum %x {axis = -3 : i64} : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @trilu_rank(%x: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{expected an input of rank 2 or more, found rank 1}}
  %0 = dlc.trilu %x : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @top_k_too_many(%x: tensor<2x3xf32>) -> (tensor<2x4xf32>, tensor<2x4xi64>) {
  // expected-error @+2 {{expected k in [0, 3] (the size of dim 1), found 4}}
  // expected-error @+1 {{'dlc.top_k' op failed to infer returned types}}
  %0, %1 = dlc.top_k %x {k = 4 : i64} : tensor<2x3xf32> -> (tensor<2x4xf32>, tensor<2x4xi64>)
  return %0, %1 : tensor<2x4xf32>, tensor<2x4xi64>
}

// -----

func.func @one_hot_values(%i: tensor<3xi64>, %v: tensor<3xf32>) -> tensor<3x4xf32> {
  // expected-error @+2 {{expected values of shape 2 (off, on), found 3}}
  // expected-error @+1 {{'dlc.one_hot' op failed to infer returned types}}
  %0 = dlc.one_hot %i, %v {depth = 4 : i64} : (tensor<3xi64>, tensor<3xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @one_hot_axis(%i: tensor<3xi64>, %v: tensor<2xf32>) -> tensor<3x4xf32> {
  // expected-error @+2 {{axis 2 is out of range for rank 2}}
  // expected-error @+1 {{'dlc.one_hot' op failed to infer returned types}}
  %0 = dlc.one_hot %i, %v {axis = 2 : i64, depth = 4 : i64} : (tensor<3xi64>, tensor<2xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}
