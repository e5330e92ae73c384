//===- ElementwiseOps.td - unary and broadcasting binary ops --------------===//
#ifndef DLC_GRAPH_ELEMENTWISE_OPS
#define DLC_GRAPH_ELEMENTWISE_OPS

include "dialects/graph/DlcBase.td"

// Binary ops broadcast their operands NumPy-style (ONNX multidirectional
// broadcasting); both operands have the result's element type.
class Dlc_BroadcastBinaryOp<string mnemonic, string onnxName>
    : Dlc_PureOp<mnemonic, [DeclareOpInterfaceMethods<Dlc_ScalarComputeOpInterface>]> {
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
    : Dlc_PureOp<mnemonic, [DeclareOpInterfaceMethods<Dlc_ScalarComputeOpInterface>]> {
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

def Dlc_LeakyReluOp : Dlc_PureOp<"leaky_relu",
    [DeclareOpInterfaceMethods<Dlc_ScalarComputeOpInterface>]> {
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

#endif // DLC_GRAPH_ELEMENTWISE_OPS
