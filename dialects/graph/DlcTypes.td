//===- DlcTypes.td - the types of the dlc graph dialect -------------------===//
// Apart from the ops, so that the kernel dialect's ops can use them.
#ifndef DLC_GRAPH_TYPES
#define DLC_GRAPH_TYPES

include "dialects/graph/DlcBase.td"
include "mlir/IR/BuiltinTypeInterfaces.td"

def Dlc_StringType : TypeDef<Dlc_Dialect, "String", [MemRefElementTypeInterface]> {
  let mnemonic = "string";
  let summary = "a byte string, ONNX's STRING element";
  let description = [{
    An element of a string tensor. In buffers, and at the C ABI, it is a
    `dlc_string` (runtime/include/dlc/abi.h): the address and byte count of
    its bytes, 16 bytes in all. Only the ops of StringOps.td and the graph's
    inputs and outputs take string tensors.
  }];
}

// What ops that only move elements take: any tensor, strings included.
def Dlc_AnyTensor : RankedTensorOf<[Dlc_ElementType, Dlc_StringType]>;

#endif // DLC_GRAPH_TYPES
