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

// The divisor of an integer division or remainder with the cases that trap
// (a zero divisor, and the one signed overflow, MIN / -1) replaced by 1, and
// where the divisor was zero.
struct SafeDivisor {
  Value divisor;
  Value byZero;
};

SafeDivisor buildSafeDivisor(OpBuilder &b, Location loc, Value lhs, Value rhs,
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
  return {divisor, byZero};
}

// Integer x / 0 is 0 and MIN / -1 is MIN (as two's complement wraps).
Value buildDefinedIntegerDivision(OpBuilder &b, Location loc, Value lhs, Value rhs,
                                  bool isUnsigned) {
  SafeDivisor safe = buildSafeDivisor(b, loc, lhs, rhs, isUnsigned);
  Value quotient = isUnsigned ? b.create<arith::DivUIOp>(loc, lhs, safe.divisor).getResult()
                              : b.create<arith::DivSIOp>(loc, lhs, safe.divisor).getResult();
  return b.create<arith::SelectOp>(loc, safe.byZero, zeroLike(b, loc, lhs), quotient);
}

// Integer x % 0 is 0 (numpy's choice), and MIN % -1 its true value 0: both
// are x % 1.
Value buildDefinedIntegerRemainder(OpBuilder &b, Location loc, Value lhs, Value rhs,
                                   bool isUnsigned) {
  Value divisor = buildSafeDivisor(b, loc, lhs, rhs, isUnsigned).divisor;
  return isUnsigned ? b.create<arith::RemUIOp>(loc, lhs, divisor).getResult()
                    : b.create<arith::RemSIOp>(loc, lhs, divisor).getResult();
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

LogicalResult PowOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                      Adaptor adaptor, SmallVectorImpl<Type> &types) {
  auto base = cast<RankedTensorType>(adaptor.getLhs().getType());
  auto exponent = cast<RankedTensorType>(adaptor.getRhs().getType());
  FailureOr<SmallVector<int64_t>> shape =
      broadcastShapes(loc, base.getShape(), exponent.getShape());
  if (failed(shape))
    return failure();
  types.push_back(base.clone(*shape));
  return success();
}

Value PowOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  Type baseType = getElementTypeOrSelf(getLhs().getType());
  Type exponentType = getElementTypeOrSelf(getRhs().getType());
  if (baseType == exponentType && isa<FloatType>(baseType))
    return b.create<math::PowFOp>(loc, operands[0], operands[1]);
  Type f64 = b.getF64Type();
  Value power = b.create<math::PowFOp>(loc, castScalar(b, loc, operands[0], baseType, f64),
                                       castScalar(b, loc, operands[1], exponentType, f64));
  return castScalar(b, loc, power, f64, baseType);
}

// As PyTorch's pow_backward_self / pow_backward_exponent.
LogicalResult PowOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                   SmallVectorImpl<Value> &operandGradients) {
  Value g = resultGradients.front();
  if (appendNoGradients(*this, g, operandGradients))
    return success();
  Location loc = getLoc();
  Value x = getLhs();
  // The exponent in the base's float type; an integer one gets no gradient.
  Type exponentType = getRhs().getType().getElementType();
  Type floatType = getType().getElementType();
  Value e = exponentType == floatType
                ? getRhs()
                : b.create<CastOp>(loc, getRhs(), TypeAttr::get(floatType)).getResult();
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
  if (!isa<FloatType>(exponentType)) {
    operandGradients.push_back(Value());
    return success();
  }
  Value summed = sumTo(b, loc, exponentGradient, e);
  operandGradients.push_back(
      exponentType == floatType
          ? summed
          : b.create<CastOp>(loc, summed, TypeAttr::get(exponentType)).getResult());
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

LogicalResult ClipOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                       Adaptor adaptor, SmallVectorImpl<Type> &types) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  for (auto [name, bound] : {std::pair<StringRef, Value>{"min", adaptor.getMin()},
                             std::pair<StringRef, Value>{"max", adaptor.getMax()}}) {
    if (!bound)
      continue;
    auto boundType = cast<RankedTensorType>(bound.getType());
    if (boundType.getElementType() != inputType.getElementType() ||
        boundType.getNumElements() != 1 || boundType.getRank() > inputType.getRank())
      return emitOptionalError(loc, "expected '", name, "' to be one element of ",
                               inputType.getElementType(), " of rank <= ",
                               inputType.getRank(), ", found ", boundType);
  }
  types.push_back(inputType);
  return success();
}

LogicalResult ClipOp::decompose(OpBuilder &b, SmallVectorImpl<Value> &replacements) {
  Value result = getInput();
  if (getMin())
    result = b.create<MaxOp>(getLoc(), result, getMin());
  if (getMax())
    result = b.create<MinOp>(getLoc(), result, getMax());
  replacements.push_back(result);
  return success();
}

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

namespace {
Value buildSoftplus(OpBuilder &b, Location loc, Value x) {
  Value negAbs = b.create<arith::NegFOp>(loc, b.create<math::AbsFOp>(loc, x));
  Value tail = b.create<math::Log1pOp>(loc, b.create<math::ExpOp>(loc, negAbs));
  return b.create<arith::AddFOp>(loc, b.create<arith::MaximumFOp>(loc, x, zeroLike(b, loc, x)),
                                 tail);
}
} // namespace

Value SoftplusOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return buildSoftplus(b, loc, operands[0]);
}

// g * sigmoid(x).
LogicalResult SoftplusOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                        SmallVectorImpl<Value> &operandGradients) {
  return unaryGradient(*this, b, resultGradients, operandGradients,
                       [](OpBuilder &b, Location loc, Value g, Value x, Value) -> Value {
                         return b.create<MulOp>(loc, g, b.create<SigmoidOp>(loc, x));
                       });
}

namespace {
Value floatConstant(OpBuilder &b, Location loc, Type type, double value) {
  return b.create<arith::ConstantOp>(loc, b.getFloatAttr(type, value));
}

/// scale * (x where x > 0, else alpha * (exp(x) - 1)) on scalars: Elu, and
/// Selu with scale gamma.
Value buildScaledElu(OpBuilder &b, Location loc, Value x, double alpha, double scale) {
  Type type = x.getType();
  Value negative = b.create<arith::MulFOp>(loc, floatConstant(b, loc, type, alpha * scale),
                                           b.create<math::ExpM1Op>(loc, x));
  Value positive = scale == 1.0
                       ? x
                       : b.create<arith::MulFOp>(loc, floatConstant(b, loc, type, scale), x)
                             .getResult();
  Value isPositive =
      b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGT, x, zeroLike(b, loc, x));
  return b.create<arith::SelectOp>(loc, isPositive, positive, negative);
}

/// The gradient of buildScaledElu: g * scale where x > 0, else
/// g * (y + scale * alpha) (= g * scale * alpha * exp(x)).
Value scaledEluGradient(OpBuilder &b, Location loc, Value g, Value x, Value y, double alpha,
                        double scale) {
  Value slope = b.create<AddOp>(loc, y, scalarLike(b, loc, g, scale * alpha));
  Value positive = b.create<GreaterOp>(loc, x, scalarLike(b, loc, g, 0.0));
  Value scaled = scale == 1.0 ? g : b.create<MulOp>(loc, g, scalarLike(b, loc, g, scale));
  return b.create<WhereOp>(loc, positive, scaled, b.create<MulOp>(loc, g, slope));
}
} // namespace

Value EluOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return buildScaledElu(b, loc, operands[0], getAlpha().convertToDouble(), 1.0);
}

LogicalResult EluOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                   SmallVectorImpl<Value> &operandGradients) {
  double alpha = getAlpha().convertToDouble();
  return unaryGradient(*this, b, resultGradients, operandGradients,
                       [&](OpBuilder &b, Location loc, Value g, Value x, Value y) {
                         return scaledEluGradient(b, loc, g, x, y, alpha, 1.0);
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

//===----------------------------------------------------------------------===//
// Unary math
//===----------------------------------------------------------------------===//

namespace {
Value square(OpBuilder &b, Location loc, Value x) { return b.create<MulOp>(loc, x, x); }

/// 1 / sqrt(1 - x^2), the slope of asin (and, negated, of acos).
Value inverseSqrtOneMinusSquare(OpBuilder &b, Location loc, Value x) {
  Value one = scalarLike(b, loc, x, 1.0);
  return b.create<DivOp>(loc, one,
                         b.create<SqrtOp>(loc, b.create<SubOp>(loc, one, square(b, loc, x))));
}
} // namespace

Value SinOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return b.create<math::SinOp>(loc, operands[0]);
}

LogicalResult SinOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                   SmallVectorImpl<Value> &operandGradients) {
  return unaryGradient(*this, b, resultGradients, operandGradients,
                       [](OpBuilder &b, Location loc, Value g, Value x, Value) -> Value {
                         return b.create<MulOp>(loc, g, b.create<CosOp>(loc, x));
                       });
}

Value CosOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return b.create<math::CosOp>(loc, operands[0]);
}

LogicalResult CosOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                   SmallVectorImpl<Value> &operandGradients) {
  return unaryGradient(*this, b, resultGradients, operandGradients,
                       [](OpBuilder &b, Location loc, Value g, Value x, Value) -> Value {
                         return b.create<NegOp>(
                             loc, b.create<MulOp>(loc, g, b.create<SinOp>(loc, x)));
                       });
}

Value TanOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return b.create<math::TanOp>(loc, operands[0]);
}

// g * (1 + y^2).
LogicalResult TanOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                   SmallVectorImpl<Value> &operandGradients) {
  return unaryGradient(*this, b, resultGradients, operandGradients,
                       [](OpBuilder &b, Location loc, Value g, Value, Value y) -> Value {
                         Value slope =
                             b.create<AddOp>(loc, scalarLike(b, loc, g, 1.0), square(b, loc, y));
                         return b.create<MulOp>(loc, g, slope);
                       });
}

Value AsinOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return b.create<math::AsinOp>(loc, operands[0]);
}

LogicalResult AsinOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                    SmallVectorImpl<Value> &operandGradients) {
  return unaryGradient(*this, b, resultGradients, operandGradients,
                       [](OpBuilder &b, Location loc, Value g, Value x, Value) -> Value {
                         return b.create<MulOp>(loc, g, inverseSqrtOneMinusSquare(b, loc, x));
                       });
}

Value AcosOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return b.create<math::AcosOp>(loc, operands[0]);
}

LogicalResult AcosOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                    SmallVectorImpl<Value> &operandGradients) {
  return unaryGradient(
      *this, b, resultGradients, operandGradients,
      [](OpBuilder &b, Location loc, Value g, Value x, Value) -> Value {
        return b.create<NegOp>(
            loc, b.create<MulOp>(loc, g, inverseSqrtOneMinusSquare(b, loc, x)));
      });
}

Value AtanOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return b.create<math::AtanOp>(loc, operands[0]);
}

// g / (1 + x^2).
LogicalResult AtanOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                    SmallVectorImpl<Value> &operandGradients) {
  return unaryGradient(*this, b, resultGradients, operandGradients,
                       [](OpBuilder &b, Location loc, Value g, Value x, Value) -> Value {
                         return b.create<DivOp>(
                             loc, g,
                             b.create<AddOp>(loc, scalarLike(b, loc, g, 1.0), square(b, loc, x)));
                       });
}

Value SinhOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return b.create<math::SinhOp>(loc, operands[0]);
}

LogicalResult SinhOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                    SmallVectorImpl<Value> &operandGradients) {
  return unaryGradient(*this, b, resultGradients, operandGradients,
                       [](OpBuilder &b, Location loc, Value g, Value x, Value) -> Value {
                         return b.create<MulOp>(loc, g, b.create<CoshOp>(loc, x));
                       });
}

Value CoshOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return b.create<math::CoshOp>(loc, operands[0]);
}

LogicalResult CoshOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                    SmallVectorImpl<Value> &operandGradients) {
  return unaryGradient(*this, b, resultGradients, operandGradients,
                       [](OpBuilder &b, Location loc, Value g, Value x, Value) -> Value {
                         return b.create<MulOp>(loc, g, b.create<SinhOp>(loc, x));
                       });
}

Value AsinhOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return b.create<math::AsinhOp>(loc, operands[0]);
}

// g / sqrt(x^2 + 1).
LogicalResult AsinhOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                     SmallVectorImpl<Value> &operandGradients) {
  return unaryGradient(
      *this, b, resultGradients, operandGradients,
      [](OpBuilder &b, Location loc, Value g, Value x, Value) -> Value {
        Value root = b.create<SqrtOp>(
            loc, b.create<AddOp>(loc, square(b, loc, x), scalarLike(b, loc, g, 1.0)));
        return b.create<DivOp>(loc, g, root);
      });
}

Value AcoshOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return b.create<math::AcoshOp>(loc, operands[0]);
}

// g / sqrt((x - 1) * (x + 1)): the factored form keeps its precision near 1.
LogicalResult AcoshOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                     SmallVectorImpl<Value> &operandGradients) {
  return unaryGradient(*this, b, resultGradients, operandGradients,
                       [](OpBuilder &b, Location loc, Value g, Value x, Value) -> Value {
                         Value one = scalarLike(b, loc, g, 1.0);
                         Value product = b.create<MulOp>(loc, b.create<SubOp>(loc, x, one),
                                                         b.create<AddOp>(loc, x, one));
                         return b.create<DivOp>(loc, g, b.create<SqrtOp>(loc, product));
                       });
}

Value AtanhOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return b.create<math::AtanhOp>(loc, operands[0]);
}

// g / ((1 - x) * (1 + x)), factored as acosh's.
LogicalResult AtanhOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                     SmallVectorImpl<Value> &operandGradients) {
  return unaryGradient(*this, b, resultGradients, operandGradients,
                       [](OpBuilder &b, Location loc, Value g, Value x, Value) -> Value {
                         Value one = scalarLike(b, loc, g, 1.0);
                         Value product = b.create<MulOp>(loc, b.create<SubOp>(loc, one, x),
                                                         b.create<AddOp>(loc, one, x));
                         return b.create<DivOp>(loc, g, product);
                       });
}

Value RoundOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return b.create<math::RoundEvenOp>(loc, operands[0]);
}

LogicalResult RoundOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                     SmallVectorImpl<Value> &operandGradients) {
  return unaryGradient(*this, b, resultGradients, operandGradients, zeroGradient);
}

// x itself where it is neither above nor below zero: keeps 0 and NaN. An
// unsigned x is never below zero.
Value SignOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  Value x = operands[0];
  Type type = x.getType();
  SmallVector<Value, 2> againstZero{x, zeroLike(b, loc, x)};
  Value above = buildCompare(*this, b, loc, againstZero, arith::CmpFPredicate::OGT,
                             arith::CmpIPredicate::sgt, arith::CmpIPredicate::ugt);
  Value below = buildCompare(*this, b, loc, againstZero, arith::CmpFPredicate::OLT,
                             arith::CmpIPredicate::slt, arith::CmpIPredicate::ult);
  auto constant = [&](int64_t value) -> Value {
    return b.create<arith::ConstantOp>(
        loc, isa<FloatType>(type) ? TypedAttr(b.getFloatAttr(type, value))
                                  : TypedAttr(b.getIntegerAttr(type, value)));
  };
  Value notAbove = b.create<arith::SelectOp>(loc, below, constant(-1), x);
  return b.create<arith::SelectOp>(loc, above, constant(1), notAbove);
}

LogicalResult SignOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                    SmallVectorImpl<Value> &operandGradients) {
  return unaryGradient(*this, b, resultGradients, operandGradients, zeroGradient);
}

Value SoftsignOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  Value x = operands[0];
  Value denominator = b.create<arith::AddFOp>(loc, floatConstant(b, loc, x.getType(), 1.0),
                                              b.create<math::AbsFOp>(loc, x));
  return b.create<arith::DivFOp>(loc, x, denominator);
}

// g / (1 + |x|)^2.
LogicalResult SoftsignOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                        SmallVectorImpl<Value> &operandGradients) {
  return unaryGradient(*this, b, resultGradients, operandGradients,
                       [](OpBuilder &b, Location loc, Value g, Value x, Value) -> Value {
                         Value denominator = b.create<AddOp>(loc, scalarLike(b, loc, g, 1.0),
                                                             b.create<AbsOp>(loc, x));
                         return b.create<DivOp>(loc, g, square(b, loc, denominator));
                       });
}

Value MishOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  Value x = operands[0];
  return b.create<arith::MulFOp>(loc, x, b.create<math::TanhOp>(loc, buildSoftplus(b, loc, x)));
}

// g * (t + x * sigmoid(x) * (1 - t^2)) with t = tanh(softplus(x)).
LogicalResult MishOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                    SmallVectorImpl<Value> &operandGradients) {
  return unaryGradient(
      *this, b, resultGradients, operandGradients,
      [](OpBuilder &b, Location loc, Value g, Value x, Value) -> Value {
        Value t = b.create<TanhOp>(loc, b.create<SoftplusOp>(loc, x));
        Value oneMinusSquare =
            b.create<SubOp>(loc, scalarLike(b, loc, g, 1.0), square(b, loc, t));
        Value inner = b.create<MulOp>(
            loc, b.create<MulOp>(loc, x, b.create<SigmoidOp>(loc, x)), oneMinusSquare);
        return b.create<MulOp>(loc, g, b.create<AddOp>(loc, t, inner));
      });
}

Value NotOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  Value trueValue = b.create<arith::ConstantOp>(loc, b.getBoolAttr(true));
  return b.create<arith::XOrIOp>(loc, operands[0], trueValue);
}

LogicalResult NotOp::buildGradient(OpBuilder &, ValueRange,
                                   SmallVectorImpl<Value> &operandGradients) {
  return noOperandGradients(*this, operandGradients);
}

namespace {
LogicalResult inferPredicateType(Value input, SmallVectorImpl<Type> &types) {
  auto type = cast<RankedTensorType>(input.getType());
  types.push_back(type.clone(IntegerType::get(type.getContext(), 1)));
  return success();
}
} // namespace

LogicalResult IsNaNOp::inferReturnTypes(MLIRContext *, std::optional<Location>,
                                        Adaptor adaptor, SmallVectorImpl<Type> &types) {
  return inferPredicateType(adaptor.getInput(), types);
}

Value IsNaNOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::UNO, operands[0], operands[0]);
}

LogicalResult IsNaNOp::buildGradient(OpBuilder &, ValueRange,
                                     SmallVectorImpl<Value> &operandGradients) {
  return noOperandGradients(*this, operandGradients);
}

LogicalResult IsInfOp::inferReturnTypes(MLIRContext *, std::optional<Location>,
                                        Adaptor adaptor, SmallVectorImpl<Type> &types) {
  return inferPredicateType(adaptor.getInput(), types);
}

Value IsInfOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  Value x = operands[0];
  auto type = cast<FloatType>(x.getType());
  Value result = b.create<arith::ConstantOp>(loc, b.getBoolAttr(false));
  for (auto [detect, negative] : {std::pair(getDetectPositive(), false),
                                  std::pair(getDetectNegative(), true)}) {
    if (!detect)
      continue;
    Value infinity = b.create<arith::ConstantOp>(
        loc, b.getFloatAttr(type, APFloat::getInf(type.getFloatSemantics(), negative)));
    result = b.create<arith::OrIOp>(
        loc, result, b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OEQ, x, infinity));
  }
  return result;
}

LogicalResult IsInfOp::buildGradient(OpBuilder &, ValueRange,
                                     SmallVectorImpl<Value> &operandGradients) {
  return noOperandGradients(*this, operandGradients);
}

//===----------------------------------------------------------------------===//
// Activations with attributes
//===----------------------------------------------------------------------===//

Value SeluOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return buildScaledElu(b, loc, operands[0], getAlpha().convertToDouble(),
                        getGamma().convertToDouble());
}

LogicalResult SeluOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                    SmallVectorImpl<Value> &operandGradients) {
  double alpha = getAlpha().convertToDouble(), gamma = getGamma().convertToDouble();
  return unaryGradient(*this, b, resultGradients, operandGradients,
                       [&](OpBuilder &b, Location loc, Value g, Value x, Value y) {
                         return scaledEluGradient(b, loc, g, x, y, alpha, gamma);
                       });
}

LogicalResult CeluOp::verify() {
  if (getAlpha().isZero())
    return emitOpError("expected a non-zero alpha");
  return success();
}

// x where x > 0, else alpha * expm1(x / alpha): the two terms of ONNX's
// max + min, of which one is always zero.
Value CeluOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  Value x = operands[0];
  Value alpha = floatConstant(b, loc, x.getType(), getAlpha().convertToDouble());
  Value negative = b.create<arith::MulFOp>(
      loc, alpha, b.create<math::ExpM1Op>(loc, b.create<arith::DivFOp>(loc, x, alpha)));
  Value positive =
      b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGT, x, zeroLike(b, loc, x));
  return b.create<arith::SelectOp>(loc, positive, x, negative);
}

// g where x > 0, else g * (y / alpha + 1) (= g * exp(x / alpha)).
LogicalResult CeluOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                    SmallVectorImpl<Value> &operandGradients) {
  double alpha = getAlpha().convertToDouble();
  return unaryGradient(*this, b, resultGradients, operandGradients,
                       [&](OpBuilder &b, Location loc, Value g, Value x, Value y) -> Value {
                         Value slope =
                             b.create<AddOp>(loc, b.create<DivOp>(loc, y, scalarLike(b, loc, g, alpha)),
                                             scalarLike(b, loc, g, 1.0));
                         Value positive = b.create<GreaterOp>(loc, x, scalarLike(b, loc, g, 0.0));
                         return b.create<WhereOp>(loc, positive, g,
                                                  b.create<MulOp>(loc, g, slope));
                       });
}

Value ThresholdedReluOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  Value x = operands[0];
  Value alpha = floatConstant(b, loc, x.getType(), getAlpha().convertToDouble());
  Value above = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGT, x, alpha);
  return b.create<arith::SelectOp>(loc, above, x, zeroLike(b, loc, x));
}

LogicalResult ThresholdedReluOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                               SmallVectorImpl<Value> &operandGradients) {
  double alpha = getAlpha().convertToDouble();
  return unaryGradient(*this, b, resultGradients, operandGradients,
                       [&](OpBuilder &b, Location loc, Value g, Value x, Value) -> Value {
                         Value above = b.create<GreaterOp>(loc, x, scalarLike(b, loc, g, alpha));
                         return b.create<WhereOp>(loc, above, g, scalarLike(b, loc, g, 0.0));
                       });
}

Value ShrinkOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  Value x = operands[0];
  Type type = x.getType();
  double lambd = getLambd().convertToDouble();
  Value bias = floatConstant(b, loc, type, getBias().convertToDouble());
  Value below = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OLT, x,
                                        floatConstant(b, loc, type, -lambd));
  Value above = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGT, x,
                                        floatConstant(b, loc, type, lambd));
  Value notBelow = b.create<arith::SelectOp>(
      loc, above, b.create<arith::SubFOp>(loc, x, bias), zeroLike(b, loc, x));
  return b.create<arith::SelectOp>(loc, below, b.create<arith::AddFOp>(loc, x, bias),
                                   notBelow);
}

// g outside [-lambd, lambd], where Shrink is x -/+ bias; 0 inside.
LogicalResult ShrinkOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                      SmallVectorImpl<Value> &operandGradients) {
  double lambd = getLambd().convertToDouble();
  return unaryGradient(*this, b, resultGradients, operandGradients,
                       [&](OpBuilder &b, Location loc, Value g, Value x, Value) -> Value {
                         Value zero = scalarLike(b, loc, g, 0.0);
                         Value below = b.create<LessOp>(loc, x, scalarLike(b, loc, g, -lambd));
                         Value above = b.create<GreaterOp>(loc, x, scalarLike(b, loc, g, lambd));
                         Value notBelow = b.create<WhereOp>(loc, above, g, zero);
                         return b.create<WhereOp>(loc, below, g, notBelow);
                       });
}

namespace {
// tanh-approximated Gelu: Phi(x) ~ (1 + tanh(k * (x + c * x^3))) / 2.
constexpr double kGeluTanhScale = 0.7978845608028654; // sqrt(2 / pi)
constexpr double kGeluTanhCubic = 0.044715;
} // namespace

LogicalResult GeluOp::verify() {
  if (getApproximate() != "none" && getApproximate() != "tanh")
    return emitOpError("expected approximate to be \"none\" or \"tanh\", found \"")
           << getApproximate() << "\"";
  return success();
}

Value GeluOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  Value x = operands[0];
  Type type = x.getType();
  auto constant = [&](double value) { return floatConstant(b, loc, type, value); };
  Value squashed;
  if (getApproximate() == "tanh") {
    Value cube = b.create<arith::MulFOp>(loc, b.create<arith::MulFOp>(loc, x, x), x);
    Value inner = b.create<arith::AddFOp>(
        loc, x, b.create<arith::MulFOp>(loc, constant(kGeluTanhCubic), cube));
    squashed = b.create<math::TanhOp>(
        loc, b.create<arith::MulFOp>(loc, constant(kGeluTanhScale), inner));
  } else {
    squashed = b.create<math::ErfOp>(
        loc, b.create<arith::MulFOp>(loc, x, constant(llvm::numbers::sqrt2 / 2)));
  }
  Value halfX = b.create<arith::MulFOp>(loc, constant(0.5), x);
  return b.create<arith::MulFOp>(loc, halfX,
                                 b.create<arith::AddFOp>(loc, constant(1.0), squashed));
}

// Exact: g * (Phi(x) + x * phi(x)), phi the standard normal density. tanh:
// g * ((1 + t) / 2 + x / 2 * (1 - t^2) * k * (1 + 3c * x^2)), t the tanh.
LogicalResult GeluOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                    SmallVectorImpl<Value> &operandGradients) {
  bool approximate = getApproximate() == "tanh";
  return unaryGradient(
      *this, b, resultGradients, operandGradients,
      [&](OpBuilder &b, Location loc, Value g, Value x, Value) -> Value {
        auto constant = [&](double value) { return scalarLike(b, loc, g, value); };
        Value xSquared = square(b, loc, x);
        Value halfX = b.create<MulOp>(loc, x, constant(0.5));
        Value slope;
        if (approximate) {
          Value inner = b.create<MulOp>(
              loc, x,
              b.create<AddOp>(loc, constant(1.0),
                              b.create<MulOp>(loc, xSquared, constant(kGeluTanhCubic))));
          Value t = b.create<TanhOp>(loc, b.create<MulOp>(loc, inner, constant(kGeluTanhScale)));
          Value innerSlope = b.create<AddOp>(
              loc, constant(kGeluTanhScale),
              b.create<MulOp>(loc, xSquared, constant(3 * kGeluTanhCubic * kGeluTanhScale)));
          Value tanhSlope = b.create<SubOp>(loc, constant(1.0), square(b, loc, t));
          Value cdf = b.create<MulOp>(loc, b.create<AddOp>(loc, constant(1.0), t), constant(0.5));
          slope = b.create<AddOp>(
              loc, cdf,
              b.create<MulOp>(loc, halfX, b.create<MulOp>(loc, tanhSlope, innerSlope)));
        } else {
          Value erf =
              b.create<ErfOp>(loc, b.create<MulOp>(loc, x, constant(llvm::numbers::sqrt2 / 2)));
          Value cdf = b.create<MulOp>(loc, b.create<AddOp>(loc, constant(1.0), erf), constant(0.5));
          Value density = b.create<MulOp>(
              loc, b.create<ExpOp>(loc, b.create<MulOp>(loc, xSquared, constant(-0.5))),
              constant(llvm::numbers::inv_sqrtpi / llvm::numbers::sqrt2));
          slope = b.create<AddOp>(loc, cdf, b.create<MulOp>(loc, x, density));
        }
        return b.create<MulOp>(loc, g, slope);
      });
}

LogicalResult PReluOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                        Adaptor adaptor, SmallVectorImpl<Type> &types) {
  Type input = adaptor.getInput().getType();
  if (failed(inferBroadcastType(loc, input, adaptor.getSlope().getType(), types)))
    return failure();
  if (types.back() != input)
    return emitOptionalError(
        loc, "slope of shape ",
        formatShape(cast<RankedTensorType>(adaptor.getSlope().getType()).getShape()),
        " does not broadcast to the input's shape ",
        formatShape(cast<RankedTensorType>(input).getShape()));
  return success();
}

Value PReluOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  Value x = operands[0];
  Value negative = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OLT, x,
                                           zeroLike(b, loc, x));
  return b.create<arith::SelectOp>(loc, negative,
                                   b.create<arith::MulFOp>(loc, operands[1], x), x);
}

// As PyTorch: x takes g where x > 0, else g * slope; slope takes g * x where
// x <= 0, summed over what it broadcast to.
LogicalResult PReluOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                     SmallVectorImpl<Value> &operandGradients) {
  Value g = resultGradients.front();
  if (appendNoGradients(*this, g, operandGradients))
    return success();
  Location loc = getLoc();
  Value x = getInput();
  Value slope = getSlope();
  Value zero = scalarLike(b, loc, g, 0.0);
  Value positive = b.create<GreaterOp>(loc, x, zero);
  operandGradients.push_back(
      b.create<WhereOp>(loc, positive, g, b.create<MulOp>(loc, g, slope)));
  Value slopeGradient = b.create<WhereOp>(loc, positive, zero, b.create<MulOp>(loc, g, x));
  operandGradients.push_back(sumTo(b, loc, slopeGradient, slope));
  return success();
}

//===----------------------------------------------------------------------===//
// Logical, bitwise and remainder
//===----------------------------------------------------------------------===//

Value AndOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return b.create<arith::AndIOp>(loc, operands);
}

LogicalResult AndOp::buildGradient(OpBuilder &, ValueRange,
                                   SmallVectorImpl<Value> &operandGradients) {
  return noOperandGradients(*this, operandGradients);
}

Value OrOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return b.create<arith::OrIOp>(loc, operands);
}

LogicalResult OrOp::buildGradient(OpBuilder &, ValueRange,
                                  SmallVectorImpl<Value> &operandGradients) {
  return noOperandGradients(*this, operandGradients);
}

Value XorOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  return b.create<arith::XOrIOp>(loc, operands);
}

LogicalResult XorOp::buildGradient(OpBuilder &, ValueRange,
                                   SmallVectorImpl<Value> &operandGradients) {
  return noOperandGradients(*this, operandGradients);
}

LogicalResult BitShiftOp::verify() {
  if (getDirection() != "LEFT" && getDirection() != "RIGHT")
    return emitOpError("expected direction to be \"LEFT\" or \"RIGHT\", found \"")
           << getDirection() << "\"";
  return success();
}

// A shift by the width or more is 0, not LLVM's poison.
Value BitShiftOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  Value x = operands[0], amount = operands[1];
  auto type = cast<IntegerType>(x.getType());
  Value shifted = getDirection() == "LEFT"
                      ? b.create<arith::ShLIOp>(loc, x, amount).getResult()
                      : b.create<arith::ShRUIOp>(loc, x, amount).getResult();
  Value width = b.create<arith::ConstantOp>(loc, b.getIntegerAttr(type, type.getWidth()));
  Value tooFar = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::uge, amount, width);
  return b.create<arith::SelectOp>(loc, tooFar, zeroLike(b, loc, x), shifted);
}

LogicalResult BitShiftOp::buildGradient(OpBuilder &, ValueRange,
                                        SmallVectorImpl<Value> &operandGradients) {
  return noOperandGradients(*this, operandGradients);
}

LogicalResult ModOp::verify() {
  if (isa<FloatType>(getType().getElementType()) && !getFmod())
    return emitOpError("expected fmod = true for float operands, found ")
           << getLhs().getType();
  return success();
}

Value ModOp::buildScalar(OpBuilder &b, Location loc, ValueRange operands) {
  Value x = operands[0], y = operands[1];
  Type elementType = getElementTypeOrSelf(getLhs().getType());
  if (auto floatType = dyn_cast<FloatType>(elementType)) {
    // fmod is exact, so the narrow floats may take it in f32, which every
    // libm has.
    if (floatType.getWidth() >= 32)
      return b.create<arith::RemFOp>(loc, x, y);
    Type f32 = b.getF32Type();
    Value remainder = b.create<arith::RemFOp>(loc, castScalar(b, loc, x, floatType, f32),
                                              castScalar(b, loc, y, floatType, f32));
    return castScalar(b, loc, remainder, f32, floatType);
  }
  bool isUnsigned = isUnsignedLike(elementType);
  Value remainder = buildDefinedIntegerRemainder(b, loc, x, y, isUnsigned);
  if (getFmod() || isUnsigned)
    return remainder;
  // Python's %: a non-zero remainder whose sign differs from the divisor's
  // moves by one divisor.
  Value zero = zeroLike(b, loc, x);
  auto compare = [&](arith::CmpIPredicate predicate, Value l, Value r) -> Value {
    return b.create<arith::CmpIOp>(loc, predicate, l, r);
  };
  Value signsDiffer = b.create<arith::XOrIOp>(loc, compare(arith::CmpIPredicate::slt, remainder, zero),
                                              compare(arith::CmpIPredicate::slt, y, zero));
  Value adjust = b.create<arith::AndIOp>(
      loc, compare(arith::CmpIPredicate::ne, remainder, zero), signsDiffer);
  return b.create<arith::SelectOp>(loc, adjust, b.create<arith::AddIOp>(loc, remainder, y),
                                   remainder);
}

// fmod(l, r) = l - r * trunc(l / r): lhs takes g, rhs -g * trunc(l / r),
// with trunc(l / r) recovered exactly enough as (l - y) / r.
LogicalResult ModOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                   SmallVectorImpl<Value> &operandGradients) {
  Value g = resultGradients.front();
  if (appendNoGradients(*this, g, operandGradients))
    return success();
  Location loc = getLoc();
  Value quotient =
      b.create<DivOp>(loc, b.create<SubOp>(loc, getLhs(), getResult()), getRhs());
  operandGradients.push_back(sumTo(b, loc, g, getLhs()));
  operandGradients.push_back(b.create<NegOp>(
      loc, sumTo(b, loc, b.create<MulOp>(loc, g, quotient), getRhs())));
  return success();
}
