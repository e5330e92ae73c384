// RUN: dlc-opt --split-input-file --dlc-lower-to-linalg %s | FileCheck %s
// Everything emitted here also makes it through the CPU pipeline to LLVM.
// RUN: dlc-opt --split-input-file --dlc-cpu %s | FileCheck %s --check-prefix=CPU

// A running sum reduces over a second loop along the axis, taking the
// elements at or after the output's position when reversed.
// CHECK-LABEL: func.func @cum_sum_reverse
// CPU: llvm.func internal @cum_sum_0(
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32)
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #{{.*}}], iterator_types = ["parallel", "parallel", "reduction"]} ins(%arg0 : tensor<2x3xf32>) outs(%[[INIT]] : tensor<2x3xf32>)
// CHECK: %[[J:.*]] = linalg.index 2 : index
// CHECK: %[[I:.*]] = linalg.index 1 : index
// CHECK: arith.cmpi sge, %[[J]], %[[I]] : index
// CHECK: arith.select
// CHECK: arith.addf
func.func @cum_sum_reverse(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = dlc.cum_sum %x {axis = 1 : i64, reverse = true} : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Trilu keeps [i, j] where j - i <= k (lower) and zeroes the rest.
// CHECK-LABEL: func.func @trilu_lower
// CPU: llvm.func internal @trilu_0(
// CHECK: linalg.generic
// CHECK: linalg.index 2 : index
// CHECK: linalg.index 1 : index
// CHECK: %[[D:.*]] = arith.subi
// CHECK: %[[K:.*]] = arith.constant -1 : i64
// CHECK: arith.cmpi sle, %[[D]], %[[K]] : i64
// CHECK: arith.select
func.func @trilu_lower(%x: tensor<2x3x4xi32>) -> tensor<2x3x4xi32> {
  %0 = dlc.trilu %x {k = -1 : i64, upper = false} : tensor<2x3x4xi32>
  return %0 : tensor<2x3x4xi32>
}

// -----

// TopK ranks every element against every other along the axis, then output
// position p selects the element of rank p and its index.
// CHECK-LABEL: func.func @top_k
// CPU: llvm.func internal @top_k_0(
// CHECK: %[[RANKS:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]} ins(%arg0, %arg0 : tensor<3x5xf32>, tensor<3x5xf32>) outs(%{{.*}} : tensor<3x5xi64>)
// CHECK: arith.cmpf ogt
// CHECK: arith.cmpf oeq
// CHECK: %[[SEL:.*]]:2 = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]} ins(%arg0, %[[RANKS]] : tensor<3x5xf32>, tensor<3x5xi64>) outs(%{{.*}}, %{{.*}} : tensor<3x2xf32>, tensor<3x2xi64>)
// CHECK: return %[[SEL]]#0, %[[SEL]]#1
func.func @top_k(%x: tensor<3x5xf32>) -> (tensor<3x2xf32>, tensor<3x2xi64>) {
  %0, %1 = dlc.top_k %x {k = 2 : i64} : tensor<3x5xf32> -> (tensor<3x2xf32>, tensor<3x2xi64>)
  return %0, %1 : tensor<3x2xf32>, tensor<3x2xi64>
}

// -----

// OneHot reads off and on once and compares each index, negative ones
// counted from depth, with the position along the new axis.
// CHECK-LABEL: func.func @one_hot
// CPU: llvm.func internal @one_hot_0(
// CHECK-DAG: %[[OFF:.*]] = tensor.extract %arg1[%{{.*}}] : tensor<2xf32>
// CHECK-DAG: %[[ON:.*]] = tensor.extract %arg1[%{{.*}}] : tensor<2xf32>
// CHECK: linalg.generic {{.*}} ins(%arg0 : tensor<3xf32>) outs(%{{.*}} : tensor<4x3xf32>)
// CHECK: arith.fptosi %{{.*}} : f32 to i64
// CHECK: linalg.index 0 : index
// CHECK: arith.select %{{.*}}, %[[ON]], %[[OFF]] : f32
func.func @one_hot(%i: tensor<3xf32>, %v: tensor<2xf32>) -> tensor<4x3xf32> {
  %0 = dlc.one_hot %i, %v {axis = 0 : i64, depth = 4 : i64} : (tensor<3xf32>, tensor<2xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}
