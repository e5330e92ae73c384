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

func.func @compare_element_types_differ(%a: tensor<3xf32>, %b: tensor<3xi32>) -> tensor<3xi1> {
  // expected-error @+2 {{operand element types differ: 'f32' vs 'i32'}}
  // expected-error @+1 {{'dlc.less' op failed to infer returned types}}
  %0 = dlc.less %a, %b : (tensor<3xf32>, tensor<3xi32>) -> tensor<3xi1>
  return %0 : tensor<3xi1>
}

// -----

func.func @compare_result_not_bool(%a: tensor<3xf32>, %b: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'dlc.greater' op result #0 must be ranked tensor of 1-bit signless integer values, but got 'tensor<3xf32>'}}
  %0 = dlc.greater %a, %b : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @where_condition_not_bool(%c: tensor<3xi8>, %x: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{operand #0 must be ranked tensor of 1-bit signless integer values}}
  %0 = dlc.where %c, %x, %x : (tensor<3xi8>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @where_values_differ(%c: tensor<3xi1>, %x: tensor<3xf32>, %y: tensor<3xf64>) -> tensor<3xf32> {
  // expected-error @+2 {{operand element types differ: 'f32' vs 'f64'}}
  // expected-error @+1 {{'dlc.where' op failed to infer returned types}}
  %0 = dlc.where %c, %x, %y : (tensor<3xi1>, tensor<3xf32>, tensor<3xf64>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @where_condition_not_broadcastable(%c: tensor<2xi1>, %x: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+2 {{operands of shapes 2 and 3 do not broadcast (dim 0: 2 vs 3)}}
  // expected-error @+1 {{'dlc.where' op failed to infer returned types}}
  %0 = dlc.where %c, %x, %x : (tensor<2xi1>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// dlc tensors hold signless and unsigned integers, never signed ones.
func.func @cast_to_signed(%x: tensor<3xf32>) -> tensor<3xi32> {
  // expected-error @+2 {{expected 'to' to be a tensor element type (a float, a signless or unsigned integer of 8 to 64 bits, or i1), found 'si32'}}
  // expected-error @+1 {{'dlc.cast' op failed to infer returned types}}
  %0 = dlc.cast %x {to = si32} : tensor<3xf32> -> tensor<3xi32>
  return %0 : tensor<3xi32>
}

// -----

func.func @cast_without_to(%x: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'dlc.cast' op requires attribute 'to'}}
  %0 = dlc.cast %x : tensor<3xf32> -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @cast_result_differs(%x: tensor<3xf32>) -> tensor<3xf16> {
  // expected-error @+2 {{inferred type(s) 'tensor<3xi32>' are incompatible with return type(s) of operation 'tensor<3xf16>'}}
  // expected-error @+1 {{'dlc.cast' op failed to infer returned types}}
  %0 = dlc.cast %x {to = i32} : tensor<3xf32> -> tensor<3xf16>
  return %0 : tensor<3xf16>
}

// -----

func.func @clip_bound_not_one_element(%x: tensor<2x3xf32>, %lo: tensor<2xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{expected 'min' to be one element of 'f32' of rank <= 2, found 'tensor<2xf32>'}}
  // expected-error @+1 {{'dlc.clip' op failed to infer returned types}}
  %0 = dlc.clip %x min %lo : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @clip_bound_of_another_type(%x: tensor<2x3xf32>, %hi: tensor<f16>) -> tensor<2x3xf32> {
  // expected-error @+2 {{expected 'max' to be one element of 'f32' of rank <= 2, found 'tensor<f16>'}}
  // expected-error @+1 {{'dlc.clip' op failed to infer returned types}}
  %0 = dlc.clip %x max %hi : (tensor<2x3xf32>, tensor<f16>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
