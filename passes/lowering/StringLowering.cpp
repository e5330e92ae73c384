//===- StringLowering.cpp - string tensor ops to linalg and scf -----------===//
// Element computations become dlck string ops, which --dlc-lower-strings
// turns into calls of the runtime's string services.
#include "dialects/graph/DlcDialect.h"
#include "dialects/kernel/KernelDialect.h"
#include "passes/lowering/LoweringUtils.h"
#include "passes/lowering/Patterns.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
namespace dlck = dlc::kernel;

bool isUnsignedInteger(Type type) {
  auto integer = dyn_cast<IntegerType>(type);
  return integer && integer.isUnsigned();
}

/// The element types the string services read and write: f16 and bf16 pass
/// through f32.
bool passesThroughF32(Type type) { return isa<Float16Type, BFloat16Type>(type); }

struct FormatLowering : OpConversionPattern<FormatOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(FormatOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Type from = op.getInput().getType().getElementType();
    bool isUnsigned = isUnsignedInteger(from);
    Value result = buildBroadcastGeneric(
        rewriter, op.getLoc(), op.getType(), adaptor.getInput(),
        [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
          Value value = args[0];
          if (passesThroughF32(from))
            value = b.create<arith::ExtFOp>(loc, b.getF32Type(), value);
          auto format = b.create<dlck::FormatOp>(loc, StringType::get(b.getContext()), value);
          format.setIsUnsigned(isUnsigned);
          return format;
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct ParseLowering : OpConversionPattern<ParseOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(ParseOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Type to = op.getTo();
    RankedTensorType resultType = convertTensorType(*getTypeConverter(), op.getType());
    Type element = resultType.getElementType();
    Value result = buildBroadcastGeneric(
        rewriter, op.getLoc(), resultType, adaptor.getInput(),
        [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
          Type parsed = passesThroughF32(to) ? b.getF32Type() : element;
          auto parse = b.create<dlck::ParseOp>(loc, parsed, args[0]);
          parse.setIsUnsigned(isUnsignedInteger(to));
          if (parsed == element)
            return parse;
          return b.create<arith::TruncFOp>(loc, element, parse);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

// One pass over the strings: each that is no stopword goes, case changed, to
// the next free slot of the result. How many were kept is checked against
// the declared count at the end (ONNX keeps one empty string when none is).
struct StringNormalizerLowering : OpConversionPattern<StringNormalizerOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(StringNormalizerOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType inputType = op.getInput().getType();
    RankedTensorType resultType = op.getType();
    auto stringType = StringType::get(getContext());
    int64_t count = inputType.getShape().back();
    int64_t declared = resultType.getShape().back();
    Value zero = rewriter.create<arith::ConstantIndexOp>(loc, 0);
    Value one = rewriter.create<arith::ConstantIndexOp>(loc, 1);
    Value declaredCount = rewriter.create<arith::ConstantIndexOp>(loc, declared);
    // [i] or [0, i].
    auto at = [&](Value i) {
      return inputType.getRank() == 1 ? SmallVector<Value>{i} : SmallVector<Value>{zero, i};
    };
    bool ignoreCase = !op.getIsCaseSensitive();
    StringRef action = op.getCaseChangeAction();
    SmallVector<StringRef> stopwords;
    for (Attribute word : op.getStopwords())
      stopwords.push_back(cast<StringAttr>(word).getValue());

    Value empty = createEmpty(rewriter, loc, resultType);
    auto loop = rewriter.create<scf::ForOp>(
        loc, zero, rewriter.create<arith::ConstantIndexOp>(loc, count), one,
        ValueRange{empty, zero},
        [&](OpBuilder &b, Location loc, Value i, ValueRange carried) {
          Value result = carried[0], kept = carried[1];
          Value text = b.create<tensor::ExtractOp>(loc, adaptor.getInput(), at(i));
          Value isStopword = b.create<arith::ConstantIntOp>(loc, 0, 1);
          for (StringRef word : stopwords) {
            Value literal = b.create<dlck::StringLiteralOp>(loc, stringType, word);
            auto equal = b.create<dlck::StringsEqualOp>(loc, text, literal);
            equal.setIgnoreCase(ignoreCase);
            isStopword = b.create<arith::OrIOp>(loc, isStopword, equal);
          }
          Value keep = b.create<arith::XOrIOp>(loc, isStopword,
                                               b.create<arith::ConstantIntOp>(loc, 1, 1));
          // A kept string beyond the declared count is only counted: the
          // check after the loop fails the run.
          Value fits = b.create<arith::AndIOp>(
              loc, keep,
              b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ult, kept, declaredCount));
          auto store = b.create<scf::IfOp>(
              loc, fits,
              [&](OpBuilder &b, Location loc) {
                Value out = text;
                if (action != "NONE")
                  out = b.create<dlck::ChangeCaseOp>(loc, stringType, text, action == "UPPER");
                b.create<scf::YieldOp>(loc,
                                       Value(b.create<tensor::InsertOp>(loc, out, result, at(kept))));
              },
              [&](OpBuilder &b, Location loc) { b.create<scf::YieldOp>(loc, result); });
          Value next = b.create<arith::SelectOp>(loc, keep,
                                                 b.create<arith::AddIOp>(loc, kept, one), kept);
          b.create<scf::YieldOp>(loc, ValueRange{store.getResult(0), next});
        });
    Value result = loop.getResult(0), kept = loop.getResult(1);

    Value noneKept = rewriter.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, kept, zero);
    auto padded = rewriter.create<scf::IfOp>(
        loc, noneKept,
        [&](OpBuilder &b, Location loc) {
          Value blank = b.create<dlck::StringLiteralOp>(loc, stringType, "");
          b.create<scf::YieldOp>(loc, Value(b.create<tensor::InsertOp>(loc, blank, result,
                                                                          at(zero))));
        },
        [&](OpBuilder &b, Location loc) { b.create<scf::YieldOp>(loc, result); });
    Value expected = rewriter.create<arith::SelectOp>(loc, noneKept, one, kept);
    Value wrong =
        rewriter.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ne, expected, declaredCount);
    // The importer names each op's location after its node.
    std::string node = "StringNormalizer";
    if (auto name = dyn_cast<NameLoc>(loc))
      node = "node '" + name.getName().str() + "' (StringNormalizer)";
    rewriter.create<scf::IfOp>(loc, wrong, [&](OpBuilder &b, Location loc) {
      b.create<dlck::ReportErrorOp>(loc, node + " kept a number of strings other than the " +
                                             std::to_string(declared) +
                                             " its output is declared with");
      b.create<scf::YieldOp>(loc);
    });
    rewriter.replaceOp(op, padded.getResult(0));
    return success();
  }
};
} // namespace

void dlc::populateStringLoweringPatterns(const TypeConverter &converter,
                                         RewritePatternSet &patterns) {
  patterns.add<FormatLowering, ParseLowering, StringNormalizerLowering>(converter,
                                                                        patterns.getContext());
}
