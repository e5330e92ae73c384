//===- ElementwiseLowering.cpp - elementwise ops to linalg.generic --------===//
#include "dialects/graph/DlcDialect.h"
#include "passes/lowering/LoweringUtils.h"
#include "passes/lowering/Patterns.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
// One pattern for every op that describes its element computation through
// ScalarComputeOpInterface: a broadcasting, all-parallel linalg.generic. The
// output takes the op's result type, which need not be its operands' (a
// comparison gives i1, a cast its target type): buildScalar reads the
// operands' dlc types for their signedness.
struct ScalarComputeLowering : ConversionPattern {
  ScalarComputeLowering(const TypeConverter &converter, MLIRContext *ctx)
      : ConversionPattern(converter, MatchInterfaceOpTypeTag(),
                          ScalarComputeOpInterface::getInterfaceID(), 1, ctx) {}

  LogicalResult matchAndRewrite(Operation *op, ArrayRef<Value> operands,
                                ConversionPatternRewriter &rewriter) const override {
    auto compute = cast<ScalarComputeOpInterface>(op);
    RankedTensorType resultType =
        convertTensorType(*getTypeConverter(), op->getResult(0).getType());
    Value result = buildBroadcastGeneric(
        rewriter, op->getLoc(), resultType, operands,
        [&](OpBuilder &b, Location loc, ValueRange args) {
          return compute.buildScalar(b, loc, args);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};
} // namespace

void dlc::populateElementwiseLoweringPatterns(const TypeConverter &converter,
                                              RewritePatternSet &patterns) {
  patterns.add<ScalarComputeLowering>(converter, patterns.getContext());
}
