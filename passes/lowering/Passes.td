//===- Passes.td - lowering dlc graph ops to upstream dialects ------------===//
#ifndef DLC_PASSES_LOWERING
#define DLC_PASSES_LOWERING

include "mlir/Pass/PassBase.td"

def DlcFuseEpilogues : Pass<"dlc-fuse-epilogues", "::mlir::ModuleOp"> {
  let summary = "Fuse each kernel's elementwise ops into one in-place epilogue";
  let description = [{
    Inside every `dlck.kernel`, fuses chains of elementwise `linalg.generic`
    ops into one, and makes that epilogue update its producer's result in
    place (the producer's result becomes the generic's `outs`), so that
    bufferization allocates no buffer for the intermediates. A
    `linalg.reduce` whose input such a generic computes becomes a generic
    too, and the elementwise prologue is merged into its loop.

    Before: `linalg.conv_2d_nchw_fchw`, then `linalg.generic` (add) into a new
    `tensor.empty`, then another (relu). After: the conv, then one
    `linalg.generic` whose `outs` is the conv's result.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect"];
}

def DlcLowerToLinalg : Pass<"dlc-lower-to-linalg", "::mlir::ModuleOp"> {
  let summary = "Lower dlc graph ops to linalg, tensor, arith and math";
  let description = [{
    Rewrites every dlc graph op into upstream ops on tensors in destination-
    passing style, and unsigned integer element types into signless ones
    (arith's convention; ops keep their unsigned meaning). Function and
    kernel signatures are converted alike.

    `%c = dlc.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>`
    becomes a `linalg.generic` with a broadcasting indexing map for `%b`
    writing into a `tensor.empty`.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::scf::SCFDialect",
                           "::dlc::kernel::DlckDialect"];
}

#endif // DLC_PASSES_LOWERING
