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

Value LogOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return b.create<math::LogOp>(loc, operands[0]);
}

Value SqrtOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return b.create<math::SqrtOp>(loc, operands[0]);
}

Value ReciprocalOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  Value one = b.create<arith::ConstantOp>(loc, b.getFloatAttr(operands[0].getType(), 1.0));
  return b.create<arith::DivFOp>(loc, one, operands[0]);
}

Value ErfOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return b.create<math::ErfOp>(loc, operands[0]);
}

Value FloorOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return b.create<math::FloorOp>(loc, operands[0]);
}

Value CeilOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return b.create<math::CeilOp>(loc, operands[0]);
}

Value NegOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  if (isa<FloatType>(operands[0].getType()))
    return b.create<arith::NegFOp>(loc, operands[0]);
  // Integers wrap, as two's complement negation does in ONNX Runtime.
  return b.create<arith::SubIOp>(loc, zeroLike(b, loc, operands[0]), operands[0]);
}

Value AbsOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  Value x = operands[0];
  if (isa<FloatType>(x.getType()))
    return b.create<math::AbsFOp>(loc, x);
  if (getElementTypeOrSelf(getType()).isUnsignedInteger())
    return x;
  return b.create<math::AbsIOp>(loc, x);
}

LogicalResult PowOp::verify() {
  if (!isa<FloatType>(getType().getElementType()))
    return emitOpError("supports float tensors only, found ") << getType();
  return success();
}

Value PowOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return b.create<math::PowFOp>(loc, operands[0], operands[1]);
}

Value MaxOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return buildArith<arith::MaximumFOp, arith::MaxSIOp, arith::MaxUIOp>(*this, b, loc,
                                                                       operands);
}

Value MinOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return buildArith<arith::MinimumFOp, arith::MinSIOp, arith::MinUIOp>(*this, b, loc,
                                                                       operands);
}

LogicalResult LeakyReluOp::inferReturnTypes(MLIRContext *, std::optional<Location>,
                                            Adaptor adaptor, SmallVectorImpl<Type> &types) {
  types.push_back(adaptor.getInput().getType());
  return success();
}

Value LeakyReluOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  Value x = operands[0];
  Value alpha = b.create<arith::ConstantOp>(
      loc, b.getFloatAttr(x.getType(), getAlpha().convertToDouble()));
  Value negative = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OLT, x,
                                           zeroLike(b, loc, x));
  return b.create<arith::SelectOp>(loc, negative, b.create<arith::MulFOp>(loc, alpha, x),
                                   x);
}
