// RUN: dlc-opt --split-input-file %s | dlc-opt | FileCheck %s
// RUN: dlc-opt --split-input-file %s --dlc-lower-to-linalg | FileCheck %s --check-prefix=LOWER

// Unary math keeps its input's type; Round rounds halves to even.
// CHECK-LABEL: func.func @unary_math
// CHECK: dlc.sin %arg0 : tensor<2x3xf32>
// CHECK: dlc.cos
// CHECK: dlc.tan
// CHECK: dlc.asin
// CHECK: dlc.acos
// CHECK: dlc.atan
// CHECK: dlc.sinh
// CHECK: dlc.cosh
// CHECK: dlc.asinh
// CHECK: dlc.acosh
// CHECK: dlc.atanh
// CHECK: dlc.round
// CHECK: dlc.softsign
// CHECK: dlc.mish
// LOWER-LABEL: func.func @unary_math
// LOWER: math.sin
// LOWER: math.cos
// LOWER: math.tan
// LOWER: math.asin
// LOWER: math.acos
// LOWER: math.atan
// LOWER: math.sinh
// LOWER: math.cosh
// LOWER: math.asinh
// LOWER: math.acosh
// LOWER: math.atanh
// LOWER: math.roundeven
// LOWER: math.absf
// LOWER: arith.divf
// LOWER: math.log1p
// LOWER: math.tanh
func.func @unary_math(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = dlc.sin %x : tensor<2x3xf32>
  %1 = dlc.cos %0 : tensor<2x3xf32>
  %2 = dlc.tan %1 : tensor<2x3xf32>
  %3 = dlc.asin %2 : tensor<2x3xf32>
  %4 = dlc.acos %3 : tensor<2x3xf32>
  %5 = dlc.atan %4 : tensor<2x3xf32>
  %6 = dlc.sinh %5 : tensor<2x3xf32>
  %7 = dlc.cosh %6 : tensor<2x3xf32>
  %8 = dlc.asinh %7 : tensor<2x3xf32>
  %9 = dlc.acosh %8 : tensor<2x3xf32>
  %10 = dlc.atanh %9 : tensor<2x3xf32>
  %11 = dlc.round %10 : tensor<2x3xf32>
  %12 = dlc.softsign %11 : tensor<2x3xf32>
  %13 = dlc.mish %12 : tensor<2x3xf32>
  return %13 : tensor<2x3xf32>
}

// -----

// Sign picks 1 or -1 and keeps x otherwise; an unsigned x is never below 0.
// IsNaN and IsInf give bools; IsInf tests only the infinities it is asked to.
// CHECK-LABEL: func.func @predicates
// CHECK: dlc.sign %arg0 : tensor<4xf32>
// CHECK: dlc.sign %arg1 : tensor<4xui8>
// CHECK: dlc.is_nan %arg0 : tensor<4xf32> -> tensor<4xi1>
// CHECK: dlc.is_inf %arg0 : tensor<4xf32> -> tensor<4xi1>
// CHECK: dlc.is_inf %arg0 {detect_negative = false} : tensor<4xf32> -> tensor<4xi1>
// CHECK: dlc.not
// LOWER-LABEL: func.func @predicates
// LOWER: arith.cmpf ogt
// LOWER: arith.cmpf olt
// LOWER: arith.select
// LOWER: arith.select
// LOWER: arith.cmpi ugt
// LOWER: arith.cmpi ult
// LOWER: arith.cmpf uno
// LOWER: arith.constant 0x7F800000 : f32
// LOWER: arith.cmpf oeq
// LOWER: arith.constant 0xFF800000 : f32
// LOWER: arith.cmpf oeq
// LOWER: arith.constant 0x7F800000 : f32
// LOWER-NOT: 0xFF800000
// LOWER: arith.xori
func.func @predicates(%x: tensor<4xf32>, %u: tensor<4xui8>)
    -> (tensor<4xf32>, tensor<4xui8>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>) {
  %0 = dlc.sign %x : tensor<4xf32>
  %1 = dlc.sign %u : tensor<4xui8>
  %2 = dlc.is_nan %x : tensor<4xf32> -> tensor<4xi1>
  %3 = dlc.is_inf %x : tensor<4xf32> -> tensor<4xi1>
  %4 = dlc.is_inf %x {detect_negative = false} : tensor<4xf32> -> tensor<4xi1>
  %5 = dlc.not %4 : tensor<4xi1>
  return %0, %1, %2, %3, %5 : tensor<4xf32>, tensor<4xui8>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>
}

// -----

// Activations with attributes keep their input's type; defaults are elided.
// CHECK-LABEL: func.func @activations
// CHECK: dlc.selu %arg0 : tensor<2x3xf32>
// CHECK: dlc.selu %{{.*}} {alpha = 2.000000e+00 : f32, gamma = 3.000000e+00 : f32}
// CHECK: dlc.celu %{{.*}} {alpha = 5.000000e-01 : f32} : tensor<2x3xf32>
// CHECK: dlc.thresholded_relu %{{.*}} : tensor<2x3xf32>
// CHECK: dlc.shrink %{{.*}} {bias = 1.000000e+00 : f32} : tensor<2x3xf32>
// CHECK: dlc.gelu %{{.*}} : tensor<2x3xf32>
// CHECK: dlc.gelu %{{.*}} {approximate = "tanh"} : tensor<2x3xf32>
// CHECK: dlc.prelu %{{.*}}, %arg1 : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// Selu and Celu use expm1; exact Gelu erf, the approximation tanh.
// LOWER-LABEL: func.func @activations
// LOWER: math.expm1
// LOWER: math.expm1
// LOWER: math.expm1
// LOWER: math.erf
// LOWER: math.tanh
func.func @activations(%x: tensor<2x3xf32>, %slope: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = dlc.selu %x : tensor<2x3xf32>
  %1 = dlc.selu %0 {alpha = 2.0 : f32, gamma = 3.0 : f32} : tensor<2x3xf32>
  %2 = dlc.celu %1 {alpha = 0.5 : f32} : tensor<2x3xf32>
  %3 = dlc.thresholded_relu %2 {alpha = 1.0 : f32} : tensor<2x3xf32>
  %4 = dlc.shrink %3 {bias = 1.0 : f32} : tensor<2x3xf32>
  %5 = dlc.gelu %4 : tensor<2x3xf32>
  %6 = dlc.gelu %5 {approximate = "tanh"} : tensor<2x3xf32>
  %7 = dlc.prelu %6, %slope : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %7 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @logical
// CHECK: dlc.and %arg0, %arg1 : (tensor<2x3xi1>, tensor<3xi1>) -> tensor<2x3xi1>
// CHECK: dlc.or
// CHECK: dlc.xor
// LOWER-LABEL: func.func @logical
// LOWER: arith.andi
// LOWER: arith.ori
// LOWER: arith.xori
func.func @logical(%a: tensor<2x3xi1>, %b: tensor<3xi1>) -> tensor<2x3xi1> {
  %0 = dlc.and %a, %b : (tensor<2x3xi1>, tensor<3xi1>) -> tensor<2x3xi1>
  %1 = dlc.or %0, %b : (tensor<2x3xi1>, tensor<3xi1>) -> tensor<2x3xi1>
  %2 = dlc.xor %1, %a : (tensor<2x3xi1>, tensor<2x3xi1>) -> tensor<2x3xi1>
  return %2 : tensor<2x3xi1>
}

// -----

// A shift by the width or more gives 0, not poison.
// CHECK-LABEL: func.func @bit_shift
// CHECK: dlc.bit_shift %arg0, %arg1 {direction = "LEFT"} : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
// CHECK: dlc.bit_shift %{{.*}}, %arg1 {direction = "RIGHT"}
// LOWER-LABEL: func.func @bit_shift
// LOWER: arith.shli
// LOWER: arith.constant 8 : i8
// LOWER: arith.cmpi uge
// LOWER: arith.select
// LOWER: arith.shrui
func.func @bit_shift(%a: tensor<4xui8>, %b: tensor<4xui8>) -> tensor<4xui8> {
  %0 = dlc.bit_shift %a, %b {direction = "LEFT"} : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %1 = dlc.bit_shift %0, %b {direction = "RIGHT"} : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  return %1 : tensor<4xui8>
}

// -----

// Integer remainders never reach a trapping instruction with a zero divisor:
// it becomes 1. Python's % moves a remainder whose sign differs from the
// divisor's by one divisor; fmod keeps the dividend's sign. f16 takes fmod
// in f32.
// CHECK-LABEL: func.func @mod
// CHECK: dlc.mod %arg0, %arg1 : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
// CHECK: dlc.mod %arg0, %arg1 {fmod = true}
// CHECK: dlc.mod %arg2, %arg3 : (tensor<4xui16>, tensor<4xui16>) -> tensor<4xui16>
// CHECK: dlc.mod %arg4, %arg5 {fmod = true} : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xf16>
// LOWER-LABEL: func.func @mod
// LOWER: arith.select
// LOWER: arith.remsi
// LOWER: arith.cmpi ne
// LOWER: arith.addi
// LOWER: arith.select
// LOWER: arith.remsi
// LOWER-NEXT: linalg.yield
// LOWER: arith.remui
// LOWER: arith.extf
// LOWER: arith.remf {{.*}} : f32
// LOWER: arith.truncf
func.func @mod(%a: tensor<4xi32>, %b: tensor<4xi32>, %c: tensor<4xui16>, %d: tensor<4xui16>,
               %e: tensor<4xf16>, %f: tensor<4xf16>)
    -> (tensor<4xi32>, tensor<4xi32>, tensor<4xui16>, tensor<4xf16>) {
  %0 = dlc.mod %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %1 = dlc.mod %a, %b {fmod = true} : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %2 = dlc.mod %c, %d : (tensor<4xui16>, tensor<4xui16>) -> tensor<4xui16>
  %3 = dlc.mod %e, %f {fmod = true} : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xf16>
  return %0, %1, %2, %3 : tensor<4xi32>, tensor<4xi32>, tensor<4xui16>, tensor<4xf16>
}

// -----

// Pow takes the base's element type; mixed or integer powers go through f64.
// CHECK-LABEL: func.func @pow_types
// CHECK: dlc.pow %arg0, %arg1 : (tensor<3xf32>, tensor<3xi64>) -> tensor<3xf32>
// CHECK: dlc.pow %arg1, %arg0 : (tensor<3xi64>, tensor<3xf32>) -> tensor<3xi64>
// CHECK: dlc.pow %arg2, %arg2 : (tensor<2x3xui32>, tensor<2x3xui32>) -> tensor<2x3xui32>
// LOWER-LABEL: func.func @pow_types
// LOWER: arith.extf {{.*}} : f32 to f64
// LOWER: arith.sitofp {{.*}} : i64 to f64
// LOWER: math.powf {{.*}} : f64
// LOWER: arith.truncf {{.*}} : f64 to f32
// LOWER: arith.sitofp
// LOWER: arith.extf
// LOWER: math.powf
// LOWER: arith.fptosi {{.*}} : f64 to i64
// LOWER: arith.uitofp
// LOWER: arith.uitofp
// LOWER: math.powf
// LOWER: arith.fptoui {{.*}} : f64 to i32
func.func @pow_types(%f: tensor<3xf32>, %i: tensor<3xi64>, %u: tensor<2x3xui32>)
    -> (tensor<3xf32>, tensor<3xi64>, tensor<2x3xui32>) {
  %0 = dlc.pow %f, %i : (tensor<3xf32>, tensor<3xi64>) -> tensor<3xf32>
  %1 = dlc.pow %i, %f : (tensor<3xi64>, tensor<3xf32>) -> tensor<3xi64>
  %2 = dlc.pow %u, %u : (tensor<2x3xui32>, tensor<2x3xui32>) -> tensor<2x3xui32>
  return %0, %1, %2 : tensor<3xf32>, tensor<3xi64>, tensor<2x3xui32>
}
