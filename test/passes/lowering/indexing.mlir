// RUN: dlc-opt --split-input-file --dlc-lower-to-linalg %s | FileCheck %s

// Concat writes each input into its box of the result.
// CHECK-LABEL: func.func @concat
// CHECK: %[[E:.*]] = tensor.empty() : tensor<2x8xf32>
// CHECK: %[[A:.*]] = tensor.insert_slice %arg0 into %[[E]][0, 0] [2, 5] [1, 1]
// CHECK: tensor.insert_slice %arg1 into %[[A]][0, 5] [2, 3] [1, 1]
func.func @concat(%a: tensor<2x5xf32>, %b: tensor<2x3xf32>) -> tensor<2x8xf32> {
  %0 = dlc.concat %a, %b {axis = -1 : i64} : (tensor<2x5xf32>, tensor<2x3xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

// Negative steps read the same elements with positive strides, then reverse.
// CHECK-DAG: #[[REV:.*]] = affine_map<(d0, d1) -> (-d0 + 1, -d1 + 2)>
// CHECK-LABEL: func.func @slice_reversed
// CHECK: %[[S:.*]] = tensor.extract_slice %arg0[1, 2] [2, 3] [1, 2] : tensor<3x7xf32> to tensor<2x3xf32>
// CHECK: linalg.generic {indexing_maps = [#[[REV]], {{.*}}]} ins(%[[S]] : tensor<2x3xf32>)
func.func @slice_reversed(%x: tensor<3x7xf32>) -> tensor<2x3xf32> {
  %y = dlc.slice %x {sizes = array<i64: 2, 3>, starts = array<i64: 2, 6>, steps = array<i64: -1, -2>} : tensor<3x7xf32> -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

// Gather reads the input at each resolved index: negative ones wrap, the
// rest are clamped into range.
// CHECK-LABEL: func.func @gather
// CHECK: linalg.generic {{.*}} ins(%arg1 : tensor<2xi32>) outs({{.*}} : tensor<2x3xf32>)
// CHECK: arith.extsi %{{.*}} : i32 to i64
// CHECK: arith.cmpi slt
// CHECK: arith.maxsi
// CHECK: arith.minsi
// CHECK: %[[I:.*]] = arith.index_cast
// CHECK: %[[J:.*]] = linalg.index 1 : index
// CHECK: tensor.extract %arg0[%[[I]], %[[J]]] : tensor<4x3xf32>
func.func @gather(%x: tensor<4x3xf32>, %i: tensor<2xi32>) -> tensor<2x3xf32> {
  %y = dlc.gather %x, %i {axis = 0 : i64} : (tensor<4x3xf32>, tensor<2xi32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

// The gather's gradient is a scatter-add: a reduction over the indices.
// CHECK-LABEL: func.func @gather_grad
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]} ins(%arg0, %arg1 : tensor<2x3xf32>, tensor<2xi64>)
// CHECK: arith.cmpi eq
// CHECK: arith.addf
// CHECK: arith.select
func.func @gather_grad(%g: tensor<2x3xf32>, %i: tensor<2xi64>) -> tensor<4x3xf32> {
  %y = dlc.gather_grad %g, %i {axis = 0 : i64, input_shape = array<i64: 4, 3>} : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}

// -----

// Random numbers: the counter's key once, then a hash per element position.
// CHECK-LABEL: func.func @random
// CHECK: %[[C:.*]] = tensor.extract %arg0[] : tensor<i64>
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<2x3xf32>)
// CHECK: linalg.index 0
// CHECK: linalg.index 1
// CHECK: arith.shrui
// CHECK: arith.uitofp
// CHECK: arith.mulf
func.func @random(%c: tensor<i64>) -> tensor<2x3xf32> {
  %u = dlc.random_uniform %c {dtype = f32, seed = 7 : i64, shape = array<i64: 2, 3>} : (tensor<i64>) -> tensor<2x3xf32>
  return %u : tensor<2x3xf32>
}

// -----

// ScatterElements starts from the data and visits the indices' axis dim as
// a reduction loop, combining where the resolved index names the element.
// CHECK-LABEL: func.func @scatter_elements_max
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]} ins(%arg2, %arg1 : tensor<3x4xf32>, tensor<3x4xi64>) outs(%arg0 : tensor<3x4xf32>)
// CHECK: arith.cmpi eq
// CHECK: arith.maximumf
// CHECK: arith.select
func.func @scatter_elements_max(%x: tensor<3x4xf32>, %i: tensor<3x4xi64>, %u: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %y = dlc.scatter_elements %x, %i, %u {axis = 1 : i64, reduction = "max"} : (tensor<3x4xf32>, tensor<3x4xi64>, tensor<3x4xf32>) -> tensor<3x4xf32>
  return %y : tensor<3x4xf32>
}

// -----

// Unsigned elements compare unsigned.
// CHECK-LABEL: func.func @scatter_elements_unsigned_min
// CHECK: arith.minui
func.func @scatter_elements_unsigned_min(%x: tensor<5xui32>, %i: tensor<2xi32>, %u: tensor<2xui32>) -> tensor<5xui32> {
  %y = dlc.scatter_elements %x, %i, %u {reduction = "min"} : (tensor<5xui32>, tensor<2xi32>, tensor<2xui32>) -> tensor<5xui32>
  return %y : tensor<5xui32>
}

// -----

// GatherND reads each index tuple's entries and then the data element.
// CHECK-LABEL: func.func @gather_nd_batch
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel"]} outs(%{{.*}} : tensor<2x2x4xf32>)
// CHECK: %[[T:.*]] = tensor.extract %arg1[{{.*}}] : tensor<2x2x1xi32>
// CHECK: arith.extsi %[[T]]
// CHECK: tensor.extract %arg0[{{.*}}] : tensor<2x3x4xf32>
func.func @gather_nd_batch(%x: tensor<2x3x4xf32>, %i: tensor<2x2x1xi32>) -> tensor<2x2x4xf32> {
  %y = dlc.gather_nd %x, %i {batch_dims = 1 : i64} : (tensor<2x3x4xf32>, tensor<2x2x1xi32>) -> tensor<2x2x4xf32>
  return %y : tensor<2x2x4xf32>
}

// -----

// ScatterND: the result's dims are parallel, the tuples' dims reductions;
// an update lands where every entry of its tuple names the element.
// CHECK-LABEL: func.func @scatter_nd_mul
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%arg2 : tensor<2x4xf32>) outs(%arg0 : tensor<3x3x4xf32>)
// CHECK-COUNT-2: arith.cmpi eq
// CHECK: arith.mulf
// CHECK: arith.select
func.func @scatter_nd_mul(%x: tensor<3x3x4xf32>, %i: tensor<2x2xi64>, %u: tensor<2x4xf32>) -> tensor<3x3x4xf32> {
  %y = dlc.scatter_nd %x, %i, %u {reduction = "mul"} : (tensor<3x3x4xf32>, tensor<2x2xi64>, tensor<2x4xf32>) -> tensor<3x3x4xf32>
  return %y : tensor<3x3x4xf32>
}
