//===- DlcInterfaces.td - interfaces of dlc graph ops ---------------------===//
#ifndef DLC_GRAPH_INTERFACES
#define DLC_GRAPH_INTERFACES

include "mlir/IR/OpBase.td"

def Dlc_GradientOpInterface : OpInterface<"GradientOpInterface"> {
  let cppNamespace = "::dlc::graph";
  let description = [{
    Reverse-mode autodiff asks each op for the gradients of its operands
    given the gradients of its results. An op without a gradient reports
    "no gradient yet for <op>" at its location: it never yields zeros.
  }];
  let methods = [
    InterfaceMethod<[{
        Builds, at the builder's insertion point, the gradient of each operand
        from `resultGradients` (one per result, null for results that do not
        reach the loss). Appends one value per operand to `operandGradients`
        (null where an operand takes no gradient, such as a shape).
      }],
      "::mlir::LogicalResult", "buildGradient",
      (ins "::mlir::OpBuilder &":$builder,
           "::mlir::ValueRange":$resultGradients,
           "::llvm::SmallVectorImpl<::mlir::Value> &":$operandGradients),
      /*methodBody=*/"",
      /*defaultImplementation=*/[{
        return $_op->emitOpError("no gradient yet for ") << $_op->getName();
      }]>
  ];
}

def Dlc_DecomposableOpInterface : OpInterface<"DecomposableOpInterface"> {
  let cppNamespace = "::dlc::graph";
  let description = [{
    Ops that are compositions of smaller dlc ops (batch normalization,
    dropout, ...) stay whole through import and autodiff, where their own
    gradient is simpler and the training pipeline can tell them apart;
    `--dlc-decompose` then replaces them by the smaller ops, which kernel
    formation fuses and every backend lowers.
  }];
  let methods = [
    InterfaceMethod<[{
        Builds, at the builder's insertion point, the values that replace
        the op's results, one per result, in order.
      }],
      "::mlir::LogicalResult", "decompose",
      (ins "::mlir::OpBuilder &":$builder,
           "::llvm::SmallVectorImpl<::mlir::Value> &":$replacements)>
  ];
}

def Dlc_ScalarComputeOpInterface : OpInterface<"ScalarComputeOpInterface"> {
  let cppNamespace = "::dlc::graph";
  let description = [{
    Elementwise ops describe their per-element computation once; lowering
    builds `linalg.generic` bodies from it, and kernel formation uses it to
    fuse chains of such ops into a producer's epilogue.
  }];
  let methods = [
    InterfaceMethod<[{
        Builds the result element from one element of each operand (already
        broadcast) with arith/math ops.
      }],
      "::mlir::Value", "buildScalar",
      (ins "::mlir::OpBuilder &":$builder, "::mlir::Location":$loc,
           "::mlir::ValueRange":$operands)>
  ];
}

def Dlc_PrologueFusionOpInterface : OpInterface<"PrologueFusionOpInterface"> {
  let cppNamespace = "::dlc::graph";
  let description = [{
    Ops whose lowering reads one operand element by element in a single
    loop nest (the reductions): kernel formation lets the chain of
    elementwise ops that computes that operand join the op's kernel as a
    prologue, and epilogue fusion merges it into the op's loop, so the
    operand is never stored (a sum of squares, LayerNorm's variance).
  }];
  let methods = [
    InterfaceMethod<[{
        The operand an elementwise prologue may compute.
      }],
      "::mlir::OpOperand &", "getPrologueOperand", (ins), /*methodBody=*/"",
      /*defaultImplementation=*/[{ return $_op->getOpOperand(0); }]>
  ];
}

#endif // DLC_GRAPH_INTERFACES
