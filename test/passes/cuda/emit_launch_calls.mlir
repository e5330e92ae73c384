// RUN: dlc-opt --dlc-emit-launch-calls %s | FileCheck %s

// A launch's arguments go to 8-byte slots in the caller's entry block, and
// the call becomes the host's launch_kernel with the launch's number.
// CHECK: llvm.func @dlc_host_launch_kernel(i32, !llvm.ptr) attributes {dlc.host_field = 8 : i32}
// CHECK-LABEL: llvm.func @kernel(%arg0: !llvm.ptr)
// CHECK: %[[COUNT:.*]] = llvm.mlir.constant(2 : i64) : i64
// CHECK: %[[SLOTS:.*]] = llvm.alloca %[[COUNT]] x i64
// CHECK: %[[FIRST:.*]] = llvm.getelementptr %[[SLOTS]][0]
// CHECK: llvm.store %arg0, %[[FIRST]] : !llvm.ptr, !llvm.ptr
// CHECK: %[[SECOND:.*]] = llvm.getelementptr %[[SLOTS]][1]
// CHECK: llvm.store %{{.*}}, %[[SECOND]] : f32, !llvm.ptr
// CHECK: %[[NUMBER:.*]] = llvm.mlir.constant(3 : i32) : i32
// CHECK: llvm.call @dlc_host_launch_kernel(%[[NUMBER]], %[[SLOTS]])
// CHECK-NOT: k_launch3
module {
  llvm.func @k_launch3(!llvm.ptr, f32) attributes {dlc.launch = 3 : i64}
  llvm.func @kernel(%a: !llvm.ptr) {
    %x = llvm.mlir.constant(2.5 : f32) : f32
    llvm.call @k_launch3(%a, %x) : (!llvm.ptr, f32) -> ()
    llvm.return
  }
}
