//===- LiteralFolding.cpp - elementwise ops on literals become literals ---===//
//
// Exporters compute shapes with arithmetic (Shape -> Size -> Sub ->
// ConstantOfShape; Cast -> Mul -> Cast for Resize's sizes). Folding
// elementwise ops whose operands are all literals turns those chains into
// compile-time constants, so the ops that need one (Reshape, ConstantOfShape,
// Range, ...) find it. The folding follows the lowered code bit for bit:
// wrapping integer arithmetic, NaN-propagating max/min, casts as castScalar.
// A division by zero or a float-to-int cast out of range is left to run
// (or to be rejected) as it would without folding.
//
//===----------------------------------------------------------------------===//
#include "dialects/graph/LiteralFolding.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/Interfaces/FoldInterfaces.h"
#include "llvm/ADT/APSInt.h"
#include "llvm/ADT/TypeSwitch.h"

#include <optional>

using namespace mlir;
using namespace dlc::graph;

namespace {
// Larger results stay ops: a folded literal is stored in the artifact.
constexpr int64_t kMaxFoldedElements = 4096;

bool isUnsignedLike(Type type) { return type.isUnsignedInteger() || type.isInteger(1); }

// The elements of `literal` broadcast NumPy-style to `shape`, row-major.
template <typename T>
SmallVector<T> broadcastTo(DenseElementsAttr literal, ArrayRef<int64_t> shape) {
  auto values = literal.getValues<T>();
  ArrayRef<int64_t> from = literal.getType().getShape();
  size_t lead = shape.size() - from.size();
  int64_t count = 1;
  for (int64_t dim : shape)
    count *= dim;
  SmallVector<T> result;
  result.reserve(count);
  SmallVector<int64_t> index(shape.size(), 0);
  for (int64_t flat = 0; flat < count; ++flat) {
    int64_t source = 0;
    for (size_t d = 0; d < from.size(); ++d)
      source = source * from[d] + (from[d] == 1 ? 0 : index[lead + d]);
    result.push_back(values[source]);
    for (int64_t d = static_cast<int64_t>(shape.size()) - 1; d >= 0; --d) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
  }
  return result;
}

using IntBinary = std::function<std::optional<APInt>(const APInt &, const APInt &, bool)>;
using FloatBinary = std::function<std::optional<APFloat>(const APFloat &, const APFloat &)>;

// Applies an integer or float function elementwise over the broadcast
// operands; a null function or a nullopt element means "does not fold".
Attribute foldBinary(DenseElementsAttr lhs, DenseElementsAttr rhs, RankedTensorType type,
                     const IntBinary &intFn, const FloatBinary &floatFn) {
  Type operandType = lhs.getElementType();
  ArrayRef<int64_t> shape = type.getShape();
  if (isa<FloatType>(operandType)) {
    if (!floatFn)
      return {};
    SmallVector<APFloat> a = broadcastTo<APFloat>(lhs, shape);
    SmallVector<APFloat> b = broadcastTo<APFloat>(rhs, shape);
    bool toBool = type.getElementType().isInteger(1);
    SmallVector<APFloat> floats;
    SmallVector<APInt> bools;
    for (size_t i = 0; i < a.size(); ++i) {
      std::optional<APFloat> value = floatFn(a[i], b[i]);
      if (!value)
        return {};
      if (toBool)
        bools.push_back(APInt(1, !value->isZero()));
      else
        floats.push_back(*value);
    }
    return toBool ? DenseElementsAttr::get(type, bools) : DenseElementsAttr::get(type, floats);
  }
  if (!intFn)
    return {};
  bool isUnsigned = isUnsignedLike(operandType);
  SmallVector<APInt> a = broadcastTo<APInt>(lhs, shape);
  SmallVector<APInt> b = broadcastTo<APInt>(rhs, shape);
  SmallVector<APInt> result;
  for (size_t i = 0; i < a.size(); ++i) {
    std::optional<APInt> value = intFn(a[i], b[i], isUnsigned);
    if (!value)
      return {};
    result.push_back(*value);
  }
  return DenseElementsAttr::get(type, result);
}

// Comparisons give bools; a NaN compares unordered, so every relation is false.
Attribute foldCompare(DenseElementsAttr lhs, DenseElementsAttr rhs, RankedTensorType type,
                      std::function<bool(int)> holds) {
  auto boolOf = [](bool value) { return APFloat(value ? 1.0f : 0.0f); };
  return foldBinary(
      lhs, rhs, type,
      [&](const APInt &a, const APInt &b, bool isUnsigned) -> std::optional<APInt> {
        int order = isUnsigned ? (a.ult(b) ? -1 : a == b ? 0 : 1)
                               : (a.slt(b) ? -1 : a == b ? 0 : 1);
        return APInt(1, holds(order));
      },
      [&](const APFloat &a, const APFloat &b) -> std::optional<APFloat> {
        APFloat::cmpResult result = a.compare(b);
        if (result == APFloat::cmpUnordered)
          return boolOf(false);
        return boolOf(holds(result == APFloat::cmpLessThan  ? -1
                            : result == APFloat::cmpEqual ? 0
                                                          : 1));
      });
}

std::optional<APFloat> roundTo(APFloat value, const llvm::fltSemantics &semantics) {
  bool losesInfo = false;
  value.convert(semantics, APFloat::rmNearestTiesToEven, &losesInfo);
  return value;
}

// One element of a Cast, as castScalar lowers it.
std::optional<Attribute> castElement(Attribute element, Type from, Type to) {
  if (to.isInteger(1)) {
    bool nonZero = isa<FloatType>(from) ? !cast<FloatAttr>(element).getValue().isZero()
                                        : !cast<IntegerAttr>(element).getValue().isZero();
    return IntegerAttr::get(to, APInt(1, nonZero));
  }
  if (auto toFloat = dyn_cast<FloatType>(to)) {
    if (isa<FloatType>(from))
      return FloatAttr::get(
          to, *roundTo(cast<FloatAttr>(element).getValue(), toFloat.getFloatSemantics()));
    APFloat value(toFloat.getFloatSemantics());
    value.convertFromAPInt(cast<IntegerAttr>(element).getValue(), !isUnsignedLike(from),
                           APFloat::rmNearestTiesToEven);
    return FloatAttr::get(to, value);
  }
  unsigned width = to.getIntOrFloatBitWidth();
  if (isa<FloatType>(from)) {
    llvm::APSInt result(width, isUnsignedLike(to));
    bool exact = false;
    if (cast<FloatAttr>(element).getValue().convertToInteger(result, APFloat::rmTowardZero,
                                                             &exact) == APFloat::opInvalidOp)
      return std::nullopt;
    return IntegerAttr::get(to, result);
  }
  const APInt &value = cast<IntegerAttr>(element).getValue();
  return IntegerAttr::get(to, isUnsignedLike(from) ? value.zextOrTrunc(width)
                                                   : value.sextOrTrunc(width));
}

Attribute foldCast(DenseElementsAttr input, RankedTensorType type) {
  Type from = input.getElementType();
  SmallVector<Attribute> result;
  for (Attribute element : input.getValues<Attribute>()) {
    std::optional<Attribute> value = castElement(element, from, type.getElementType());
    if (!value)
      return {};
    result.push_back(*value);
  }
  return DenseElementsAttr::get(type, result);
}

Attribute foldWhere(DenseElementsAttr condition, DenseElementsAttr lhs, DenseElementsAttr rhs,
                    RankedTensorType type) {
  ArrayRef<int64_t> shape = type.getShape();
  SmallVector<APInt> pick = broadcastTo<APInt>(condition, shape);
  SmallVector<Attribute> a = broadcastTo<Attribute>(lhs, shape);
  SmallVector<Attribute> b = broadcastTo<Attribute>(rhs, shape);
  SmallVector<Attribute> result;
  for (size_t i = 0; i < pick.size(); ++i)
    result.push_back(pick[i].isZero() ? b[i] : a[i]);
  return DenseElementsAttr::get(type, result);
}

Attribute foldUnary(DenseElementsAttr input, RankedTensorType type,
                    std::function<APInt(const APInt &, bool)> intFn,
                    std::function<APFloat(const APFloat &)> floatFn) {
  if (isa<FloatType>(input.getElementType()))
    return DenseElementsAttr::get(
        type, llvm::map_to_vector(input.getValues<APFloat>(), floatFn));
  bool isUnsigned = isUnsignedLike(input.getElementType());
  return DenseElementsAttr::get(
      type, llvm::map_to_vector(input.getValues<APInt>(),
                                [&](const APInt &v) { return intFn(v, isUnsigned); }));
}

Attribute foldLiterals(Operation *op, ArrayRef<DenseElementsAttr> in, RankedTensorType type) {
  auto wrap = [](auto intOp, auto floatOp) {
    return std::make_pair(
        IntBinary([=](const APInt &a, const APInt &b, bool) -> std::optional<APInt> {
          return intOp(a, b);
        }),
        FloatBinary([=](const APFloat &a, const APFloat &b) -> std::optional<APFloat> {
          return floatOp(a, b);
        }));
  };
  auto binary = [&](std::pair<IntBinary, FloatBinary> fns) {
    return foldBinary(in[0], in[1], type, fns.first, fns.second);
  };
  return llvm::TypeSwitch<Operation *, Attribute>(op)
      .Case([&](AddOp) {
        return binary(wrap([](const APInt &a, const APInt &b) { return a + b; },
                           [](const APFloat &a, const APFloat &b) { return a + b; }));
      })
      .Case([&](SubOp) {
        return binary(wrap([](const APInt &a, const APInt &b) { return a - b; },
                           [](const APFloat &a, const APFloat &b) { return a - b; }));
      })
      .Case([&](MulOp) {
        return binary(wrap([](const APInt &a, const APInt &b) { return a * b; },
                           [](const APFloat &a, const APFloat &b) { return a * b; }));
      })
      .Case([&](DivOp) {
        return foldBinary(
            in[0], in[1], type,
            [](const APInt &a, const APInt &b, bool isUnsigned) -> std::optional<APInt> {
              if (b.isZero())
                return std::nullopt;
              if (isUnsigned)
                return a.udiv(b);
              // MIN / -1 wraps to MIN, as the lowered division defines it.
              if (a.isMinSignedValue() && b.isAllOnes())
                return a;
              return a.sdiv(b);
            },
            [](const APFloat &a, const APFloat &b) -> std::optional<APFloat> { return a / b; });
      })
      .Case([&](ModOp mod) {
        bool fmod = mod.getFmod();
        return foldBinary(
            in[0], in[1], type,
            [fmod](const APInt &a, const APInt &b, bool isUnsigned) -> std::optional<APInt> {
              if (b.isZero())
                return std::nullopt;
              if (isUnsigned)
                return a.urem(b);
              APInt remainder = a.srem(b);
              // Python's %: the remainder takes the divisor's sign.
              if (!fmod && !remainder.isZero() && remainder.isNegative() != b.isNegative())
                remainder += b;
              return remainder;
            },
            [](const APFloat &a, const APFloat &b) -> std::optional<APFloat> {
              APFloat remainder = a;
              remainder.mod(b);
              return remainder;
            });
      })
      .Case([&](MaxOp) {
        return foldBinary(
            in[0], in[1], type,
            [](const APInt &a, const APInt &b, bool isUnsigned) -> std::optional<APInt> {
              return (isUnsigned ? a.ugt(b) : a.sgt(b)) ? a : b;
            },
            [](const APFloat &a, const APFloat &b) -> std::optional<APFloat> {
              return llvm::maximum(a, b);
            });
      })
      .Case([&](MinOp) {
        return foldBinary(
            in[0], in[1], type,
            [](const APInt &a, const APInt &b, bool isUnsigned) -> std::optional<APInt> {
              return (isUnsigned ? a.ult(b) : a.slt(b)) ? a : b;
            },
            [](const APFloat &a, const APFloat &b) -> std::optional<APFloat> {
              return llvm::minimum(a, b);
            });
      })
      .Case([&](EqualOp) { return foldCompare(in[0], in[1], type, [](int o) { return o == 0; }); })
      .Case([&](LessOp) { return foldCompare(in[0], in[1], type, [](int o) { return o < 0; }); })
      .Case([&](GreaterOp) { return foldCompare(in[0], in[1], type, [](int o) { return o > 0; }); })
      .Case([&](LessOrEqualOp) {
        return foldCompare(in[0], in[1], type, [](int o) { return o <= 0; });
      })
      .Case([&](GreaterOrEqualOp) {
        return foldCompare(in[0], in[1], type, [](int o) { return o >= 0; });
      })
      .Case([&](NegOp) {
        return foldUnary(
            in[0], type, [](const APInt &v, bool) { return -v; },
            [](const APFloat &v) { return -v; });
      })
      .Case([&](AbsOp) {
        return foldUnary(
            in[0], type, [](const APInt &v, bool isUnsigned) { return isUnsigned ? v : v.abs(); },
            [](const APFloat &v) { return abs(v); });
      })
      .Case([&](CastOp) { return foldCast(in[0], type); })
      .Case([&](WhereOp) { return foldWhere(in[0], in[1], in[2], type); })
      .Default([](Operation *) { return Attribute(); });
}

struct LiteralFoldInterface : DialectFoldInterface {
  using DialectFoldInterface::DialectFoldInterface;

  LogicalResult fold(Operation *op, ArrayRef<Attribute> operands,
                     SmallVectorImpl<OpFoldResult> &results) const override {
    if (op->getNumResults() != 1 || operands.empty())
      return failure();
    auto type = dyn_cast<RankedTensorType>(op->getResult(0).getType());
    if (!type || !type.hasStaticShape() || type.getNumElements() > kMaxFoldedElements)
      return failure();
    SmallVector<DenseElementsAttr> literals;
    for (Attribute operand : operands) {
      auto literal = dyn_cast_or_null<DenseElementsAttr>(operand);
      if (!literal)
        return failure();
      literals.push_back(literal);
    }
    Attribute folded = foldLiterals(op, literals, type);
    if (!folded)
      return failure();
    results.push_back(folded);
    return success();
  }
};
} // namespace

void dlc::graph::addLiteralFolding(DlcDialect &dialect) {
  dialect.addInterfaces<LiteralFoldInterface>();
}
