// RUN: dlc-opt --dlc-emit-parallel-calls --dlc-emit-entry %s | FileCheck %s

// The range function's call becomes host->parallel_for over a task that
// unpacks the captured values from 8-byte slots; the kernel and the entry
// get the host pointer as a last argument, which the exported wrapper passes.
// Every internal function's pointers are noalias.
// CHECK: llvm.func internal @kernel_parallel(%{{.*}}: !llvm.ptr {llvm.noalias}, %{{.*}}: f32, %{{.*}}: i64, %{{.*}}: i64) attributes {dlc.parallel_body}
// CHECK-LABEL: llvm.func internal @kernel_parallel_task(
// CHECK-SAME: %[[SLOTS:[^:]*]]: !llvm.ptr {llvm.noalias}, %[[B:[^:]*]]: i64, %[[E:[^:]*]]: i64)
// CHECK: %[[S0:.*]] = llvm.getelementptr %[[SLOTS]][0] : (!llvm.ptr) -> !llvm.ptr, i64
// CHECK: %[[P:.*]] = llvm.load %[[S0]] : !llvm.ptr -> !llvm.ptr
// CHECK: %[[S1:.*]] = llvm.getelementptr %[[SLOTS]][1] : (!llvm.ptr) -> !llvm.ptr, i64
// CHECK: %[[F:.*]] = llvm.load %[[S1]] : !llvm.ptr -> f32
// CHECK: llvm.call @kernel_parallel(%[[P]], %[[F]], %[[B]], %[[E]])
// CHECK-LABEL: llvm.func internal @kernel(
// CHECK-SAME: %[[BUF:[^:]*]]: !llvm.ptr {llvm.noalias}, %[[X:[^:]*]]: f32, %[[HOST:[^:]*]]: !llvm.ptr {llvm.noalias}) attributes {dlc.takes_host}
// CHECK: %[[ARRAY:.*]] = llvm.alloca %{{.*}} x i64 {alignment = 8 : i64}
// CHECK: llvm.store %[[BUF]], %{{.*}} : !llvm.ptr, !llvm.ptr
// CHECK: llvm.store %[[X]], %{{.*}} : f32, !llvm.ptr
// CHECK: %[[CTXP:.*]] = llvm.getelementptr %[[HOST]][0, 1] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i32, ptr, ptr)>
// CHECK: %[[CTX:.*]] = llvm.load %[[CTXP]]
// CHECK: %[[FORP:.*]] = llvm.getelementptr %[[HOST]][0, 2]
// CHECK: %[[FOR:.*]] = llvm.load %[[FORP]]
// CHECK: %[[TASK:.*]] = llvm.mlir.addressof @kernel_parallel_task
// CHECK: llvm.call %[[FOR]](%[[CTX]], %{{.*}}, %{{.*}}, %[[TASK]], %[[ARRAY]])
// CHECK-NOT: llvm.call @kernel_parallel(
// CHECK-LABEL: llvm.func internal @run(
// CHECK-SAME: %{{[^:]*}}: !llvm.ptr {llvm.noalias}, %{{[^:]*}}: !llvm.ptr {llvm.noalias}, %[[RHOST:[^:]*]]: !llvm.ptr {llvm.noalias}) attributes {dlc.entry = "run"
// CHECK: llvm.call @kernel(%{{.*}}, %{{.*}}, %[[RHOST]])
// CHECK-LABEL: llvm.func @dlc_entry_run(
// CHECK: llvm.call @run(%{{.*}}, %arg4, %arg0)
module {
  llvm.func @kernel_parallel(%p: !llvm.ptr, %x: f32, %b: i64, %e: i64) attributes {dlc.parallel_body} {
    llvm.return
  }
  llvm.func @kernel(%p: !llvm.ptr, %x: f32) {
    %b = llvm.mlir.constant(0 : i64) : i64
    %e = llvm.mlir.constant(128 : i64) : i64
    llvm.call @kernel_parallel(%p, %x, %b, %e) : (!llvm.ptr, f32, i64, i64) -> ()
    llvm.return
  }
  llvm.func @run(%out: !llvm.ptr, %arena: !llvm.ptr) attributes {dlc.entry = "run", dlc.num_inputs = 0 : i64, dlc.num_params = 0 : i64} {
    %x = llvm.mlir.constant(1.0 : f32) : f32
    llvm.call @kernel(%out, %x) : (!llvm.ptr, f32) -> ()
    llvm.return
  }
}
