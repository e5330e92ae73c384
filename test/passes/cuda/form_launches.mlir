// RUN: dlc-opt --dlc-form-launches --canonicalize --split-input-file --verify-diagnostics %s | FileCheck %s

// A fill and an accumulation: two launches, in order, each taking the
// arguments it touches (by argument number) and its own constants.
// CHECK-LABEL: func.func @kernel
// CHECK-SAME: (%[[IN:.*]]: memref<4x8xf32>, %[[OUT:.*]]: memref<4x8xf32>)
// CHECK-NEXT: call @kernel_launch0(%[[OUT]])
// CHECK-NEXT: call @kernel_launch1(%[[IN]], %[[OUT]])
// CHECK-NEXT: return
// CHECK: func.func private @kernel_launch1(%{{.*}}: memref<4x8xf32>, %{{.*}}: memref<4x8xf32>)
// CHECK-SAME: dlc.launch = 1 : i64
// CHECK: arith.constant 4 : index
// CHECK: scf.parallel
// CHECK: arith.addf
// CHECK: func.func private @kernel_launch0(%{{.*}}: memref<4x8xf32>)
// CHECK-SAME: dlc.launch = 0 : i64
// CHECK: arith.constant 0.0
// CHECK: scf.parallel
// CHECK: memref.store
func.func @kernel(%in: memref<4x8xf32>, %out: memref<4x8xf32>) attributes {dlc.kernel} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%i, %j) = (%c0, %c0) to (%c4, %c8) step (%c1, %c1) {
    memref.store %zero, %out[%i, %j] : memref<4x8xf32>
    scf.reduce
  }
  scf.parallel (%i, %j) = (%c0, %c0) to (%c4, %c8) step (%c1, %c1) {
    %x = memref.load %in[%i, %j] : memref<4x8xf32>
    %y = memref.load %out[%i, %j] : memref<4x8xf32>
    %s = arith.addf %x, %y : f32
    memref.store %s, %out[%i, %j] : memref<4x8xf32>
    scf.reduce
  }
  return
}

// -----

// A value read before the loop that uses it: one launch holds both. The
// host keeps its calls.
// CHECK-LABEL: func.func @scale
// CHECK-NEXT: call @scale_launch0(%arg0, %arg1, %arg2)
// CHECK-NEXT: call @other()
// CHECK-NEXT: return
// CHECK: func.func private @scale_launch0
// CHECK: memref.load %{{.*}}[] : memref<f32>
// CHECK: scf.parallel
func.func private @other()
func.func @scale(%s: memref<f32>, %x: memref<16xf32>, %y: memref<16xf32>) attributes {dlc.kernel} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %v = memref.load %s[] : memref<f32>
  scf.parallel (%i) = (%c0) to (%c16) step (%c1) {
    %a = memref.load %x[%i] : memref<16xf32>
    %b = arith.mulf %a, %v : f32
    memref.store %b, %y[%i] : memref<16xf32>
    scf.reduce
  }
  call @other() : () -> ()
  return
}

// -----

func.func private @other()
func.func @shared(%s: memref<f32>, %y: memref<f32>) {
  %v = memref.load %s[] : memref<f32>
  // expected-error @+1 {{runs between device ops whose values it would need to share}}
  call @other() : () -> ()
  memref.store %v, %y[] : memref<f32>
  return
}

// -----

// A constant the entry passes to a kernel moves into the kernel, and from
// there into the launch that reads it; a kernel called twice gets a copy
// for the call with the constant.
// CHECK-LABEL: func.func private @mul
// CHECK-SAME: (%{{.*}}: memref<4xf32>, %{{.*}}: memref<4xf32>, %{{.*}}: memref<4xf32>)
// CHECK-LABEL: func.func private @mul_0
// CHECK-SAME: (%[[X:.*]]: memref<4xf32>, %[[Y:.*]]: memref<4xf32>)
// CHECK-NEXT: call @mul_0_launch0(%[[X]], %[[Y]])
// CHECK-LABEL: func.func private @mul_0_launch0
// CHECK: memref.get_global @table : memref<4xf32>
// CHECK-LABEL: func.func @run
// CHECK-NOT: get_global
// CHECK: call @mul(%arg0, %arg0, %arg1)
// CHECK-NEXT: call @mul_0(%arg0, %arg1)
memref.global "private" constant @table : memref<4xf32> = dense<[1.0, 2.0, 3.0, 4.0]>
func.func private @mul(%a: memref<4xf32>, %b: memref<4xf32>, %out: memref<4xf32>) attributes {dlc.kernel} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
    %x = memref.load %a[%i] : memref<4xf32>
    %y = memref.load %b[%i] : memref<4xf32>
    %p = arith.mulf %x, %y : f32
    memref.store %p, %out[%i] : memref<4xf32>
    scf.reduce
  }
  return
}
func.func @run(%x: memref<4xf32>, %y: memref<4xf32>) attributes {dlc.entry = "run"} {
  %t = memref.get_global @table : memref<4xf32>
  call @mul(%x, %x, %y) : (memref<4xf32>, memref<4xf32>, memref<4xf32>) -> ()
  call @mul(%t, %x, %y) : (memref<4xf32>, memref<4xf32>, memref<4xf32>) -> ()
  return
}

// -----

// Launches the module has (a tiled contraction's) keep their numbers; the
// new ones follow them.
// CHECK-LABEL: func.func @after_tiled
// CHECK-NEXT: call @tiled
// CHECK-NEXT: call @after_tiled_launch0
// CHECK: func.func private @after_tiled_launch0({{.*}}dlc.launch = 1 : i64
func.func private @tiled(%a: memref<4xf32>) attributes {dlc.launch = 0 : i64} {
  return
}
func.func @after_tiled(%a: memref<4xf32>) {
  call @tiled(%a) : (memref<4xf32>) -> ()
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f32
  memref.store %zero, %a[%c0] : memref<4xf32>
  return
}
