//===- RandomLowering.cpp - counter-based random numbers ------------------===//
#include "dialects/graph/DlcDialect.h"
#include "passes/lowering/LoweringUtils.h"
#include "passes/lowering/Patterns.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
Value i64Constant(OpBuilder &b, Location loc, uint64_t value) {
  return b.create<arith::ConstantIntOp>(loc, static_cast<int64_t>(value), 64);
}

// RandomUniformOp::mix in arith: wrapping 64-bit arithmetic, logical shifts.
Value buildMix(OpBuilder &b, Location loc, Value z) {
  auto xorShift = [&](Value v, unsigned shift) {
    return b.create<arith::XOrIOp>(
        loc, v, b.create<arith::ShRUIOp>(loc, v, i64Constant(b, loc, shift)));
  };
  z = b.create<arith::AddIOp>(loc, z, i64Constant(b, loc, RandomUniformOp::kMixIncrement));
  z = b.create<arith::MulIOp>(loc, xorShift(z, RandomUniformOp::kMixShifts[0]),
                              i64Constant(b, loc, RandomUniformOp::kMixMultiplier1));
  z = b.create<arith::MulIOp>(loc, xorShift(z, RandomUniformOp::kMixShifts[1]),
                              i64Constant(b, loc, RandomUniformOp::kMixMultiplier2));
  return xorShift(z, RandomUniformOp::kMixShifts[2]);
}

struct RandomUniformLowering : OpConversionPattern<RandomUniformOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(RandomUniformOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    Value counter = rewriter.create<tensor::ExtractOp>(loc, adaptor.getCounter());
    Value seed = i64Constant(rewriter, loc, static_cast<uint64_t>(op.getSeed()));
    Value key = buildMix(rewriter, loc,
                         rewriter.create<arith::XOrIOp>(loc, seed,
                                                        buildMix(rewriter, loc, counter)));
    SmallVector<AffineMap> maps{rewriter.getMultiDimIdentityMap(type.getRank())};
    auto generic = rewriter.create<linalg::GenericOp>(
        loc, type, ValueRange{}, ValueRange{createEmpty(rewriter, loc, type)}, maps,
        parallelLoops(type.getRank()), [&](OpBuilder &b, Location loc, ValueRange) {
          // The row-major position of this element.
          Value index = i64Constant(b, loc, 0);
          for (int64_t dim = 0; dim < type.getRank(); ++dim) {
            Value at = b.create<arith::IndexCastOp>(loc, b.getI64Type(),
                                                    b.create<linalg::IndexOp>(loc, dim));
            index = dim == 0 ? at
                             : b.create<arith::AddIOp>(
                                   loc,
                                   b.create<arith::MulIOp>(
                                       loc, index, i64Constant(b, loc, type.getDimSize(dim))),
                                   at);
          }
          Value bits = buildMix(b, loc, b.create<arith::AddIOp>(loc, key, index));
          Value top = b.create<arith::ShRUIOp>(loc, bits, i64Constant(b, loc, 40));
          Value value = b.create<arith::UIToFPOp>(loc, type.getElementType(), top);
          b.create<linalg::YieldOp>(
              loc, ValueRange{b.create<arith::MulFOp>(
                       loc, value, createScalar(b, loc, type.getElementType(), 0x1p-24))});
        });
    rewriter.replaceOp(op, generic.getResults());
    return success();
  }
};
} // namespace

void dlc::populateRandomLoweringPatterns(const TypeConverter &converter,
                                         RewritePatternSet &patterns) {
  patterns.add<RandomUniformLowering>(converter, patterns.getContext());
}
