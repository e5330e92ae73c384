//===- ElementwiseOps.cpp - scalar bodies and gradients of elementwise ops ===//
#include "dialects/graph/DlcDialect.h"
#include "dialects/graph/GradientUtils.h"
#include "dialects/graph/TypeInference.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace dlc::graph;

namespace {
// Bools order and extend as unsigned numbers: true is 1.
bool isUnsignedLike(Type type) {
  return type.isUnsignedInteger() || type.isInteger(1);
}

// Builds the float, signed or unsigned flavour of an arith op, picked by the
// element type of the dlc op's operands (values arrive already converted to
// signless ints, and a comparison's result type says nothing about them).
template <typename FloatOp, typename SignedOp, typename UnsignedOp = SignedOp>
Value buildArith(Operation *op, OpBuilder &b, Location loc, ValueRange operands) {
  Type elementType = getElementTypeOrSelf(op->getOperand(0).getType());
  if (isa<FloatType>(elementType))
    return b.create<FloatOp>(loc, operands);
  if (isUnsignedLike(elementType))
    return b.create<UnsignedOp>(loc, operands);
  return b.create<SignedOp>(loc, operands);
}

Value zeroLike(OpBuilder &b, Location loc, Value like) {
  return b.create<arith::ConstantOp>(loc, b.getZeroAttr(like.getType()));
}

// Ordered float predicates: a NaN operand compares false, as in ONNX.
Value buildCompare(Operation *op, OpBuilder &b, Location loc, ValueRange operands,
                   arith::CmpFPredicate floatPredicate,
                   arith::CmpIPredicate signedPredicate,
                   arith::CmpIPredicate unsignedPredicate) {
  Type elementType = getElementTypeOrSelf(op->getOperand(0).getType());
  if (isa<FloatType>(elementType))
    return b.create<arith::CmpFOp>(loc, floatPredicate, operands[0], operands[1]);
  return b.create<arith::CmpIOp>(
      loc, isUnsignedLike(elementType) ? unsignedPredicate : signedPredicate,
      operands[0], operands[1]);
}

// Converts the scalar `x` from dlc element type `from` to `to`; `x` and the
// result are signless where the dlc types are unsigned.
Value castScalar(OpBuilder &b, Location loc, Value x, Type from, Type to) {
  if (from == to)
    return x;
  // Non-zero is true, NaN included (C++'s bool conversion, as ONNX Runtime).
  if (to.isInteger(1))
    return isa<FloatType>(from)
               ? b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::UNE, x,
                                         zeroLike(b, loc, x))
               : b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ne, x,
                                         zeroLike(b, loc, x))
                     .getResult();
  auto fromFloat = dyn_cast<FloatType>(from);
  auto toFloat = dyn_cast<FloatType>(to);
  if (fromFloat && toFloat) {
    // f16 and bf16 have the same width but neither holds the other: go
    // through f32, which holds both exactly.
    if (fromFloat.getWidth() == toFloat.getWidth())
      return castScalar(b, loc, castScalar(b, loc, x, from, b.getF32Type()),
                        b.getF32Type(), to);
    if (fromFloat.getWidth() < toFloat.getWidth())
      return b.create<arith::ExtFOp>(loc, to, x);
    return b.create<arith::TruncFOp>(loc, to, x);
  }
  Type target = toFloat ? to : b.getIntegerType(to.getIntOrFloatBitWidth());
  if (fromFloat)
    return to.isUnsignedInteger() ? b.create<arith::FPToUIOp>(loc, target, x).getResult()
                                  : b.create<arith::FPToSIOp>(loc, target, x).getResult();
  if (toFloat)
    return isUnsignedLike(from) ? b.create<arith::UIToFPOp>(loc, to, x).getResult()
                                : b.create<arith::SIToFPOp>(loc, to, x).getResult();
  unsigned fromWidth = from.getIntOrFloatBitWidth();
  unsigned toWidth = target.getIntOrFloatBitWidth();
  if (fromWidth == toWidth) // Only the signedness differs.
    return x;
  if (fromWidth > toWidth)
    return b.create<arith::TruncIOp>(loc, target, x);
  return isUnsignedLike(from) ? b.create<arith::ExtUIOp>(loc, target, x).getResult()
                              : b.create<arith::ExtSIOp>(loc, target, x).getResult();
}

// `gradient` summed to the shape of `operand`, which broadcast into it.
Value sumTo(OpBuilder &b, Location loc, Value gradient, Value operand) {
  return sumToShape(b, loc, gradient, cast<RankedTensorType>(operand.getType()));
}

Value scalarLike(OpBuilder &b, Location loc, Value like, double value) {
  return createScalar(b, loc, getElementTypeOrSelf(like.getType()), value);
}

// The gradient of a unary op on floats from the result gradient `g`, the
// op's input `x` and its result `y`.
using UnaryGradientFn =
    function_ref<Value(OpBuilder &, Location, Value g, Value x, Value y)>;

LogicalResult unaryGradient(Operation *op, OpBuilder &b, ValueRange resultGradients,
                            SmallVectorImpl<Value> &operandGradients,
                            UnaryGradientFn gradient) {
  Value g = resultGradients.front();
  if (appendNoGradients(op, g, operandGradients))
    return success();
  operandGradients.push_back(
      gradient(b, op->getLoc(), g, op->getOperand(0), op->getResult(0)));
  return success();
}

// Step functions (floor, ceil) are flat wherever they have a derivative.
Value zeroGradient(OpBuilder &b, Location loc, Value, Value x, Value) {
  return createSplat(b, loc, cast<RankedTensorType>(x.getType()), 0.0);
}

// maximum / minimum as PyTorch differentiates them: the gradient goes to the
// operand that was picked, split half and half on ties. `LhsLoses` compares
// where lhs was not picked (less for max, greater for min).
template <typename LhsLoses, typename RhsLoses>
LogicalResult extremumGradient(Operation *op, OpBuilder &b, ValueRange resultGradients,
                               SmallVectorImpl<Value> &operandGradients) {
  Value g = resultGradients.front();
  if (appendNoGradients(op, g, operandGradients))
    return success();
  Location loc = op->getLoc();
  Value lhs = op->getOperand(0);
  Value rhs = op->getOperand(1);
  Value zero = scalarLike(b, loc, g, 0.0);
  Value half = b.create<MulOp>(loc, g, scalarLike(b, loc, g, 0.5));
  Value share = b.create<WhereOp>(loc, b.create<EqualOp>(loc, lhs, rhs), half, g);
  Value lhsGradient =
      b.create<WhereOp>(loc, b.create<LhsLoses>(loc, lhs, rhs), zero, share);
  Value rhsGradient =
      b.create<WhereOp>(loc, b.create<RhsLoses>(loc, lhs, rhs), zero, share);
  operandGradients.push_back(sumTo(b, loc, lhsGradient, lhs));
  operandGradients.push_back(sumTo(b, loc, rhsGradient, rhs));
  return success();
}

// Integer x / 0 is 0 and the one signed overflow, MIN / -1, is MIN (as two's
// complement wraps): neither may reach a trapping divide instruction.
Value buildDefinedIntegerDivision(OpBuilder &b, Location loc, Value lhs, Value rhs,
                                  bool isUnsigned) {
  auto type = cast<IntegerType>(rhs.getType());
  auto constant = [&](const APInt &value) -> Value {
    return b.create<arith::ConstantOp>(loc, b.getIntegerAttr(type, value));
  };
  auto equals = [&](Value x, Value y) -> Value {
    return b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, x, y);
  };
  unsigned width = type.getWidth();
  Value zero = constant(APInt::getZero(width));
  Value byZero = equals(rhs, zero);
  Value unsafe = byZero;
  if (!isUnsigned) {
    Value overflows = b.create<arith::AndIOp>(
        loc, equals(lhs, constant(APInt::getSignedMinValue(width))),
        equals(rhs, constant(APInt::getAllOnes(width))));
    unsafe = b.create<arith::OrIOp>(loc, byZero, overflows);
  }
  Value divisor = b.create<arith::SelectOp>(loc, unsafe, constant(APInt(width, 1)), rhs);
  Value quotient = isUnsigned ? b.create<arith::DivUIOp>(loc, lhs, divisor).getResult()
                              : b.create<arith::DivSIOp>(loc, lhs, divisor).getResult();
  return b.create<arith::SelectOp>(loc, byZero, zero, quotient);
}
} // namespace

//===----------------------------------------------------------------------===//
// Broadcasting arithmetic
//===----------------------------------------------------------------------===//

Value AddOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return buildArith<arith::AddFOp, arith::AddIOp>(*this, b, loc, operands);
}

LogicalResult AddOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                   SmallVectorImpl<Value> &operandGradients) {
  Value g = resultGradients.front();
  if (appendNoGradients(*this, g, operandGradients))
    return success();
  operandGradients.push_back(sumTo(b, getLoc(), g, getLhs()));
  operandGradients.push_back(sumTo(b, getLoc(), g, getRhs()));
  return success();
}

Value SubOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return buildArith<arith::SubFOp, arith::SubIOp>(*this, b, loc, operands);
}

LogicalResult SubOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                   SmallVectorImpl<Value> &operandGradients) {
  Value g = resultGradients.front();
  if (appendNoGradients(*this, g, operandGradients))
    return success();
  // The sign goes on after the sum, where there may be fewer elements.
  operandGradients.push_back(sumTo(b, getLoc(), g, getLhs()));
  operandGradients.push_back(b.create<NegOp>(getLoc(), sumTo(b, getLoc(), g, getRhs())));
  return success();
}

Value MulOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return buildArith<arith::MulFOp, arith::MulIOp>(*this, b, loc, operands);
}

LogicalResult MulOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                   SmallVectorImpl<Value> &operandGradients) {
  Value g = resultGradients.front();
  if (appendNoGradients(*this, g, operandGradients))
    return success();
  Location loc = getLoc();
  operandGradients.push_back(sumTo(b, loc, b.create<MulOp>(loc, g, getRhs()), getLhs()));
  operandGradients.push_back(sumTo(b, loc, b.create<MulOp>(loc, g, getLhs()), getRhs()));
  return success();
}

Value DivOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  Type elementType = getElementTypeOrSelf(getLhs().getType());
  if (isa<FloatType>(elementType))
    return b.create<arith::DivFOp>(loc, operands);
  return buildDefinedIntegerDivision(b, loc, operands[0], operands[1],
                                     isUnsignedLike(elementType));
}

LogicalResult DivOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                   SmallVectorImpl<Value> &operandGradients) {
  Value g = resultGradients.front();
  if (appendNoGradients(*this, g, operandGradients))
    return success();
  Location loc = getLoc();
  // d(l / r)/dr = -l / r^2 = -y / r, the sign put on after the sum.
  Value rhsGradient =
      b.create<DivOp>(loc, b.create<MulOp>(loc, g, getResult()), getRhs());
  operandGradients.push_back(sumTo(b, loc, b.create<DivOp>(loc, g, getRhs()), getLhs()));
  operandGradients.push_back(b.create<NegOp>(loc, sumTo(b, loc, rhsGradient, getRhs())));
  return success();
}

LogicalResult PowOp::verify() {
  if (!isa<FloatType>(getType().getElementType()))
    return emitOpError("supports float tensors only, found ") << getType();
  return success();
}

Value PowOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return b.create<math::PowFOp>(loc, operands[0], operands[1]);
}

// As PyTorch's pow_backward_self / pow_backward_exponent.
LogicalResult PowOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                   SmallVectorImpl<Value> &operandGradients) {
  Value g = resultGradients.front();
  if (appendNoGradients(*this, g, operandGradients))
    return success();
  Location loc = getLoc();
  Value x = getLhs();
  Value e = getRhs();
  Value zero = scalarLike(b, loc, g, 0.0);
  // e * x^(e - 1), zero where e == 0 (not NaN from 0^-1 * 0).
  Value eMinusOne = b.create<SubOp>(loc, e, scalarLike(b, loc, g, 1.0));
  Value power = b.create<PowOp>(loc, x, eMinusOne);
  Value baseGradient = b.create<MulOp>(loc, g, b.create<MulOp>(loc, e, power));
  baseGradient =
      b.create<WhereOp>(loc, b.create<EqualOp>(loc, e, zero), zero, baseGradient);
  // x^e * log(x): NaN for x < 0, and zero at x == 0 for e >= 0, where x^e
  // is continuous in e (the limit, not 0 * -inf).
  Value yLogX = b.create<MulOp>(loc, getResult(), b.create<LogOp>(loc, x));
  Value atZero =
      b.create<WhereOp>(loc, b.create<GreaterOrEqualOp>(loc, e, zero), zero, yLogX);
  Value exponentGradient = b.create<MulOp>(
      loc, g, b.create<WhereOp>(loc, b.create<EqualOp>(loc, x, zero), atZero, yLogX));
  operandGradients.push_back(sumTo(b, loc, baseGradient, x));
  operandGradients.push_back(sumTo(b, loc, exponentGradient, e));
  return success();
}

Value MaxOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return buildArith<arith::MaximumFOp, arith::MaxSIOp, arith::MaxUIOp>(*this, b, loc,
                                                                       operands);
}

LogicalResult MaxOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                   SmallVectorImpl<Value> &operandGradients) {
  return extremumGradient<LessOp, GreaterOp>(*this, b, resultGradients,
                                             operandGradients);
}

Value MinOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return buildArith<arith::MinimumFOp, arith::MinSIOp, arith::MinUIOp>(*this, b, loc,
                                                                       operands);
}

LogicalResult MinOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                   SmallVectorImpl<Value> &operandGradients) {
  return extremumGradient<GreaterOp, LessOp>(*this, b, resultGradients,
                                             operandGradients);
}

//===----------------------------------------------------------------------===//
// Unary ops
//===----------------------------------------------------------------------===//

Value ReluOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  SmallVector<Value, 2> args{operands[0], zeroLike(b, loc, operands[0])};
  // maximumf propagates NaN, as ONNX Relu does.
  return buildArith<arith::MaximumFOp, arith::MaxSIOp, arith::MaxUIOp>(*this, b, loc,
                                                                       args);
}

// Zero where y <= 0, as PyTorch's threshold_backward: 0 at x == 0.
LogicalResult ReluOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                    SmallVectorImpl<Value> &operandGradients) {
  return unaryGradient(*this, b, resultGradients, operandGradients,
                       [](OpBuilder &b, Location loc, Value g, Value, Value y) -> Value {
                         Value zero = scalarLike(b, loc, g, 0.0);
                         return b.create<WhereOp>(
                             loc, b.create<LessOrEqualOp>(loc, y, zero), zero, g);
                       });
}

Value SigmoidOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  Value x = operands[0];
  Value one = b.create<arith::ConstantOp>(loc, b.getFloatAttr(x.getType(), 1.0));
  Value expNeg = b.create<math::ExpOp>(loc, b.create<arith::NegFOp>(loc, x));
  return b.create<arith::DivFOp>(loc, one, b.create<arith::AddFOp>(loc, one, expNeg));
}

// g * y * (1 - y).
LogicalResult SigmoidOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                       SmallVectorImpl<Value> &operandGradients) {
  return unaryGradient(*this, b, resultGradients, operandGradients,
                       [](OpBuilder &b, Location loc, Value g, Value, Value y) -> Value {
                         Value oneMinusY =
                             b.create<SubOp>(loc, scalarLike(b, loc, g, 1.0), y);
                         return b.create<MulOp>(loc, g,
                                                b.create<MulOp>(loc, y, oneMinusY));
                       });
}

Value TanhOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return b.create<math::TanhOp>(loc, operands[0]);
}

// g * (1 - y^2).
LogicalResult TanhOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                    SmallVectorImpl<Value> &operandGradients) {
  return unaryGradient(*this, b, resultGradients, operandGradients,
                       [](OpBuilder &b, Location loc, Value g, Value, Value y) -> Value {
                         Value oneMinusSquare = b.create<SubOp>(
                             loc, scalarLike(b, loc, g, 1.0), b.create<MulOp>(loc, y, y));
                         return b.create<MulOp>(loc, g, oneMinusSquare);
                       });
}

Value ExpOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return b.create<math::ExpOp>(loc, operands[0]);
}

// g * y.
LogicalResult ExpOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                   SmallVectorImpl<Value> &operandGradients) {
  return unaryGradient(*this, b, resultGradients, operandGradients,
                       [](OpBuilder &b, Location loc, Value g, Value, Value y) -> Value {
                         return b.create<MulOp>(loc, g, y);
                       });
}

Value LogOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return b.create<math::LogOp>(loc, operands[0]);
}

// g / x.
LogicalResult LogOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                   SmallVectorImpl<Value> &operandGradients) {
  return unaryGradient(*this, b, resultGradients, operandGradients,
                       [](OpBuilder &b, Location loc, Value g, Value x, Value) -> Value {
                         return b.create<DivOp>(loc, g, x);
                       });
}

Value SqrtOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return b.create<math::SqrtOp>(loc, operands[0]);
}

// g / (2 * y).
LogicalResult SqrtOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                    SmallVectorImpl<Value> &operandGradients) {
  return unaryGradient(*this, b, resultGradients, operandGradients,
                       [](OpBuilder &b, Location loc, Value g, Value, Value y) -> Value {
                         return b.create<DivOp>(
                             loc, g, b.create<MulOp>(loc, scalarLike(b, loc, g, 2.0), y));
                       });
}

Value ReciprocalOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  Value one = b.create<arith::ConstantOp>(loc, b.getFloatAttr(operands[0].getType(), 1.0));
  return b.create<arith::DivFOp>(loc, one, operands[0]);
}

// -g * y^2.
LogicalResult ReciprocalOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                          SmallVectorImpl<Value> &operandGradients) {
  return unaryGradient(*this, b, resultGradients, operandGradients,
                       [](OpBuilder &b, Location loc, Value g, Value, Value y) -> Value {
                         Value square = b.create<MulOp>(loc, y, y);
                         return b.create<MulOp>(loc, b.create<NegOp>(loc, g), square);
                       });
}

Value ErfOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return b.create<math::ErfOp>(loc, operands[0]);
}

// g * 2 / sqrt(pi) * exp(-x^2).
LogicalResult ErfOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                   SmallVectorImpl<Value> &operandGradients) {
  return unaryGradient(
      *this, b, resultGradients, operandGradients,
      [](OpBuilder &b, Location loc, Value g, Value x, Value) -> Value {
        Value gaussian =
            b.create<ExpOp>(loc, b.create<NegOp>(loc, b.create<MulOp>(loc, x, x)));
        Value scale = scalarLike(b, loc, g, 2.0 * llvm::numbers::inv_sqrtpi);
        return b.create<MulOp>(loc, b.create<MulOp>(loc, g, scale), gaussian);
      });
}

Value FloorOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return b.create<math::FloorOp>(loc, operands[0]);
}

LogicalResult FloorOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                     SmallVectorImpl<Value> &operandGradients) {
  return unaryGradient(*this, b, resultGradients, operandGradients, zeroGradient);
}

Value CeilOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return b.create<math::CeilOp>(loc, operands[0]);
}

LogicalResult CeilOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                    SmallVectorImpl<Value> &operandGradients) {
  return unaryGradient(*this, b, resultGradients, operandGradients, zeroGradient);
}

Value NegOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  if (isa<FloatType>(operands[0].getType()))
    return b.create<arith::NegFOp>(loc, operands[0]);
  // Integers wrap, as two's complement negation does in ONNX Runtime.
  return b.create<arith::SubIOp>(loc, zeroLike(b, loc, operands[0]), operands[0]);
}

LogicalResult NegOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                   SmallVectorImpl<Value> &operandGradients) {
  return unaryGradient(*this, b, resultGradients, operandGradients,
                       [](OpBuilder &b, Location loc, Value g, Value, Value) -> Value {
                         return b.create<NegOp>(loc, g);
                       });
}

Value AbsOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  Value x = operands[0];
  if (isa<FloatType>(x.getType()))
    return b.create<math::AbsFOp>(loc, x);
  if (getElementTypeOrSelf(getType()).isUnsignedInteger())
    return x;
  return b.create<math::AbsIOp>(loc, x);
}

// g * sign(x), with sign(0) = 0 as torch.sign.
LogicalResult AbsOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                   SmallVectorImpl<Value> &operandGradients) {
  return unaryGradient(
      *this, b, resultGradients, operandGradients,
      [](OpBuilder &b, Location loc, Value g, Value x, Value) -> Value {
        Value zero = scalarLike(b, loc, g, 0.0);
        TypeAttr type = TypeAttr::get(getElementTypeOrSelf(g.getType()));
        Value positive = b.create<CastOp>(loc, b.create<GreaterOp>(loc, x, zero), type);
        Value negative = b.create<CastOp>(loc, b.create<LessOp>(loc, x, zero), type);
        return b.create<MulOp>(loc, g, b.create<SubOp>(loc, positive, negative));
      });
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

// g where x > 0, else alpha * g (so alpha at 0, as PyTorch).
LogicalResult LeakyReluOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                         SmallVectorImpl<Value> &operandGradients) {
  double alpha = getAlpha().convertToDouble();
  return unaryGradient(
      *this, b, resultGradients, operandGradients,
      [&](OpBuilder &b, Location loc, Value g, Value x, Value) -> Value {
        Value scaled = b.create<MulOp>(loc, g, scalarLike(b, loc, g, alpha));
        Value positive = b.create<GreaterOp>(loc, x, scalarLike(b, loc, g, 0.0));
        return b.create<WhereOp>(loc, positive, g, scaled);
      });
}

LogicalResult HardSigmoidOp::inferReturnTypes(MLIRContext *, std::optional<Location>,
                                              Adaptor adaptor, SmallVectorImpl<Type> &types) {
  types.push_back(adaptor.getInput().getType());
  return success();
}

namespace {
/// max(0, min(1, alpha * x + beta)) on scalars.
Value buildHardSigmoid(OpBuilder &b, Location loc, Value x, double alpha, double beta) {
  auto constant = [&](double v) {
    return b.create<arith::ConstantOp>(loc, b.getFloatAttr(x.getType(), v));
  };
  Value linear =
      b.create<arith::AddFOp>(loc, b.create<arith::MulFOp>(loc, constant(alpha), x), constant(beta));
  return b.create<arith::MaximumFOp>(
      loc, constant(0.0), b.create<arith::MinimumFOp>(loc, constant(1.0), linear));
}

/// g * alpha where `alpha * x + beta` is strictly inside (0, 1), where
/// hard_sigmoid is linear; 0 where it is clamped (PyTorch's gradient is 0 at
/// the kinks too).
Value hardSigmoidGradient(OpBuilder &b, Location loc, Value g, Value x, double alpha,
                          double beta) {
  Value linear = b.create<AddOp>(loc, b.create<MulOp>(loc, x, scalarLike(b, loc, g, alpha)),
                                 scalarLike(b, loc, g, beta));
  Value zero = scalarLike(b, loc, g, 0.0);
  Value scaled = b.create<MulOp>(loc, g, scalarLike(b, loc, g, alpha));
  Value belowOne = b.create<WhereOp>(
      loc, b.create<LessOp>(loc, linear, scalarLike(b, loc, g, 1.0)), scaled, zero);
  return b.create<WhereOp>(loc, b.create<GreaterOp>(loc, linear, zero), belowOne, zero);
}
} // namespace

Value HardSigmoidOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return buildHardSigmoid(b, loc, operands[0], getAlpha().convertToDouble(),
                          getBeta().convertToDouble());
}

LogicalResult HardSigmoidOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                           SmallVectorImpl<Value> &operandGradients) {
  double alpha = getAlpha().convertToDouble(), beta = getBeta().convertToDouble();
  return unaryGradient(*this, b, resultGradients, operandGradients,
                       [&](OpBuilder &b, Location loc, Value g, Value x, Value) -> Value {
                         return hardSigmoidGradient(b, loc, g, x, alpha, beta);
                       });
}

Value HardSwishOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  Value x = operands[0];
  return b.create<arith::MulFOp>(loc, x, buildHardSigmoid(b, loc, x, 1.0 / 6.0, 0.5));
}

// g * (hard_sigmoid(x) + x / 6) inside (-3, 3), g above it, 0 below.
LogicalResult HardSwishOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                         SmallVectorImpl<Value> &operandGradients) {
  return unaryGradient(
      *this, b, resultGradients, operandGradients,
      [](OpBuilder &b, Location loc, Value g, Value x, Value) -> Value {
        Value slope = b.create<AddOp>(loc, b.create<DivOp>(loc, x, scalarLike(b, loc, g, 3.0)),
                                      scalarLike(b, loc, g, 0.5));
        Value above = b.create<GreaterOrEqualOp>(loc, x, scalarLike(b, loc, g, 3.0));
        Value below = b.create<LessOrEqualOp>(loc, x, scalarLike(b, loc, g, -3.0));
        Value inner = b.create<WhereOp>(loc, below, scalarLike(b, loc, g, 0.0), slope);
        Value derivative = b.create<WhereOp>(loc, above, scalarLike(b, loc, g, 1.0), inner);
        return b.create<MulOp>(loc, g, derivative);
      });
}

Value SoftplusOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  Value x = operands[0];
  Value negAbs = b.create<arith::NegFOp>(loc, b.create<math::AbsFOp>(loc, x));
  Value tail = b.create<math::Log1pOp>(loc, b.create<math::ExpOp>(loc, negAbs));
  return b.create<arith::AddFOp>(loc, b.create<arith::MaximumFOp>(loc, x, zeroLike(b, loc, x)),
                                 tail);
}

// g * sigmoid(x).
LogicalResult SoftplusOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                        SmallVectorImpl<Value> &operandGradients) {
  return unaryGradient(*this, b, resultGradients, operandGradients,
                       [](OpBuilder &b, Location loc, Value g, Value x, Value) -> Value {
                         return b.create<MulOp>(loc, g, b.create<SigmoidOp>(loc, x));
                       });
}

LogicalResult EluOp::inferReturnTypes(MLIRContext *, std::optional<Location>, Adaptor adaptor,
                                      SmallVectorImpl<Type> &types) {
  types.push_back(adaptor.getInput().getType());
  return success();
}

Value EluOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  Value x = operands[0];
  Value alpha =
      b.create<arith::ConstantOp>(loc, b.getFloatAttr(x.getType(), getAlpha().convertToDouble()));
  Value negative = b.create<arith::MulFOp>(loc, alpha, b.create<math::ExpM1Op>(loc, x));
  Value positive =
      b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGT, x, zeroLike(b, loc, x));
  return b.create<arith::SelectOp>(loc, positive, x, negative);
}

// g where x > 0, else g * (y + alpha) (= g * alpha * exp(x)).
LogicalResult EluOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                   SmallVectorImpl<Value> &operandGradients) {
  double alpha = getAlpha().convertToDouble();
  return unaryGradient(*this, b, resultGradients, operandGradients,
                       [&](OpBuilder &b, Location loc, Value g, Value x, Value y) -> Value {
                         Value slope = b.create<AddOp>(loc, y, scalarLike(b, loc, g, alpha));
                         Value positive = b.create<GreaterOp>(loc, x, scalarLike(b, loc, g, 0.0));
                         return b.create<WhereOp>(loc, positive, g,
                                                  b.create<MulOp>(loc, g, slope));
                       });
}

//===----------------------------------------------------------------------===//
// Comparisons, Where and Cast
//===----------------------------------------------------------------------===//

Value EqualOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return buildCompare(*this, b, loc, operands, arith::CmpFPredicate::OEQ,
                      arith::CmpIPredicate::eq, arith::CmpIPredicate::eq);
}

Value GreaterOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return buildCompare(*this, b, loc, operands, arith::CmpFPredicate::OGT,
                      arith::CmpIPredicate::sgt, arith::CmpIPredicate::ugt);
}

Value LessOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return buildCompare(*this, b, loc, operands, arith::CmpFPredicate::OLT,
                      arith::CmpIPredicate::slt, arith::CmpIPredicate::ult);
}

Value GreaterOrEqualOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return buildCompare(*this, b, loc, operands, arith::CmpFPredicate::OGE,
                      arith::CmpIPredicate::sge, arith::CmpIPredicate::uge);
}

Value LessOrEqualOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return buildCompare(*this, b, loc, operands, arith::CmpFPredicate::OLE,
                      arith::CmpIPredicate::sle, arith::CmpIPredicate::ule);
}

LogicalResult WhereOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                        Adaptor adaptor, SmallVectorImpl<Type> &types) {
  if (failed(inferBroadcastType(loc, adaptor.getX().getType(), adaptor.getY().getType(),
                                types)))
    return failure();
  auto values = cast<RankedTensorType>(types.back());
  auto condition = cast<RankedTensorType>(adaptor.getCondition().getType());
  FailureOr<SmallVector<int64_t>> shape =
      broadcastShapes(loc, condition.getShape(), values.getShape());
  if (failed(shape))
    return failure();
  types.back() = values.clone(*shape);
  return success();
}

Value WhereOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return b.create<arith::SelectOp>(loc, operands[0], operands[1], operands[2]);
}

// Each of x and y takes the gradient where it was picked; the condition none.
LogicalResult WhereOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                     SmallVectorImpl<Value> &operandGradients) {
  Value g = resultGradients.front();
  if (appendNoGradients(*this, g, operandGradients))
    return success();
  Location loc = getLoc();
  Value zero = scalarLike(b, loc, g, 0.0);
  Value condition = getCondition();
  operandGradients.push_back(Value());
  operandGradients.push_back(
      sumTo(b, loc, b.create<WhereOp>(loc, condition, g, zero), getX()));
  operandGradients.push_back(
      sumTo(b, loc, b.create<WhereOp>(loc, condition, zero, g), getY()));
  return success();
}

LogicalResult CastOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                       Adaptor adaptor, SmallVectorImpl<Type> &types) {
  TypeAttr to = adaptor.getToAttr();
  if (!to)
    return emitOptionalError(loc, "expected attribute 'to'");
  if (!isTensorElementType(to.getValue()))
    return emitOptionalError(loc, "expected 'to' to be a tensor element type (a float, "
                             "a signless or unsigned integer of 8 to 64 bits, or i1), "
                             "found ", to.getValue());
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  types.push_back(inputType.clone(to.getValue()));
  return success();
}

OpFoldResult CastOp::fold(FoldAdaptor) {
  return getInput().getType() == getType() ? OpFoldResult(getInput()) : OpFoldResult();
}

Value CastOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return castScalar(b, loc, operands[0], getInput().getType().getElementType(), getTo());
}

// Float to float converts the gradient back; other casts carry none.
LogicalResult CastOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                    SmallVectorImpl<Value> &operandGradients) {
  Type from = getInput().getType().getElementType();
  if (!isa<FloatType>(from))
    return noOperandGradients(*this, operandGradients);
  Value g = resultGradients.front();
  if (appendNoGradients(*this, g, operandGradients))
    return success();
  operandGradients.push_back(b.create<CastOp>(getLoc(), g, TypeAttr::get(from)));
  return success();
}
