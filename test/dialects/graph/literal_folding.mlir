// RUN: dlc-opt --split-input-file --canonicalize %s | FileCheck %s

// Shape arithmetic on literals folds, broadcasting as the ops do.
// CHECK-LABEL: func.func @integer_arithmetic
// CHECK-DAG: %[[SUB:.*]] = dlc.constant dense<[1, 0]> : tensor<2xi64>
// CHECK-DAG: %[[DIV:.*]] = dlc.constant dense<[-3, 3, -9223372036854775808]> : tensor<3xi64>
// CHECK-DAG: %[[MAX:.*]] = dlc.constant dense<[250, 7]> : tensor<2xui8>
// CHECK-DAG: %[[MOD:.*]] = dlc.constant dense<[1, 1, 0]> : tensor<3xi64>
// CHECK-DAG: %[[FMOD:.*]] = dlc.constant dense<[-1, 1, 0]> : tensor<3xi64>
// CHECK: return %[[SUB]], %[[DIV]], %[[MAX]], %[[MOD]], %[[FMOD]]
func.func @integer_arithmetic() -> (tensor<2xi64>, tensor<3xi64>, tensor<2xui8>, tensor<3xi64>, tensor<3xi64>) {
  %rank = dlc.constant dense<2> : tensor<i64>
  %axes = dlc.constant dense<[1, 2]> : tensor<2xi64>
  %0 = dlc.sub %rank, %axes : (tensor<i64>, tensor<2xi64>) -> tensor<2xi64>
  %n = dlc.constant dense<[-7, 7, -9223372036854775808]> : tensor<3xi64>
  %d = dlc.constant dense<[2, 2, -1]> : tensor<3xi64>
  %1 = dlc.div %n, %d : (tensor<3xi64>, tensor<3xi64>) -> tensor<3xi64>
  %a = dlc.constant dense<[250, 3]> : tensor<2xui8>
  %b = dlc.constant dense<7> : tensor<ui8>
  %2 = dlc.max %a, %b : (tensor<2xui8>, tensor<ui8>) -> tensor<2xui8>
  %3 = dlc.mod %n, %d : (tensor<3xi64>, tensor<3xi64>) -> tensor<3xi64>
  %4 = dlc.mod %n, %d {fmod = true} : (tensor<3xi64>, tensor<3xi64>) -> tensor<3xi64>
  return %0, %1, %2, %3, %4 : tensor<2xi64>, tensor<3xi64>, tensor<2xui8>, tensor<3xi64>, tensor<3xi64>
}

// -----

// Integer division by zero is left to the compiler's own check.
// CHECK-LABEL: func.func @division_by_zero_stays
// CHECK: dlc.div
func.func @division_by_zero_stays() -> tensor<2xi32> {
  %n = dlc.constant dense<[4, 5]> : tensor<2xi32>
  %d = dlc.constant dense<[1, 0]> : tensor<2xi32>
  %0 = dlc.div %n, %d : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

// Comparisons, where and casts; a float-to-int cast truncates toward zero,
// and one out of range stays an op.
// CHECK-LABEL: func.func @compare_select_cast
// CHECK-DAG: %[[LESS:.*]] = dlc.constant dense<[true, false, false]> : tensor<3xi1>
// CHECK-DAG: %[[WHERE:.*]] = dlc.constant dense<[1.000000e+00, 5.000000e-01, 5.000000e-01]> : tensor<3xf32>
// CHECK-DAG: %[[CAST:.*]] = dlc.constant dense<[-2, 2, 0]> : tensor<3xi32>
// CHECK: %[[BIG:.*]] = dlc.cast
// CHECK: return %[[LESS]], %[[WHERE]], %[[CAST]], %[[BIG]]
func.func @compare_select_cast() -> (tensor<3xi1>, tensor<3xf32>, tensor<3xi32>, tensor<i8>) {
  %a = dlc.constant dense<[1.0, 2.0, 0x7FC00000]> : tensor<3xf32>
  %b = dlc.constant dense<2.0> : tensor<f32>
  %0 = dlc.less %a, %b : (tensor<3xf32>, tensor<f32>) -> tensor<3xi1>
  %half = dlc.constant dense<0.5> : tensor<f32>
  %1 = dlc.where %0, %a, %half : (tensor<3xi1>, tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  %c = dlc.constant dense<[-2.7, 2.7, 0.2]> : tensor<3xf32>
  %2 = dlc.cast %c {to = i32} : tensor<3xf32> -> tensor<3xi32>
  %big = dlc.constant dense<300.0> : tensor<f32>
  %3 = dlc.cast %big {to = i8} : tensor<f32> -> tensor<i8>
  return %0, %1, %2, %3 : tensor<3xi1>, tensor<3xf32>, tensor<3xi32>, tensor<i8>
}

// -----

// Operands that are not all literals leave the op.
// CHECK-LABEL: func.func @not_all_literals
// CHECK: dlc.add
func.func @not_all_literals(%x: tensor<2xi64>) -> tensor<2xi64> {
  %c = dlc.constant dense<1> : tensor<i64>
  %0 = dlc.add %x, %c : (tensor<2xi64>, tensor<i64>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}
