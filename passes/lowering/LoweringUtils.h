//===- LoweringUtils.h - helpers shared by the dlc-to-linalg patterns -----===//
#ifndef DLC_PASSES_LOWERING_LOWERINGUTILS_H
#define DLC_PASSES_LOWERING_LOWERINGUTILS_H

#include "dialects/Support.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Builders.h"
#include "mlir/Transforms/DialectConversion.h"

#include <functional>

namespace dlc {

/// Maps tensors of unsigned integers to signless ones; everything else is
/// kept as is.
class SignlessTypeConverter : public TypeConverter {
public:
  SignlessTypeConverter();
};

/// The converted (signless) ranked tensor type of `type`.
RankedTensorType convertTensorType(const TypeConverter &converter, Type type);

/// `rank` parallel loops, the iterator types of an elementwise generic.
SmallVector<utils::IteratorType> parallelLoops(int64_t rank);

/// `tensor.empty` of `type`.
Value createEmpty(OpBuilder &b, Location loc, RankedTensorType type);

/// A tensor of `type` filled with the scalar `value` (`linalg.fill`).
Value createFilled(OpBuilder &b, Location loc, RankedTensorType type, Value value);

/// The type sums of products of `elementType` are kept in: f32 for 16-bit
/// floats, which lose too much over long reductions; else `elementType`.
Type accumulatorType(Type elementType);

/// A scalar constant of `type` (float or integer) holding `value`.
Value createScalar(OpBuilder &b, Location loc, Type type, double value);

/// The lowest / highest finite-or-infinite value of `type`: -inf / +inf for
/// floats, min / max for integers (`isUnsigned` for unsigned ints).
Value createLowest(OpBuilder &b, Location loc, Type type, bool isUnsigned);

/// The indexing map reading an operand of shape `operandShape` broadcast
/// NumPy-style into an iteration space of rank `resultRank` and shape
/// `resultShape`: leading dims are dropped and size-1 dims read index 0.
AffineMap getBroadcastMap(MLIRContext *ctx, ArrayRef<int64_t> operandShape,
                          ArrayRef<int64_t> resultShape);

/// Builds an all-parallel `linalg.generic` writing a `resultType` tensor from
/// `inputs` broadcast into it; `body` computes one element from one element
/// of each input.
using ScalarBodyFn =
    std::function<Value(OpBuilder &, Location, ValueRange)>;
Value buildBroadcastGeneric(OpBuilder &b, Location loc, RankedTensorType resultType,
                            ValueRange inputs, const ScalarBodyFn &body);

/// Combines the running value `acc` with one more element `x`.
using CombineFn = function_ref<Value(OpBuilder &, Location, Value x, Value acc)>;

/// `input` reduced along the sorted `axes` into a tensor without them,
/// starting from `init` (`linalg.reduce`).
Value buildReduce(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> axes,
                  Value init, CombineFn combine);

/// The largest element of a float tensor along `axis` (dropped from the
/// result): the shift that keeps softmax's exponentials in range.
Value buildMaxAlong(OpBuilder &b, Location loc, Value input, int64_t axis);

/// Adds two floats or two integers.
Value buildSum(OpBuilder &b, Location loc, Value x, Value acc);

/// Multiplies two floats or two integers.
Value buildProduct(OpBuilder &b, Location loc, Value x, Value acc);

/// The larger / smaller of two floats (NaN if either is, as NumPy's maximum)
/// or two integers, compared unsigned when `isUnsigned`.
/// Runs `op`'s loops in `order` (old loop indices, outermost first),
/// generalizing a named op first; the op is replaced.
LogicalResult reorderLoops(RewriterBase &rewriter, linalg::LinalgOp op, ArrayRef<unsigned> order);

Value buildMax(OpBuilder &b, Location loc, Value x, Value acc, bool isUnsigned);
Value buildMin(OpBuilder &b, Location loc, Value x, Value acc, bool isUnsigned);

} // namespace dlc

#endif // DLC_PASSES_LOWERING_LOWERINGUTILS_H
