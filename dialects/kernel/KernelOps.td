//===- KernelOps.td - the dlc kernel dialect ------------------------------===//
#ifndef DLC_KERNEL_OPS
#define DLC_KERNEL_OPS

include "mlir/IR/OpBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"

def Dlck_Dialect : Dialect {
  let name = "dlck";
  let cppNamespace = "::dlc::kernel";
  let summary = "Kernels: the units of code generation";
  let description = [{
    Kernel formation groups graph ops into `dlck.kernel` regions, one per
    generated function (or GPU launch). A kernel is isolated from above: it
    sees only its operands, so it can be lowered, outlined and compiled on
    its own.
  }];
}

class Dlck_Op<string mnemonic, list<Trait> traits = []>
    : Op<Dlck_Dialect, mnemonic, traits>;

def Dlck_KernelOp : Dlck_Op<"kernel", [IsolatedFromAbove, Pure,
    SingleBlockImplicitTerminator<"YieldOp">]> {
  let summary = "a group of ops compiled as one kernel";
  let description = [{
    The body computes the results from the block arguments, which stand for
    the operands one to one. `sym_name` becomes the outlined function's name.

    ```mlir
    %y = dlck.kernel @conv_0(%x, %w, %b) : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x6x6xf32> {
    ^bb0(%a: tensor<1x3x8x8xf32>, %c: tensor<4x3x3x3xf32>, %d: tensor<4xf32>):
      %0 = dlc.conv %a, %c, %d ...
      %1 = dlc.relu %0 : tensor<1x4x6x6xf32>
      dlck.yield %1 : tensor<1x4x6x6xf32>
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, Variadic<AnyType>:$inputs);
  let results = (outs Variadic<AnyType>:$results);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $sym_name `(` $inputs `)` attr-dict `:` functional-type($inputs, results) $body
  }];
  let hasVerifier = 1;
  let skipDefaultBuilders = 1;
  let builders = [
    OpBuilder<(ins "::llvm::StringRef":$name, "::mlir::TypeRange":$resultTypes,
                   "::mlir::ValueRange":$inputs)>
  ];
}

def Dlck_YieldOp : Dlck_Op<"yield", [Pure, Terminator, ReturnLike,
    HasParent<"KernelOp">]> {
  let summary = "the results of a kernel";
  let arguments = (ins Variadic<AnyType>:$values);
  let assemblyFormat = "($values^ `:` type($values))? attr-dict";
  let builders = [OpBuilder<(ins), [{ /* nothing */ }]>];
}

include "dialects/kernel/StringOps.td"

#endif // DLC_KERNEL_OPS
