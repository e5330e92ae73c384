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
