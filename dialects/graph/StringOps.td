//===- StringOps.td - string tensors: ONNX Cast to and from STRING, StringNormalizer ===//
#ifndef DLC_GRAPH_STRING_OPS
#define DLC_GRAPH_STRING_OPS

include "dialects/graph/DlcTypes.td"

def Dlc_StringTensor : RankedTensorOf<[Dlc_StringType]>;
def Dlc_FormattableTensor : RankedTensorOf<[F16, BF16, F32, F64, I8, I16, I32, I64,
                                            UI8, UI16, UI32, UI64]>;

def Dlc_FormatOp : Dlc_Op<"format", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<Dlc_GradientOpInterface, ["buildGradient"]>]> {
  let summary = "numbers written as strings (ONNX Cast to STRING)";
  let description = [{
    Writes each element in decimal: integers exactly, floats as the
    shortest text that reads back as the same value (0.1f is "0.1"), NaN as
    "NaN" and infinities as "INF" and "-INF". float16 and bfloat16 are
    written as the float32 of the same value.

    ```mlir
    %s = dlc.format %x : tensor<3xf32> -> tensor<3x!dlc.string>
    ```
  }];
  let arguments = (ins Dlc_FormattableTensor:$input);
  let results = (outs Dlc_StringTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def Dlc_ParseOp : Dlc_Op<"parse", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<Dlc_GradientOpInterface, ["buildGradient"]>]> {
  let summary = "strings read as numbers (ONNX Cast from STRING)";
  let description = [{
    Reads each string as a number of type `to`: a decimal or scientific
    float ("NaN", "INF", "+INF", "-INF" in any case), or a decimal integer
    in the type's range, with surrounding spaces. A string that is not one
    fails the run, naming it; float16 and bfloat16 read as float32 first,
    then round.

    ```mlir
    %x = dlc.parse %s {to = f32} : tensor<3x!dlc.string> -> tensor<3xf32>
    ```
  }];
  let arguments = (ins Dlc_StringTensor:$input, TypeAttr:$to);
  let results = (outs Dlc_FormattableTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def Dlc_StringNormalizerOp : Dlc_Op<"string_normalizer", [Pure,
    DeclareOpInterfaceMethods<Dlc_GradientOpInterface, ["buildGradient"]>]> {
  let summary = "strings with stopwords removed and case changed (ONNX StringNormalizer)";
  let description = [{
    Takes a [C] or [1, C] tensor, drops every string equal to one of
    `stopwords` (ignoring case unless `is_case_sensitive`), and changes the
    case of the rest to `case_change_action` (`LOWER`, `UPPER` or `NONE`),
    keeping their order. When every string is dropped the result is one
    empty string. Case changes and comparisons use Unicode's simple case
    mapping, whatever `locale` says.

    How many strings remain depends on their values, so the result type is
    the one the model declares; a run that keeps another number fails,
    saying how many.

    ```mlir
    %y = dlc.string_normalizer %x {case_change_action = "UPPER", stopwords = ["monday"]}
        : tensor<4x!dlc.string> -> tensor<3x!dlc.string>
    ```
  }];
  let arguments = (ins Dlc_StringTensor:$input,
                       DefaultValuedAttr<StrAttr, "\"NONE\"">:$case_change_action,
                       DefaultValuedAttr<BoolAttr, "false">:$is_case_sensitive,
                       DefaultValuedAttr<StrAttr, "\"\"">:$locale,
                       DefaultValuedAttr<StrArrayAttr, "{}">:$stopwords);
  let results = (outs Dlc_StringTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

#endif // DLC_GRAPH_STRING_OPS
