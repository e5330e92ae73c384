//===- ElementwiseOps.td - unary and broadcasting binary ops --------------===//
#ifndef DLC_GRAPH_ELEMENTWISE_OPS
#define DLC_GRAPH_ELEMENTWISE_OPS

include "dialects/graph/DlcTypes.td"

// Ops whose result element is computed from one element of each (broadcast)
// operand; all of them have a gradient, if only a null one.
class Dlc_ElementwiseOp<string mnemonic>
    : Dlc_DifferentiableOp<mnemonic,
                           [DeclareOpInterfaceMethods<Dlc_ScalarComputeOpInterface>]>;

def Dlc_BoolTensor : RankedTensorOf<[I1]>;
def Dlc_NumericTensor : RankedTensorOf<[F16, BF16, F32, F64, I8, I16, I32, I64,
                                        UI8, UI16, UI32, UI64]>;
def Dlc_UnsignedTensor : RankedTensorOf<[UI8, UI16, UI32, UI64]>;

// Binary ops broadcast their operands NumPy-style (ONNX multidirectional
// broadcasting); both operands have the result's element type.
class Dlc_BroadcastBinaryOp<string mnemonic, string onnxName,
                            Type operandType = Dlc_Tensor>
    : Dlc_ElementwiseOp<mnemonic> {
  let summary = "elementwise " # onnxName # " with broadcasting (ONNX " # onnxName # ")";
  let description = [{
    The operands broadcast NumPy-style to the result's shape.

    ```mlir
    %c = dlc.}] # mnemonic # [{ %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins operandType:$lhs, operandType:$rhs);
  let results = (outs operandType:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(::mlir::MLIRContext *,
        ::std::optional<::mlir::Location> loc, Adaptor adaptor,
        ::llvm::SmallVectorImpl<::mlir::Type> &types) {
      return ::dlc::graph::inferBroadcastType(loc, adaptor.getLhs().getType(),
                                             adaptor.getRhs().getType(), types);
    }
  }];
}

// Unary float ops with attributes: the result has the input's type.
class Dlc_ActivationOp<string mnemonic> : Dlc_ElementwiseOp<mnemonic> {
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(::mlir::MLIRContext *,
        ::std::optional<::mlir::Location>, Adaptor adaptor,
        ::llvm::SmallVectorImpl<::mlir::Type> &types) {
      types.push_back(adaptor.getInput().getType());
      return ::mlir::success();
    }
  }];
}

class Dlc_UnaryOp<string mnemonic, string onnxName, Type operandType>
    : Dlc_ElementwiseOp<mnemonic> {
  let summary = "elementwise " # onnxName # " (ONNX " # onnxName # ")";
  let description = [{
    ```mlir
    %y = dlc.}] # mnemonic # [{ %x : tensor<2x3xf32>
    ```
  }];
  let arguments = (ins operandType:$input);
  let results = (outs operandType:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(::mlir::MLIRContext *,
        ::std::optional<::mlir::Location>, Adaptor adaptor,
        ::llvm::SmallVectorImpl<::mlir::Type> &types) {
      types.push_back(adaptor.getInput().getType());
      return ::mlir::success();
    }
  }];
}

def Dlc_AddOp : Dlc_BroadcastBinaryOp<"add", "Add">;
def Dlc_SubOp : Dlc_BroadcastBinaryOp<"sub", "Sub">;
def Dlc_MulOp : Dlc_BroadcastBinaryOp<"mul", "Mul">;
def Dlc_DivOp : Dlc_BroadcastBinaryOp<"div", "Div">;

def Dlc_ReluOp : Dlc_UnaryOp<"relu", "Relu", Dlc_Tensor>;
def Dlc_SigmoidOp : Dlc_UnaryOp<"sigmoid", "Sigmoid", Dlc_FloatTensor>;
def Dlc_TanhOp : Dlc_UnaryOp<"tanh", "Tanh", Dlc_FloatTensor>;
def Dlc_ExpOp : Dlc_UnaryOp<"exp", "Exp", Dlc_FloatTensor>;
def Dlc_LogOp : Dlc_UnaryOp<"log", "Log", Dlc_FloatTensor>;
def Dlc_SqrtOp : Dlc_UnaryOp<"sqrt", "Sqrt", Dlc_FloatTensor>;
def Dlc_ReciprocalOp : Dlc_UnaryOp<"reciprocal", "Reciprocal", Dlc_FloatTensor>;
def Dlc_ErfOp : Dlc_UnaryOp<"erf", "Erf", Dlc_FloatTensor>;
def Dlc_FloorOp : Dlc_UnaryOp<"floor", "Floor", Dlc_FloatTensor>;
def Dlc_CeilOp : Dlc_UnaryOp<"ceil", "Ceil", Dlc_FloatTensor>;
def Dlc_NegOp : Dlc_UnaryOp<"neg", "Neg", Dlc_Tensor>;
def Dlc_AbsOp : Dlc_UnaryOp<"abs", "Abs", Dlc_Tensor>;

def Dlc_PowOp : Dlc_ElementwiseOp<"pow"> {
  let summary = "elementwise lhs ^ rhs with broadcasting (ONNX Pow)";
  let description = [{
    The operands broadcast NumPy-style; their element types may differ (ONNX
    allows any numeric exponent type) and the result has the base's. Where
    they differ, or the base is an integer, the power is taken in f64 and
    converted to the result type (integers truncated toward zero), as ONNX
    Runtime's std::pow does.

    ```mlir
    %c = dlc.pow %a, %b : (tensor<2x3xi64>, tensor<3xf32>) -> tensor<2x3xi64>
    ```
  }];
  let arguments = (ins Dlc_NumericTensor:$lhs, Dlc_NumericTensor:$rhs);
  let results = (outs Dlc_NumericTensor:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
}
def Dlc_MaxOp : Dlc_BroadcastBinaryOp<"max", "Max">;
def Dlc_MinOp : Dlc_BroadcastBinaryOp<"min", "Min">;

def Dlc_ClipOp : Dlc_CompositeOp<"clip", [AttrSizedOperandSegments]> {
  let summary = "elements limited to [min, max] (ONNX Clip)";
  let description = [{
    `min(max(x, min), max)`, each bound optional (an absent bound is none).
    A bound holds one element of the input's element type, of rank at most
    the input's. Kept whole from import so dumps show the ONNX op;
    `--dlc-decompose` makes it `dlc.max` then `dlc.min`, and autodiff
    differentiates that.

    ```mlir
    %y = dlc.clip %x min %lo max %hi : (tensor<2x3xf32>, tensor<f32>, tensor<f32>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Dlc_NumericTensor:$input, Optional<Dlc_NumericTensor>:$min,
                       Optional<Dlc_NumericTensor>:$max);
  let results = (outs Dlc_NumericTensor:$result);
  let assemblyFormat = [{
    $input (`min` $min^)? (`max` $max^)? attr-dict `:` functional-type(operands, results)
  }];
}

def Dlc_LeakyReluOp : Dlc_ActivationOp<"leaky_relu"> {
  let summary = "x where x >= 0, else alpha * x (ONNX LeakyRelu)";
  let description = [{
    ```mlir
    %y = dlc.leaky_relu %x {alpha = 0.1 : f32} : tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input, DefaultValuedAttr<F32Attr, "0.01f">:$alpha);
}

def Dlc_HardSigmoidOp : Dlc_ActivationOp<"hard_sigmoid"> {
  let summary = "max(0, min(1, alpha * x + beta)) (ONNX HardSigmoid)";
  let description = [{
    ```mlir
    %y = dlc.hard_sigmoid %x {alpha = 0.2 : f32, beta = 0.5 : f32} : tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input, DefaultValuedAttr<F32Attr, "0.2f">:$alpha,
                       DefaultValuedAttr<F32Attr, "0.5f">:$beta);
}

// x * hard_sigmoid(x) with alpha 1/6 and beta 1/2 (MobileNetV3's h-swish).
def Dlc_HardSwishOp : Dlc_UnaryOp<"hard_swish", "HardSwish", Dlc_FloatTensor>;

// log(1 + exp(x)), computed as max(x, 0) + log1p(exp(-|x|)) so that neither
// large nor very negative x loses it.
def Dlc_SoftplusOp : Dlc_UnaryOp<"softplus", "Softplus", Dlc_FloatTensor>;

def Dlc_EluOp : Dlc_ActivationOp<"elu"> {
  let summary = "x where x > 0, else alpha * (exp(x) - 1) (ONNX Elu)";
  let description = [{
    ```mlir
    %y = dlc.elu %x {alpha = 1.0 : f32} : tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input, DefaultValuedAttr<F32Attr, "1.0f">:$alpha);
}

// Comparisons broadcast like the binary ops above and give ONNX bools (i1).
class Dlc_CompareOp<string mnemonic, string onnxName, string relation>
    : Dlc_ElementwiseOp<mnemonic> {
  let summary = "elementwise lhs " # relation # " rhs with broadcasting (ONNX "
                # onnxName # ")";
  let description = [{
    The operands, of one element type, broadcast NumPy-style; each result
    element is an i1 (ONNX bool). Floats compare ordered, so a NaN operand
    gives false (also for `equal`); unsigned integers compare unsigned.

    ```mlir
    %c = dlc.}] # mnemonic # [{ %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
    ```
  }];
  let arguments = (ins Dlc_Tensor:$lhs, Dlc_Tensor:$rhs);
  let results = (outs Dlc_BoolTensor:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(::mlir::MLIRContext *,
        ::std::optional<::mlir::Location> loc, Adaptor adaptor,
        ::llvm::SmallVectorImpl<::mlir::Type> &types) {
      return ::dlc::graph::inferCompareType(loc, adaptor.getLhs().getType(),
                                           adaptor.getRhs().getType(), types);
    }

    // Booleans carry no gradient back.
    ::llvm::LogicalResult $cppClass::buildGradient(::mlir::OpBuilder &,
        ::mlir::ValueRange,
        ::llvm::SmallVectorImpl<::mlir::Value> &operandGradients) {
      operandGradients.append(2, ::mlir::Value());
      return ::mlir::success();
    }
  }];
}

def Dlc_EqualOp : Dlc_CompareOp<"equal", "Equal", "==">;
def Dlc_GreaterOp : Dlc_CompareOp<"greater", "Greater", ">">;
def Dlc_LessOp : Dlc_CompareOp<"less", "Less", "<">;
def Dlc_GreaterOrEqualOp : Dlc_CompareOp<"greater_or_equal", "GreaterOrEqual", ">=">;
def Dlc_LessOrEqualOp : Dlc_CompareOp<"less_or_equal", "LessOrEqual", "<=">;

def Dlc_WhereOp : Dlc_ElementwiseOp<"where"> {
  let summary = "x where the condition holds, else y (ONNX Where)";
  let description = [{
    The three operands broadcast NumPy-style to the result's shape; `x` and
    `y` share the result's element type, which may be a string.

    ```mlir
    %z = dlc.where %c, %x, %y : (tensor<2x3xi1>, tensor<3xf32>, tensor<f32>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Dlc_BoolTensor:$condition, Dlc_AnyTensor:$x, Dlc_AnyTensor:$y);
  let results = (outs Dlc_AnyTensor:$result);
  let assemblyFormat = [{
    $condition `,` $x `,` $y attr-dict `:` functional-type(operands, results)
  }];
}

def Dlc_CastOp : Dlc_ElementwiseOp<"cast"> {
  let summary = "elements converted to another element type (ONNX Cast)";
  let description = [{
    Converts each element to `to`, any dlc element type. Floats become
    integers truncated toward zero (values out of the target's range are
    undefined, as in ONNX); float conversions round to nearest even; integers
    wrap or extend by their source's signedness; a bool is 1 or 0, and any
    non-zero value (NaN included) becomes true.

    ```mlir
    %y = dlc.cast %x {to = i32} : tensor<2x3xf32> -> tensor<2x3xi32>
    ```
  }];
  let arguments = (ins Dlc_Tensor:$input, TypeAttr:$to);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Unary math
//===----------------------------------------------------------------------===//

def Dlc_SinOp : Dlc_UnaryOp<"sin", "Sin", Dlc_FloatTensor>;
def Dlc_CosOp : Dlc_UnaryOp<"cos", "Cos", Dlc_FloatTensor>;
def Dlc_TanOp : Dlc_UnaryOp<"tan", "Tan", Dlc_FloatTensor>;
def Dlc_AsinOp : Dlc_UnaryOp<"asin", "Asin", Dlc_FloatTensor>;
def Dlc_AcosOp : Dlc_UnaryOp<"acos", "Acos", Dlc_FloatTensor>;
def Dlc_AtanOp : Dlc_UnaryOp<"atan", "Atan", Dlc_FloatTensor>;
def Dlc_SinhOp : Dlc_UnaryOp<"sinh", "Sinh", Dlc_FloatTensor>;
def Dlc_CoshOp : Dlc_UnaryOp<"cosh", "Cosh", Dlc_FloatTensor>;
def Dlc_AsinhOp : Dlc_UnaryOp<"asinh", "Asinh", Dlc_FloatTensor>;
def Dlc_AcoshOp : Dlc_UnaryOp<"acosh", "Acosh", Dlc_FloatTensor>;
def Dlc_AtanhOp : Dlc_UnaryOp<"atanh", "Atanh", Dlc_FloatTensor>;
// Halves round to even, as ONNX Round; its gradient is zero, as floor's.
def Dlc_RoundOp : Dlc_UnaryOp<"round", "Round", Dlc_FloatTensor>;
// -1, 0 or 1 (NaN stays NaN); unsigned integers give 0 or 1. Its gradient is
// zero.
def Dlc_SignOp : Dlc_UnaryOp<"sign", "Sign", Dlc_NumericTensor>;
// x / (1 + |x|).
def Dlc_SoftsignOp : Dlc_UnaryOp<"softsign", "Softsign", Dlc_FloatTensor>;
// x * tanh(softplus(x)), with softplus's stable form.
def Dlc_MishOp : Dlc_UnaryOp<"mish", "Mish", Dlc_FloatTensor>;
// Booleans carry no gradient back.
def Dlc_NotOp : Dlc_UnaryOp<"not", "Not", Dlc_BoolTensor>;

// Float predicates give ONNX bools and so carry no gradient back.
def Dlc_IsNaNOp : Dlc_ElementwiseOp<"is_nan"> {
  let summary = "true where the element is NaN (ONNX IsNaN)";
  let description = [{
    ```mlir
    %b = dlc.is_nan %x : tensor<2x3xf32> -> tensor<2x3xi1>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input);
  let results = (outs Dlc_BoolTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def Dlc_IsInfOp : Dlc_ElementwiseOp<"is_inf"> {
  let summary = "true where the element is an infinity (ONNX IsInf)";
  let description = [{
    `detect_positive` and `detect_negative` pick which infinities count.

    ```mlir
    %b = dlc.is_inf %x {detect_negative = false} : tensor<2x3xf32> -> tensor<2x3xi1>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input,
                       DefaultValuedAttr<BoolAttr, "true">:$detect_positive,
                       DefaultValuedAttr<BoolAttr, "true">:$detect_negative);
  let results = (outs Dlc_BoolTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

//===----------------------------------------------------------------------===//
// Activations with attributes
//===----------------------------------------------------------------------===//

def Dlc_SeluOp : Dlc_ActivationOp<"selu"> {
  let summary = "gamma * x where x > 0, else gamma * alpha * (exp(x) - 1) (ONNX Selu)";
  let description = [{
    ```mlir
    %y = dlc.selu %x : tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input,
                       DefaultValuedAttr<F32Attr, "1.67326319217681884765625f">:$alpha,
                       DefaultValuedAttr<F32Attr, "1.05070102214813232421875f">:$gamma);
}

def Dlc_CeluOp : Dlc_ActivationOp<"celu"> {
  let summary = "max(0, x) + min(0, alpha * (exp(x / alpha) - 1)) (ONNX Celu)";
  let description = [{
    `alpha` must not be zero.

    ```mlir
    %y = dlc.celu %x {alpha = 2.0 : f32} : tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input, DefaultValuedAttr<F32Attr, "1.0f">:$alpha);
  let hasVerifier = 1;
}

def Dlc_ThresholdedReluOp : Dlc_ActivationOp<"thresholded_relu"> {
  let summary = "x where x > alpha, else 0 (ONNX ThresholdedRelu)";
  let description = [{
    ```mlir
    %y = dlc.thresholded_relu %x {alpha = 2.0 : f32} : tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input, DefaultValuedAttr<F32Attr, "1.0f">:$alpha);
}

// ONNX also defines Shrink on integers; dlc takes floats only.
def Dlc_ShrinkOp : Dlc_ActivationOp<"shrink"> {
  let summary = "x + bias below -lambd, x - bias above lambd, else 0 (ONNX Shrink)";
  let description = [{
    ```mlir
    %y = dlc.shrink %x {bias = 0.5 : f32, lambd = 1.0 : f32} : tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input, DefaultValuedAttr<F32Attr, "0.0f">:$bias,
                       DefaultValuedAttr<F32Attr, "0.5f">:$lambd);
}

def Dlc_GeluOp : Dlc_ActivationOp<"gelu"> {
  let summary = "x * Phi(x), Phi the standard normal CDF (ONNX Gelu)";
  let description = [{
    `approximate` is "none" (exact, with erf) or "tanh" (Phi(x) as
    (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3))) / 2).

    ```mlir
    %y = dlc.gelu %x {approximate = "tanh"} : tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input,
                       DefaultValuedAttr<StrAttr, "\"none\"">:$approximate);
  let hasVerifier = 1;
}

def Dlc_PReluOp : Dlc_ElementwiseOp<"prelu"> {
  let summary = "x where x > 0, else slope * x (ONNX PRelu)";
  let description = [{
    `slope` broadcasts to the input's shape (ONNX unidirectional
    broadcasting); the result has the input's type. ONNX also defines PRelu
    on integers; dlc takes floats only.

    ```mlir
    %y = dlc.prelu %x, %slope : (tensor<2x3x4xf32>, tensor<3x1xf32>) -> tensor<2x3x4xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input, Dlc_FloatTensor:$slope);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = "$input `,` $slope attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Logical, bitwise and remainder
//===----------------------------------------------------------------------===//

// Booleans carry no gradient back.
class Dlc_LogicalOp<string mnemonic, string onnxName>
    : Dlc_BroadcastBinaryOp<mnemonic, onnxName, Dlc_BoolTensor> {
  let description = [{
    The bool operands broadcast NumPy-style to the result's shape.

    ```mlir
    %c = dlc.}] # mnemonic # [{ %a, %b : (tensor<2x3xi1>, tensor<3xi1>) -> tensor<2x3xi1>
    ```
  }];
}

def Dlc_AndOp : Dlc_LogicalOp<"and", "And">;
def Dlc_OrOp : Dlc_LogicalOp<"or", "Or">;
def Dlc_XorOp : Dlc_LogicalOp<"xor", "Xor">;

// Integers carry no gradient back.
def Dlc_BitShiftOp : Dlc_BroadcastBinaryOp<"bit_shift", "BitShift", Dlc_UnsignedTensor> {
  let description = [{
    Shifts each element of `lhs` by the matching element of `rhs`, LEFT or
    RIGHT as `direction` says; the operands broadcast NumPy-style. A shift by
    the element width or more gives 0.

    ```mlir
    %c = dlc.bit_shift %a, %b {direction = "LEFT"} : (tensor<2x3xui8>, tensor<3xui8>) -> tensor<2x3xui8>
    ```
  }];
  let arguments = (ins Dlc_UnsignedTensor:$lhs, Dlc_UnsignedTensor:$rhs, StrAttr:$direction);
  let hasVerifier = 1;
}

def Dlc_ModOp : Dlc_BroadcastBinaryOp<"mod", "Mod", Dlc_NumericTensor> {
  let description = [{
    With `fmod` false (integers only) the remainder has the sign of the
    divisor, as Python's %; with `fmod` true it has the sign of the dividend,
    as C's fmod. An integer remainder by zero is 0. Float remainders have a
    gradient (1 for lhs, -trunc(lhs / rhs) for rhs); integer ones none.

    ```mlir
    %c = dlc.mod %a, %b {fmod = true} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Dlc_NumericTensor:$lhs, Dlc_NumericTensor:$rhs,
                       DefaultValuedAttr<BoolAttr, "false">:$fmod);
  let hasVerifier = 1;
}

#endif // DLC_GRAPH_ELEMENTWISE_OPS
