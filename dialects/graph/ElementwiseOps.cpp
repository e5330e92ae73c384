//===- ElementwiseOps.cpp - scalar bodies of elementwise ops --------------===//
#include "dialects/graph/DlcDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace dlc::graph;

namespace {
// Builds the float, signed or unsigned flavour of an arith op, picked by the
// dlc op's element type (values arrive already converted to signless ints).
template <typename FloatOp, typename SignedOp, typename UnsignedOp = SignedOp>
Value buildArith(Operation *op, OpBuilder &b, Location loc, ValueRange operands) {
  Type elementType = getElementTypeOrSelf(op->getResult(0).getType());
  if (isa<FloatType>(elementType))
    return b.create<FloatOp>(loc, operands);
  if (elementType.isUnsignedInteger())
    return b.create<UnsignedOp>(loc, operands);
  return b.create<SignedOp>(loc, operands);
}

Value zeroLike(OpBuilder &b, Location loc, Value like) {
  return b.create<arith::ConstantOp>(loc, b.getZeroAttr(like.getType()));
}
} // namespace

Value AddOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return buildArith<arith::AddFOp, arith::AddIOp>(*this, b, loc, operands);
}

Value SubOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return buildArith<arith::SubFOp, arith::SubIOp>(*this, b, loc, operands);
}

Value MulOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return buildArith<arith::MulFOp, arith::MulIOp>(*this, b, loc, operands);
}

Value DivOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return buildArith<arith::DivFOp, arith::DivSIOp, arith::DivUIOp>(*this, b, loc,
                                                                   operands);
}

Value ReluOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  SmallVector<Value, 2> args{operands[0], zeroLike(b, loc, operands[0])};
  // maximumf propagates NaN, as ONNX Relu does.
  return buildArith<arith::MaximumFOp, arith::MaxSIOp, arith::MaxUIOp>(*this, b, loc,
                                                                       args);
}

Value SigmoidOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  Value x = operands[0];
  Value one = b.create<arith::ConstantOp>(loc, b.getFloatAttr(x.getType(), 1.0));
  Value expNeg = b.create<math::ExpOp>(loc, b.create<arith::NegFOp>(loc, x));
  return b.create<arith::DivFOp>(loc, one, b.create<arith::AddFOp>(loc, one, expNeg));
}

Value TanhOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return b.create<math::TanhOp>(loc, operands[0]);
}

Value ExpOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return b.create<math::ExpOp>(loc, operands[0]);
}
