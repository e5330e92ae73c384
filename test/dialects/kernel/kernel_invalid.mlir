// RUN: dlc-opt --split-input-file --verify-diagnostics %s

func.func @yield_mismatch(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'dlck.kernel' op yields 'tensor<4xi32>' but declares results 'tensor<4xf32>'}}
  %0 = dlck.kernel @k(%x) : (tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>):
    %c = arith.constant dense<0> : tensor<4xi32>
    dlck.yield %c : tensor<4xi32>
  }
  return %0 : tensor<4xf32>
}

// -----

func.func @argument_mismatch(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'dlck.kernel' op operand 0 has type 'tensor<4xf32>' but its block argument has type 'tensor<2xf32>'}}
  %0 = dlck.kernel @k(%x) : (tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<2xf32>):
    %c = arith.constant dense<0.0> : tensor<4xf32>
    dlck.yield %c : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}
