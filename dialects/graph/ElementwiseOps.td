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

#endif // DLC_GRAPH_ELEMENTWISE_OPS
