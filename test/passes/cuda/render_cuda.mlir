// RUN: dlc-opt --dlc-render-cuda %s | FileCheck %s

// A parallel loop spreads over threads, the last dim fastest; a loop with
// a carried sum runs on one thread. The launch table has a row for each,
// and the launches keep only their declarations.
// CHECK: module attributes {dlc.cuda_launches = "dlc_launch0 1 32 0 2\0Adlc_launch1 1 1 0 2\0A"
// CHECK-SAME: __launch_bounds__(32) dlc_launch0(float* a0, float* a1)
// CHECK-SAME: const int64_t [[I:i[0-9]+]] = ([[T:t[0-9]+]] % 8);
// CHECK-SAME: const int64_t [[Q:q[0-9]+]] = [[T]] / 8;
// CHECK-SAME: a0[[[Q]] * 8 + [[I]]]
// CHECK-SAME: expf(
// CHECK-SAME: fmaxf(
// CHECK-SAME: void dlc_launch0_emulated(void *const *args, unsigned grid, unsigned block)
// CHECK-SAME: dlc_emulation_run(dlc_launch0_thread, args, grid, block, false);
// CHECK-SAME: one thread
// CHECK-SAME: dlc_launch1(float* a0, float* a1)
// CHECK-SAME: if (blockIdx.x != 0 || threadIdx.x != 0)
// CHECK-SAME: float [[ACC:acc[0-9]+]] = 0.0f;
// CHECK-SAME: [[ACC]] = v
// CHECK: func.func private @k_launch0(memref<4x8xf32>, memref<4x8xf32>) attributes {dlc.launch = 0 : i64}
// CHECK: func.func private @k_launch1(memref<16xf32>, memref<f32>) attributes {dlc.launch = 1 : i64}
module {
  func.func private @k_launch0(%a: memref<4x8xf32>, %b: memref<4x8xf32>) attributes {dlc.launch = 0 : i64} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c4 = arith.constant 4 : index
    %c8 = arith.constant 8 : index
    %zero = arith.constant 0.0 : f32
    scf.parallel (%i, %j) = (%c0, %c0) to (%c4, %c8) step (%c1, %c1) {
      %x = memref.load %a[%i, %j] : memref<4x8xf32>
      %e = math.exp %x : f32
      %m = arith.maxnumf %e, %zero : f32
      memref.store %m, %b[%i, %j] : memref<4x8xf32>
      scf.reduce
    }
    return
  }
  func.func private @k_launch1(%x: memref<16xf32>, %s: memref<f32>) attributes {dlc.launch = 1 : i64} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c16 = arith.constant 16 : index
    %zero = arith.constant 0.0 : f32
    %sum = scf.for %i = %c0 to %c16 step %c1 iter_args(%acc = %zero) -> (f32) {
      %v = memref.load %x[%i] : memref<16xf32>
      %next = arith.addf %acc, %v : f32
      scf.yield %next : f32
    }
    memref.store %sum, %s[] : memref<f32>
    return
  }
}
