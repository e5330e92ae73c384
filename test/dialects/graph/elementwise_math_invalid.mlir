// RUN: dlc-opt --split-input-file --verify-diagnostics %s

func.func @float_mod_without_fmod(%a: tensor<3xf32>, %b: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'dlc.mod' op expected fmod = true for float operands, found 'tensor<3xf32>'}}
  %0 = dlc.mod %a, %b : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @mod_of_bools(%a: tensor<3xi1>, %b: tensor<3xi1>) -> tensor<3xi1> {
  // expected-error @+1 {{operand #0 must be ranked tensor of}}
  %0 = dlc.mod %a, %b : (tensor<3xi1>, tensor<3xi1>) -> tensor<3xi1>
  return %0 : tensor<3xi1>
}

// -----

func.func @bit_shift_direction(%a: tensor<3xui8>) -> tensor<3xui8> {
  // expected-error @+1 {{'dlc.bit_shift' op expected direction to be "LEFT" or "RIGHT", found "UP"}}
  %0 = dlc.bit_shift %a, %a {direction = "UP"} : (tensor<3xui8>, tensor<3xui8>) -> tensor<3xui8>
  return %0 : tensor<3xui8>
}

// -----

func.func @bit_shift_of_signed(%a: tensor<3xi8>) -> tensor<3xi8> {
  // expected-error @+1 {{operand #0 must be ranked tensor of 8-bit unsigned integer or 16-bit unsigned integer or 32-bit unsigned integer or 64-bit unsigned integer values}}
  %0 = dlc.bit_shift %a, %a {direction = "LEFT"} : (tensor<3xi8>, tensor<3xi8>) -> tensor<3xi8>
  return %0 : tensor<3xi8>
}

// -----

func.func @and_of_ints(%a: tensor<3xi32>) -> tensor<3xi32> {
  // expected-error @+1 {{operand #0 must be ranked tensor of 1-bit signless integer values}}
  %0 = dlc.and %a, %a : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
  return %0 : tensor<3xi32>
}

// -----

func.func @gelu_approximate(%x: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'dlc.gelu' op expected approximate to be "none" or "tanh", found "erf"}}
  %0 = dlc.gelu %x {approximate = "erf"} : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @celu_zero_alpha(%x: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'dlc.celu' op expected a non-zero alpha}}
  %0 = dlc.celu %x {alpha = 0.0 : f32} : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// PRelu's slope broadcasts to the input, never the input to the slope.
func.func @prelu_slope_too_big(%x: tensor<3xf32>, %s: tensor<2x3xf32>) -> tensor<3xf32> {
  // expected-error @+2 {{slope of shape 2x3 does not broadcast to the input's shape 3}}
  // expected-error @+1 {{'dlc.prelu' op failed to infer returned types}}
  %0 = dlc.prelu %x, %s : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @is_nan_of_ints(%x: tensor<3xi32>) -> tensor<3xi1> {
  // expected-error @+1 {{operand #0 must be ranked tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values}}
  %0 = dlc.is_nan %x : tensor<3xi32> -> tensor<3xi1>
  return %0 : tensor<3xi1>
}

// -----

func.func @pow_of_bools(%a: tensor<3xi1>, %b: tensor<3xf32>) -> tensor<3xi1> {
  // expected-error @+1 {{operand #0 must be ranked tensor of}}
  %0 = dlc.pow %a, %b : (tensor<3xi1>, tensor<3xf32>) -> tensor<3xi1>
  return %0 : tensor<3xi1>
}
