// RUN: dlc-opt --split-input-file --dlc-lower-to-linalg %s | FileCheck %s

// Formatting is elementwise; unsigned integers say so, since the lowered
// integers are signless.
// CHECK-LABEL: func.func @format
// CHECK: linalg.generic
// CHECK: ^bb0(%[[IN:.*]]: i16, %{{.*}}: !dlc.string):
// CHECK: %[[S:.*]] = dlck.format %[[IN]] {is_unsigned} : i16
// CHECK: linalg.yield %[[S]] : !dlc.string
func.func @format(%x: tensor<3xui16>) -> tensor<3x!dlc.string> {
  %0 = dlc.format %x : tensor<3xui16> -> tensor<3x!dlc.string>
  return %0 : tensor<3x!dlc.string>
}

// -----

// bf16 and f16 are read as f32, then rounded.
// CHECK-LABEL: func.func @parse
// CHECK: ^bb0(%[[IN:.*]]: !dlc.string, %{{.*}}: bf16):
// CHECK: %[[X:.*]] = dlck.parse %[[IN]] : f32
// CHECK: %[[Y:.*]] = arith.truncf %[[X]] : f32 to bf16
// CHECK: linalg.yield %[[Y]] : bf16
func.func @parse(%s: tensor<3x!dlc.string>) -> tensor<3xbf16> {
  %0 = dlc.parse %s {to = bf16} : tensor<3x!dlc.string> -> tensor<3xbf16>
  return %0 : tensor<3xbf16>
}

// -----

// One loop over the strings: a string that is no stopword (compared ignoring
// case, as is_case_sensitive is false) goes, in upper case, into the next
// slot while there is one. None kept gives one empty string; any other
// count than the declared one fails the run.
// CHECK-LABEL: func.func @normalize
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C3:.*]] = arith.constant 3 : index
// CHECK: %[[LOOP:.*]]:2 = scf.for %[[I:.*]] = %[[C0]] to %{{.*}} step %{{.*}} iter_args(%[[R:.*]] = %{{.*}}, %[[N:.*]] = %[[C0]]) -> (tensor<1x3x!dlc.string>, index)
// CHECK: %[[S:.*]] = tensor.extract %arg0[%[[C0]], %[[I]]] : tensor<1x4x!dlc.string>
// CHECK: %[[W:.*]] = dlck.string_literal "monday"
// CHECK: dlck.strings_equal %[[S]], %[[W]] {ignore_case}
// CHECK: arith.cmpi ult, %[[N]], %[[C3]] : index
// CHECK: scf.if
// CHECK: %[[U:.*]] = dlck.change_case %[[S]] {upper = true}
// CHECK: tensor.insert %[[U]] into %[[R]][%[[C0]], %[[N]]]
// CHECK: %[[NONE:.*]] = arith.cmpi eq, %[[LOOP]]#1, %[[C0]] : index
// CHECK: %[[OUT:.*]] = scf.if %[[NONE]]
// CHECK: dlck.string_literal ""
// CHECK: %[[COUNT:.*]] = arith.select %[[NONE]], %{{.*}}, %[[LOOP]]#1 : index
// CHECK: %[[WRONG:.*]] = arith.cmpi ne, %[[COUNT]], %[[C3]] : index
// CHECK: scf.if %[[WRONG]] {
// CHECK: dlck.report_error "StringNormalizer kept a number of strings other than the 3 its output is declared with"
// CHECK: return %[[OUT]]
func.func @normalize(%s: tensor<1x4x!dlc.string>) -> tensor<1x3x!dlc.string> {
  %0 = dlc.string_normalizer %s {case_change_action = "UPPER", stopwords = ["monday"]} : tensor<1x4x!dlc.string> -> tensor<1x3x!dlc.string>
  return %0 : tensor<1x3x!dlc.string>
}

// -----

// NONE keeps the case; case-sensitive stopwords compare bytes.
// CHECK-LABEL: func.func @keep_case
// CHECK: dlck.strings_equal %{{.*}}, %{{.*}}
// CHECK-NOT: ignore_case
// CHECK-NOT: dlck.change_case
func.func @keep_case(%s: tensor<4x!dlc.string>) -> tensor<3x!dlc.string> {
  %0 = dlc.string_normalizer %s {is_case_sensitive = true, stopwords = ["monday"]} : tensor<4x!dlc.string> -> tensor<3x!dlc.string>
  return %0 : tensor<3x!dlc.string>
}
