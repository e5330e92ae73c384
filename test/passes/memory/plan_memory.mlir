// RUN: dlc-opt --split-input-file --dlc-plan-memory %s | FileCheck %s

// Buffers whose lifetimes do not overlap share arena space; a buffer only
// copied into an output becomes that output; kernel temporaries move into a
// scratch argument that each call allocates in the arena.
// CHECK-LABEL: func.func private @k
// CHECK-SAME: %arg2: memref<64xi8>
// CHECK-NOT: memref.alloc
// CHECK: memref.view %arg2[%{{.*}}][] : memref<64xi8> to memref<4xf32>
// CHECK-LABEL: func.func @run
// CHECK-SAME: %arg2: memref<128xi8>) attributes {dlc.arena_bytes = 128 : i64
// CHECK-NOT: memref.alloc
// CHECK: %[[C0:.*]] = arith.constant 0 : index
// CHECK: %[[A:.*]] = memref.view %arg2[%[[C0]]][] : memref<128xi8> to memref<4xf32>
// CHECK: %[[C64:.*]] = arith.constant 64 : index
// CHECK: %[[S:.*]] = memref.view %arg2[%[[C64]]][] : memref<128xi8> to memref<64xi8>
// CHECK: call @k(%arg0, %[[A]], %[[S]])
// CHECK: %[[C64B:.*]] = arith.constant 64 : index
// CHECK: %[[S2:.*]] = memref.view %arg2[%[[C64B]]][] : memref<128xi8> to memref<64xi8>
// CHECK: call @k(%[[A]], %arg1, %[[S2]])
// CHECK-NOT: linalg.copy
func.func private @k(%in: memref<4xf32>, %out: memref<4xf32>) attributes {dlc.kernel} {
  %tmp = memref.alloc() : memref<4xf32>
  linalg.copy ins(%in : memref<4xf32>) outs(%tmp : memref<4xf32>)
  linalg.copy ins(%tmp : memref<4xf32>) outs(%out : memref<4xf32>)
  return
}
func.func @run(%x: memref<4xf32>, %y: memref<4xf32>) attributes {dlc.entry = "run"} {
  %a = memref.alloc() : memref<4xf32>
  call @k(%x, %a) : (memref<4xf32>, memref<4xf32>) -> ()
  %b = memref.alloc() : memref<4xf32>
  call @k(%a, %b) : (memref<4xf32>, memref<4xf32>) -> ()
  linalg.copy ins(%b : memref<4xf32>) outs(%y : memref<4xf32>)
  return
}

// -----

// An unused output with no elements is passed as a rank-1 empty buffer.
// CHECK-LABEL: func.func @empty_output
// CHECK-SAME: (%arg0: memref<0xf32>, %arg1: memref<64xi8>)
func.func @empty_output(%y: memref<3x4x0xf32>) attributes {dlc.entry = "run"} {
  return
}

// -----

// Empty buffers take no arena bytes: allocated ones live on the stack, and
// they cross calls as rank-1 empty buffers, which a kernel sees as empty
// buffers of their own types.
// CHECK-LABEL: func.func private @k_empty
// CHECK-SAME: (%arg0: memref<0xf32>, %arg1: memref<0xf32>, %arg2: memref<2x3xf32>)
// CHECK-DAG: %[[X:.*]] = memref.alloca() : memref<2x0xf32>
// CHECK-DAG: %[[W:.*]] = memref.alloca() : memref<0x3xf32>
// CHECK: linalg.matmul ins(%[[X]], %[[W]] : memref<2x0xf32>, memref<0x3xf32>)
// CHECK-LABEL: func.func @empty_inner_dim
// CHECK-SAME: (%arg0: memref<0xf32>, %arg1: memref<2x3xf32>, %arg2: memref<64xi8>)
// CHECK-SAME: dlc.arena_bytes = 0
// CHECK-NOT: memref.alloc(
// CHECK: %[[FLAT_X:.*]] = memref.alloca() : memref<0xf32>
// CHECK: %[[FLAT_W:.*]] = memref.alloca() : memref<0xf32>
// CHECK: call @k_empty(%[[FLAT_X]], %[[FLAT_W]], %arg1)
func.func private @k_empty(%x: memref<2x0xf32>, %w: memref<0x3xf32>, %y: memref<2x3xf32>)
    attributes {dlc.kernel} {
  linalg.matmul ins(%x, %w : memref<2x0xf32>, memref<0x3xf32>) outs(%y : memref<2x3xf32>)
  return
}
func.func @empty_inner_dim(%x: memref<2x0xf32>, %y: memref<2x3xf32>) attributes {dlc.entry = "run"} {
  %w = memref.alloc() : memref<0x3xf32>
  call @k_empty(%x, %w, %y) : (memref<2x0xf32>, memref<0x3xf32>, memref<2x3xf32>) -> ()
  return
}

// -----

// An elementwise kernel whose input buffer dies at the call writes over it:
// the second relu's output is its input's buffer, so one 64-byte buffer
// serves both. The first relu reads the entry's argument, and the third
// writes the entry's output: neither has a buffer to share.
// CHECK-LABEL: func.func @in_place
// CHECK-SAME: dlc.arena_bytes = 64 : i64
// CHECK: %[[A:.*]] = memref.view
// CHECK: call @relu(%arg0, %[[A]])
// CHECK-NEXT: call @relu(%[[A]], %[[A]])
// CHECK-NEXT: call @relu(%[[A]], %arg1)
#id = affine_map<(d0) -> (d0)>
func.func private @relu(%in: memref<16xf32>, %out: memref<16xf32>) attributes {dlc.kernel} {
  %zero = arith.constant 0.0 : f32
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%in : memref<16xf32>) outs(%out : memref<16xf32>) {
  ^bb0(%v: f32, %o: f32):
    %r = arith.maximumf %v, %zero : f32
    linalg.yield %r : f32
  }
  return
}
func.func @in_place(%x: memref<16xf32>, %y: memref<16xf32>) attributes {dlc.entry = "run"} {
  %a = memref.alloc() : memref<16xf32>
  call @relu(%x, %a) : (memref<16xf32>, memref<16xf32>) -> ()
  %b = memref.alloc() : memref<16xf32>
  call @relu(%a, %b) : (memref<16xf32>, memref<16xf32>) -> ()
  %c = memref.alloc() : memref<16xf32>
  call @relu(%b, %c) : (memref<16xf32>, memref<16xf32>) -> ()
  linalg.copy ins(%c : memref<16xf32>) outs(%y : memref<16xf32>)
  return
}

// -----

// An input still read after the call must survive it, and a transpose
// reads other elements than the one it writes: each keeps two buffers.
// CHECK-LABEL: func.func @kept_alive
// CHECK-SAME: dlc.arena_bytes = 128 : i64
// CHECK-LABEL: func.func @transposed
// CHECK-SAME: dlc.arena_bytes = 128 : i64
#in = affine_map<(d0, d1) -> (d1, d0)>
#out = affine_map<(d0, d1) -> (d0, d1)>
func.func private @transpose(%in: memref<4x4xf32>, %out: memref<4x4xf32>) attributes {dlc.kernel} {
  linalg.generic {indexing_maps = [#in, #out], iterator_types = ["parallel", "parallel"]}
      ins(%in : memref<4x4xf32>) outs(%out : memref<4x4xf32>) {
  ^bb0(%v: f32, %o: f32):
    linalg.yield %v : f32
  }
  return
}
func.func private @scale(%in: memref<4x4xf32>, %out: memref<4x4xf32>) attributes {dlc.kernel} {
  linalg.generic {indexing_maps = [#out, #out], iterator_types = ["parallel", "parallel"]}
      ins(%in : memref<4x4xf32>) outs(%out : memref<4x4xf32>) {
  ^bb0(%v: f32, %o: f32):
    %r = arith.addf %v, %v : f32
    linalg.yield %r : f32
  }
  return
}
func.func private @sum(%a: memref<4x4xf32>, %b: memref<4x4xf32>, %out: memref<4x4xf32>) attributes {dlc.kernel} {
  linalg.generic {indexing_maps = [#out, #out, #out], iterator_types = ["parallel", "parallel"]}
      ins(%a, %b : memref<4x4xf32>, memref<4x4xf32>) outs(%out : memref<4x4xf32>) {
  ^bb0(%u: f32, %v: f32, %o: f32):
    %r = arith.addf %u, %v : f32
    linalg.yield %r : f32
  }
  return
}
func.func @kept_alive(%x: memref<4x4xf32>, %y: memref<4x4xf32>) attributes {dlc.entry = "run"} {
  %p = memref.alloc() : memref<4x4xf32>
  call @scale(%x, %p) : (memref<4x4xf32>, memref<4x4xf32>) -> ()
  %q = memref.alloc() : memref<4x4xf32>
  call @scale(%p, %q) : (memref<4x4xf32>, memref<4x4xf32>) -> ()
  call @sum(%p, %q, %y) : (memref<4x4xf32>, memref<4x4xf32>, memref<4x4xf32>) -> ()
  return
}
func.func @transposed(%x: memref<4x4xf32>, %y: memref<4x4xf32>) attributes {dlc.entry = "run"} {
  %p = memref.alloc() : memref<4x4xf32>
  call @scale(%x, %p) : (memref<4x4xf32>, memref<4x4xf32>) -> ()
  %t = memref.alloc() : memref<4x4xf32>
  call @transpose(%p, %t) : (memref<4x4xf32>, memref<4x4xf32>) -> ()
  call @scale(%t, %y) : (memref<4x4xf32>, memref<4x4xf32>) -> ()
  return
}
