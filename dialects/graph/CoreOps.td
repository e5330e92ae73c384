//===- CoreOps.td - weights, constants, identity and gradients ------------===//
#ifndef DLC_GRAPH_CORE_OPS
#define DLC_GRAPH_CORE_OPS

include "dialects/graph/DlcTypes.td"

def Dlc_ParamOp : Dlc_Op<"param", [Pure]> {
  let summary = "a named weight of the model";
  let description = [{
    A weight (an ONNX initializer) by name. Its value is usually a
    `dense_resource` blob, so IR dumps elide it. Generated code reaches it
    through the parameter table, never as a folded literal, so training can
    update it in place and a GPU can upload it once.

    ```mlir
    %w = dlc.param "conv1.weight" {value = dense_resource<conv1.weight> : tensor<6x3x5x5xf32>} : tensor<6x3x5x5xf32>
    ```
  }];
  let arguments = (ins StrAttr:$name, ElementsAttr:$value);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat = "$name attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def Dlc_ConstantOp : Dlc_DifferentiableOp<"constant", [ConstantLike]> {
  let summary = "a constant tensor (ONNX Constant)";
  let description = [{
    A small literal, such as a shape or a scalar. Weights use `dlc.param`.

    ```mlir
    %s = dlc.constant dense<[1, -1]> : tensor<2xi64>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs Dlc_Tensor:$result);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
}

def Dlc_IdentityOp : Dlc_DifferentiableOp<"identity"> {
  let summary = "the input, unchanged (ONNX Identity)";
  let description = [{
    ```mlir
    %y = dlc.identity %x : tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Dlc_AnyTensor:$input);
  let results = (outs Dlc_AnyTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasFolder = 1;
}

def Dlc_GradientOp : Dlc_CompositeOp<"gradient"> {
  let summary = "gradients of one value with respect to others (ONNX Gradient)";
  let description = [{
    The gradient of `target` (every element's adjoint 1, so the gradient of
    its sum) with respect to each of `sources`, values defined before it:
    zeros for a source `target` does not depend on. Kept whole from import;
    `--dlc-decompose` builds the reverse sweep over the ops before it (after
    decomposing those that have no gradient of their own), the one autodiff
    uses.

    ```mlir
    %da, %db = dlc.gradient %c wrt %a, %b : (tensor<f32>, tensor<f32>, tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>)
    ```
  }];
  let arguments = (ins Dlc_FloatTensor:$target, Variadic<Dlc_FloatTensor>:$sources);
  let results = (outs Variadic<Dlc_FloatTensor>:$gradients);
  let assemblyFormat = [{
    $target `wrt` $sources attr-dict `:` functional-type(operands, results)
  }];
}

#endif // DLC_GRAPH_CORE_OPS
