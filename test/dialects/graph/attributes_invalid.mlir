// RUN: dlc-opt --split-input-file --verify-diagnostics %s

// The dlc attributes passes leave for later passes are verified by the
// dialect: their type, and where they stand.

// expected-error @+1 {{'func.func' op 'dlc.entry' must be a string}}
func.func @entry_not_a_string() attributes {dlc.entry = 1 : i64} {
  return
}

// -----

// expected-error @+1 {{'func.func' op 'dlc.arena_bytes' must be a non-negative integer}}
func.func @negative_arena() attributes {dlc.arena_bytes = -8 : i64} {
  return
}

// -----

// expected-error @+1 {{'func.func' op argument 0: 'dlc.name' must be a string}}
func.func @unnamed(%x: tensor<2xf32> {dlc.name}) {
  return
}

// -----

// expected-error @+1 {{'func.func' op result 0: 'dlc.wrt' belongs on a function argument}}
func.func @wrt_on_result(%x: tensor<2xf32>) -> (tensor<2xf32> {dlc.wrt}) {
  return %x : tensor<2xf32>
}

// -----

// expected-error @+1 {{'func.func' op result 0: 'dlc.gradient_of_arg' must be a non-negative integer}}
func.func @gradient_of_arg(%x: tensor<2xf32>) -> (tensor<2xf32> {dlc.gradient_of_arg = "x"}) {
  return %x : tensor<2xf32>
}

// -----

func.func @statistic_on_an_add(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'dlc.add' op 'dlc.running_statistic' belongs on a dlc.param}}
  %y = "dlc.add"(%x, %x) {dlc.running_statistic} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %y : tensor<2xf32>
}

// -----

// expected-error @+1 {{'func.func' op unknown dlc attribute 'dlc.entry_point'}}
func.func @misspelt() attributes {dlc.entry_point = "run"} {
  return
}

// -----

// What the pipeline writes verifies.
func.func private @k(%in: memref<4xf32>, %out: memref<4xf32>) attributes {dlc.kernel, dlc.parallel_body}
func.func @run(%x: memref<4xf32> {dlc.name = "x"}, %w: memref<4xf32> {dlc.param_name = "w", dlc.param_value = dense<1.0> : tensor<4xf32>, dlc.wrt})
    -> (f32 {dlc.loss, dlc.name = "loss"}, f32 {dlc.gradient_of = "w"}, f32 {dlc.update = "w", dlc.gradient_of_arg = 0 : i64})
    attributes {dlc.entry = "train_step", dlc.num_inputs = 1 : i64, dlc.num_params = 1 : i64, dlc.arena_bytes = 0 : i64} {
  %c = arith.constant 0.0 : f32
  return %c, %c, %c : f32, f32, f32
}
