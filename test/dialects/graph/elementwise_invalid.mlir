// RUN: dlc-opt --split-input-file --verify-diagnostics %s

func.func @not_broadcastable(%a: tensor<2x3xf32>, %b: tensor<4xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{operands of shapes 2x3 and 4 do not broadcast (dim 1: 3 vs 4)}}
  // expected-error @+1 {{'dlc.add' op failed to infer returned types}}
  %0 = dlc.add %a, %b : (tensor<2x3xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @element_types_differ(%a: tensor<3xf32>, %b: tensor<3xf16>) -> tensor<3xf32> {
  // expected-error @+2 {{operand element types differ: 'f32' vs 'f16'}}
  // expected-error @+1 {{'dlc.mul' op failed to infer returned types}}
  %0 = dlc.mul %a, %b : (tensor<3xf32>, tensor<3xf16>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @wrong_result_type(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+2 {{inferred type(s) 'tensor<2x3xf32>' are incompatible with return type(s) of operation 'tensor<3xf32>'}}
  // expected-error @+1 {{'dlc.sub' op failed to infer returned types}}
  %0 = dlc.sub %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @sigmoid_of_ints(%a: tensor<3xi32>) -> tensor<3xi32> {
  // expected-error @+1 {{operand #0 must be ranked tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values}}
  %0 = dlc.sigmoid %a : tensor<3xi32>
  return %0 : tensor<3xi32>
}

// -----

func.func @pow_of_ints(%a: tensor<3xi32>, %b: tensor<3xi32>) -> tensor<3xi32> {
  // expected-error @+1 {{'dlc.pow' op supports float tensors only, found 'tensor<3xi32>'}}
  %0 = dlc.pow %a, %b : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
  return %0 : tensor<3xi32>
}
