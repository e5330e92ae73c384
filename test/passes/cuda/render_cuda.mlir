// RUN: dlc-opt --dlc-render-cuda %s | FileCheck %s

// A parallel loop spreads over threads, the last dim fastest, counting and
// dividing in 32 bits below 2^31 iterations; a loop with a carried sum runs
// on one thread. The launch table has a row for each, and the launches keep
// only their declarations. Where the accesses are float32 and contiguous
// along the last dims, from a 16-byte aligned first element, a thread takes
// four iterations with float4 loads and stores (the bias, the same for the
// four, loaded once): along the last dim when its size is a multiple of 4,
// else along a run of last dims (4 x 6) that is. An offset that is not a
// multiple of four elements, a load along another dim, or rows that do not
// follow each other (a pitch of 8 for 6 elements, of 65540 for 65537) keeps
// one iteration a thread; 2^32 iterations count in 64 bits.
// CHECK: module attributes {dlc.cuda_launches = "dlc_launch0 1 32 0 3\0Adlc_launch1 1 1 0 2\0Adlc_launch2 1 32 0 2\0Adlc_launch3 1 32 0 2\0Adlc_launch4 1048576 256 0 1\0Adlc_launch5 1 32 0 2\0A"
// CHECK-SAME: 32 iterations, 4 a thread (float4) over 1 x 32 threads
// CHECK-SAME: __launch_bounds__(32) dlc_launch0(float* a0, float* a1, float* a2)
// CHECK-SAME: for (int [[T:t[0-9]+]] = (int)(blockIdx.x * blockDim.x + threadIdx.x); [[T]] < 8; [[T]] += (int)(gridDim.x * blockDim.x)) {
// CHECK-SAME: const int64_t [[I:i[0-9]+]] = (int64_t)([[T]] % 2) * 4;
// CHECK-SAME: const int [[Q:q[0-9]+]] = [[T]] / 2;
// CHECK-SAME: const int64_t [[R:i[0-9]+]] = [[Q]];
// CHECK-SAME: const float4 [[W:w[0-9]+]] = dlc_load4(&a0[[[R]] * 8 + [[I]]]);
// CHECK-SAME: const float [[B:v[0-9]+]] = a2[[[R]]];
// CHECK-SAME: expf([[W]].x)
// CHECK-SAME: expf([[W]].y)
// CHECK-SAME: expf([[W]].z)
// CHECK-SAME: expf([[W]].w)
// CHECK-SAME: + [[B]])
// CHECK-SAME: fmaxf(
// CHECK-SAME: dlc_store4(&a1[[[R]] * 8 + [[I]]], make_float4(v{{[0-9]+}}, v{{[0-9]+}}, v{{[0-9]+}}, v{{[0-9]+}}));
// CHECK-SAME: void dlc_launch0_emulated(void *const *args, unsigned grid, unsigned block)
// CHECK-SAME: dlc_emulation_run(dlc_launch0_thread, args, grid, block, false);
// CHECK-SAME: one thread
// CHECK-SAME: dlc_launch1(float* a0, float* a1)
// CHECK-SAME: if (blockIdx.x != 0 || threadIdx.x != 0)
// CHECK-SAME: float [[ACC:acc[0-9]+]] = 0.0f;
// CHECK-SAME: [[ACC]] = v
// CHECK-SAME: // 24 iterations, 4 a thread (float4) over 1 x 32 threads
// CHECK-SAME: dlc_launch2(
// CHECK-SAME: const int [[F:f[0-9]+]] = (int)[[T2:t[0-9]+]] * 4;
// CHECK-SAME: const int [[COL:d[0-9]+]] = [[F]] % 6;
// CHECK-SAME: const int [[ROW:d[0-9]+]] = [[F]] / 6;
// CHECK-SAME: dlc_load4(&a0[[[ROW]] * 6 + [[COL]]])
// CHECK-SAME: dlc_store4(&a1[[[ROW]] * 6 + [[COL]]]
// CHECK-SAME: // 32 iterations over 1 x 32 threads
// CHECK-SAME: dlc_launch3(
// CHECK-NOT: float4
// CHECK-SAME: // 4295032832 iterations over 1048576 x 256 threads
// CHECK-SAME: for (int64_t [[T4:t[0-9]+]] = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; [[T4]] < 4295032832LL; [[T4]] += (int64_t)gridDim.x * blockDim.x) {
// CHECK-SAME: const int64_t [[Q4:q[0-9]+]] = [[T4]] / 65537;
// CHECK-NOT: float4
// CHECK-SAME: // 24 iterations over 1 x 32 threads
// CHECK-SAME: dlc_launch5(
// CHECK-NOT: float4
// CHECK: func.func private @k_launch0(memref<4x8xf32>, memref<4x8xf32>, memref<4xf32>) attributes {dlc.launch = 0 : i64}
// CHECK: func.func private @k_launch1(memref<16xf32>, memref<f32>) attributes {dlc.launch = 1 : i64}
module {
  func.func private @k_launch0(%a: memref<4x8xf32>, %b: memref<4x8xf32>, %bias: memref<4xf32>) attributes {dlc.launch = 0 : i64} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c4 = arith.constant 4 : index
    %c8 = arith.constant 8 : index
    %zero = arith.constant 0.0 : f32
    scf.parallel (%i, %j) = (%c0, %c0) to (%c4, %c8) step (%c1, %c1) {
      %x = memref.load %a[%i, %j] : memref<4x8xf32>
      %c = memref.load %bias[%i] : memref<4xf32>
      %e = math.exp %x : f32
      %y = arith.addf %e, %c : f32
      %m = arith.maxnumf %y, %zero : f32
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
  func.func private @k_launch2(%a: memref<4x6xf32>, %b: memref<4x6xf32>) attributes {dlc.launch = 2 : i64} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c4 = arith.constant 4 : index
    %c6 = arith.constant 6 : index
    scf.parallel (%i, %j) = (%c0, %c0) to (%c4, %c6) step (%c1, %c1) {
      %x = memref.load %a[%i, %j] : memref<4x6xf32>
      memref.store %x, %b[%i, %j] : memref<4x6xf32>
      scf.reduce
    }
    return
  }
  func.func private @k_launch3(%a: memref<4x8xf32, strided<[10, 1], offset: 2>>, %b: memref<8x4xf32>) attributes {dlc.launch = 3 : i64} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c4 = arith.constant 4 : index
    %c8 = arith.constant 8 : index
    scf.parallel (%i, %j) = (%c0, %c0) to (%c4, %c8) step (%c1, %c1) {
      %x = memref.load %a[%i, %j] : memref<4x8xf32, strided<[10, 1], offset: 2>>
      %y = memref.load %b[%j, %i] : memref<8x4xf32>
      %s = arith.addf %x, %y : f32
      memref.store %s, %a[%i, %j] : memref<4x8xf32, strided<[10, 1], offset: 2>>
      scf.reduce
    }
    return
  }
  func.func private @k_launch4(%a: memref<65536x65537xf32, strided<[65540, 1]>>) attributes {dlc.launch = 4 : i64} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c65536 = arith.constant 65536 : index
    %c65537 = arith.constant 65537 : index
    %one = arith.constant 1.0 : f32
    scf.parallel (%i, %j) = (%c0, %c0) to (%c65536, %c65537) step (%c1, %c1) {
      memref.store %one, %a[%i, %j] : memref<65536x65537xf32, strided<[65540, 1]>>
      scf.reduce
    }
    return
  }
  func.func private @k_launch5(%a: memref<4x6xf32, strided<[8, 1]>>, %b: memref<4x6xf32>) attributes {dlc.launch = 5 : i64} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c4 = arith.constant 4 : index
    %c6 = arith.constant 6 : index
    scf.parallel (%i, %j) = (%c0, %c0) to (%c4, %c6) step (%c1, %c1) {
      %x = memref.load %a[%i, %j] : memref<4x6xf32, strided<[8, 1]>>
      memref.store %x, %b[%i, %j] : memref<4x6xf32>
      scf.reduce
    }
    return
  }
}
