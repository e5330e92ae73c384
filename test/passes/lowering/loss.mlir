// RUN: dlc-opt --split-input-file --dlc-lower-to-linalg %s | FileCheck %s
// Everything emitted here also makes it through the CPU pipeline to LLVM.
// RUN: dlc-opt --split-input-file --dlc-cpu %s | FileCheck %s --check-prefix=CPU

// log_softmax never forms softmax: the max along the axis (from -inf), the
// sum of exp(x - max) reduced along the axis, then x - (max + log(sum)).
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-LABEL: func.func @log_softmax
// CPU: llvm.func internal @log_softmax_0(
// CHECK: %[[LOWEST:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[LOWEST]] : f32) outs(%{{.*}} : tensor<2x4xf32>)
// CHECK: %[[MAX:.*]] = linalg.reduce ins(%arg0 : tensor<2x3x4xf32>) outs(%[[INIT]] : tensor<2x4xf32>) dimensions = [1]
// CHECK: arith.maximumf
// CHECK: %[[ZEROS:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2x4xf32>)
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ROW]]], iterator_types = ["parallel", "reduction", "parallel"]} ins(%arg0, %[[MAX]] : tensor<2x3x4xf32>, tensor<2x4xf32>) outs(%[[ZEROS]] : tensor<2x4xf32>)
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %[[M:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT: %[[SHIFTED:.*]] = arith.subf %[[X]], %[[M]] : f32
// CHECK-NEXT: %[[EXP:.*]] = math.exp %[[SHIFTED]] : f32
// CHECK-NEXT: %[[NEXT:.*]] = arith.addf %[[EXP]], %[[ACC]] : f32
// CHECK-NEXT: linalg.yield %[[NEXT]] : f32
// CHECK: %[[Y:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ROW]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%arg0, %[[MAX]], %[[SUM]] : tensor<2x3x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>)
// CHECK-NEXT: ^bb0(%[[X2:.*]]: f32, %[[M2:.*]]: f32, %[[S2:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[LOG:.*]] = math.log %[[S2]] : f32
// CHECK-NEXT: %[[SHIFT:.*]] = arith.addf %[[M2]], %[[LOG]] : f32
// CHECK-NEXT: %[[R:.*]] = arith.subf %[[X2]], %[[SHIFT]] : f32
// CHECK-NEXT: linalg.yield %[[R]] : f32
// CHECK: return %[[Y]]
func.func @log_softmax(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = dlc.log_softmax %x {axis = 1 : i64} : tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// "none": one generic over the target's positions [n, d] gathers
// -input[n, target, d]; a class outside [0, C) reads class 0, never out of
// bounds. Without a weight every position weighs 1; nothing is reduced.
// CHECK-LABEL: func.func @nll_loss_none
// CPU: llvm.func internal @nll_loss_0(
// CHECK: %[[L:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]} ins(%arg1 : tensor<2x4xi32>) outs(%{{.*}} : tensor<2x4xf32>)
// CHECK-NEXT: ^bb0(%[[T:.*]]: i32, %{{.*}}: f32):
// CHECK: %[[GE:.*]] = arith.cmpi sge, %[[T]], %{{.*}} : i32
// CHECK: %[[C:.*]] = arith.constant 3 : i32
// CHECK: %[[LT:.*]] = arith.cmpi slt, %[[T]], %[[C]] : i32
// CHECK: %[[IN:.*]] = arith.andi %[[GE]], %[[LT]] : i1
// CHECK: %[[SAFE:.*]] = arith.select %[[IN]], %[[T]], %{{.*}} : i32
// CHECK: %[[CLASS:.*]] = arith.index_cast %[[SAFE]] : i32 to index
// CHECK: %[[N:.*]] = linalg.index 0 : index
// CHECK: %[[D:.*]] = linalg.index 1 : index
// CHECK: %[[LOGP:.*]] = tensor.extract %arg0[%[[N]], %[[CLASS]], %[[D]]] : tensor<2x3x4xf32>
// CHECK: %[[NEG:.*]] = arith.negf %[[LOGP]] : f32
// CHECK: arith.mulf %[[NEG]], %{{.*}} : f32
// CHECK-NOT: linalg.reduce
// CHECK: return %[[L]]
func.func @nll_loss_none(%x: tensor<2x3x4xf32>, %t: tensor<2x4xi32>) -> tensor<2x4xf32> {
  %0 = dlc.nll_loss %x, %t {reduction = "none"} : (tensor<2x3x4xf32>, tensor<2x4xi32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// "mean" with class weights and ignore_index: the weighted losses (0 where
// ignored), their sum, divided by the sum of the counted positions' weights.
// CHECK-LABEL: func.func @nll_loss_mean
// CPU: llvm.func internal @nll_loss_0(
// CHECK: %[[L:.*]] = linalg.generic {{.*}} ins(%arg1 : tensor<4xi64>) outs(%{{.*}} : tensor<4xf32>)
// CHECK-NEXT: ^bb0(%[[T:.*]]: i64, %{{.*}}: f32):
// CHECK: %[[II:.*]] = arith.constant -1 : i64
// CHECK: %[[IGNORED:.*]] = arith.cmpi eq, %[[T]], %[[II]] : i64
// CHECK: %[[CLASS:.*]] = arith.index_cast
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[W:.*]] = tensor.extract %arg2[%[[CLASS]]] : tensor<10xf32>
// CHECK: %[[WEIGHT:.*]] = arith.select %[[IGNORED]], %[[ZERO]], %[[W]] : f32
// CHECK: %[[LOGP:.*]] = tensor.extract %arg0[%{{.*}}, %[[CLASS]]] : tensor<4x10xf32>
// CHECK: %[[NEG:.*]] = arith.negf %[[LOGP]] : f32
// CHECK: arith.mulf %[[NEG]], %[[WEIGHT]] : f32
// CHECK: %[[TOTAL:.*]] = linalg.reduce ins(%[[L]] : tensor<4xf32>) outs(%{{.*}} : tensor<f32>) dimensions = [0]
// CHECK: %[[WS:.*]] = linalg.generic {{.*}} ins(%arg1 : tensor<4xi64>) outs(%{{.*}} : tensor<4xf32>)
// CHECK: %[[WSUM:.*]] = linalg.reduce ins(%[[WS]] : tensor<4xf32>) outs(%{{.*}} : tensor<f32>) dimensions = [0]
// CHECK: %[[MEAN:.*]] = linalg.generic {{.*}} iterator_types = []} ins(%[[TOTAL]], %[[WSUM]] : tensor<f32>, tensor<f32>)
// CHECK: arith.divf
// CHECK: return %[[MEAN]]
func.func @nll_loss_mean(%x: tensor<4x10xf32>, %t: tensor<4xi64>, %w: tensor<10xf32>) -> tensor<f32> {
  %0 = dlc.nll_loss %x, %t, %w {ignore_index = -1 : i64} : (tensor<4x10xf32>, tensor<4xi64>, tensor<10xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// "sum": the losses, summed; no division.
// CHECK-LABEL: func.func @nll_loss_sum
// CPU: llvm.func internal @nll_loss_0(
// CHECK: %[[L:.*]] = linalg.generic {{.*}} ins(%arg1 : tensor<4xi64>) outs(%{{.*}} : tensor<4xf32>)
// CHECK: %[[TOTAL:.*]] = linalg.reduce ins(%[[L]] : tensor<4xf32>) outs(%{{.*}} : tensor<f32>) dimensions = [0]
// CHECK-NOT: arith.divf
// CHECK: return %[[TOTAL]]
func.func @nll_loss_sum(%x: tensor<4x10xf32>, %t: tensor<4xi64>) -> tensor<f32> {
  %0 = dlc.nll_loss %x, %t {reduction = "sum"} : (tensor<4x10xf32>, tensor<4xi64>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// The gradient of a "mean" loss: -g / sum(weights) at each position's
// target class, zero elsewhere, one generic over [N, C] (no one-hot tensor).
// CHECK-DAG: #[[POS:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[SCALAR:.*]] = affine_map<(d0, d1) -> ()>
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @nll_loss_grad_mean
// CPU: llvm.func internal @nll_loss_grad_0(
// CHECK: %[[WS:.*]] = linalg.generic {{.*}} ins(%arg1 : tensor<4xi64>) outs(%{{.*}} : tensor<4xf32>)
// CHECK: %[[WSUM:.*]] = linalg.reduce ins(%[[WS]] : tensor<4xf32>)
// CHECK: %[[DX:.*]] = linalg.generic {indexing_maps = [#[[POS]], #[[SCALAR]], #[[SCALAR]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%arg1, %arg0, %[[WSUM]] : tensor<4xi64>, tensor<f32>, tensor<f32>) outs(%{{.*}} : tensor<4x10xf32>)
// CHECK-NEXT: ^bb0(%{{.*}}: i64, %[[G:.*]]: f32, %[[S:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[CLASS:.*]] = arith.index_cast
// CHECK: %[[SCALED:.*]] = arith.divf %[[G]], %[[S]] : f32
// CHECK: %[[WG:.*]] = arith.mulf %{{.*}}, %[[SCALED]] : f32
// CHECK: %[[VALUE:.*]] = arith.negf %[[WG]] : f32
// CHECK: %[[C:.*]] = linalg.index 1 : index
// CHECK: %[[IS_TARGET:.*]] = arith.cmpi eq, %[[C]], %[[CLASS]] : index
// CHECK: %[[COUNTS:.*]] = arith.andi %[[IS_TARGET]], %{{.*}} : i1
// CHECK: arith.select %[[COUNTS]], %[[VALUE]], %{{.*}} : f32
// CHECK: return %[[DX]]
func.func @nll_loss_grad_mean(%g: tensor<f32>, %t: tensor<4xi64>) -> tensor<4x10xf32> {
  %0 = dlc.nll_loss_grad %g, %t {num_classes = 10 : i64} : (tensor<f32>, tensor<4xi64>) -> tensor<4x10xf32>
  return %0 : tensor<4x10xf32>
}

// -----

// "none": each position reads its own gradient; a weighted, ignored class
// takes none. No weight sum is formed.
// CHECK-DAG: #[[POS:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @nll_loss_grad_none
// CPU: llvm.func internal @nll_loss_grad_0(
// CHECK-NOT: linalg.reduce
// CHECK: %[[DX:.*]] = linalg.generic {indexing_maps = [#[[POS]], #[[POS]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%arg1, %arg0 : tensor<2x5xi64>, tensor<2x5xf32>) outs(%{{.*}} : tensor<2x3x5xf32>)
// CHECK-NEXT: ^bb0(%[[T:.*]]: i64, %[[G:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[IGNORED:.*]] = arith.cmpi eq, %[[T]], %{{.*}} : i64
// CHECK: %[[W:.*]] = tensor.extract %arg2[%{{.*}}] : tensor<3xf32>
// CHECK: %[[WEIGHT:.*]] = arith.select %[[IGNORED]], %{{.*}}, %[[W]] : f32
// CHECK: %[[WG:.*]] = arith.mulf %[[WEIGHT]], %[[G]] : f32
// CHECK: arith.negf %[[WG]] : f32
// CHECK: %[[COUNTED:.*]] = arith.xori %[[IGNORED]], %{{.*}} : i1
// CHECK: arith.andi %{{.*}}, %[[COUNTED]] : i1
// CHECK: return %[[DX]]
func.func @nll_loss_grad_none(%g: tensor<2x5xf32>, %t: tensor<2x5xi64>, %w: tensor<3xf32>) -> tensor<2x3x5xf32> {
  %0 = dlc.nll_loss_grad %g, %t, %w {num_classes = 3 : i64, reduction = "none", ignore_index = 2 : i64}
      : (tensor<2x5xf32>, tensor<2x5xi64>, tensor<3xf32>) -> tensor<2x3x5xf32>
  return %0 : tensor<2x3x5xf32>
}
