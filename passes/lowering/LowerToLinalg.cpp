//===- LowerToLinalg.cpp - dlc graph ops to upstream tensor ops -----------===//
#include "dialects/graph/DlcDialect.h"
#include "dialects/kernel/KernelDialect.h"
#include "passes/lowering/LoweringUtils.h"
#include "passes/lowering/Passes.h"
#include "passes/lowering/Patterns.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Func/Transforms/FuncConversions.h"

namespace dlc {
#define GEN_PASS_DEF_DLCLOWERTOLINALG
#include "passes/lowering/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
// Kernels change their types with their contents (unsigned to signless).
struct KernelTypeConversion : OpConversionPattern<dlc::kernel::KernelOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(dlc::kernel::KernelOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    SmallVector<Type> resultTypes;
    if (failed(getTypeConverter()->convertTypes(op.getResultTypes(), resultTypes)))
      return failure();
    if (failed(rewriter.convertRegionTypes(&op.getBody(), *getTypeConverter())))
      return failure();
    rewriter.modifyOpInPlace(op, [&] {
      op->setOperands(adaptor.getInputs());
      for (auto [result, type] : llvm::zip(op->getResults(), resultTypes))
        result.setType(type);
    });
    return success();
  }
};

struct YieldTypeConversion : OpConversionPattern<dlc::kernel::YieldOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(dlc::kernel::YieldOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<dlc::kernel::YieldOp>(op, adaptor.getValues());
    return success();
  }
};

struct LowerToLinalgPass : dlc::impl::DlcLowerToLinalgBase<LowerToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    SignlessTypeConverter converter;
    RewritePatternSet patterns(ctx);
    populateCoreLoweringPatterns(converter, patterns);
    populateElementwiseLoweringPatterns(converter, patterns);
    populateConvLoweringPatterns(converter, patterns);
    populatePoolLoweringPatterns(converter, patterns);
    populateMatrixLoweringPatterns(converter, patterns);
    populateShapeLoweringPatterns(converter, patterns);
    populateReductionLoweringPatterns(converter, patterns);
    populateLossLoweringPatterns(converter, patterns);
    populateIndexingLoweringPatterns(converter, patterns);
    populateRandomLoweringPatterns(converter, patterns);
    populateScanLoweringPatterns(converter, patterns);
    populateStringLoweringPatterns(converter, patterns);
    populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns, converter);
    populateReturnOpTypeConversionPattern(patterns, converter);
    populateCallOpTypeConversionPattern(patterns, converter);
    patterns.add<KernelTypeConversion, YieldTypeConversion>(converter, ctx);

    ConversionTarget target(*ctx);
    target.addIllegalDialect<DlcDialect>();
    target.addLegalDialect<linalg::LinalgDialect, tensor::TensorDialect,
                           arith::ArithDialect, math::MathDialect, scf::SCFDialect>();
    // Weights stay named until dlc-lift-params; only their type may change.
    target.addDynamicallyLegalOp<ParamOp>(
        [&](ParamOp op) { return converter.isLegal(op.getType()); });
    target.addDynamicallyLegalOp<func::FuncOp>([&](func::FuncOp op) {
      return converter.isSignatureLegal(op.getFunctionType()) &&
             converter.isLegal(&op.getBody());
    });
    target.markUnknownOpDynamicallyLegal([&](Operation *op) {
      return converter.isLegal(op) &&
             llvm::all_of(op->getRegions(), [&](Region &region) {
               return converter.isLegal(&region);
             });
    });
    if (failed(applyPartialConversion(getOperation(), target, std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
