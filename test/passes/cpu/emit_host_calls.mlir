// RUN: dlc-opt --dlc-emit-host-calls --dlc-emit-entry --split-input-file %s | FileCheck %s

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
// CHECK: %[[CTXP:.*]] = llvm.getelementptr %[[HOST]][0, 1] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i32, ptr, ptr, ptr, ptr, ptr, ptr, ptr, ptr)>
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

// -----

// A call of a service declaration becomes a call of its host field with the
// context first; the declaration goes, and the caller takes the host.
// CHECK-LABEL: llvm.func internal @normalize(
// CHECK-SAME: %[[IN:[^:]*]]: !llvm.ptr {llvm.noalias}, %[[OUT:[^:]*]]: !llvm.ptr {llvm.noalias}, %[[H:[^:]*]]: !llvm.ptr {llvm.noalias}) attributes {dlc.takes_host}
// CHECK: %[[FNP:.*]] = llvm.getelementptr %[[H]][0, 5]
// CHECK: %[[FN:.*]] = llvm.load %[[FNP]]
// CHECK: %[[CP:.*]] = llvm.getelementptr %[[H]][0, 1]
// CHECK: %[[C:.*]] = llvm.load %[[CP]]
// CHECK: llvm.call %[[FN]](%[[C]], %[[IN]], %{{.*}}, %[[OUT]]) : !llvm.ptr, (!llvm.ptr, !llvm.ptr, i32, !llvm.ptr) -> ()
// CHECK: %[[EQP:.*]] = llvm.getelementptr %[[H]][0, 6]
// CHECK: %[[EQ:.*]] = llvm.load %[[EQP]]
// CHECK: %{{.*}} = llvm.call %[[EQ]](%{{.*}}, %[[IN]], %[[OUT]], %{{.*}}) : !llvm.ptr, (!llvm.ptr, !llvm.ptr, !llvm.ptr, i32) -> i32
// CHECK-NOT: dlc_host_
module {
  llvm.func @dlc_host_change_case(!llvm.ptr, i32, !llvm.ptr) attributes {dlc.host_field = 5 : i32}
  llvm.func @dlc_host_strings_equal(!llvm.ptr, !llvm.ptr, i32) -> i32 attributes {dlc.host_field = 6 : i32}
  llvm.func @normalize(%in: !llvm.ptr, %out: !llvm.ptr) {
    %upper = llvm.mlir.constant(1 : i32) : i32
    llvm.call @dlc_host_change_case(%in, %upper, %out) : (!llvm.ptr, i32, !llvm.ptr) -> ()
    %same = llvm.call @dlc_host_strings_equal(%in, %out, %upper) : (!llvm.ptr, !llvm.ptr, i32) -> i32
    llvm.return
  }
  llvm.func @run(%in: !llvm.ptr, %out: !llvm.ptr, %arena: !llvm.ptr) attributes {dlc.entry = "run", dlc.num_inputs = 1 : i64, dlc.num_params = 0 : i64} {
    llvm.call @normalize(%in, %out) : (!llvm.ptr, !llvm.ptr) -> ()
    llvm.return
  }
}
