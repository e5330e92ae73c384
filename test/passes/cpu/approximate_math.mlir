// RUN: dlc-opt --dlc-approximate-math %s | FileCheck %s

// float32 exp becomes arithmetic: no libm call, no math.fma (which would
// become one); its multiply-adds may contract into FMA instructions.
// CHECK-LABEL: func.func @exp_f32
// CHECK-NOT: math.exp
// CHECK-NOT: math.fma
// CHECK: arith.mulf %{{.*}}, %{{.*}} fastmath<contract> : f32
// CHECK: arith.addf %{{.*}}, %{{.*}} fastmath<contract> : f32
// CHECK: return
func.func @exp_f32(%x: f32) -> f32 {
  %y = math.exp %x : f32
  return %y : f32
}

// Vectors of float32 too, and log, tanh and erf.
// CHECK-LABEL: func.func @vectors
// CHECK-NOT: math.log
// CHECK-NOT: math.tanh
// CHECK-NOT: math.erf
// CHECK: return
func.func @vectors(%x: vector<8xf32>) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>) {
  %a = math.log %x : vector<8xf32>
  %b = math.tanh %x : vector<8xf32>
  %c = math.erf %x : vector<8xf32>
  return %a, %b, %c : vector<8xf32>, vector<8xf32>, vector<8xf32>
}

// float64 keeps libm's results, and so do the trigonometric functions.
// CHECK-LABEL: func.func @kept
// CHECK: math.exp %{{.*}} : f64
// CHECK: math.sin %{{.*}} : f32
func.func @kept(%x: f64, %y: f32) -> (f64, f32) {
  %a = math.exp %x : f64
  %b = math.sin %y : f32
  return %a, %b : f64, f32
}
