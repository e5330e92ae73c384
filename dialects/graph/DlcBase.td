//===- DlcBase.td - the dlc graph dialect and its op base classes ---------===//
#ifndef DLC_GRAPH_BASE
#define DLC_GRAPH_BASE

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "dialects/graph/DlcInterfaces.td"

def Dlc_Dialect : Dialect {
  let name = "dlc";
  let cppNamespace = "::dlc::graph";
  let summary = "Tensor ops with ONNX semantics, and named weights";
  let description = [{
    The graph dialect is what an imported model is made of: value-semantic
    tensor ops that follow ONNX's definitions (broadcasting, attributes,
    defaults), each of which infers its own result type, plus `dlc.param`
    for named weights. Kernel formation, autodiff and lowering start here.
  }];
  // Inherent attributes stay in the attribute dictionary so generic builders
  // (the importer's table of handlers) can infer result types from an
  // OperationState alone.
  let usePropertiesForAttributes = 0;
  // Folds of literal operands (shape arithmetic) become dlc.constant.
  let hasConstantMaterializer = 1;
  // !dlc.string (StringOps.td).
  let useDefaultTypePrinterParser = 1;
  // What one stage of the pipeline tells a later one about functions, their
  // arguments and results, and loops (DlcAttributes.h says which is which).
  // The dialect verifies each one's type and place.
  let discardableAttrs = (ins
    "::mlir::StringAttr":$entry,
    "::mlir::UnitAttr":$kernel,
    "::mlir::IntegerAttr":$num_inputs,
    "::mlir::IntegerAttr":$num_params,
    "::mlir::IntegerAttr":$arena_bytes,
    "::mlir::UnitAttr":$running_statistic,
    "::mlir::StringAttr":$name,
    "::mlir::StringAttr":$param_name,
    "::mlir::ElementsAttr":$param_value,
    "::mlir::UnitAttr":$wrt,
    "::mlir::StringAttr":$update,
    "::mlir::UnitAttr":$loss,
    "::mlir::StringAttr":$gradient_of,
    "::mlir::IntegerAttr":$gradient_of_arg,
    "::mlir::UnitAttr":$parallel_body,
    "::mlir::IntegerAttr":$parallel_work,
    "::mlir::UnitAttr":$takes_host,
    "::mlir::IntegerAttr":$host_field,
    "::mlir::IntegerAttr":$launch,
    "::mlir::StringAttr":$cuda_source,
    "::mlir::StringAttr":$cuda_launches
  );
  let hasOperationAttrVerify = 1;
  let hasRegionArgAttrVerify = 1;
  let hasRegionResultAttrVerify = 1;
}

// Tensors dlc computes on: statically shaped, of the element types ONNX uses.
def Dlc_ElementType : AnyTypeOf<[F16, BF16, F32, F64, I1, I8, I16, I32, I64,
                                 UI8, UI16, UI32, UI64]>;
def Dlc_Tensor : RankedTensorOf<[Dlc_ElementType]>;
def Dlc_FloatTensor : RankedTensorOf<[F16, BF16, F32, F64]>;
def Dlc_IntTensor : RankedTensorOf<[I64]>;

class Dlc_Op<string mnemonic, list<Trait> traits = []>
    : Op<Dlc_Dialect, mnemonic, traits>;

// Side-effect-free graph ops: they infer their result types and take part in
// autodiff through the gradient interface.
class Dlc_PureOp<string mnemonic, list<Trait> traits = []>
    : Dlc_Op<mnemonic, !listconcat(traits, [Pure, InferTypeOpAdaptor,
                                            Dlc_GradientOpInterface])>;

// Like Dlc_PureOp, for ops whose C++ implements buildGradient.
class Dlc_DifferentiableOp<string mnemonic, list<Trait> traits = []>
    : Dlc_Op<mnemonic, !listconcat(traits, [Pure, InferTypeOpAdaptor,
        DeclareOpInterfaceMethods<Dlc_GradientOpInterface, ["buildGradient"]>])>;

// Ops kept whole from import to --dlc-decompose whose gradient is that of
// their decomposition: with no gradient interface of their own, autodiff
// decomposes them first.
class Dlc_CompositeOp<string mnemonic, list<Trait> traits = []>
    : Dlc_Op<mnemonic, !listconcat(traits, [Pure, InferTypeOpAdaptor,
        DeclareOpInterfaceMethods<Dlc_DecomposableOpInterface>])>;

#endif // DLC_GRAPH_BASE
