// RUN: dlc-opt --dlc-cpu-kernels --dlc-cpu-linalg --dlc-cpu-bufferized %s | FileCheck %s

// Conv + Add + Relu is one kernel: bias init, the conv and ONE fused
// elementwise epilogue all write the kernel's out-param, with no buffer for
// an intermediate.
// CHECK-LABEL: func.func private @conv_0
// CHECK-SAME: (%[[X:.*]]: memref<1x3x8x8xf32>, %[[W:.*]]: memref<16x3x3x3xf32>, %[[B:.*]]: memref<16xf32>, %[[R:.*]]: memref<1x16x6x6xf32>, %[[OUT:.*]]: memref<1x16x6x6xf32>)
// CHECK-NOT: memref.alloc
// CHECK-NOT: memref.view
// CHECK: linalg.generic {{.*}} ins(%[[B]] : memref<16xf32>) outs(%[[OUT]] : memref<1x16x6x6xf32>)
// CHECK-NOT: memref.alloc
// CHECK-NOT: memref.view
// CHECK: linalg.generic {{.*}} ins(%[[X]], %[[W]] : memref<1x3x8x8xf32>, memref<16x3x3x3xf32>) outs(%[[OUT]] : memref<1x16x6x6xf32>)
// CHECK-NOT: memref.alloc
// CHECK-NOT: memref.view
// CHECK: linalg.generic {{.*}} ins(%[[R]] : memref<1x16x6x6xf32>) outs(%[[OUT]] : memref<1x16x6x6xf32>)
// CHECK:   arith.addf
// CHECK:   arith.maximumf
// CHECK-NOT: linalg.generic
// CHECK: return
func.func @conv_add_relu(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>, %b: tensor<16xf32>, %r: tensor<1x16x6x6xf32>) -> tensor<1x16x6x6xf32> {
  %0 = dlc.conv %x, %w, %b {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<1x16x6x6xf32>
  %1 = dlc.add %0, %r : (tensor<1x16x6x6xf32>, tensor<1x16x6x6xf32>) -> tensor<1x16x6x6xf32>
  %2 = dlc.relu %1 : tensor<1x16x6x6xf32>
  return %2 : tensor<1x16x6x6xf32>
}
