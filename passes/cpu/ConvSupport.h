//===- ConvSupport.h - shared pieces of the convolution microkernels -----===//
//
// The forward convolution, its filter gradient and the pools read the same
// kind of linalg.generic (an input index along a spatial dim is
// `outer * stride + inner * dilation + offset`) and load the same kind of
// vector: consecutive output columns' input, contiguous or every other
// element.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_PASSES_CPU_CONVSUPPORT_H
#define DLC_PASSES_CPU_CONVSUPPORT_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/PatternMatch.h"

#include <optional>

namespace dlc::cpu {

/// An input index `outer * stride + inner * dilation + offset` along one
/// spatial dim, for loop dims `outer` (output position) and `inner` (kernel
/// position). The dilation is negative in a convolution's input gradient,
/// which walks the kernel backwards.
struct WindowIndex {
  int64_t stride = 1, dilation = 1, offset = 0;
};

/// `expr` as a WindowIndex over loop dims `outer` and `inner` of `numDims`,
/// when it is exactly that with a positive stride and a nonzero dilation.
std::optional<WindowIndex> matchWindowIndex(mlir::AffineExpr expr, unsigned numDims,
                                            unsigned outer, unsigned inner);

/// Whether `op`'s body is `out + in0 * in1` (operands of either op in either
/// order).
bool isMultiplyAccumulate(mlir::linalg::GenericOp op);

/// A generic on buffers with two inputs and one init, all static float32
/// rank-4 buffers with the identity layout, four parallel loops then three
/// reductions, and the body `out + in0 * in1`: the form ConvLowering gives a
/// 2-D convolution and its gradients.
bool isConvolutionLike(mlir::linalg::GenericOp op);

/// The number of groups when `inputChannels` splits into groups of
/// `groupChannels` and `filters` into as many groups; nothing otherwise.
std::optional<int64_t> groupCount(int64_t inputChannels, int64_t groupChannels,
                                  int64_t filters);

/// The first input channel of `filter`'s group:
/// (filter / groupFilters) * groupChannels.
mlir::Value firstGroupChannel(mlir::OpBuilder &b, mlir::Location loc, mlir::Value filter,
                              int64_t groupFilters, int64_t groupChannels);

/// Calls `body(start, size)` for the tiles of `step` that cover [0, extent):
/// the whole ones from a loop, then the rest as one smaller tile, so every
/// tile's size (and so every mask) is a constant.
void forEachTile(mlir::OpBuilder &b, mlir::Location loc, int64_t extent, int64_t step,
                 llvm::function_ref<void(mlir::Value, int64_t)> body);

/// Replaces every linalg.generic under `root` that `match` accepts (a Match
/// with the generic as `op`) by what `rewrite` builds in its place. All are
/// matched before any is rewritten, so the rewrites never disturb the walk.
template <typename Match>
void replaceGenerics(mlir::Operation *root,
                     llvm::function_ref<std::optional<Match>(mlir::linalg::GenericOp)> match,
                     llvm::function_ref<void(mlir::OpBuilder &, Match &)> rewrite) {
  llvm::SmallVector<Match> matches;
  root->walk([&](mlir::linalg::GenericOp op) {
    if (std::optional<Match> matched = match(op))
      matches.push_back(*matched);
  });
  mlir::IRRewriter rewriter(root->getContext());
  for (Match &matched : matches) {
    rewriter.setInsertionPoint(matched.op);
    rewrite(rewriter, matched);
    rewriter.eraseOp(matched.op);
  }
}

/// The nearest op before (or after) `op` in its block that touches memory:
/// what a kernel rewriting `op` on buffers may take over (the fill of its
/// output, the epilogue reading it), skipping views and constants.
mlir::Operation *neighbourWithEffects(mlir::Operation *op, bool after);

/// An scf.parallel over [0, bounds) in steps of 1, marked with the vector
/// multiply-adds `work` its whole nest performs (attr::kParallelWork).
mlir::scf::ParallelOp buildParallelLoop(mlir::OpBuilder &b, mlir::Location loc,
                                        llvm::ArrayRef<int64_t> bounds, int64_t work);

/// Builds float32 vector accesses along a buffer's last dim, masked when
/// fewer than `width` lanes are wanted.
class RowVectors {
public:
  RowVectors(mlir::OpBuilder &builder, mlir::Location loc, int64_t width);

  mlir::VectorType type() const { return vectorType; }
  mlir::Value index(int64_t value);
  /// Index arithmetic that skips adding 0 and multiplying by 1.
  mlir::Value add(mlir::Value value, int64_t constant);
  mlir::Value add(mlir::Value lhs, mlir::Value rhs);
  mlir::Value mul(mlir::Value value, int64_t constant);
  mlir::Value zeros();
  /// A mask of the first `lanes` lanes; null when that is all of them.
  mlir::Value mask(int64_t lanes);
  /// `lanes` consecutive elements at `indices`, zeros past them.
  mlir::Value load(mlir::Value base, mlir::ValueRange indices, int64_t lanes);
  void store(mlir::Value vector, mlir::Value base, mlir::ValueRange indices, int64_t lanes);
  /// `lanes` elements `stride` (1 or 2) apart along the last dim from
  /// `start`, after the leading `indices`; with stride 2, the even lanes of
  /// the two vectors from there, masked past the last element needed.
  mlir::Value loadStrided(mlir::Value base, mlir::ValueRange indices, mlir::Value start,
                          int64_t lanes, int64_t stride);

private:
  mlir::OpBuilder &b;
  mlir::Location loc;
  int64_t width;
  mlir::VectorType vectorType;
};

} // namespace dlc::cpu

#endif // DLC_PASSES_CPU_CONVSUPPORT_H
