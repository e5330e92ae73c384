// RUN: dlc-opt %s | dlc-opt | FileCheck %s
// RUN: dlc-opt %s --dlc-lower-to-linalg | FileCheck %s --check-prefix=LOWER

// Activations keep their input's type; attributes have ONNX's defaults.
// CHECK-LABEL: func.func @activations
// CHECK: dlc.hard_sigmoid %arg0 : tensor<2x3xf32>
// CHECK: dlc.hard_sigmoid %{{.*}} {alpha = 1.000000e-01 : f32, beta = 2.500000e-01 : f32}
// CHECK: dlc.hard_swish %{{.*}} : tensor<2x3xf32>
// CHECK: dlc.softplus %{{.*}} : tensor<2x3xf32>
// CHECK: dlc.elu %{{.*}} {alpha = 5.000000e-01 : f32} : tensor<2x3xf32>
// Softplus is computed as max(x, 0) + log1p(exp(-|x|)); elu uses expm1.
// LOWER-LABEL: func.func @activations
// LOWER: arith.maximumf
// LOWER: arith.minimumf
// LOWER: math.absf
// LOWER: math.log1p
// LOWER: math.expm1
func.func @activations(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = dlc.hard_sigmoid %x : tensor<2x3xf32>
  %1 = dlc.hard_sigmoid %0 {alpha = 0.1 : f32, beta = 0.25 : f32} : tensor<2x3xf32>
  %2 = dlc.hard_swish %1 : tensor<2x3xf32>
  %3 = dlc.softplus %2 : tensor<2x3xf32>
  %4 = dlc.elu %3 {alpha = 0.5 : f32} : tensor<2x3xf32>
  return %4 : tensor<2x3xf32>
}
