// RUN: dlc-opt --pass-pipeline='builtin.module(func.func(dlc-relax-reductions))' --split-input-file %s | FileCheck %s

// A row sum's add combines the running value: reassoc. A division keeps
// its rounding, even by a value fixed along the innermost loop.
// CHECK-LABEL: func.func @row_sum_and_divide(
// CHECK: linalg.reduce
// CHECK: arith.addf %{{.*}}, %{{.*}} fastmath<reassoc> : f32
// CHECK: linalg.generic
// CHECK: arith.divf %{{.*}}, %{{.*}} : f32
func.func @row_sum_and_divide(%x: memref<8x64xf32>, %sums: memref<8xf32>) {
  linalg.reduce ins(%x : memref<8x64xf32>) outs(%sums : memref<8xf32>) dimensions = [1]
    (%in: f32, %acc: f32) {
      %s = arith.addf %in, %acc : f32
      linalg.yield %s : f32
    }
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%sums : memref<8xf32>) outs(%x : memref<8x64xf32>) {
  ^bb0(%s: f32, %e: f32):
    %q = arith.divf %e, %s : f32
    linalg.yield %q : f32
  }
  return
}

// -----

// The max that is yielded keeps its flags and gains reassoc; the
// subtraction also reads the running value but combines nothing: left as is.
// CHECK-LABEL: func.func @kept(
// CHECK: arith.subf %{{.*}}, %{{.*}} : f32
// CHECK: arith.maximumf %{{.*}}, %{{.*}} fastmath<reassoc,contract> : f32
func.func @kept(%x: memref<8x64xf32>, %max: memref<8xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<8x64xf32>) outs(%max : memref<8xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %d = arith.subf %in, %acc : f32
    %m = arith.maximumf %d, %acc fastmath<contract> : f32
    linalg.yield %m : f32
  }
  return
}
