//===- ConvKernels.h - the convolutions --dlc-vectorize-conv rewrites ----===//
//
// What --dlc-vectorize-conv knows of a convolution's linalg.generic and its
// neighbours, shared by its kernels: the general register tiles (filters by
// output columns, or output channels across positions) and the depthwise
// kernel.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_PASSES_CPU_CONVKERNELS_H
#define DLC_PASSES_CPU_CONVKERNELS_H

#include "passes/cpu/ConvSupport.h"

namespace dlc::cpu {

/// out[n, m, oh, ow] += in[n, c, oh * strideH + kh * dilationH + offsetH,
///                         ow * strideW + kw * dilationW + offsetW]
///                      * weight[m, c, kh, kw]   (or weight[c, m, kh, kw])
struct Conv {
  mlir::linalg::GenericOp op;
  mlir::Value input, weight, output;
  int64_t batch = 0, filters = 0, channels = 0, outH = 0, outW = 0, kernelH = 0,
          kernelW = 0;
  WindowIndex rows, columns;
  /// Filter m reads input channels (m / groupFilters) * channels + c.
  int64_t groupFilters = 0;
  bool grouped = false;
  /// The input gradient's weight is indexed [c, m, kh, kw].
  bool transposedWeight = false;
  /// A packed forward weight, indexed [c, kh, kw, m].
  bool channelsLastWeight = false;
  /// What fills the output before the convolution: a linalg.fill, or a
  /// generic broadcasting `bias` [filters] along dim 1. Null: neither.
  mlir::Operation *init = nullptr;
  mlir::Value bias, fillValue;
  /// The elementwise generic over the output right after the convolution.
  mlir::linalg::GenericOp epilogue;
  /// Ops a kernel made redundant, erased (in order) with the convolution.
  llvm::SmallVector<mlir::Operation *> absorbed;
};

/// The convolution `op` computes, in the loop order (n, m, oh, ow, c, kh, kw)
/// ConvLowering builds for a convolution and for its input gradient, with
/// the fill and epilogue a kernel can take over (not for a channels-last
/// filter, whose kernel keeps its own order of stores).
std::optional<Conv> matchConv(mlir::linalg::GenericOp op);

/// A tile's first accumulator for `filter`: the broadcast bias or fill
/// value; null when the tile must load the output's current value.
mlir::Value initialAccumulator(mlir::OpBuilder &b, RowVectors &vectors, Conv &conv,
                               mlir::Value filter);

/// The epilogue's body on vectors: its output argument is `acc`, each
/// input the vector of that input at `at`, values from outside splat.
mlir::Value applyEpilogue(mlir::OpBuilder &b, RowVectors &vectors, Conv &conv,
                          mlir::Value acc, mlir::ValueRange at, int64_t lanes);

/// Whether buildDepthwiseConv takes `conv`: one input channel per group,
/// a forward filter, width stride 1 or 2, positive dilations.
bool isDepthwise(const Conv &conv);

/// Builds the depthwise kernel in place of `conv` (see DepthwiseConv.cpp),
/// adding the padding ops it made redundant to conv.absorbed.
void buildDepthwiseConv(mlir::OpBuilder &b, Conv &conv, int64_t vectorWidth);

} // namespace dlc::cpu

#endif // DLC_PASSES_CPU_CONVKERNELS_H
