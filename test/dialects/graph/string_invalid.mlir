// RUN: dlc-opt --split-input-file --verify-diagnostics %s

// Strings are not numbers: arithmetic does not take them.
func.func @add_strings(%a: tensor<2x!dlc.string>) -> tensor<2x!dlc.string> {
  // expected-error @below {{operand #0 must be ranked tensor of}}
  %0 = dlc.add %a, %a : (tensor<2x!dlc.string>, tensor<2x!dlc.string>) -> tensor<2x!dlc.string>
  return %0 : tensor<2x!dlc.string>
}

// -----

// Bools have no text form in ONNX's Cast.
func.func @format_bool(%x: tensor<2xi1>) -> tensor<2x!dlc.string> {
  // expected-error @below {{operand #0 must be ranked tensor of}}
  %0 = dlc.format %x : tensor<2xi1> -> tensor<2x!dlc.string>
  return %0 : tensor<2x!dlc.string>
}

// -----

func.func @parse_to_bool(%s: tensor<2x!dlc.string>) -> tensor<2xi8> {
  // expected-error @below {{expected 'to' to be a float or an integer type, found 'i1'}}
  // expected-error @below {{failed to infer returned types}}
  %0 = dlc.parse %s {to = i1} : tensor<2x!dlc.string> -> tensor<2xi8>
  return %0 : tensor<2xi8>
}

// -----

func.func @unknown_case(%s: tensor<4x!dlc.string>) -> tensor<4x!dlc.string> {
  // expected-error @below {{expected case_change_action LOWER, UPPER or NONE, found 'TITLE'}}
  %0 = dlc.string_normalizer %s {case_change_action = "TITLE"} : tensor<4x!dlc.string> -> tensor<4x!dlc.string>
  return %0 : tensor<4x!dlc.string>
}

// -----

func.func @two_rows(%s: tensor<2x4x!dlc.string>) -> tensor<2x4x!dlc.string> {
  // expected-error @below {{expected an input of shape [C] or [1, C], found 'tensor<2x4x!dlc.string>'}}
  %0 = dlc.string_normalizer %s : tensor<2x4x!dlc.string> -> tensor<2x4x!dlc.string>
  return %0 : tensor<2x4x!dlc.string>
}

// -----

// At least one string remains (an empty one when all are stopwords), and
// never more than there were.
func.func @keeps_more(%s: tensor<4x!dlc.string>) -> tensor<5x!dlc.string> {
  // expected-error @below {{keeps 5 strings of 4: expected between 1 and 4}}
  %0 = dlc.string_normalizer %s : tensor<4x!dlc.string> -> tensor<5x!dlc.string>
  return %0 : tensor<5x!dlc.string>
}

// -----

func.func @changes_rank(%s: tensor<1x4x!dlc.string>) -> tensor<3x!dlc.string> {
  // expected-error @below {{expected a result of shape [1, K] like its input, found 'tensor<3x!dlc.string>'}}
  %0 = dlc.string_normalizer %s : tensor<1x4x!dlc.string> -> tensor<3x!dlc.string>
  return %0 : tensor<3x!dlc.string>
}
