// RUN: dlc-opt --split-input-file --dlc-lower-to-linalg %s | FileCheck %s

// Max: a generic like the forward pool's, reading each 3x3 window element by
// element in row-major order, finds the kernel offset (kh * 3 + kw) of each
// window's first maximum inside the input. Then one generic over
// (n, c, h, w | j, l) gives each input element the gradient of the windows
// whose maximum it is. With stride 2 and kernel 3 at most two windows hold
// an element: along h, windows (h + 1) / 2 - j, holding it at offset
// (h + 1) - o * 2, valid when o < 4 and that offset < 3 (unsigned compares
// also reject negative values).
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[WIN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d4, d5)>
// CHECK-DAG: #[[GRAD:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @max_pool_grad
// CHECK: %[[LOWEST:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[PADDED:.*]] = tensor.pad %arg1 low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: %[[NONE:.*]] = arith.constant -1 : i64
// CHECK: %[[MAXES:.*]] = linalg.fill ins(%[[LOWEST]] : f32) outs(%{{.*}} : tensor<1x3x4x4xf32>)
// CHECK: %[[OFFSETS:.*]] = linalg.fill ins(%[[NONE]] : i64) outs(%{{.*}} : tensor<1x3x4x4xi64>)
// CHECK: %[[ARGMAX:.*]]:2 = linalg.generic {indexing_maps = [#[[OUT]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} outs(%[[MAXES]], %[[OFFSETS]] : tensor<1x3x4x4xf32>, tensor<1x3x4x4xi64>)
// CHECK: ^bb0(%[[MAX:.*]]: f32, %[[OFFSET:.*]]: i64):
// CHECK:   %[[X:.*]] = tensor.extract %[[PADDED]]
// CHECK:   arith.cmpi slt, %{{.*}}, %c8 : index
// CHECK:   arith.cmpi slt, %{{.*}}, %c8{{.*}} : index
// CHECK-NEXT:   %[[INSIDE:.*]] = arith.andi
// CHECK:   %[[K64:.*]] = arith.index_cast %{{.*}} : index to i64
// CHECK:   %[[GT:.*]] = arith.cmpf ogt, %[[X]], %[[MAX]] : f32
// CHECK:   %[[NAN:.*]] = arith.cmpf uno, %[[X]], %[[X]] : f32
// CHECK:   %[[BETTER:.*]] = arith.ori %[[GT]], %[[NAN]] : i1
// CHECK:   %[[FIRST:.*]] = arith.cmpi eq, %[[OFFSET]], %[[NONE]] : i64
// CHECK:   %[[EITHER:.*]] = arith.ori %[[FIRST]], %[[BETTER]] : i1
// CHECK:   %[[TAKE:.*]] = arith.andi %[[INSIDE]], %[[EITHER]] : i1
// CHECK:   %[[NEWMAX:.*]] = arith.select %[[TAKE]], %[[X]], %[[MAX]] : f32
// CHECK:   %[[NEWOFFSET:.*]] = arith.select %[[TAKE]], %[[K64]], %[[OFFSET]] : i64
// CHECK-COUNT-8: tensor.extract %[[PADDED]]
// CHECK:   linalg.yield %{{.*}}, %{{.*}} : f32, i64
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[WINDOWS:.*]] = tensor.empty() : tensor<2x2xf32>
// CHECK: %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<1x3x8x8xf32>)
// CHECK: %[[DX:.*]] = linalg.generic {indexing_maps = [#[[WIN]], #[[GRAD]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%[[WINDOWS]] : tensor<2x2xf32>) outs(%[[INIT]] : tensor<1x3x8x8xf32>)
// CHECK: ^bb0(%{{.*}}: f32, %[[ACC:.*]]: f32):
// CHECK:   %[[H:.*]] = linalg.index 2 : index
// CHECK:   %[[HP:.*]] = arith.addi %[[H]], %c1 : index
// CHECK:   %[[J:.*]] = linalg.index 4 : index
// CHECK:   %[[LAST:.*]] = arith.divui %[[HP]], %c2 : index
// CHECK:   %[[OH:.*]] = arith.subi %[[LAST]], %[[J]] : index
// CHECK:   %[[START:.*]] = arith.muli %[[OH]], %c2{{.*}} : index
// CHECK:   %[[KH:.*]] = arith.subi %[[HP]], %[[START]] : index
// CHECK:   %[[OHOK:.*]] = arith.cmpi ult, %[[OH]], %c4 : index
// CHECK:   %[[KHOK:.*]] = arith.cmpi ult, %[[KH]], %c3 : index
// CHECK:   arith.andi %[[OHOK]], %[[KHOK]] : i1
// CHECK:   %[[SAFEH:.*]] = arith.select %[[VALID:[0-9]+]], %[[OH]], %c0 : index
// CHECK:   %[[SAFEW:.*]] = arith.select %[[VALID]], %{{.*}}, %c0 : index
// CHECK:   %[[N:.*]] = linalg.index 0 : index
// CHECK:   %[[C:.*]] = linalg.index 1 : index
// CHECK:   %[[G:.*]] = tensor.extract %arg0[%[[N]], %[[C]], %[[SAFEH]], %[[SAFEW]]] : tensor<1x3x4x4xf32>
// CHECK:   %[[WINNER:.*]] = tensor.extract %[[ARGMAX]]#1[%[[N]], %[[C]], %[[SAFEH]], %[[SAFEW]]] : tensor<1x3x4x4xi64>
// CHECK:   %[[KH3:.*]] = arith.muli %[[KH]], %c3{{.*}} : index
// CHECK:   %[[K:.*]] = arith.addi %[[KH3]], %{{.*}} : index
// CHECK:   %[[K64:.*]] = arith.index_cast %[[K]] : index to i64
// CHECK:   %[[ISMAX:.*]] = arith.cmpi eq, %[[WINNER]], %[[K64]] : i64
// CHECK:   %[[TAKE:.*]] = arith.andi %[[VALID]], %[[ISMAX]] : i1
// CHECK:   %[[SHARE:.*]] = arith.select %[[TAKE]], %[[G]], %[[ZERO]] : f32
// CHECK:   %[[SUM:.*]] = arith.addf %[[ACC]], %[[SHARE]] : f32
// CHECK:   linalg.yield %[[SUM]] : f32
// CHECK: return %[[DX]]
func.func @max_pool_grad(%dy: tensor<1x3x4x4xf32>, %x: tensor<1x3x8x8xf32>) -> tensor<1x3x8x8xf32> {
  %0 = dlc.max_pool_grad %dy, %x {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x3x4x4xf32>, tensor<1x3x8x8xf32>) -> tensor<1x3x8x8xf32>
  return %0 : tensor<1x3x8x8xf32>
}

// -----

// With stride 1 every kernel offset k names one window, h - k (here w - 2k
// with dilation 2), valid when below the 6 windows; no division is needed.
// Without padding every element is inside the input.
// CHECK-LABEL: func.func @max_pool_grad_stride1
// CHECK-NOT: tensor.pad
// CHECK: %[[ARGMAX:.*]]:2 = linalg.generic
// CHECK-NOT: arith.andi
// CHECK: linalg.yield
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<3x2xf32>) outs(%{{.*}} : tensor<1x2x8x8xf32>)
// CHECK:   %[[H:.*]] = linalg.index 2 : index
// CHECK:   %[[KH:.*]] = linalg.index 4 : index
// CHECK:   %[[OH:.*]] = arith.subi %[[H]], %[[KH]] : index
// CHECK:   arith.cmpi ult, %[[OH]], %c6 : index
// CHECK:   %[[W:.*]] = linalg.index 3 : index
// CHECK:   %[[KW:.*]] = linalg.index 5 : index
// CHECK:   %[[KW2:.*]] = arith.muli %[[KW]], %c2 : index
// CHECK:   %[[OW:.*]] = arith.subi %[[W]], %[[KW2]] : index
// CHECK:   arith.cmpi ult, %[[OW]], %c6{{.*}} : index
// CHECK-NOT: arith.divui
// CHECK:   tensor.extract %arg0
// CHECK:   tensor.extract %[[ARGMAX]]#1
func.func @max_pool_grad_stride1(%dy: tensor<1x2x6x6xf32>, %x: tensor<1x2x8x8xf32>) -> tensor<1x2x8x8xf32> {
  %0 = dlc.max_pool_grad %dy, %x {dilations = array<i64: 1, 2>, kernel_shape = array<i64: 3, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x6x6xf32>, tensor<1x2x8x8xf32>) -> tensor<1x2x8x8xf32>
  return %0 : tensor<1x2x8x8xf32>
}

// -----

// Average: the output's gradient is divided by the forward's counts (here
// clipped by the uncounted begin padding), then spread over the windows.
// CHECK-LABEL: func.func @average_pool_grad
// CHECK: %[[SHARES:.*]] = linalg.generic {{.*}} ins(%arg0 : tensor<1x3x4x4xf32>) outs(%{{.*}} : tensor<1x3x4x4xf32>)
// CHECK: ^bb0(%[[G:.*]]: f32, %{{.*}}: f32):
// CHECK:   arith.maxsi
// CHECK:   %[[DIVISOR:.*]] = arith.sitofp %{{.*}} : i64 to f32
// CHECK:   arith.divf %[[G]], %[[DIVISOR]] : f32
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[DX:.*]] = linalg.generic {{.*}} ins(%{{.*}} : tensor<2x2xf32>) outs(%{{.*}} : tensor<1x3x8x8xf32>)
// CHECK: ^bb0(%{{.*}}: f32, %[[ACC:.*]]: f32):
// CHECK:   arith.select %[[VALID:[0-9]+]], %{{.*}}, %c0 : index
// CHECK:   %[[SHARE:.*]] = tensor.extract %[[SHARES]]
// CHECK:   %[[PART:.*]] = arith.select %[[VALID]], %[[SHARE]], %[[ZERO]] : f32
// CHECK:   arith.addf %[[ACC]], %[[PART]] : f32
// CHECK: return %[[DX]]
func.func @average_pool_grad(%dy: tensor<1x3x4x4xf32>) -> tensor<1x3x8x8xf32> {
  %0 = dlc.average_pool_grad %dy {input_shape = array<i64: 1, 3, 8, 8>, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x3x4x4xf32> -> tensor<1x3x8x8xf32>
  return %0 : tensor<1x3x8x8xf32>
}

// -----

// One window over the whole input (global_average_pool's gradient): a
// constant divisor, and one step per element, from the last window
// (min(h, 0)) on.
// CHECK-LABEL: func.func @global_average_pool_grad
// CHECK: arith.constant 4.900000e+01 : f32
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<1x1xf32>) outs(%{{.*}} : tensor<8x16x7x7xf32>)
// CHECK:   %[[H:.*]] = linalg.index 2 : index
// CHECK:   %[[J:.*]] = linalg.index 4 : index
// CHECK:   %[[LAST:.*]] = arith.minui %[[H]], %c0 : index
// CHECK:   arith.subi %[[LAST]], %[[J]] : index
func.func @global_average_pool_grad(%dy: tensor<8x16x1x1xf32>) -> tensor<8x16x7x7xf32> {
  %0 = dlc.average_pool_grad %dy {input_shape = array<i64: 8, 16, 7, 7>, kernel_shape = array<i64: 7, 7>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : tensor<8x16x1x1xf32> -> tensor<8x16x7x7xf32>
  return %0 : tensor<8x16x7x7xf32>
}
