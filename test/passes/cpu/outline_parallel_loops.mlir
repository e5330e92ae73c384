// RUN: dlc-opt --dlc-outline-parallel-loops=min-iterations=1000 --split-input-file %s | FileCheck %s

// A nest over 4x32x64 with a 16-step inner loop: the outer two dims give 128
// chunks (4 alone are too few), delinearized inside the range function; the
// inner parallel dim stays a loop there. Constants and views are cloned, the
// buffers passed.
// CHECK-LABEL: func.func private @kernel_parallel(
// CHECK-SAME: %[[A:.*]]: memref<4x32x64xf32>, %[[B:.*]]: memref<4x32x64xf32>, %[[BEGIN:.*]]: index, %[[END:.*]]: index)
// CHECK-SAME: attributes {dlc.parallel_body}
// CHECK: %[[C16:.*]] = arith.constant 16 : index
// CHECK: scf.for %[[CHUNK:.*]] = %[[BEGIN]] to %[[END]]
// CHECK: %[[J:.*]] = arith.remui %[[CHUNK]], %{{.*}}
// CHECK: %[[I:.*]] = arith.divui %[[CHUNK]], %{{.*}}
// CHECK: scf.parallel (%[[K:.*]]) =
// CHECK: scf.for %{{.*}} = %{{.*}} to %[[C16]]
// CHECK: memref.load %[[A]][%{{.*}}, %{{.*}}, %[[K]]]
// CHECK-LABEL: func.func @kernel(
// CHECK-NOT: scf.parallel
// CHECK: call @kernel_parallel(%arg0, %arg1, %{{.*}}, %{{.*}}) : (memref<4x32x64xf32>, memref<4x32x64xf32>, index, index) -> ()
func.func @kernel(%a: memref<4x32x64xf32>, %b: memref<4x32x64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c16 = arith.constant 16 : index
  %c32 = arith.constant 32 : index
  %c64 = arith.constant 64 : index
  scf.parallel (%i, %j, %k) = (%c0, %c0, %c0) to (%c4, %c32, %c64) step (%c1, %c1, %c1) {
    %init = memref.load %b[%i, %j, %k] : memref<4x32x64xf32>
    %sum = scf.for %r = %c0 to %c16 step %c1 iter_args(%acc = %init) -> f32 {
      %x = memref.load %a[%i, %j, %k] : memref<4x32x64xf32>
      %s = arith.addf %acc, %x : f32
      scf.yield %s : f32
    }
    memref.store %sum, %b[%i, %j, %k] : memref<4x32x64xf32>
    scf.reduce
  }
  return
}

// -----

// Too little work: the nest stays.
// CHECK-LABEL: func.func @small(
// CHECK: scf.parallel
// CHECK-NOT: call
func.func @small(%a: memref<8x8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%i, %j) = (%c0, %c0) to (%c8, %c8) step (%c1, %c1) {
    memref.store %zero, %a[%i, %j] : memref<8x8xf32>
    scf.reduce
  }
  return
}

// -----

// A strided view cannot be passed as one pointer; it is cloned from the
// buffer it views, and a scalar argument is passed.
// CHECK-LABEL: func.func private @strided_parallel(
// CHECK-SAME: %[[BUF:.*]]: memref<64x128xf32>, %[[V:.*]]: f32, %{{.*}}: index, %{{.*}}: index)
// CHECK: memref.subview %[[BUF]]
// CHECK-LABEL: func.func @strided(
// CHECK: call @strided_parallel(%arg0, %arg1, %{{.*}}, %{{.*}})
func.func @strided(%buf: memref<64x128xf32>, %v: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %view = memref.subview %buf[0, 0] [64, 64] [1, 2] : memref<64x128xf32> to memref<64x64xf32, strided<[128, 2]>>
  scf.parallel (%i, %j) = (%c0, %c0) to (%c64, %c64) step (%c1, %c1) {
    memref.store %v, %view[%i, %j] : memref<64x64xf32, strided<[128, 2]>>
    scf.reduce
  }
  return
}

// -----

// Scratch allocated outside the nest and used only inside it becomes each
// thread's own: cloned into the range function, not passed.
// CHECK-LABEL: func.func private @scratch_parallel(
// CHECK-SAME: %{{.*}}: memref<64x64xf32>, %{{.*}}: index, %{{.*}}: index)
// CHECK: memref.alloca() : memref<16xf32>
// CHECK: scf.for
// CHECK-LABEL: func.func @scratch(
// CHECK: call @scratch_parallel(%arg0, %{{.*}}, %{{.*}}) : (memref<64x64xf32>, index, index) -> ()
func.func @scratch(%a: memref<64x64xf32>) {
  %tmp = memref.alloca() : memref<16xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %c64 = arith.constant 64 : index
  scf.parallel (%i, %j) = (%c0, %c0) to (%c64, %c64) step (%c1, %c1) {
    scf.for %r = %c0 to %c16 step %c1 {
      %x = memref.load %a[%i, %j] : memref<64x64xf32>
      memref.store %x, %tmp[%r] : memref<16xf32>
    }
    %y = memref.load %tmp[%c0] : memref<16xf32>
    memref.store %y, %a[%i, %j] : memref<64x64xf32>
    scf.reduce
  }
  return
}

// -----

// 64 points are too few by trip count, but the builder recorded more work.
// CHECK-LABEL: func.func private @recorded_parallel(
// CHECK-LABEL: func.func @recorded(
// CHECK: call @recorded_parallel
func.func @recorded(%a: memref<64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  scf.parallel (%i) = (%c0) to (%c64) step (%c1) {
    %x = memref.load %a[%i] : memref<64xf32>
    memref.store %x, %a[%i] : memref<64xf32>
    scf.reduce
  } {dlc.parallel_work = 5000 : i64}
  return
}

// -----

// String kernels call the session's services, which serve one thread: their
// nests stay in the caller however large.
// CHECK-LABEL: func.func @format_strings(
// CHECK: scf.parallel
// CHECK: dlck.format
// CHECK-NOT: dlc.parallel_body
func.func @format_strings(%x: memref<4096xf32>, %y: memref<4096x!dlc.string>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4096 = arith.constant 4096 : index
  scf.parallel (%i) = (%c0) to (%c4096) step (%c1) {
    %v = memref.load %x[%i] : memref<4096xf32>
    %s = dlck.format %v : f32
    memref.store %s, %y[%i] : memref<4096x!dlc.string>
    scf.reduce
  }
  return
}
