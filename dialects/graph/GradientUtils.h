//===- GradientUtils.h - dlc ops that gradients (and rewrites) build ------===//
//
// Gradients are built from dlc graph ops, so autodiff's output is an ordinary
// graph that kernel formation and lowering treat like any other. These
// helpers build the pieces that many ops' gradients share.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_DIALECTS_GRAPH_GRADIENTUTILS_H
#define DLC_DIALECTS_GRAPH_GRADIENTUTILS_H

#include "dialects/Support.h"
#include "mlir/IR/Builders.h"

namespace dlc::graph {

/// True for a ranked tensor of floats: the values gradients flow through.
bool isFloatTensor(Value value);

/// Reduces `gradient`, shaped like the result of a broadcasting op, to the
/// shape of the operand of type `operandType` that broadcast into it: sums
/// over the leading dims the operand lacks and the dims it has as 1, then
/// reshapes. The gradient itself where the shapes already agree.
Value sumToShape(OpBuilder &b, Location loc, Value gradient,
                 RankedTensorType operandType);

/// `input` reshaped to `shape` (every dim explicit); `input` itself when it
/// has that shape already.
Value reshapeTo(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> shape);

/// A `dlc.constant` of `type` whose elements are all `value`.
Value createSplat(OpBuilder &b, Location loc, RankedTensorType type, double value);

/// A rank-0 `dlc.constant` of `elementType`: broadcasting ops read it as a
/// tensor of any shape.
Value createScalar(OpBuilder &b, Location loc, Type elementType, double value);

/// Appends a null gradient for each operand of `op` and returns true when
/// nothing flows back through it: `resultGradient` is null (the result does
/// not reach the loss) or the result is not a float tensor.
bool appendNoGradients(Operation *op, Value resultGradient,
                       SmallVectorImpl<Value> &operandGradients);

/// Appends a null gradient for each operand of `op`: the gradient of ops
/// whose results are booleans or integers, which autodiff never follows.
LogicalResult noOperandGradients(Operation *op,
                                 SmallVectorImpl<Value> &operandGradients);

} // namespace dlc::graph

#endif // DLC_DIALECTS_GRAPH_GRADIENTUTILS_H
