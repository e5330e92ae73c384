//===- IndexingLowering.cpp - concat, slices, gathers, scatters to linalg -===//
#include "dialects/graph/DlcDialect.h"
#include "passes/lowering/LoweringUtils.h"
#include "passes/lowering/Patterns.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
/// `value` with the order of the elements along each of `dims` reversed.
Value reverseDims(OpBuilder &b, Location loc, Value value, ArrayRef<int64_t> dims) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<AffineExpr> exprs;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    AffineExpr dim = b.getAffineDimExpr(d);
    exprs.push_back(llvm::is_contained(dims, d) ? type.getDimSize(d) - 1 - dim : dim);
  }
  AffineMap reversed = AffineMap::get(type.getRank(), 0, exprs, b.getContext());
  return b
      .create<linalg::GenericOp>(
          loc, type, ValueRange{value}, ValueRange{createEmpty(b, loc, type)},
          ArrayRef<AffineMap>{reversed, b.getMultiDimIdentityMap(type.getRank())},
          parallelLoops(type.getRank()),
          [](OpBuilder &nb, Location l, ValueRange args) {
            nb.create<linalg::YieldOp>(l, args[0]);
          })
      .getResult(0);
}

/// A strided box with negative steps read as one with positive steps over
/// the same elements, whose order is then reversed along `reversed`.
struct PositiveBox {
  SmallVector<int64_t> offsets, strides;
  SmallVector<int64_t> reversed;
};

PositiveBox positiveBox(ArrayRef<int64_t> starts, ArrayRef<int64_t> sizes,
                        ArrayRef<int64_t> steps) {
  PositiveBox box;
  for (size_t d = 0; d < starts.size(); ++d) {
    if (steps[d] > 0) {
      box.offsets.push_back(starts[d]);
      box.strides.push_back(steps[d]);
      continue;
    }
    box.offsets.push_back(starts[d] + (sizes[d] - 1) * steps[d]);
    box.strides.push_back(-steps[d]);
    box.reversed.push_back(static_cast<int64_t>(d));
  }
  return box;
}

bool isEmpty(RankedTensorType type) { return type.getNumElements() == 0; }

SmallVector<OpFoldResult> foldResults(OpBuilder &b, ArrayRef<int64_t> values) {
  return getAsIndexOpFoldResult(b.getContext(), values);
}

/// An index read from an ONNX indices tensor, as `index`: negative values
/// count from the end of a dim of `size`, and out-of-range ones are clamped,
/// so generated code never reads out of bounds.
Value resolveIndex(OpBuilder &b, Location loc, Value raw, int64_t size) {
  Value value = raw.getType().isInteger(64)
                    ? raw
                    : b.create<arith::ExtSIOp>(loc, b.getI64Type(), raw).getResult();
  auto constant = [&](int64_t v) { return b.create<arith::ConstantIntOp>(loc, v, 64); };
  Value zero = constant(0);
  Value negative = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::slt, value, zero);
  value = b.create<arith::SelectOp>(loc, negative,
                                    b.create<arith::AddIOp>(loc, value, constant(size)), value);
  value = b.create<arith::MaxSIOp>(loc, value, zero);
  value = b.create<arith::MinSIOp>(loc, value, constant(std::max<int64_t>(size - 1, 0)));
  return b.create<arith::IndexCastOp>(loc, b.getIndexType(), value);
}

/// One step of a scatter over a gather's indices: combines `value` into the
/// accumulator `acc` where the index read (`rawIndex`, resolved against a dim
/// of `size`) names this element's position along `axis`, and `inside` (when
/// given) holds.
void yieldScatterStep(OpBuilder &b, Location loc, Value inside, Value rawIndex, Value value,
                      Value acc, int64_t axis, int64_t size, CombineFn combine) {
  Value index = resolveIndex(b, loc, rawIndex, size);
  Value hit = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, index,
                                      b.create<linalg::IndexOp>(loc, axis));
  if (inside)
    hit = b.create<arith::AndIOp>(loc, inside, hit);
  b.create<linalg::YieldOp>(
      loc, ValueRange{b.create<arith::SelectOp>(loc, hit, combine(b, loc, value, acc), acc)});
}

/// How a scatter with ONNX's `reduction` combines an update `x` with the
/// element `acc` it lands on; `isUnsigned` for unsigned (and boolean)
/// elements.
std::function<Value(OpBuilder &, Location, Value, Value)>
scatterCombiner(StringRef reduction, bool isUnsigned) {
  if (reduction == "add")
    return buildSum;
  if (reduction == "mul")
    return buildProduct;
  if (reduction == "max")
    return [isUnsigned](OpBuilder &b, Location loc, Value x, Value acc) {
      return buildMax(b, loc, x, acc, isUnsigned);
    };
  if (reduction == "min")
    return [isUnsigned](OpBuilder &b, Location loc, Value x, Value acc) {
      return buildMin(b, loc, x, acc, isUnsigned);
    };
  return [](OpBuilder &, Location, Value x, Value) { return x; };
}

bool hasUnsignedElements(Type type) {
  Type element = getElementTypeOrSelf(type);
  return element.isUnsignedInteger() || element.isInteger(1);
}

struct ConcatLowering : OpConversionPattern<ConcatOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(ConcatOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = convertTensorType(*getTypeConverter(), op.getType());
    int64_t axis = op.getNormalizedAxis();
    Value result = createEmpty(rewriter, loc, type);
    int64_t offset = 0;
    for (Value input : adaptor.getInputs()) {
      auto inputType = cast<RankedTensorType>(input.getType());
      SmallVector<int64_t> offsets(type.getRank(), 0), strides(type.getRank(), 1);
      offsets[axis] = offset;
      offset += inputType.getDimSize(axis);
      if (isEmpty(inputType))
        continue;
      result = rewriter.create<tensor::InsertSliceOp>(
          loc, input, result, foldResults(rewriter, offsets),
          foldResults(rewriter, inputType.getShape()), foldResults(rewriter, strides));
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct SliceLowering : OpConversionPattern<SliceOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(SliceOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = convertTensorType(*getTypeConverter(), op.getType());
    if (isEmpty(type)) {
      rewriter.replaceOp(op, createEmpty(rewriter, loc, type));
      return success();
    }
    PositiveBox box = positiveBox(op.getStarts(), op.getSizes(), op.getSteps());
    Value slice = rewriter.create<tensor::ExtractSliceOp>(
        loc, type, adaptor.getInput(), foldResults(rewriter, box.offsets),
        foldResults(rewriter, op.getSizes()), foldResults(rewriter, box.strides));
    if (!box.reversed.empty())
      slice = reverseDims(rewriter, loc, slice, box.reversed);
    rewriter.replaceOp(op, slice);
    return success();
  }
};

struct SliceGradLowering : OpConversionPattern<SliceGradOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(SliceGradOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = convertTensorType(*getTypeConverter(), op.getType());
    Value zeros =
        createFilled(rewriter, loc, type, createScalar(rewriter, loc, type.getElementType(), 0));
    auto gradType = cast<RankedTensorType>(adaptor.getGrad().getType());
    if (isEmpty(gradType)) {
      rewriter.replaceOp(op, zeros);
      return success();
    }
    PositiveBox box = positiveBox(op.getStarts(), op.getSizes(), op.getSteps());
    Value grad = adaptor.getGrad();
    if (!box.reversed.empty())
      grad = reverseDims(rewriter, loc, grad, box.reversed);
    rewriter.replaceOpWithNewOp<tensor::InsertSliceOp>(
        op, grad, zeros, foldResults(rewriter, box.offsets), foldResults(rewriter, op.getSizes()),
        foldResults(rewriter, box.strides));
    return success();
  }
};

// result[a..., k..., b...] = input[a..., indices[k...], b...]
struct GatherLowering : OpConversionPattern<GatherOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(GatherOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = convertTensorType(*getTypeConverter(), op.getType());
    Value input = adaptor.getInput();
    auto inputType = cast<RankedTensorType>(input.getType());
    int64_t axis = op.getNormalizedAxis();
    int64_t indexRank = cast<RankedTensorType>(adaptor.getIndices().getType()).getRank();
    SmallVector<AffineExpr> indexExprs;
    for (int64_t d = 0; d < indexRank; ++d)
      indexExprs.push_back(rewriter.getAffineDimExpr(axis + d));
    AffineMap indexMap = AffineMap::get(type.getRank(), 0, indexExprs, rewriter.getContext());
    int64_t size = inputType.getDimSize(axis);
    rewriter.replaceOpWithNewOp<linalg::GenericOp>(
        op, type, ValueRange{adaptor.getIndices()}, ValueRange{createEmpty(rewriter, loc, type)},
        ArrayRef<AffineMap>{indexMap, rewriter.getMultiDimIdentityMap(type.getRank())},
        parallelLoops(type.getRank()), [&](OpBuilder &b, Location l, ValueRange args) {
          SmallVector<Value> at;
          for (int64_t d = 0; d < axis; ++d)
            at.push_back(b.create<linalg::IndexOp>(l, d));
          at.push_back(resolveIndex(b, l, args[0], size));
          for (int64_t d = axis + 1; d < inputType.getRank(); ++d)
            at.push_back(b.create<linalg::IndexOp>(l, d + indexRank - 1));
          b.create<linalg::YieldOp>(l, ValueRange{b.create<tensor::ExtractOp>(l, input, at)});
        });
    return success();
  }
};

// result[a..., j, b...] = sum over k... of (indices[k...] == j) * grad[a..., k..., b...]:
// the input's dims are parallel loops, the indices' dims reduction loops.
struct GatherGradLowering : OpConversionPattern<GatherGradOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(GatherGradOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = convertTensorType(*getTypeConverter(), op.getType());
    int64_t rank = type.getRank();
    int64_t axis = op.getAxis();
    int64_t indexRank = cast<RankedTensorType>(adaptor.getIndices().getType()).getRank();
    int64_t loops = rank + indexRank;
    SmallVector<AffineExpr> gradExprs, indexExprs, outExprs;
    for (int64_t d = 0; d < rank; ++d)
      outExprs.push_back(rewriter.getAffineDimExpr(d));
    for (int64_t k = 0; k < indexRank; ++k)
      indexExprs.push_back(rewriter.getAffineDimExpr(rank + k));
    for (int64_t d = 0; d < axis; ++d)
      gradExprs.push_back(rewriter.getAffineDimExpr(d));
    gradExprs.append(indexExprs);
    for (int64_t d = axis + 1; d < rank; ++d)
      gradExprs.push_back(rewriter.getAffineDimExpr(d));
    MLIRContext *ctx = rewriter.getContext();
    SmallVector<AffineMap> maps{AffineMap::get(loops, 0, gradExprs, ctx),
                                AffineMap::get(loops, 0, indexExprs, ctx),
                                AffineMap::get(loops, 0, outExprs, ctx)};
    SmallVector<utils::IteratorType> iterators = parallelLoops(loops);
    for (int64_t k = 0; k < indexRank; ++k)
      iterators[rank + k] = utils::IteratorType::reduction;
    Type element = type.getElementType();
    Value zeros = createFilled(rewriter, loc, type, createScalar(rewriter, loc, element, 0));
    int64_t size = type.getDimSize(axis);
    rewriter.replaceOpWithNewOp<linalg::GenericOp>(
        op, type, ValueRange{adaptor.getGrad(), adaptor.getIndices()}, ValueRange{zeros}, maps,
        iterators, [&](OpBuilder &b, Location l, ValueRange args) {
          yieldScatterStep(b, l, Value(), args[1], args[0], args[2], axis, size, buildSum);
        });
    return success();
  }
};

// result[p] = input[p with p[axis] = indices[p]]
struct GatherElementsLowering : OpConversionPattern<GatherElementsOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(GatherElementsOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = convertTensorType(*getTypeConverter(), op.getType());
    Value input = adaptor.getInput();
    int64_t axis = op.getNormalizedAxis();
    int64_t size = cast<RankedTensorType>(input.getType()).getDimSize(axis);
    AffineMap identity = rewriter.getMultiDimIdentityMap(type.getRank());
    rewriter.replaceOpWithNewOp<linalg::GenericOp>(
        op, type, ValueRange{adaptor.getIndices()}, ValueRange{createEmpty(rewriter, loc, type)},
        ArrayRef<AffineMap>{identity, identity}, parallelLoops(type.getRank()),
        [&](OpBuilder &b, Location l, ValueRange args) {
          SmallVector<Value> at;
          for (int64_t d = 0; d < type.getRank(); ++d)
            at.push_back(d == axis ? resolveIndex(b, l, args[0], size)
                                   : b.create<linalg::IndexOp>(l, d).getResult());
          b.create<linalg::YieldOp>(l, ValueRange{b.create<tensor::ExtractOp>(l, input, at)});
        });
    return success();
  }
};

// `init` with updates[q'] combined into result[q] where indices[q'] is
// q[axis], q' being q with q[axis] = k: the result's dims are parallel loops,
// the indices' axis dim a reduction loop, visited in order. Indices may be
// smaller than the result on other dims; then updates and indices are read
// with tensor.extract under a bounds check, and a placeholder input of the
// reduction dim's size gives that loop its bounds.
Value buildElementsScatter(OpBuilder &b, Location loc, Value init, Value indices,
                           Value updates, int64_t axis, CombineFn combine) {
  auto type = cast<RankedTensorType>(init.getType());
  auto indicesType = cast<RankedTensorType>(indices.getType());
  if (isEmpty(indicesType) || isEmpty(type))
    return init;
  int64_t rank = type.getRank();
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineExpr> outExprs, readExprs;
  bool fullSize = true;
  for (int64_t d = 0; d < rank; ++d) {
    outExprs.push_back(b.getAffineDimExpr(d));
    readExprs.push_back(b.getAffineDimExpr(d == axis ? rank : d));
    fullSize &= d == axis || indicesType.getDimSize(d) == type.getDimSize(d);
  }
  AffineMap outMap = AffineMap::get(rank + 1, 0, outExprs, ctx);
  SmallVector<utils::IteratorType> iterators = parallelLoops(rank + 1);
  iterators[rank] = utils::IteratorType::reduction;
  int64_t size = type.getDimSize(axis);
  if (fullSize) {
    AffineMap readMap = AffineMap::get(rank + 1, 0, readExprs, ctx);
    return b
        .create<linalg::GenericOp>(
            loc, type, ValueRange{updates, indices}, ValueRange{init},
            ArrayRef<AffineMap>{readMap, readMap, outMap}, iterators,
            [&](OpBuilder &nb, Location l, ValueRange args) {
              yieldScatterStep(nb, l, Value(), args[1], args[0], args[2], axis, size, combine);
            })
        .getResult(0);
  }
  Value loopRange = b.create<tensor::EmptyOp>(
      loc, ArrayRef<int64_t>{indicesType.getDimSize(axis)}, b.getI8Type());
  AffineMap rangeMap = AffineMap::get(rank + 1, 0, b.getAffineDimExpr(rank));
  return b
      .create<linalg::GenericOp>(
          loc, type, ValueRange{loopRange}, ValueRange{init},
          ArrayRef<AffineMap>{rangeMap, outMap}, iterators,
          [&](OpBuilder &nb, Location l, ValueRange args) {
            Value inside = nb.create<arith::ConstantOp>(l, nb.getBoolAttr(true));
            SmallVector<Value> at;
            for (int64_t d = 0; d < rank; ++d) {
              if (d == axis) {
                at.push_back(nb.create<linalg::IndexOp>(l, rank));
                continue;
              }
              Value q = nb.create<linalg::IndexOp>(l, d);
              Value bound = nb.create<arith::ConstantIndexOp>(l, indicesType.getDimSize(d));
              inside = nb.create<arith::AndIOp>(
                  l, inside, nb.create<arith::CmpIOp>(l, arith::CmpIPredicate::ult, q, bound));
              Value last = nb.create<arith::ConstantIndexOp>(l, indicesType.getDimSize(d) - 1);
              at.push_back(nb.create<arith::MinUIOp>(l, q, last));
            }
            yieldScatterStep(nb, l, inside, nb.create<tensor::ExtractOp>(l, indices, at),
                             nb.create<tensor::ExtractOp>(l, updates, at), args[1], axis, size,
                             combine);
          })
      .getResult(0);
}

struct GatherElementsGradLowering : OpConversionPattern<GatherElementsGradOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(GatherElementsGradOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = convertTensorType(*getTypeConverter(), op.getType());
    Value zeros =
        createFilled(rewriter, loc, type, createScalar(rewriter, loc, type.getElementType(), 0));
    rewriter.replaceOp(op, buildElementsScatter(rewriter, loc, zeros, adaptor.getIndices(),
                                                adaptor.getGrad(), op.getAxis(), buildSum));
    return success();
  }
};

struct ScatterElementsLowering : OpConversionPattern<ScatterElementsOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(ScatterElementsOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(
        op, buildElementsScatter(
                rewriter, op.getLoc(), adaptor.getData(), adaptor.getIndices(),
                adaptor.getUpdates(), op.getNormalizedAxis(),
                scatterCombiner(op.getReduction(), hasUnsignedElements(op.getType()))));
    return success();
  }
};

/// The data position that an index tuple addresses: `prefix` (the batch
/// dims), then the k entries of the tuple read from `indices` at
/// `tuple` + [j], each resolved against its data dim.
SmallVector<Value> tupleTarget(OpBuilder &b, Location loc, Value indices,
                               ArrayRef<Value> tuple, ArrayRef<int64_t> dataShape,
                               int64_t batchDims) {
  int64_t k = cast<RankedTensorType>(indices.getType()).getShape().back();
  SmallVector<Value> target;
  SmallVector<Value> at(tuple);
  at.push_back(Value());
  for (int64_t j = 0; j < k; ++j) {
    at.back() = b.create<arith::ConstantIndexOp>(loc, j);
    Value raw = b.create<tensor::ExtractOp>(loc, indices, at);
    target.push_back(resolveIndex(b, loc, raw, dataShape[batchDims + j]));
  }
  return target;
}

// result[b..., i..., t...] = data[b..., indices[b..., i..., :]..., t...]
struct GatherNDLowering : OpConversionPattern<GatherNDOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(GatherNDOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = convertTensorType(*getTypeConverter(), op.getType());
    Value data = adaptor.getData(), indices = adaptor.getIndices();
    ArrayRef<int64_t> dataShape = cast<RankedTensorType>(data.getType()).getShape();
    int64_t batchDims = op.getBatchDims();
    int64_t tupleDims = cast<RankedTensorType>(indices.getType()).getRank() - 1;
    rewriter.replaceOpWithNewOp<linalg::GenericOp>(
        op, type, ValueRange{}, ValueRange{createEmpty(rewriter, loc, type)},
        ArrayRef<AffineMap>{rewriter.getMultiDimIdentityMap(type.getRank())},
        parallelLoops(type.getRank()), [&](OpBuilder &b, Location l, ValueRange) {
          SmallVector<Value> loops;
          for (int64_t d = 0; d < type.getRank(); ++d)
            loops.push_back(b.create<linalg::IndexOp>(l, d));
          ArrayRef<Value> all(loops);
          SmallVector<Value> at(all.take_front(batchDims));
          llvm::append_range(at, tupleTarget(b, l, indices, all.take_front(tupleDims),
                                             dataShape, batchDims));
          llvm::append_range(at, all.drop_front(tupleDims));
          b.create<linalg::YieldOp>(l, ValueRange{b.create<tensor::ExtractOp>(l, data, at)});
        });
    return success();
  }
};

// result = data, then for each tuple position [b..., i...] of indices and
// each trailing position t, result[b..., tuple..., t...] combined with
// updates[b..., i..., t...]: the result's dims are parallel loops, the
// tuple dims i reduction loops visited in order.
struct ScatterNDLowering : OpConversionPattern<ScatterNDOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(ScatterNDOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Value data = adaptor.getData(), indices = adaptor.getIndices();
    auto type = cast<RankedTensorType>(data.getType());
    int64_t rank = type.getRank();
    int64_t batchDims = op.getBatchDims();
    auto indicesType = cast<RankedTensorType>(indices.getType());
    int64_t tupleDims = indicesType.getRank() - 1;
    int64_t k = indicesType.getShape().back();
    int64_t reductionDims = tupleDims - batchDims;
    int64_t loops = rank + reductionDims;
    // Loops [0, rank) walk the result, [rank, loops) the tuples of a batch.
    SmallVector<AffineExpr> updateExprs, outExprs;
    for (int64_t d = 0; d < rank; ++d)
      outExprs.push_back(rewriter.getAffineDimExpr(d));
    for (int64_t d = 0; d < batchDims; ++d)
      updateExprs.push_back(rewriter.getAffineDimExpr(d));
    for (int64_t d = rank; d < loops; ++d)
      updateExprs.push_back(rewriter.getAffineDimExpr(d));
    for (int64_t d = batchDims + k; d < rank; ++d)
      updateExprs.push_back(rewriter.getAffineDimExpr(d));
    MLIRContext *ctx = rewriter.getContext();
    SmallVector<AffineMap> maps{AffineMap::get(loops, 0, updateExprs, ctx),
                                AffineMap::get(loops, 0, outExprs, ctx)};
    SmallVector<utils::IteratorType> iterators = parallelLoops(loops);
    for (int64_t d = rank; d < loops; ++d)
      iterators[d] = utils::IteratorType::reduction;
    auto combine = scatterCombiner(op.getReduction(), hasUnsignedElements(op.getType()));
    rewriter.replaceOpWithNewOp<linalg::GenericOp>(
        op, type, ValueRange{adaptor.getUpdates()}, ValueRange{data}, maps, iterators,
        [&](OpBuilder &b, Location l, ValueRange args) {
          SmallVector<Value> tuple;
          for (int64_t d = 0; d < batchDims; ++d)
            tuple.push_back(b.create<linalg::IndexOp>(l, d));
          for (int64_t d = rank; d < loops; ++d)
            tuple.push_back(b.create<linalg::IndexOp>(l, d));
          SmallVector<Value> target =
              tupleTarget(b, l, indices, tuple, type.getShape(), batchDims);
          Value hit = b.create<arith::ConstantOp>(l, b.getBoolAttr(true));
          for (auto [j, position] : llvm::enumerate(target)) {
            Value loop = b.create<linalg::IndexOp>(l, batchDims + j);
            hit = b.create<arith::AndIOp>(
                l, hit, b.create<arith::CmpIOp>(l, arith::CmpIPredicate::eq, position, loop));
          }
          b.create<linalg::YieldOp>(
              l, ValueRange{b.create<arith::SelectOp>(l, hit, combine(b, l, args[0], args[1]),
                                                      args[1])});
        });
    return success();
  }
};
} // namespace

void dlc::populateIndexingLoweringPatterns(const TypeConverter &converter,
                                           RewritePatternSet &patterns) {
  patterns.add<ConcatLowering, SliceLowering, SliceGradLowering, GatherLowering,
               GatherGradLowering, GatherElementsLowering, GatherElementsGradLowering,
               ScatterElementsLowering, GatherNDLowering, ScatterNDLowering>(
      converter, patterns.getContext());
}
