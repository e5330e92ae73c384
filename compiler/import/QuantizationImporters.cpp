//===- QuantizationImporters.cpp - ONNX's linear quantization ops ---------===//
//
// The quantization entry points are affine maps around ordinary arithmetic,
// so they import as dlc ops: (de)quantization is a divide or multiply by the
// scale, a round half to even, the zero point and a saturating clamp; the
// integer products (MatMulInteger, ConvInteger and the accumulators of the
// QLinear ops) run on zero-point-shifted values in f64, where sums of 8-bit
// products are exact, then cast to int32. Requantization scales in f32, as
// ONNX Runtime does, so results match it bit for bit.
//
//===----------------------------------------------------------------------===//
#include "compiler/import/NodeImporter.h"
#include "compiler/import/WindowAttrs.h"
#include "dialects/graph/DlcDialect.h"
#include "dialects/graph/GradientUtils.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
bool isQuantizedType(Type type) {
  return type.isInteger(8) || type.isUnsignedInteger(8) || type.isSignedInteger(8) ||
         type.isInteger(16) || type.isUnsignedInteger(16);
}

Type elementTypeOf(Value value) { return cast<RankedTensorType>(value.getType()).getElementType(); }

class Quantization {
public:
  explicit Quantization(NodeImporter &node) : node(node), b(node.builder()), loc(node.loc()) {}

  Value castTo(Value value, Type to) {
    if (elementTypeOf(value) == to)
      return value;
    return b.create<CastOp>(loc, value, TypeAttr::get(to));
  }

  // `param` (a scale or zero point: a scalar, or 1-D along the node's `axis`
  // of `tensor`) shaped to broadcast against that tensor.
  FailureOr<Value> alongAxis(Value param, StringRef name, RankedTensorType tensor) {
    auto type = cast<RankedTensorType>(param.getType());
    if (type.getNumElements() == 1 && type.getRank() <= 1)
      return reshapeTo(b, loc, param, {});
    int64_t rank = tensor.getRank();
    int64_t axis = node.intAttr("axis", 1);
    if (axis < -rank || axis >= rank)
      return node.emitError() << "axis " << axis << " is out of range for rank " << rank;
    axis = axis < 0 ? axis + rank : axis;
    int64_t size = tensor.getDimSize(axis);
    if (type.getRank() != 1 || type.getDimSize(0) != size)
      return node.emitError() << "expected " << name << " to be a scalar or of shape [" << size
                              << "] (per axis " << axis << "), found " << type;
    SmallVector<int64_t> shape(rank - axis, 1);
    shape[0] = size;
    return reshapeTo(b, loc, param, shape);
  }

  // round(x) + zeroPoint clamped to the range of `to`, then cast to it.
  Value saturate(Value rounded, Value zeroPoint, Type to) {
    Type floatType = elementTypeOf(rounded);
    Value shifted =
        zeroPoint ? b.create<AddOp>(loc, rounded, castTo(zeroPoint, floatType)).getResult() : rounded;
    unsigned width = to.getIntOrFloatBitWidth();
    bool isUnsigned = to.isUnsignedInteger();
    double low = isUnsigned ? 0.0 : -std::ldexp(1.0, width - 1);
    double high = isUnsigned ? std::ldexp(1.0, width) - 1 : std::ldexp(1.0, width - 1) - 1;
    Value clamped = b.create<MinOp>(loc, b.create<MaxOp>(loc, shifted,
                                                         createScalar(b, loc, floatType, low)),
                                    createScalar(b, loc, floatType, high));
    return castTo(clamped, to);
  }

  // The integer value of a quantized tensor less its zero point, in f64.
  Value shifted(Value value, Value zeroPoint) {
    Type f64 = b.getF64Type();
    Value wide = castTo(value, f64);
    return zeroPoint ? b.create<SubOp>(loc, wide, castTo(zeroPoint, f64)).getResult() : wide;
  }

  // acc * (aScale * bScale / yScale), rounded, shifted by yZeroPoint and
  // saturated to its type: the QLinear ops' requantization.
  Value requantize(Value acc, Value aScale, Value bScale, Value yScale, Value yZeroPoint,
                   Type to) {
    Type f32 = b.getF32Type();
    Value multiplier = b.create<DivOp>(loc, b.create<MulOp>(loc, aScale, bScale), yScale);
    Value scaled = b.create<MulOp>(loc, castTo(acc, f32), multiplier);
    return saturate(b.create<RoundOp>(loc, scaled), yZeroPoint, to);
  }

  FailureOr<Value> optionalInput(int i) {
    if (!node.hasInput(i))
      return Value();
    Value value = node.input(i);
    if (!value)
      return failure();
    return value;
  }

  NodeImporter &node;
  OpBuilder &b;
  Location loc;
};

LogicalResult importQuantizeLinear(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"axis", "saturate"})))
    return failure();
  Quantization q(node);
  Value x = node.input(0), scale = node.input(1);
  FailureOr<Value> zeroPoint = q.optionalInput(2);
  if (!x || !scale || failed(zeroPoint))
    return failure();
  auto xType = cast<RankedTensorType>(x.getType());
  if (!isa<FloatType>(xType.getElementType()) || elementTypeOf(scale) != xType.getElementType())
    return node.emitError() << "expected a float input and a scale of its type, found "
                            << xType << " and " << scale.getType();
  // Without a zero point the result is uint8.
  Type to = *zeroPoint ? elementTypeOf(*zeroPoint) : node.builder().getIntegerType(8, false);
  if (!isQuantizedType(to))
    return node.emitError() << "quantizing to " << to
                            << " is not supported (int8, uint8, int16, uint16 are)";
  FailureOr<Value> s = q.alongAxis(scale, "y_scale", xType);
  if (failed(s))
    return failure();
  Value zp;
  if (*zeroPoint) {
    FailureOr<Value> z = q.alongAxis(*zeroPoint, "y_zero_point", xType);
    if (failed(z))
      return failure();
    zp = *z;
  }
  Value rounded = q.b.create<RoundOp>(q.loc, q.b.create<DivOp>(q.loc, x, *s));
  return node.setOutputs(q.saturate(rounded, zp, to));
}

LogicalResult importDequantizeLinear(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"axis"})))
    return failure();
  Quantization q(node);
  Value x = node.input(0), scale = node.input(1);
  FailureOr<Value> zeroPoint = q.optionalInput(2);
  if (!x || !scale || failed(zeroPoint))
    return failure();
  auto xType = cast<RankedTensorType>(x.getType());
  Type floatType = elementTypeOf(scale);
  if (!isa<FloatType>(floatType) ||
      !(isQuantizedType(xType.getElementType()) || xType.getElementType().isInteger(32)))
    return node.emitError() << "expected a quantized input and a float scale, found " << xType
                            << " and " << scale.getType();
  FailureOr<Value> s = q.alongAxis(scale, "x_scale", xType);
  if (failed(s))
    return failure();
  Value value = q.castTo(x, floatType);
  if (*zeroPoint) {
    FailureOr<Value> z = q.alongAxis(*zeroPoint, "x_zero_point", xType);
    if (failed(z))
      return failure();
    value = q.b.create<SubOp>(q.loc, value, q.castTo(*z, floatType));
  }
  return node.setOutputs(q.b.create<MulOp>(q.loc, value, *s).getResult());
}

// y = saturate(round(x / scale) + zero_point) with the scale and zero point
// that map [min(x, 0), max(x, 0)] onto uint8.
LogicalResult importDynamicQuantizeLinear(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({})))
    return failure();
  Quantization q(node);
  Value x = node.input(0);
  if (!x)
    return failure();
  auto xType = cast<RankedTensorType>(x.getType());
  if (!xType.getElementType().isF32())
    return node.emitError() << "expected a float32 input, found " << xType;
  OpBuilder &b = q.b;
  Location loc = q.loc;
  SmallVector<int64_t> all = llvm::to_vector(llvm::seq<int64_t>(0, xType.getRank()));
  auto reduce = [&](auto tag) -> Value {
    using ReduceOp = decltype(tag);
    if (all.empty())
      return x;
    return b.create<ReduceOp>(loc, x, b.getDenseI64ArrayAttr(all), b.getBoolAttr(false));
  };
  Type f32 = b.getF32Type();
  Value zero = createScalar(b, loc, f32, 0.0);
  Value low = b.create<MinOp>(loc, reduce(ReduceMinOp()), zero);
  Value high = b.create<MaxOp>(loc, reduce(ReduceMaxOp()), zero);
  Value scale = b.create<DivOp>(loc, b.create<SubOp>(loc, high, low),
                                createScalar(b, loc, f32, 255.0));
  Type u8 = b.getIntegerType(8, false);
  Value zeroPoint = q.saturate(
      b.create<RoundOp>(loc, b.create<DivOp>(loc, b.create<NegOp>(loc, low), scale)), Value(),
      u8);
  Value y = q.saturate(b.create<RoundOp>(loc, b.create<DivOp>(loc, x, scale)), zeroPoint, u8);
  return node.setOutputs({y, scale, zeroPoint});
}

LogicalResult checkQuantized(NodeImporter &node, ArrayRef<Value> values) {
  for (Value value : values)
    if (value && !isQuantizedType(elementTypeOf(value)))
      return node.emitError() << "expected 8- or 16-bit integer operands, found "
                              << value.getType();
  return success();
}

// A zero point of `b`'s columns ([N]) or `a`'s rows ([M], as [M, 1]).
Value rowZeroPoint(Quantization &q, Value zeroPoint) {
  auto type = cast<RankedTensorType>(zeroPoint.getType());
  if (type.getRank() == 1 && type.getDimSize(0) > 1)
    return reshapeTo(q.b, q.loc, zeroPoint, {type.getDimSize(0), 1});
  return zeroPoint;
}

// A scale or zero point (optional: `value` may be null) that is a scalar,
// or 1-D of one or `count` elements (one per row, column or channel).
LogicalResult checkPerTensorOr(NodeImporter &node, Value value, StringRef name, int64_t count,
                               StringRef each) {
  if (!value)
    return success();
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getRank() == 0 ||
      (type.getRank() == 1 && (type.getDimSize(0) == 1 || type.getDimSize(0) == count)))
    return success();
  return node.emitError() << "expected " << name << " to be a scalar or of shape [" << count
                          << "] (one per " << each << "), found " << value.getType();
}

// The rows of matrix a and the columns of matrix b (the last two dims).
FailureOr<std::pair<int64_t, int64_t>> rowsAndColumns(NodeImporter &node, Value a, Value b) {
  auto aType = cast<RankedTensorType>(a.getType()), bType = cast<RankedTensorType>(b.getType());
  if (aType.getRank() < 2 || bType.getRank() < 2)
    return node.emitError() << "expected matrices a and b of rank 2 or more, found " << aType
                            << " and " << bType;
  return std::make_pair(aType.getShape().drop_back().back(), bType.getShape().back());
}

// (a - a_zero_point) x (b - b_zero_point), exact, in f64.
FailureOr<Value> integerMatMul(Quantization &q, Value a, Value aZeroPoint, Value bMatrix,
                               Value bZeroPoint) {
  if (failed(q.node.rejectUnknownAttrs({})) ||
      failed(checkQuantized(q.node, {a, aZeroPoint, bMatrix, bZeroPoint})))
    return failure();
  FailureOr<std::pair<int64_t, int64_t>> shape = rowsAndColumns(q.node, a, bMatrix);
  if (failed(shape) ||
      failed(checkPerTensorOr(q.node, aZeroPoint, "a_zero_point", shape->first, "row of a")) ||
      failed(checkPerTensorOr(q.node, bZeroPoint, "b_zero_point", shape->second, "column of b")))
    return failure();
  Value lhs = q.shifted(a, aZeroPoint ? rowZeroPoint(q, aZeroPoint) : Value());
  Value rhs = q.shifted(bMatrix, bZeroPoint);
  FailureOr<MatMulOp> product = q.node.create<MatMulOp>(ValueRange{lhs, rhs});
  if (failed(product))
    return failure();
  return product->getResult();
}

LogicalResult importQLinearMatMul(NodeImporter &node) {
  Quantization q(node);
  FailureOr<SmallVector<Value>> given = node.inputs(8);
  if (failed(given))
    return failure();
  SmallVector<Value> &in = *given;
  FailureOr<std::pair<int64_t, int64_t>> shape = rowsAndColumns(node, in[0], in[3]);
  if (failed(shape) ||
      failed(checkPerTensorOr(node, in[1], "a_scale", shape->first, "row of a")) ||
      failed(checkPerTensorOr(node, in[4], "b_scale", shape->second, "column of b")) ||
      failed(checkPerTensorOr(node, in[6], "y_scale", shape->second, "column of b")) ||
      failed(checkPerTensorOr(node, in[7], "y_zero_point", shape->second, "column of b")))
    return failure();
  FailureOr<Value> product = integerMatMul(q, in[0], in[2], in[3], in[5]);
  if (failed(product))
    return failure();
  Value aScale = rowZeroPoint(q, in[1]);
  return node.setOutputs(
      q.requantize(*product, aScale, in[4], in[6], in[7], elementTypeOf(in[7])));
}

// A per-output-channel zero point, scale or bias [M] as [M] followed by
// `trailing` 1s, to broadcast over a weight or a conv's result.
Value perChannel(Quantization &q, Value value, int64_t trailing) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getRank() != 1 || type.getDimSize(0) == 1)
    return value;
  SmallVector<int64_t> shape(trailing + 1, 1);
  shape[0] = type.getDimSize(0);
  return reshapeTo(q.b, q.loc, value, shape);
}

// conv(x - x_zero_point, w - w_zero_point), exact, in f64.
FailureOr<Value> integerConv(Quantization &q, Value x, Value xZeroPoint, Value w,
                             Value wZeroPoint) {
  auto wType = cast<RankedTensorType>(w.getType());
  if (failed(checkQuantized(q.node, {x, xZeroPoint, w, wZeroPoint})) ||
      failed(checkPerTensorOr(q.node, xZeroPoint, "x_zero_point", 1, "tensor")) ||
      failed(checkPerTensorOr(q.node, wZeroPoint, "w_zero_point",
                              wType.getRank() > 0 ? wType.getDimSize(0) : 1, "output channel")))
    return failure();
  int64_t rank = wType.getRank();
  Value input = q.shifted(x, xZeroPoint);
  Value weight = q.shifted(w, wZeroPoint ? perChannel(q, wZeroPoint, rank - 1) : Value());
  return createConv(q.node, {input, weight});
}

// MatMulInteger and ConvInteger: the exact product of two quantized
// operands, each less its optional zero point (either may be omitted alone).
template <FailureOr<Value> (*product)(Quantization &, Value, Value, Value, Value)>
LogicalResult importIntegerProduct(NodeImporter &node) {
  Quantization q(node);
  FailureOr<Value> lhsZeroPoint = q.optionalInput(2), rhsZeroPoint = q.optionalInput(3);
  Value lhs = node.input(0), rhs = node.input(1);
  if (!lhs || !rhs || failed(lhsZeroPoint) || failed(rhsZeroPoint))
    return failure();
  FailureOr<Value> result = product(q, lhs, *lhsZeroPoint, rhs, *rhsZeroPoint);
  if (failed(result))
    return failure();
  return node.setOutputs(q.castTo(*result, node.builder().getI32Type()));
}

LogicalResult importQLinearConv(NodeImporter &node) {
  Quantization q(node);
  FailureOr<SmallVector<Value>> given = node.inputs(8);
  if (failed(given))
    return failure();
  SmallVector<Value> &in = *given;
  FailureOr<Value> bias = q.optionalInput(8);
  if (failed(bias))
    return failure();
  auto wType = cast<RankedTensorType>(in[3].getType());
  int64_t filters = wType.getRank() > 0 ? wType.getDimSize(0) : 1;
  if (failed(checkPerTensorOr(node, in[1], "x_scale", 1, "tensor")) ||
      failed(checkPerTensorOr(node, in[2], "x_zero_point", 1, "tensor")) ||
      failed(checkPerTensorOr(node, in[4], "w_scale", filters, "output channel")) ||
      failed(checkPerTensorOr(node, in[5], "w_zero_point", filters, "output channel")) ||
      failed(checkPerTensorOr(node, in[6], "y_scale", 1, "tensor")) ||
      failed(checkPerTensorOr(node, in[7], "y_zero_point", 1, "tensor")) ||
      failed(checkPerTensorOr(node, *bias, "B", filters, "output channel")))
    return failure();
  FailureOr<Value> conv = integerConv(q, in[0], in[2], in[3], in[5]);
  if (failed(conv))
    return failure();
  int64_t spatial = cast<RankedTensorType>(conv->getType()).getRank() - 2;
  Value acc = *conv;
  if (*bias) {
    if (!elementTypeOf(*bias).isInteger(32))
      return node.emitError() << "expected an int32 bias, found " << (*bias).getType();
    acc = q.b.create<AddOp>(q.loc, acc,
                            perChannel(q, q.castTo(*bias, q.b.getF64Type()), spatial));
  }
  return node.setOutputs(q.requantize(acc, in[1], perChannel(q, in[4], spatial), in[6], in[7],
                                      elementTypeOf(in[7])));
}
} // namespace

void dlc::registerQuantizationImporters(ImporterRegistry &registry) {
  registry.add("QuantizeLinear", importQuantizeLinear);
  registry.add("DequantizeLinear", importDequantizeLinear);
  registry.add("DynamicQuantizeLinear", importDynamicQuantizeLinear);
  registry.add("MatMulInteger", importIntegerProduct<integerMatMul>);
  registry.add("QLinearMatMul", importQLinearMatMul);
  registry.add("ConvInteger", importIntegerProduct<integerConv>);
  registry.add("QLinearConv", importQLinearConv);
}
