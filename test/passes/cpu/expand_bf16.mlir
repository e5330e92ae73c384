// RUN: dlc-opt %s --split-input-file --dlc-expand-bf16 | FileCheck %s

// Truncation to bf16 rounds the f32 bits to nearest even in integers and
// keeps the top half; extension shifts the bits back up. No float
// conversion to or from bf16 is left for LLVM to call compiler-rt for.
// CHECK-LABEL: func.func @round_trip(
// CHECK-NOT:     arith.truncf
// CHECK-NOT:     arith.extf
// CHECK:         arith.bitcast %{{.*}} : f32 to i32
// CHECK:         arith.shrui
// CHECK:         arith.bitcast %{{.*}} : i16 to bf16
// CHECK:         arith.extui %{{.*}} : i16 to i32
// CHECK:         arith.shli
// CHECK:         arith.bitcast %{{.*}} : i32 to f32
func.func @round_trip(%x: f32) -> f32 {
  %h = arith.truncf %x : f32 to bf16
  %y = arith.extf %h : bf16 to f32
  return %y : f32
}

// -----

// Vectors too; f16 conversions, which LLVM lowers itself, stay.
// CHECK-LABEL: func.func @vectors_and_f16(
// CHECK:         arith.bitcast %{{.*}} : vector<4xf32> to vector<4xi32>
// CHECK:         arith.truncf %{{.*}} : vector<4xf32> to vector<4xf16>
func.func @vectors_and_f16(%x: vector<4xf32>) -> (vector<4xbf16>, vector<4xf16>) {
  %b = arith.truncf %x : vector<4xf32> to vector<4xbf16>
  %h = arith.truncf %x : vector<4xf32> to vector<4xf16>
  return %b, %h : vector<4xbf16>, vector<4xf16>
}
