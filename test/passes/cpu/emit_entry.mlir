// RUN: dlc-opt --dlc-emit-entry %s | FileCheck %s

// The entry gets the uniform exported wrapper; it and every other
// definition become internal.
// CHECK: llvm.func internal @run(
// CHECK-LABEL: llvm.func @dlc_entry_run(%arg0: !llvm.ptr, %arg1: !llvm.ptr, %arg2: !llvm.ptr, %arg3: !llvm.ptr, %arg4: !llvm.ptr) -> i32
// CHECK: %[[IN:.*]] = llvm.load %{{.*}} : !llvm.ptr -> !llvm.ptr
// CHECK: %[[P:.*]] = llvm.load %{{.*}} : !llvm.ptr -> !llvm.ptr
// CHECK: %[[OUT:.*]] = llvm.load %{{.*}} : !llvm.ptr -> !llvm.ptr
// CHECK: llvm.call @run(%[[IN]], %[[P]], %[[OUT]], %arg4)
// CHECK: llvm.return %{{.*}} : i32
module {
  llvm.func @run(%in: !llvm.ptr, %w: !llvm.ptr, %out: !llvm.ptr, %arena: !llvm.ptr) attributes {dlc.entry = "run", dlc.num_inputs = 1 : i64, dlc.num_params = 1 : i64} {
    llvm.return
  }
}
