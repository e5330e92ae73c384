//===- Passes.td - graph-level rewrites before kernel formation -----------===//
#ifndef DLC_PASSES_GRAPH
#define DLC_PASSES_GRAPH

include "mlir/Pass/PassBase.td"

def DlcDecompose : Pass<"dlc-decompose", "::mlir::ModuleOp"> {
  let summary = "Replace composed ops (batch norm, dropout) by smaller dlc ops";
  let description = [{
    Ops that implement `DecomposableOpInterface` stay whole through import
    and autodiff; this pass, the first of every backend's pipeline, builds
    each of them from smaller graph ops that kernel formation can fuse:
    inference batch norm becomes a per-channel affine epilogue of the op
    that feeds it, training batch norm its batch statistics and running
    statistics, dropout its input or a `dlc.random_uniform` mask.

    ```mlir
    %y = dlc.dropout %x {ratio = 5.0e-01 : f32} : tensor<4x8xf32>
    ```
    becomes `%x`.
  }];
}

#endif // DLC_PASSES_GRAPH
