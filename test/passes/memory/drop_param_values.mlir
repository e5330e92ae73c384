// RUN: dlc-opt --dlc-drop-param-values %s | FileCheck %s

// The entry's weight keeps its name and loses its value; inputs and
// functions that are not entries keep their attributes.
// CHECK-LABEL: func.func @run(
// CHECK-SAME: %{{.*}}: tensor<2xf32> {dlc.name = "x"}
// CHECK-SAME: %{{.*}}: tensor<2xf32> {dlc.param_name = "w"}
// CHECK-LABEL: func.func private @helper(
// CHECK-SAME: dlc.param_value = dense<2.000000e+00>
func.func @run(%x: tensor<2xf32> {dlc.name = "x"},
               %w: tensor<2xf32> {dlc.param_name = "w", dlc.param_value = dense<1.0> : tensor<2xf32>})
    -> tensor<2xf32> attributes {dlc.entry = "run"} {
  return %w : tensor<2xf32>
}

func.func private @helper(%w: tensor<2xf32> {dlc.param_value = dense<2.0> : tensor<2xf32>}) -> tensor<2xf32> {
  return %w : tensor<2xf32>
}
