// RUN: dlc-opt --split-input-file --verify-diagnostics %s

func.func @param_type_mismatch() -> tensor<3xf32> {
  // expected-error @+1 {{'dlc.param' op value of type 'tensor<2xf32>' does not match result type 'tensor<3xf32>'}}
  %w = dlc.param "w" {value = dense<1.0> : tensor<2xf32>} : tensor<3xf32>
  return %w : tensor<3xf32>
}

// -----

func.func @param_without_name() -> tensor<2xf32> {
  // expected-error @+1 {{'dlc.param' op needs a non-empty name}}
  %w = dlc.param "" {value = dense<1.0> : tensor<2xf32>} : tensor<2xf32>
  return %w : tensor<2xf32>
}

// -----

func.func @gradient_of_nothing(%a: tensor<f32>) {
  // expected-error @+2 {{expected at least one value to differentiate with respect to}}
  // expected-error @+1 {{'dlc.gradient' op failed to infer returned types}}
  dlc.gradient %a wrt : (tensor<f32>) -> ()
  return
}
