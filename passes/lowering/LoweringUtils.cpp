//===- LoweringUtils.cpp - helpers shared by the dlc-to-linalg patterns ---===//
#include "passes/lowering/LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"

#include <limits>

using namespace mlir;

dlc::SignlessTypeConverter::SignlessTypeConverter() {
  addConversion([](Type type) { return type; });
  addConversion([](IntegerType type) -> Type {
    return IntegerType::get(type.getContext(), type.getWidth());
  });
  addConversion([this](RankedTensorType type) -> Type {
    return RankedTensorType::get(type.getShape(),
                                 convertType(type.getElementType()),
                                 type.getEncoding());
  });
}

RankedTensorType dlc::convertTensorType(const TypeConverter &converter, Type type) {
  return cast<RankedTensorType>(converter.convertType(type));
}

SmallVector<utils::IteratorType> dlc::parallelLoops(int64_t rank) {
  return SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel);
}

Value dlc::createEmpty(OpBuilder &b, Location loc, RankedTensorType type) {
  return b.create<tensor::EmptyOp>(loc, type.getShape(), type.getElementType());
}

Value dlc::createFilled(OpBuilder &b, Location loc, RankedTensorType type,
                        Value value) {
  return b.create<linalg::FillOp>(loc, value, createEmpty(b, loc, type))
      .getResult(0);
}

Type dlc::accumulatorType(Type elementType) {
  if (isa<Float16Type, BFloat16Type>(elementType))
    return Float32Type::get(elementType.getContext());
  return elementType;
}

Value dlc::createScalar(OpBuilder &b, Location loc, Type type, double value) {
  if (isa<FloatType>(type))
    return b.create<arith::ConstantOp>(loc, b.getFloatAttr(type, value));
  return b.create<arith::ConstantOp>(
      loc, b.getIntegerAttr(type, static_cast<int64_t>(value)));
}

Value dlc::createLowest(OpBuilder &b, Location loc, Type type, bool isUnsigned) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return b.create<arith::ConstantOp>(
        loc, b.getFloatAttr(type, APFloat::getInf(floatType.getFloatSemantics(),
                                                  /*Negative=*/true)));
  unsigned width = type.getIntOrFloatBitWidth();
  APInt lowest = isUnsigned ? APInt::getMinValue(width) : APInt::getSignedMinValue(width);
  return b.create<arith::ConstantOp>(loc, b.getIntegerAttr(type, lowest));
}

AffineMap dlc::getBroadcastMap(MLIRContext *ctx, ArrayRef<int64_t> operandShape,
                               ArrayRef<int64_t> resultShape) {
  size_t offset = resultShape.size() - operandShape.size();
  SmallVector<AffineExpr> exprs;
  for (auto [i, dim] : llvm::enumerate(operandShape)) {
    bool broadcast = dim == 1 && resultShape[offset + i] != 1;
    exprs.push_back(broadcast ? getAffineConstantExpr(0, ctx)
                              : getAffineDimExpr(offset + i, ctx));
  }
  return AffineMap::get(resultShape.size(), 0, exprs, ctx);
}

Value dlc::buildBroadcastGeneric(OpBuilder &b, Location loc,
                                 RankedTensorType resultType, ValueRange inputs,
                                 const ScalarBodyFn &body) {
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineMap> maps;
  for (Value input : inputs)
    maps.push_back(getBroadcastMap(
        ctx, cast<RankedTensorType>(input.getType()).getShape(), resultType.getShape()));
  maps.push_back(b.getMultiDimIdentityMap(resultType.getRank()));
  SmallVector<utils::IteratorType> iterators(resultType.getRank(),
                                             utils::IteratorType::parallel);
  auto generic = b.create<linalg::GenericOp>(
      loc, TypeRange{resultType}, inputs, ValueRange{createEmpty(b, loc, resultType)},
      maps, iterators, [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Value result = body(nested, nestedLoc, args.drop_back());
        nested.create<linalg::YieldOp>(nestedLoc, result);
      });
  return generic.getResult(0);
}

Value dlc::buildReduce(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> axes,
                       Value init, CombineFn combine) {
  auto inputType = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> shape;
  for (auto [dim, size] : llvm::enumerate(inputType.getShape()))
    if (!llvm::is_contained(axes, static_cast<int64_t>(dim)))
      shape.push_back(size);
  auto reducedType = RankedTensorType::get(shape, inputType.getElementType());
  auto reduce = b.create<linalg::ReduceOp>(
      loc, input, createFilled(b, loc, reducedType, init), axes,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        nested.create<linalg::YieldOp>(nestedLoc,
                                       combine(nested, nestedLoc, args[0], args[1]));
      });
  return reduce.getResult(0);
}

Value dlc::buildMaxAlong(OpBuilder &b, Location loc, Value input, int64_t axis) {
  Type elementType = cast<RankedTensorType>(input.getType()).getElementType();
  return buildReduce(b, loc, input, axis,
                     createLowest(b, loc, elementType, /*isUnsigned=*/false),
                     [](OpBuilder &nested, Location l, Value x, Value acc) -> Value {
                       return nested.create<arith::MaximumFOp>(l, x, acc);
                     });
}

Value dlc::buildSum(OpBuilder &b, Location loc, Value x, Value acc) {
  if (isa<FloatType>(x.getType()))
    return b.create<arith::AddFOp>(loc, x, acc);
  return b.create<arith::AddIOp>(loc, x, acc);
}

Value dlc::buildProduct(OpBuilder &b, Location loc, Value x, Value acc) {
  if (isa<FloatType>(x.getType()))
    return b.create<arith::MulFOp>(loc, x, acc);
  return b.create<arith::MulIOp>(loc, x, acc);
}

Value dlc::buildMax(OpBuilder &b, Location loc, Value x, Value acc, bool isUnsigned) {
  if (isa<FloatType>(x.getType()))
    return b.create<arith::MaximumFOp>(loc, x, acc);
  if (isUnsigned)
    return b.create<arith::MaxUIOp>(loc, x, acc);
  return b.create<arith::MaxSIOp>(loc, x, acc);
}

Value dlc::buildMin(OpBuilder &b, Location loc, Value x, Value acc, bool isUnsigned) {
  if (isa<FloatType>(x.getType()))
    return b.create<arith::MinimumFOp>(loc, x, acc);
  if (isUnsigned)
    return b.create<arith::MinUIOp>(loc, x, acc);
  return b.create<arith::MinSIOp>(loc, x, acc);
}

LogicalResult dlc::reorderLoops(RewriterBase &rewriter, linalg::LinalgOp op,
                                ArrayRef<unsigned> order) {
  rewriter.setInsertionPoint(op);
  auto generic = dyn_cast<linalg::GenericOp>(op.getOperation());
  if (!generic) {
    FailureOr<linalg::GenericOp> generalized = linalg::generalizeNamedOp(rewriter, op);
    if (failed(generalized))
      return failure();
    generic = *generalized;
  }
  return linalg::interchangeGenericOp(rewriter, generic, order);
}
