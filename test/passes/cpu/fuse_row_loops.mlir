// RUN: dlc-opt --pass-pipeline='builtin.module(func.func(dlc-fuse-row-loops))' --split-input-file %s | FileCheck %s

// A layer norm's nests after linalg lowering: the row sums into one view of
// the scratch buffer, then the normalization over the whole tensor reading
// them. One nest over the 64 rows remains, the normalization's column dim
// an scf.for inside it after the sums'.
// CHECK-LABEL: func.func @rows(
// CHECK: scf.parallel (%[[R:.*]]) = (%c0) to (%c64) step (%c1) {
// CHECK: scf.for %[[K:.*]] = %c0 to %c32 step %c1 {
// CHECK: memref.load %arg0[%[[R]], %[[K]]]
// CHECK: memref.store %{{.*}}, %[[SUMS:.*]][%[[R]]]
// CHECK: }
// CHECK: scf.for %[[J:.*]] = %c0 to %c32 step %c1 {
// CHECK: memref.load %[[SUMS]][%[[R]]]
// CHECK: memref.store %{{.*}}, %arg1[%[[R]], %[[J]]]
// CHECK: }
// CHECK: scf.reduce
// CHECK-NOT: scf.parallel
func.func @rows(%x: memref<64x32xf32>, %y: memref<64x32xf32>, %scratch: memref<512xi8>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c32 = arith.constant 32 : index
  %c64 = arith.constant 64 : index
  %sums = memref.view %scratch[%c0][] : memref<512xi8> to memref<64xf32>
  scf.parallel (%i) = (%c0) to (%c64) step (%c1) {
    scf.for %k = %c0 to %c32 step %c1 {
      %v = memref.load %x[%i, %k] : memref<64x32xf32>
      %s = memref.load %sums[%i] : memref<64xf32>
      %t = arith.addf %v, %s : f32
      memref.store %t, %sums[%i] : memref<64xf32>
    }
    scf.reduce
  }
  scf.parallel (%i, %j) = (%c0, %c0) to (%c64, %c32) step (%c1, %c1) {
    %v = memref.load %x[%i, %j] : memref<64x32xf32>
    %s = memref.load %sums[%i] : memref<64xf32>
    %d = arith.subf %v, %s : f32
    memref.store %d, %y[%i, %j] : memref<64x32xf32>
    scf.reduce
  }
  return
}

// -----

// Views at disjoint offsets of one buffer are separate buffers; views that
// may overlap are not, so the third nest (reading the first view through a
// reshape) stays.
// CHECK-LABEL: func.func @views(
// CHECK: scf.parallel (%{{.*}}) = (%c0) to (%c64)
// CHECK: memref.store %{{.*}}, %[[A:.*]][%{{.*}}]
// CHECK: memref.load %[[A]]
// CHECK: scf.reduce
// CHECK: memref.expand_shape
// CHECK: scf.parallel (%{{.*}}, %{{.*}}) = (%c0, %c0) to (%c64, %c1)
func.func @views(%scratch: memref<512xi8>, %out: memref<64x1xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %c256 = arith.constant 256 : index
  %zero = arith.constant 0.0 : f32
  %a = memref.view %scratch[%c0][] : memref<512xi8> to memref<64xf32>
  %b = memref.view %scratch[%c256][] : memref<512xi8> to memref<64xf32>
  scf.parallel (%i) = (%c0) to (%c64) step (%c1) {
    memref.store %zero, %a[%i] : memref<64xf32>
    scf.reduce
  }
  scf.parallel (%i) = (%c0) to (%c64) step (%c1) {
    %v = memref.load %a[%i] : memref<64xf32>
    memref.store %v, %b[%i] : memref<64xf32>
    scf.reduce
  }
  %a2 = memref.expand_shape %a [[0, 1]] output_shape [64, 1] : memref<64xf32> into memref<64x1xf32>
  scf.parallel (%i, %j) = (%c0, %c0) to (%c64, %c1) step (%c1, %c1) {
    %v = memref.load %a2[%i, %j] : memref<64x1xf32>
    memref.store %v, %out[%i, %j] : memref<64x1xf32>
    scf.reduce
  }
  return
}

// -----

// The second nest reads the first one's output across rows (a transpose):
// fusing would read rows not yet written.
// CHECK-LABEL: func.func @across_rows(
// CHECK: scf.parallel
// CHECK: scf.reduce
// CHECK: scf.parallel
func.func @across_rows(%x: memref<64x64xf32>, %t: memref<64x64xf32>, %y: memref<64x64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  scf.parallel (%i, %j) = (%c0, %c0) to (%c64, %c64) step (%c1, %c1) {
    %v = memref.load %x[%i, %j] : memref<64x64xf32>
    memref.store %v, %t[%i, %j] : memref<64x64xf32>
    scf.reduce
  }
  scf.parallel (%i, %j) = (%c0, %c0) to (%c64, %c64) step (%c1, %c1) {
    %v = memref.load %t[%j, %i] : memref<64x64xf32>
    memref.store %v, %y[%i, %j] : memref<64x64xf32>
    scf.reduce
  }
  return
}

// -----

// Four shared rows would leave the threads four units of work: nests of
// different depths stay apart. Nests over the same whole space lose nothing
// and fuse.
// CHECK-LABEL: func.func @few_rows(
// CHECK: scf.parallel (%{{.*}}) = (%c0) to (%c4)
// CHECK: scf.reduce
// CHECK: scf.parallel (%{{.*}}, %{{.*}}) = (%c0, %c0) to (%c4, %c256)
// CHECK-NOT: scf.parallel
func.func @few_rows(%x: memref<4x256xf32>, %s: memref<4xf32>, %y: memref<4x256xf32>,
                    %z: memref<4x256xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c256 = arith.constant 256 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
    memref.store %zero, %s[%i] : memref<4xf32>
    scf.reduce
  }
  scf.parallel (%i, %j) = (%c0, %c0) to (%c4, %c256) step (%c1, %c1) {
    %v = memref.load %x[%i, %j] : memref<4x256xf32>
    memref.store %v, %y[%i, %j] : memref<4x256xf32>
    scf.reduce
  }
  scf.parallel (%i, %j) = (%c0, %c0) to (%c4, %c256) step (%c1, %c1) {
    %v = memref.load %y[%i, %j] : memref<4x256xf32>
    memref.store %v, %z[%i, %j] : memref<4x256xf32>
    scf.reduce
  }
  return
}

// -----

// A store between the nests, vector accesses, and different row bounds each
// keep nests apart.
// CHECK-LABEL: func.func @kept_apart(
// CHECK-COUNT-4: scf.parallel
func.func @kept_apart(%x: memref<64x16xf32>, %y: memref<64x16xf32>, %z: memref<128xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %c64 = arith.constant 64 : index
  %c128 = arith.constant 128 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%i, %j) = (%c0, %c0) to (%c64, %c16) step (%c1, %c1) {
    memref.store %zero, %x[%i, %j] : memref<64x16xf32>
    scf.reduce
  }
  memref.store %zero, %z[%c0] : memref<128xf32>
  scf.parallel (%i, %j) = (%c0, %c0) to (%c64, %c16) step (%c1, %c1) {
    memref.store %zero, %y[%i, %j] : memref<64x16xf32>
    scf.reduce
  }
  scf.parallel (%i) = (%c0) to (%c64) step (%c1) {
    %v = vector.load %x[%i, %c0] : memref<64x16xf32>, vector<16xf32>
    vector.store %v, %y[%i, %c0] : memref<64x16xf32>, vector<16xf32>
    scf.reduce
  }
  scf.parallel (%i) = (%c0) to (%c128) step (%c1) {
    memref.store %zero, %z[%i] : memref<128xf32>
    scf.reduce
  }
  return
}

// -----

// A softmax's row maxima die where its row sums begin, so the memory planner
// gives both the same bytes: two views at one offset with one type are one
// buffer, shared row by row.
// CHECK-LABEL: func.func @reused(
// CHECK: scf.parallel (%[[R:.*]]) = (%c0) to (%c64)
// CHECK: memref.store %{{.*}}, %{{.*}}[%[[R]]]
// CHECK: memref.store %{{.*}}, %{{.*}}[%[[R]]]
// CHECK: scf.reduce
// CHECK-NOT: scf.parallel
func.func @reused(%scratch: memref<256xi8>, %y: memref<64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %zero = arith.constant 0.0 : f32
  %max = memref.view %scratch[%c0][] : memref<256xi8> to memref<64xf32>
  %sum = memref.view %scratch[%c0][] : memref<256xi8> to memref<64xf32>
  scf.parallel (%i) = (%c0) to (%c64) step (%c1) {
    %v = memref.load %max[%i] : memref<64xf32>
    memref.store %v, %y[%i] : memref<64xf32>
    scf.reduce
  }
  scf.parallel (%i) = (%c0) to (%c64) step (%c1) {
    memref.store %zero, %sum[%i] : memref<64xf32>
    scf.reduce
  }
  return
}
