// RUN: dlc-opt --split-input-file --dlc-lower-to-linalg %s | FileCheck %s

// Max: -inf padding covers the explicit pads and the last ceil_mode window
// (one more row and column at the end). A 2-D float32 window keeps its
// reduction loops, their extent given by a second operand of the kernel's
// shape that the body never reads: the form --dlc-vectorize-pool reads.
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 * 2 + d4, d3 * 2 + d5)>
// CHECK-DAG: #[[WIN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d4, d5)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @max_pool_ceil_padded
// CHECK: %[[LOWEST:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[PADDED:.*]] = tensor.pad %arg0 low[0, 0, 1, 0] high[0, 0, 1, 1]
// CHECK:   tensor.yield %[[LOWEST]]
// CHECK: } : tensor<1x3x8x8xf32> to tensor<1x3x10x9xf32>
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[LOWEST]] : f32) outs(%{{.*}} : tensor<1x3x5x4xf32>)
// CHECK: %[[WINDOW:.*]] = tensor.empty() : tensor<2x3xf32>
// CHECK: %[[POOL:.*]] = linalg.generic {indexing_maps = [#[[IN]], #[[WIN]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%[[PADDED]], %[[WINDOW]] : tensor<1x3x10x9xf32>, tensor<2x3xf32>) outs(%[[INIT]] : tensor<1x3x5x4xf32>)
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32, %[[ACC:.*]]: f32):
// CHECK:   %[[MAX:.*]] = arith.maximumf %[[ACC]], %[[X]] : f32
// CHECK:   linalg.yield %[[MAX]]
// CHECK: return %[[POOL]]
func.func @max_pool_ceil_padded(%x: tensor<1x3x8x8xf32>) -> tensor<1x3x5x4xf32> {
  %0 = dlc.max_pool %x {ceil_mode = true, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 3>, pads = array<i64: 1, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x3x8x8xf32> -> tensor<1x3x5x4xf32>
  return %0 : tensor<1x3x5x4xf32>
}

// -----

// Unsigned bytes become signless i8 but compare unsigned, from 0; without
// padding there is no tensor.pad. Dilation scales the window index.
// CHECK-LABEL: func.func @max_pool_1d_ui8
// CHECK-NOT: tensor.pad
// CHECK: %[[INIT:.*]] = linalg.fill ins(%{{.*}} : i8) outs(%{{.*}} : tensor<1x3x6xi8>)
// CHECK: linalg.generic {{.*}} outs(%[[INIT]] : tensor<1x3x6xi8>)
// CHECK:   tensor.extract %arg0
// CHECK:   arith.maxui
// CHECK:   %[[O:.*]] = linalg.index 2 : index
// CHECK:   %[[SECOND:.*]] = arith.addi %[[O]], %c2{{.*}} : index
// CHECK:   tensor.extract %arg0[%{{.*}}, %{{.*}}, %[[SECOND]]]
// CHECK:   arith.maxui
func.func @max_pool_1d_ui8(%x: tensor<1x3x10xui8>) -> tensor<1x3x6xui8> {
  %0 = dlc.max_pool %x {dilations = array<i64: 2>, kernel_shape = array<i64: 3>, pads = array<i64: 0, 0>, strides = array<i64: 1>} : tensor<1x3x10xui8> -> tensor<1x3x6xui8>
  return %0 : tensor<1x3x6xui8>
}

// -----

// Signed bytes start from -128 and compare signed. A window of more than 16
// elements (3x3x3) is a reduction over its dims, read through the input's
// indexing map; a kernel-shaped operand gives those loops their extent.
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2 + d5, d3 + d6, d4 + d7)>
// CHECK-LABEL: func.func @max_pool_3d_i8
// CHECK: arith.constant -128 : i8
// CHECK: linalg.generic {indexing_maps = [#[[IN]], {{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
// CHECK:   arith.maxsi
func.func @max_pool_3d_i8(%x: tensor<1x2x4x4x4xi8>) -> tensor<1x2x2x2x2xi8> {
  %0 = dlc.max_pool %x {dilations = array<i64: 1, 1, 1>, kernel_shape = array<i64: 3, 3, 3>, pads = array<i64: 0, 0, 0, 0, 0, 0>, strides = array<i64: 1, 1, 1>} : tensor<1x2x4x4x4xi8> -> tensor<1x2x2x2x2xi8>
  return %0 : tensor<1x2x2x2x2xi8>
}

// -----

// Values and indices reduce in one generic with two outputs (here over the
// dims of a 5x5 window, the kernel offsets its k loops). An element takes
// over when it lies inside the input and comes first, is larger or is NaN;
// its index flattens (n * C + c) * H * W with the column-major spatial
// position h + w * H (storage_order = 1).
// CHECK-LABEL: func.func @max_pool_with_indices
// CHECK: %[[NONE:.*]] = arith.constant -1 : i64
// CHECK: %[[VALUES:.*]] = linalg.fill
// CHECK: %[[INDICES:.*]] = linalg.fill ins(%[[NONE]] : i64) outs(%{{.*}} : tensor<2x3x5x6xi64>)
// CHECK: %{{.*}}:2 = linalg.generic {{.*}} outs(%[[VALUES]], %[[INDICES]] : tensor<2x3x5x6xf32>, tensor<2x3x5x6xi64>)
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32, %[[MAX:.*]]: f32, %[[INDEX:.*]]: i64):
// CHECK:   %[[KH:.*]] = linalg.index 4 : index
// CHECK:   %[[OH:.*]] = linalg.index 2 : index
// CHECK:   %[[SH:.*]] = arith.addi %[[OH]], %[[KH]] : index
// CHECK:   %[[H:.*]] = arith.addi %[[SH]], %c-2 : index
// CHECK:   arith.cmpi sge, %[[H]]
// CHECK:   arith.cmpi slt, %[[H]], %c5
// CHECK:   %[[W:.*]] = arith.addi %{{.*}}, %c-2{{.*}} : index
// CHECK:   arith.cmpi sge, %[[W]]
// CHECK:   arith.cmpi slt, %[[W]], %c6
// CHECK:   %[[INSIDE:.*]] = arith.andi
// CHECK:   %[[N:.*]] = linalg.index 0 : index
// CHECK:   %[[NC:.*]] = arith.muli %[[N]], %c3 : index
// CHECK:   %[[C:.*]] = linalg.index 1 : index
// CHECK:   %[[PLANE:.*]] = arith.addi %[[NC]], %[[C]] : index
// CHECK:   %[[WH:.*]] = arith.muli %[[W]], %c5{{.*}} : index
// CHECK:   %[[SPATIAL:.*]] = arith.addi %[[H]], %[[WH]] : index
// CHECK:   %[[BASE:.*]] = arith.muli %[[PLANE]], %c30 : index
// CHECK:   %[[FLAT:.*]] = arith.addi %[[BASE]], %[[SPATIAL]] : index
// CHECK:   %[[GT:.*]] = arith.cmpf ogt, %[[X]], %[[MAX]] : f32
// CHECK:   %[[NAN:.*]] = arith.cmpf uno, %[[X]], %[[X]] : f32
// CHECK:   %[[BETTER:.*]] = arith.ori %[[GT]], %[[NAN]] : i1
// CHECK:   %[[FIRST:.*]] = arith.cmpi eq, %[[INDEX]], %[[NONE]] : i64
// CHECK:   %[[EITHER:.*]] = arith.ori %[[FIRST]], %[[BETTER]] : i1
// CHECK:   %[[TAKE:.*]] = arith.andi %[[INSIDE]], %[[EITHER]] : i1
// CHECK:   %[[FLAT64:.*]] = arith.index_cast %[[FLAT]] : index to i64
// CHECK:   %[[NEWMAX:.*]] = arith.select %[[TAKE]], %[[X]], %[[MAX]] : f32
// CHECK:   %[[NEWINDEX:.*]] = arith.select %[[TAKE]], %[[FLAT64]], %[[INDEX]] : i64
// CHECK:   linalg.yield %[[NEWMAX]], %[[NEWINDEX]] : f32, i64
func.func @max_pool_with_indices(%x: tensor<2x3x5x6xf32>) -> (tensor<2x3x5x6xf32>, tensor<2x3x5x6xi64>) {
  %0, %1 = dlc.max_pool_with_indices %x {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 5, 5>, pads = array<i64: 2, 2, 2, 2>, storage_order = 1 : i64, strides = array<i64: 1, 1>} : tensor<2x3x5x6xf32> -> tensor<2x3x5x6xf32>, tensor<2x3x5x6xi64>
  return %0, %1 : tensor<2x3x5x6xf32>, tensor<2x3x5x6xi64>
}

// -----

// Average: zero padding, a summing generic, then an elementwise division.
// Counting the padding, every window holds all 9 elements.
// CHECK-LABEL: func.func @average_pool_count_pad
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[PADDED:.*]] = tensor.pad %arg0 low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK:   tensor.yield %[[ZERO]]
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32)
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} ins(%[[PADDED]], %{{.*}} : tensor<1x3x30x30xf32>, tensor<3x3xf32>) outs(%[[INIT]] : tensor<1x3x28x28xf32>)
// CHECK:   arith.addf
// CHECK: %[[MEAN:.*]] = linalg.generic {{.*}} ins(%[[SUM]] : tensor<1x3x28x28xf32>)
// CHECK: ^bb0(%[[S:.*]]: f32, %{{.*}}: f32):
// CHECK:   %[[NINE:.*]] = arith.constant 9.000000e+00 : f32
// CHECK:   arith.divf %[[S]], %[[NINE]] : f32
// CHECK: return %[[MEAN]]
func.func @average_pool_count_pad(%x: tensor<1x3x28x28xf32>) -> tensor<1x3x28x28xf32> {
  %0 = dlc.average_pool %x {count_include_pad = true, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : tensor<1x3x28x28xf32> -> tensor<1x3x28x28xf32>
  return %0 : tensor<1x3x28x28xf32>
}

// -----

// Clipped windows count per position: along h the begin padding is not
// counted (max(start, 0)); along w the last ceil_mode window ends past the
// input (min(end, 8)).
// CHECK-LABEL: func.func @average_pool_clipped
// CHECK: tensor.pad %arg0 low[0, 0, 1, 0] high[0, 0, 0, 1]
// CHECK: %[[SUM:.*]] = linalg.generic
// CHECK: linalg.generic {{.*}} ins(%[[SUM]] : tensor<1x1x3x4xf32>)
// CHECK: ^bb0(%[[S:.*]]: f32, %{{.*}}: f32):
// CHECK:   %[[OH:.*]] = linalg.index 2 : index
// CHECK:   %[[H0:.*]] = arith.muli %[[OH]], %c2 : index
// CHECK:   %[[HSTART:.*]] = arith.addi %[[H0]], %c-1 : index
// CHECK:   %[[HEND:.*]] = arith.addi %[[HSTART]], %c3 : index
// CHECK:   %[[HCLIP:.*]] = arith.maxsi %[[HSTART]], %c0 : index
// CHECK:   %[[HCOUNT:.*]] = arith.subi %[[HEND]], %[[HCLIP]] : index
// CHECK:   %[[OW:.*]] = linalg.index 3 : index
// CHECK:   %[[WSTART:.*]] = arith.muli %[[OW]], %c2{{.*}} : index
// CHECK:   %[[WEND:.*]] = arith.addi %[[WSTART]], %c3{{.*}} : index
// CHECK:   %[[WCLIP:.*]] = arith.minsi %[[WEND]], %c8 : index
// CHECK:   %[[WCOUNT:.*]] = arith.subi %[[WCLIP]], %[[WSTART]] : index
// CHECK:   %[[COUNT:.*]] = arith.muli %[[HCOUNT]], %[[WCOUNT]] : index
// CHECK:   %[[COUNT64:.*]] = arith.index_cast %[[COUNT]] : index to i64
// CHECK:   %[[DIVISOR:.*]] = arith.sitofp %[[COUNT64]] : i64 to f32
// CHECK:   arith.divf %[[S]], %[[DIVISOR]] : f32
func.func @average_pool_clipped(%x: tensor<1x1x6x8xf32>) -> tensor<1x1x3x4xf32> {
  %0 = dlc.average_pool %x {ceil_mode = true, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x1x6x8xf32> -> tensor<1x1x3x4xf32>
  return %0 : tensor<1x1x3x4xf32>
}

// -----

// The global mean is one window of the whole spatial extent, divided by its size.
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 + d4, d3 + d5)>
// CHECK-LABEL: func.func @global_average_pool
// CHECK-NOT: tensor.pad
// CHECK: %[[WINDOW:.*]] = tensor.empty() : tensor<5x5xf64>
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[IN]], {{.*}} ins(%arg0, %[[WINDOW]] : tensor<2x4x5x5xf64>, tensor<5x5xf64>) outs(%{{.*}} : tensor<2x4x1x1xf64>)
// CHECK: linalg.generic {{.*}} ins(%[[SUM]] : tensor<2x4x1x1xf64>)
// CHECK:   arith.constant 2.500000e+01 : f64
// CHECK:   arith.divf
func.func @global_average_pool(%x: tensor<2x4x5x5xf64>) -> tensor<2x4x1x1xf64> {
  %0 = dlc.global_average_pool %x : tensor<2x4x5x5xf64> -> tensor<2x4x1x1xf64>
  return %0 : tensor<2x4x1x1xf64>
}
