//===- ShapeLowering.cpp - reshapes to tensor views, transpose to linalg --===//
#include "dialects/graph/DlcDialect.h"
#include "passes/lowering/LoweringUtils.h"
#include "passes/lowering/Patterns.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
// Groups the dims of `wide` into consecutive runs, one per dim of `narrow`
// with the same size, so that collapsing `wide` by the groups gives
// `narrow`. Leading and trailing 1s join a neighbouring run.
std::optional<SmallVector<ReassociationIndices>>
findReassociation(ArrayRef<int64_t> wide, ArrayRef<int64_t> narrow) {
  SmallVector<ReassociationIndices> groups;
  if (narrow.empty()) {
    if (!llvm::all_of(wide, [](int64_t dim) { return dim == 1; }))
      return std::nullopt;
    return groups;
  }
  int64_t next = 0, rank = wide.size();
  for (int64_t size : narrow) {
    ReassociationIndices group;
    int64_t product = 1;
    do {
      if (next == rank)
        return std::nullopt;
      product *= wide[next];
      group.push_back(next++);
    } while (product != size);
    groups.push_back(group);
  }
  for (; next < rank; ++next) {
    if (wide[next] != 1)
      return std::nullopt;
    groups.back().push_back(next);
  }
  return groups;
}

// `input` viewed with `resultType`'s shape: a collapse or an expansion where
// the dims regroup, else tensor.reshape with a literal shape. All of them
// bufferize to views of the input's buffer.
Value reshapeTensor(OpBuilder &b, Location loc, Value input,
                    RankedTensorType resultType) {
  auto inputType = cast<RankedTensorType>(input.getType());
  if (inputType == resultType)
    return input;
  ArrayRef<int64_t> from = inputType.getShape();
  ArrayRef<int64_t> to = resultType.getShape();
  if (from.size() > to.size())
    if (auto groups = findReassociation(from, to))
      return b.create<tensor::CollapseShapeOp>(loc, resultType, input, *groups);
  if (from.size() < to.size())
    if (auto groups = findReassociation(to, from))
      return b.create<tensor::ExpandShapeOp>(loc, resultType, input, *groups);
  Value shape = b.create<arith::ConstantOp>(loc, b.getI64TensorAttr(to));
  return b.create<tensor::ReshapeOp>(loc, resultType, input, shape);
}

template <typename OpTy>
struct ReshapeLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    RankedTensorType resultType =
        convertTensorType(*this->getTypeConverter(), op.getType());
    rewriter.replaceOp(op, reshapeTensor(rewriter, op.getLoc(), adaptor.getInput(),
                                         resultType));
    return success();
  }
};

struct TransposeLowering : OpConversionPattern<TransposeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(TransposeOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    RankedTensorType resultType = convertTensorType(*getTypeConverter(), op.getType());
    Value init = createEmpty(rewriter, op.getLoc(), resultType);
    auto transpose = rewriter.create<linalg::TransposeOp>(
        op.getLoc(), adaptor.getInput(), init, op.getPermutation());
    rewriter.replaceOp(op, transpose.getResult());
    return success();
  }
};
} // namespace

void dlc::populateShapeLoweringPatterns(const TypeConverter &converter,
                                        RewritePatternSet &patterns) {
  patterns.add<ReshapeLowering<ReshapeOp>, ReshapeLowering<FlattenOp>, TransposeLowering>(
      converter, patterns.getContext());
}
