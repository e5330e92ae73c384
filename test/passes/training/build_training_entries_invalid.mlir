// RUN: dlc-opt %s --split-input-file --dlc-build-training-entries --verify-diagnostics

// A classification loss needs [N, classes].
// expected-error @+1 {{the model output 'y' has type 'tensor<4xf32>', expected [N, classes] for the cross_entropy loss}}
func.func @run(%x: tensor<4xf32> {dlc.name = "x"}) -> (tensor<4xf32> {dlc.name = "y"}) attributes {dlc.entry = "run"} {
  return %x : tensor<4xf32>
}

// -----

// The loss is taken on a float output.
// expected-error @+1 {{the model output 'y' has type 'tensor<4x3xi64>', expected a float tensor for the cross_entropy loss}}
func.func @run(%x: tensor<4x3xi64> {dlc.name = "x"}) -> (tensor<4x3xi64> {dlc.name = "y"}) attributes {dlc.entry = "run"} {
  return %x : tensor<4x3xi64>
}

// -----

// expected-error @+1 {{no function is marked dlc.entry = "run"}}
module {
  func.func @other(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
    return %x : tensor<4x3xf32>
  }
}
