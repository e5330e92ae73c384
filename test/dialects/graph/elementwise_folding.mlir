// RUN: dlc-opt --split-input-file --canonicalize %s | FileCheck %s

// A cast to the input's own element type is the input; others stay.
// CHECK-LABEL: func.func @cast_to_same_type
// CHECK-NEXT: %[[C:.*]] = dlc.cast %arg0 {to = f16} : tensor<3xf32> -> tensor<3xf16>
// CHECK-NEXT: return %arg0, %[[C]]
func.func @cast_to_same_type(%x: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf16>) {
  %0 = dlc.cast %x {to = f32} : tensor<3xf32> -> tensor<3xf32>
  %1 = dlc.cast %x {to = f16} : tensor<3xf32> -> tensor<3xf16>
  return %0, %1 : tensor<3xf32>, tensor<3xf16>
}
