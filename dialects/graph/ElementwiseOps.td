//===- ElementwiseOps.td - unary and broadcasting binary ops --------------===//
#ifndef DLC_GRAPH_ELEMENTWISE_OPS
#define DLC_GRAPH_ELEMENTWISE_OPS

include "dialects/graph/DlcBase.td"

// Ops whose result element is computed from one element of each (broadcast)
// operand; all of them have a gradient, if only a null one.
class Dlc_ElementwiseOp<string mnemonic>
    : Dlc_DifferentiableOp<mnemonic,
                           [DeclareOpInterfaceMethods<Dlc_ScalarComputeOpInterface>]>;

// Binary ops broadcast their operands NumPy-style (ONNX multidirectional
// broadcasting); both operands have the result's element type.
class Dlc_BroadcastBinaryOp<string mnemonic, string onnxName>
    : Dlc_ElementwiseOp<mnemonic> {
  let summary = "elementwise " # onnxName # " with broadcasting (ONNX " # onnxName # ")";
  let description = [{
    The operands broadcast NumPy-style to the result's shape.

    ```mlir
    %c = dlc.}] # mnemonic # [{ %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Dlc_Tensor:$lhs, Dlc_Tensor:$rhs);
  let results = (outs Dlc_Tensor:$result);
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

def Dlc_PowOp : Dlc_BroadcastBinaryOp<"pow", "Pow"> {
  let hasVerifier = 1;
}
def Dlc_MaxOp : Dlc_BroadcastBinaryOp<"max", "Max">;
def Dlc_MinOp : Dlc_BroadcastBinaryOp<"min", "Min">;

def Dlc_LeakyReluOp : Dlc_ElementwiseOp<"leaky_relu"> {
  let summary = "x where x >= 0, else alpha * x (ONNX LeakyRelu)";
  let description = [{
    ```mlir
    %y = dlc.leaky_relu %x {alpha = 0.1 : f32} : tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input, F32Attr:$alpha);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def Dlc_HardSigmoidOp : Dlc_ElementwiseOp<"hard_sigmoid"> {
  let summary = "max(0, min(1, alpha * x + beta)) (ONNX HardSigmoid)";
  let description = [{
    ```mlir
    %y = dlc.hard_sigmoid %x {alpha = 0.2 : f32, beta = 0.5 : f32} : tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input, DefaultValuedAttr<F32Attr, "0.2f">:$alpha,
                       DefaultValuedAttr<F32Attr, "0.5f">:$beta);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

// x * hard_sigmoid(x) with alpha 1/6 and beta 1/2 (MobileNetV3's h-swish).
def Dlc_HardSwishOp : Dlc_UnaryOp<"hard_swish", "HardSwish", Dlc_FloatTensor>;

// log(1 + exp(x)), computed as max(x, 0) + log1p(exp(-|x|)) so that neither
// large nor very negative x loses it.
def Dlc_SoftplusOp : Dlc_UnaryOp<"softplus", "Softplus", Dlc_FloatTensor>;

def Dlc_EluOp : Dlc_ElementwiseOp<"elu"> {
  let summary = "x where x > 0, else alpha * (exp(x) - 1) (ONNX Elu)";
  let description = [{
    ```mlir
    %y = dlc.elu %x {alpha = 1.0 : f32} : tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$input, DefaultValuedAttr<F32Attr, "1.0f">:$alpha);
  let results = (outs Dlc_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def Dlc_BoolTensor : RankedTensorOf<[I1]>;

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
    `y` share the result's element type.

    ```mlir
    %z = dlc.where %c, %x, %y : (tensor<2x3xi1>, tensor<3xf32>, tensor<f32>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Dlc_BoolTensor:$condition, Dlc_Tensor:$x, Dlc_Tensor:$y);
  let results = (outs Dlc_Tensor:$result);
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

#endif // DLC_GRAPH_ELEMENTWISE_OPS
