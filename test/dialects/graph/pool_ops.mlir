// RUN: dlc-opt --split-input-file %s | dlc-opt | FileCheck %s

// A 2-d max pool; ceil_mode = false is the default and is not printed.
// CHECK-LABEL: func.func @max_pool_2d
// CHECK: dlc.max_pool %arg0 {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x16x32x32xf32> -> tensor<1x16x16x16xf32>
func.func @max_pool_2d(%x: tensor<1x16x32x32xf32>) -> tensor<1x16x16x16xf32> {
  %0 = dlc.max_pool %x {ceil_mode = false, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x16x32x32xf32> -> tensor<1x16x16x16xf32>
  return %0 : tensor<1x16x16x16xf32>
}

// -----

// ceil_mode adds a last window that starts inside the input: 31 / 2 rounds up to 16, plus one.
// CHECK-LABEL: func.func @max_pool_ceil
// CHECK: dlc.max_pool %arg0 {ceil_mode = true, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x16x32x32xf32> -> tensor<1x16x17x17xf32>
func.func @max_pool_ceil(%x: tensor<1x16x32x32xf32>) -> tensor<1x16x17x17xf32> {
  %0 = dlc.max_pool %x {ceil_mode = true, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x16x32x32xf32> -> tensor<1x16x17x17xf32>
  return %0 : tensor<1x16x17x17xf32>
}

// -----

// 1-d, dilated, on unsigned bytes.
// CHECK-LABEL: func.func @max_pool_1d_ui8
// CHECK: dlc.max_pool %arg0 {dilations = array<i64: 2>, kernel_shape = array<i64: 3>, pads = array<i64: 0, 0>, strides = array<i64: 1>} : tensor<1x3x10xui8> -> tensor<1x3x6xui8>
func.func @max_pool_1d_ui8(%x: tensor<1x3x10xui8>) -> tensor<1x3x6xui8> {
  %0 = dlc.max_pool %x {dilations = array<i64: 2>, kernel_shape = array<i64: 3>, pads = array<i64: 0, 0>, strides = array<i64: 1>} : tensor<1x3x10xui8> -> tensor<1x3x6xui8>
  return %0 : tensor<1x3x6xui8>
}

// -----

// Values and their column-major argmax.
// CHECK-LABEL: func.func @max_pool_with_indices
// CHECK: %{{.*}}, %{{.*}} = dlc.max_pool_with_indices %arg0 {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, storage_order = 1 : i64, strides = array<i64: 2, 2>} : tensor<1x1x5x5xf32> -> tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>
func.func @max_pool_with_indices(%x: tensor<1x1x5x5xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>) {
  %0, %1 = dlc.max_pool_with_indices %x {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, storage_order = 1 : i64, strides = array<i64: 2, 2>} : tensor<1x1x5x5xf32> -> tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>
  return %0, %1 : tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>
}

// -----

// A 3-d average pool counting its padding.
// CHECK-LABEL: func.func @average_pool_3d
// CHECK: dlc.average_pool %arg0 {count_include_pad = true, kernel_shape = array<i64: 2, 2, 2>, pads = array<i64: 1, 1, 1, 1, 1, 1>, strides = array<i64: 2, 2, 2>} : tensor<2x3x5x5x5xf16> -> tensor<2x3x3x3x3xf16>
func.func @average_pool_3d(%x: tensor<2x3x5x5x5xf16>) -> tensor<2x3x3x3x3xf16> {
  %0 = dlc.average_pool %x {count_include_pad = true, kernel_shape = array<i64: 2, 2, 2>, pads = array<i64: 1, 1, 1, 1, 1, 1>, strides = array<i64: 2, 2, 2>} : tensor<2x3x5x5x5xf16> -> tensor<2x3x3x3x3xf16>
  return %0 : tensor<2x3x3x3x3xf16>
}

// -----

// The mean over all spatial dims keeps them as size-1 dims.
// CHECK-LABEL: func.func @global_average_pool
// CHECK: dlc.global_average_pool %arg0 : tensor<8x512x7x7xf32> -> tensor<8x512x1x1xf32>
func.func @global_average_pool(%x: tensor<8x512x7x7xf32>) -> tensor<8x512x1x1xf32> {
  %0 = dlc.global_average_pool %x : tensor<8x512x7x7xf32> -> tensor<8x512x1x1xf32>
  return %0 : tensor<8x512x1x1xf32>
}

// -----

// The max pool's gradient reads the pool's input to find each window's maximum.
// CHECK-LABEL: func.func @max_pool_grad
// CHECK: dlc.max_pool_grad %arg0, %arg1 {ceil_mode = true, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x16x17x17xf32>, tensor<1x16x32x32xf32>) -> tensor<1x16x32x32xf32>
func.func @max_pool_grad(%dy: tensor<1x16x17x17xf32>, %x: tensor<1x16x32x32xf32>) -> tensor<1x16x32x32xf32> {
  %0 = dlc.max_pool_grad %dy, %x {ceil_mode = true, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x16x17x17xf32>, tensor<1x16x32x32xf32>) -> tensor<1x16x32x32xf32>
  return %0 : tensor<1x16x32x32xf32>
}

// -----

// 1-d, dilated, in f16.
// CHECK-LABEL: func.func @max_pool_grad_1d
// CHECK: dlc.max_pool_grad %arg0, %arg1 {dilations = array<i64: 2>, kernel_shape = array<i64: 3>, pads = array<i64: 0, 0>, strides = array<i64: 1>} : (tensor<1x3x6xf16>, tensor<1x3x10xf16>) -> tensor<1x3x10xf16>
func.func @max_pool_grad_1d(%dy: tensor<1x3x6xf16>, %x: tensor<1x3x10xf16>) -> tensor<1x3x10xf16> {
  %0 = dlc.max_pool_grad %dy, %x {dilations = array<i64: 2>, kernel_shape = array<i64: 3>, pads = array<i64: 0, 0>, strides = array<i64: 1>} : (tensor<1x3x6xf16>, tensor<1x3x10xf16>) -> tensor<1x3x10xf16>
  return %0 : tensor<1x3x10xf16>
}

// -----

// The average pool's gradient needs only the input's shape.
// CHECK-LABEL: func.func @average_pool_grad_3d
// CHECK: dlc.average_pool_grad %arg0 {count_include_pad = true, input_shape = array<i64: 2, 3, 5, 5, 5>, kernel_shape = array<i64: 2, 2, 2>, pads = array<i64: 1, 1, 1, 1, 1, 1>, strides = array<i64: 2, 2, 2>} : tensor<2x3x3x3x3xf16> -> tensor<2x3x5x5x5xf16>
func.func @average_pool_grad_3d(%dy: tensor<2x3x3x3x3xf16>) -> tensor<2x3x5x5x5xf16> {
  %0 = dlc.average_pool_grad %dy {count_include_pad = true, input_shape = array<i64: 2, 3, 5, 5, 5>, kernel_shape = array<i64: 2, 2, 2>, pads = array<i64: 1, 1, 1, 1, 1, 1>, strides = array<i64: 2, 2, 2>} : tensor<2x3x3x3x3xf16> -> tensor<2x3x5x5x5xf16>
  return %0 : tensor<2x3x5x5x5xf16>
}

// -----

// A global average pool's gradient: one window over all spatial dims.
// CHECK-LABEL: func.func @average_pool_grad_global
// CHECK: dlc.average_pool_grad %arg0 {input_shape = array<i64: 8, 512, 7, 7>, kernel_shape = array<i64: 7, 7>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : tensor<8x512x1x1xf32> -> tensor<8x512x7x7xf32>
func.func @average_pool_grad_global(%dy: tensor<8x512x1x1xf32>) -> tensor<8x512x7x7xf32> {
  %0 = dlc.average_pool_grad %dy {ceil_mode = false, count_include_pad = false, input_shape = array<i64: 8, 512, 7, 7>, kernel_shape = array<i64: 7, 7>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : tensor<8x512x1x1xf32> -> tensor<8x512x7x7xf32>
  return %0 : tensor<8x512x7x7xf32>
}

// -----

// Lp pooling takes max_pool's windows and a p (2 when left out).
// CHECK-LABEL: func.func @lp_pool
// CHECK: dlc.lp_pool %arg0 {ceil_mode = true, dilations = array<i64: 2, 1>, kernel_shape = array<i64: 2, 2>, p = 3 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<2x3x7x6xf32> -> tensor<2x3x3x3xf32>
// CHECK: dlc.lp_pool %arg0 {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 7, 6>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : tensor<2x3x7x6xf32> -> tensor<2x3x1x1xf32>
func.func @lp_pool(%x: tensor<2x3x7x6xf32>) -> (tensor<2x3x3x3xf32>, tensor<2x3x1x1xf32>) {
  %0 = dlc.lp_pool %x {ceil_mode = true, dilations = array<i64: 2, 1>, kernel_shape = array<i64: 2, 2>, p = 3 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<2x3x7x6xf32> -> tensor<2x3x3x3xf32>
  %1 = dlc.lp_pool %x {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 7, 6>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : tensor<2x3x7x6xf32> -> tensor<2x3x1x1xf32>
  return %0, %1 : tensor<2x3x3x3xf32>, tensor<2x3x1x1xf32>
}
