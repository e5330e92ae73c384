//===- StringOps.td - scalar string computations inside kernels -----------===//
// What the string tensor ops (dialects/graph/StringOps.td) lower to inside
// linalg and scf bodies; --dlc-lower-strings makes them calls of the
// runtime's string services (dlc_host_api).
#ifndef DLC_KERNEL_STRING_OPS
#define DLC_KERNEL_STRING_OPS

include "dialects/graph/DlcTypes.td"

def Dlck_FormatOp : Dlck_Op<"format", [Pure]> {
  let summary = "one number as a string";
  let description = [{
    `dlc.format`'s element computation. Integers are signless here, so
    `is_unsigned` says how to read the bits.

    ```mlir
    %s = dlck.format %x : f32
    ```
  }];
  let arguments = (ins AnyTypeOf<[F32, F64, I8, I16, I32, I64]>:$value, UnitAttr:$is_unsigned);
  let results = (outs Dlc_StringType:$result);
  let assemblyFormat = "$value attr-dict `:` type($value)";
}

def Dlck_ParseOp : Dlck_Op<"parse", [Pure]> {
  let summary = "one string read as a number";
  let description = [{
    `dlc.parse`'s element computation; a string that is no number of the
    result type fails the run and gives 0.

    ```mlir
    %x = dlck.parse %s : f32
    ```
  }];
  let arguments = (ins Dlc_StringType:$text, UnitAttr:$is_unsigned);
  let results = (outs AnyTypeOf<[F32, F64, I8, I16, I32, I64]>:$result);
  let assemblyFormat = "$text attr-dict `:` type($result)";
}

def Dlck_ChangeCaseOp : Dlck_Op<"change_case", [Pure]> {
  let summary = "a string in upper or lower case";
  let arguments = (ins Dlc_StringType:$text, BoolAttr:$upper);
  let results = (outs Dlc_StringType:$result);
  let assemblyFormat = "$text attr-dict";
}

def Dlck_StringsEqualOp : Dlck_Op<"strings_equal", [Pure, Commutative]> {
  let summary = "whether two strings are equal, optionally ignoring case";
  let arguments = (ins Dlc_StringType:$lhs, Dlc_StringType:$rhs, UnitAttr:$ignore_case);
  let results = (outs I1:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict";
}

def Dlck_StringLiteralOp : Dlck_Op<"string_literal", [Pure]> {
  let summary = "a string known at compile time";
  let arguments = (ins StrAttr:$value);
  let results = (outs Dlc_StringType:$result);
  let assemblyFormat = "$value attr-dict";
}

def Dlck_ReportErrorOp : Dlck_Op<"report_error", [MemoryEffects<[MemWrite]>]> {
  let summary = "fails the current run with a message";
  let description = [{
    For checks only the data can decide: the run goes on to its end, then
    fails with `message` (the first one reported) instead of returning its
    outputs.
  }];
  let arguments = (ins StrAttr:$message);
  let assemblyFormat = "$message attr-dict";
}

#endif // DLC_KERNEL_STRING_OPS
