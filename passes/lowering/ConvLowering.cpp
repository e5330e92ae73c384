//===- ConvLowering.cpp - dlc.conv to one linalg.generic ------------------===//
//
// Every convolution (1-d to 3-d, any group, stride, dilation) lowers the same
// way: zero padding as a tensor.pad, the output initialised with the
// broadcast bias (or zero), then one linalg.generic that accumulates
// input * weight over (c, k1..kk) into it. Keeping bias and accumulation in one
// destination lets a following elementwise epilogue write over the same
// buffer (see --dlc-fuse-epilogues).
//
//===----------------------------------------------------------------------===//
#include "dialects/graph/DlcDialect.h"
#include "passes/lowering/LoweringUtils.h"
#include "passes/lowering/Patterns.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
// Zero-pads the spatial dims of `input` by `pads` ([begin..., end...]).
Value padInput(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> pads) {
  if (llvm::all_of(pads, [](int64_t pad) { return pad == 0; }))
    return input;
  auto type = cast<RankedTensorType>(input.getType());
  size_t spatialRank = type.getRank() - 2;
  SmallVector<OpFoldResult> low(2, b.getIndexAttr(0));
  SmallVector<OpFoldResult> high(2, b.getIndexAttr(0));
  SmallVector<int64_t> paddedShape(type.getShape());
  for (size_t i = 0; i < spatialRank; ++i) {
    low.push_back(b.getIndexAttr(pads[i]));
    high.push_back(b.getIndexAttr(pads[spatialRank + i]));
    paddedShape[i + 2] += pads[i] + pads[spatialRank + i];
  }
  Value zero = createScalar(b, loc, type.getElementType(), 0.0);
  return b.create<tensor::PadOp>(loc, type.clone(paddedShape), input, low, high, zero);
}

// The output tensor holding bias[m] at every [n, m, o...], or zero.
Value createInit(OpBuilder &b, Location loc, RankedTensorType resultType, Value bias) {
  if (!bias)
    return createFilled(b, loc, resultType,
                        createScalar(b, loc, resultType.getElementType(), 0.0));
  MLIRContext *ctx = b.getContext();
  int64_t rank = resultType.getRank();
  SmallVector<AffineMap> maps{AffineMap::get(rank, 0, getAffineDimExpr(1, ctx)),
                              b.getMultiDimIdentityMap(rank)};
  SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
  auto broadcast = b.create<linalg::GenericOp>(
      loc, TypeRange{resultType}, bias, createEmpty(b, loc, resultType), maps,
      iterators, [](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        nested.create<linalg::YieldOp>(nestedLoc, args[0]);
      });
  return broadcast.getResult(0);
}

struct ConvLowering : OpConversionPattern<ConvOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(ConvOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto resultType = convertTensorType(*getTypeConverter(), op.getType());
    auto weightType = cast<RankedTensorType>(adaptor.getWeight().getType());
    int64_t spatialRank = resultType.getRank() - 2;
    int64_t groupChannels = weightType.getDimSize(1);
    int64_t groupFilters = weightType.getDimSize(0) / op.getGroup();

    Value input = padInput(rewriter, loc, adaptor.getInput(), op.getPads());
    Value init = createInit(rewriter, loc, resultType, adaptor.getBias());

    // Loops: n, m, o1..ok (parallel), then c, k1..kk (reduction), where m runs
    // over all output channels and c over one group's input channels.
    AffineExpr n = getAffineDimExpr(0, ctx);
    AffineExpr m = getAffineDimExpr(1, ctx);
    AffineExpr c = getAffineDimExpr(2 + spatialRank, ctx);
    // Output channel m reads the input channels of its group; naming the group
    // through m keeps every operand indexed by loop dims alone, so no reshape
    // into [.., G, M/G, ..] stands between the conv and its epilogue.
    AffineExpr inputChannel =
        op.getGroup() == 1 ? c : m.floorDiv(groupFilters) * groupChannels + c;
    SmallVector<AffineExpr> inputExprs{n, inputChannel};
    SmallVector<AffineExpr> weightExprs{m, c};
    SmallVector<AffineExpr> outputExprs{n, m};
    for (int64_t i = 0; i < spatialRank; ++i) {
      AffineExpr o = getAffineDimExpr(2 + i, ctx);
      AffineExpr k = getAffineDimExpr(3 + spatialRank + i, ctx);
      inputExprs.push_back(o * op.getStrides()[i] + k * op.getDilations()[i]);
      weightExprs.push_back(k);
      outputExprs.push_back(o);
    }
    int64_t numLoops = 3 + 2 * spatialRank;
    SmallVector<AffineMap> maps{AffineMap::get(numLoops, 0, inputExprs, ctx),
                                AffineMap::get(numLoops, 0, weightExprs, ctx),
                                AffineMap::get(numLoops, 0, outputExprs, ctx)};
    SmallVector<utils::IteratorType> iterators(2 + spatialRank,
                                               utils::IteratorType::parallel);
    iterators.append(1 + spatialRank, utils::IteratorType::reduction);

    auto conv = rewriter.create<linalg::GenericOp>(
        loc, TypeRange{resultType}, ValueRange{input, adaptor.getWeight()}, init,
        maps, iterators, [](OpBuilder &b, Location bodyLoc, ValueRange args) {
          Value product = b.create<arith::MulFOp>(bodyLoc, args[0], args[1]);
          Value sum = b.create<arith::AddFOp>(bodyLoc, args[2], product);
          b.create<linalg::YieldOp>(bodyLoc, sum);
        });
    rewriter.replaceOp(op, conv.getResult(0));
    return success();
  }
};
} // namespace

void dlc::populateConvLoweringPatterns(const TypeConverter &converter,
                                       RewritePatternSet &patterns) {
  patterns.add<ConvLowering>(converter, patterns.getContext());
}
