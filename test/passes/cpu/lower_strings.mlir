// RUN: dlc-opt --dlc-lower-strings %s | FileCheck %s

// Each string op calls its host service through a declaration dlc-emit-host-calls
// resolves, with operands and results in stack slots of the entry block; string
// elements become complex<i64> ({address, size}) everywhere, signatures included.
// CHECK-DAG: llvm.mlir.global internal constant @dlc_text_{{[0-9]+}}("monday")
// CHECK-DAG: llvm.mlir.global internal constant @dlc_text_{{[0-9]+}}("bad count\00")
// CHECK-DAG: llvm.func @dlc_host_format_number(i32, !llvm.ptr, !llvm.ptr) attributes {dlc.host_field = 3 : i32}
// CHECK-DAG: llvm.func @dlc_host_parse_number(!llvm.ptr, i32, !llvm.ptr) attributes {dlc.host_field = 4 : i32}
// CHECK-DAG: llvm.func @dlc_host_change_case(!llvm.ptr, i32, !llvm.ptr) attributes {dlc.host_field = 5 : i32}
// CHECK-DAG: llvm.func @dlc_host_strings_equal(!llvm.ptr, !llvm.ptr, i32) -> i32 attributes {dlc.host_field = 6 : i32}
// CHECK-DAG: llvm.func @dlc_host_report_error(!llvm.ptr) attributes {dlc.host_field = 7 : i32}
// CHECK-LABEL: func.func @strings(
// CHECK-SAME: %[[X:.*]]: memref<2xf32>, %[[S:.*]]: memref<2xcomplex<i64>>, %[[Y:.*]]: memref<2xcomplex<i64>>, %[[Z:.*]]: memref<2xi8>)
// CHECK-COUNT-8: llvm.alloca
// CHECK: scf.for
// CHECK: %[[V:.*]] = memref.load %[[X]]
// CHECK: llvm.store %[[V]], %[[VSLOT:.*]] : f32, !llvm.ptr
// CHECK: %[[F32:.*]] = llvm.mlir.constant(1 : i32) : i32
// CHECK: llvm.call @dlc_host_format_number(%[[F32]], %[[VSLOT]], %[[OUT:.*]]) : (i32, !llvm.ptr, !llvm.ptr) -> ()
// CHECK: %[[H:.*]] = llvm.load %[[OUT]] : !llvm.ptr -> !llvm.struct<(i64, i64)>
// CHECK: %[[STR:.*]] = builtin.unrealized_conversion_cast %[[H]] : !llvm.struct<(i64, i64)> to complex<i64>
// CHECK: memref.store %[[STR]], %[[Y]]
// CHECK: %[[T:.*]] = memref.load %[[S]]
// CHECK: %[[TH:.*]] = builtin.unrealized_conversion_cast %[[T]] : complex<i64> to !llvm.struct<(i64, i64)>
// CHECK: llvm.store %[[TH]], %[[TSLOT:.*]] : !llvm.struct<(i64, i64)>, !llvm.ptr
// CHECK: %[[U8:.*]] = llvm.mlir.constant(2 : i32) : i32
// CHECK: llvm.call @dlc_host_parse_number(%[[TSLOT]], %[[U8]], %[[NSLOT:.*]]) : (!llvm.ptr, i32, !llvm.ptr) -> ()
// CHECK: llvm.load %[[NSLOT]] : !llvm.ptr -> i8
// CHECK: llvm.call @dlc_host_change_case(
// CHECK: %[[ADDR:.*]] = llvm.mlir.addressof @dlc_text_{{[0-9]+}} : !llvm.ptr
// CHECK: %[[INT:.*]] = llvm.ptrtoint %[[ADDR]] : !llvm.ptr to i64
// CHECK: %[[LIT0:.*]] = llvm.insertvalue %[[INT]], %{{.*}}[0] : !llvm.struct<(i64, i64)>
// CHECK: %[[SIX:.*]] = llvm.mlir.constant(6 : i64) : i64
// CHECK: llvm.insertvalue %[[SIX]], %[[LIT0]][1] : !llvm.struct<(i64, i64)>
// CHECK: %[[EQ:.*]] = llvm.call @dlc_host_strings_equal(%{{.*}}, %{{.*}}, %{{.*}}) : (!llvm.ptr, !llvm.ptr, i32) -> i32
// CHECK: llvm.icmp "ne" %[[EQ]], %{{.*}} : i32
// CHECK: llvm.call @dlc_host_report_error(%{{.*}}) : (!llvm.ptr) -> ()
// CHECK-NOT: dlck.
// CHECK-NOT: !dlc.string
func.func @strings(%x: memref<2xf32>, %s: memref<2x!dlc.string>, %y: memref<2x!dlc.string>, %z: memref<2xi8>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  scf.for %i = %c0 to %c2 step %c1 {
    %v = memref.load %x[%i] : memref<2xf32>
    %f = dlck.format %v : f32
    memref.store %f, %y[%i] : memref<2x!dlc.string>
    %t = memref.load %s[%i] : memref<2x!dlc.string>
    %n = dlck.parse %t {is_unsigned} : i8
    memref.store %n, %z[%i] : memref<2xi8>
    %u = dlck.change_case %t {upper = false}
    %w = dlck.string_literal "monday"
    %same = dlck.strings_equal %u, %w {ignore_case}
    scf.if %same {
      dlck.report_error "bad count"
    }
  }
  return
}
