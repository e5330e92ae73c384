// RUN: dlc-opt --split-input-file --verify-diagnostics %s

func.func @pad_count(%x: tensor<2x4xf32>) -> tensor<2x5xf32> {
  // expected-error @+2 {{expected 4 pads (two per dim), found 2}}
  // expected-error @+1 {{'dlc.pad' op failed to infer returned types}}
  %y = "dlc.pad"(%x) {pads = array<i64: 0, 1>} : (tensor<2x4xf32>) -> tensor<2x5xf32>
  return %y : tensor<2x5xf32>
}

// -----

func.func @pad_mode(%x: tensor<2x4xf32>) -> tensor<2x5xf32> {
  // expected-error @+2 {{expected mode "constant", "reflect", "edge" or "wrap", found "mirror"}}
  // expected-error @+1 {{'dlc.pad' op failed to infer returned types}}
  %y = "dlc.pad"(%x) {pads = array<i64: 0, 1, 0, 0>, mode = "mirror"} : (tensor<2x4xf32>) -> tensor<2x5xf32>
  return %y : tensor<2x5xf32>
}

// -----

func.func @pad_crop(%x: tensor<2x4xf32>) -> tensor<2x0xf32> {
  // expected-error @+2 {{pads -3 and -2 crop more than the 4 elements of dim 1}}
  // expected-error @+1 {{'dlc.pad' op failed to infer returned types}}
  %y = "dlc.pad"(%x) {pads = array<i64: 0, -3, 0, -2>} : (tensor<2x4xf32>) -> tensor<2x0xf32>
  return %y : tensor<2x0xf32>
}

// -----

func.func @pad_reflect(%x: tensor<2x4xf32>) -> tensor<2x8xf32> {
  // expected-error @+2 {{mode "reflect" cannot pad dim 1 of size 4 by 4}}
  // expected-error @+1 {{'dlc.pad' op failed to infer returned types}}
  %y = "dlc.pad"(%x) {pads = array<i64: 0, 4, 0, 0>, mode = "reflect"} : (tensor<2x4xf32>) -> tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}

// -----

func.func @pad_wrap(%x: tensor<2x4xf32>) -> tensor<2x9xf32> {
  // expected-error @+2 {{mode "wrap" cannot pad dim 1 of size 4 by 5}}
  // expected-error @+1 {{'dlc.pad' op failed to infer returned types}}
  %y = "dlc.pad"(%x) {pads = array<i64: 0, 0, 0, 5>, mode = "wrap"} : (tensor<2x4xf32>) -> tensor<2x9xf32>
  return %y : tensor<2x9xf32>
}
