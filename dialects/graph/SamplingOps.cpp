//===- SamplingOps.cpp - GridSample ----------------------------------------===//
#include "dialects/graph/DlcDialect.h"
#include "dialects/graph/GradientUtils.h"
#include "dialects/graph/TypeInference.h"

#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace dlc::graph;

LogicalResult GridSampleOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                             Adaptor adaptor, SmallVectorImpl<Type> &types) {
  adaptor = withDefaultAttrs<GridSampleOp>(ctx, adaptor);
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  auto gridType = cast<RankedTensorType>(adaptor.getGrid().getType());
  if (failed(requireStaticTensor(loc, inputType, "input")) ||
      failed(requireStaticTensor(loc, gridType, "grid")))
    return failure();
  if (inputType.getRank() != 4)
    return emitOptionalError(loc, "expected an input [N, C, H, W], found ", inputType);
  if (gridType.getRank() != 4 || gridType.getDimSize(3) != 2 ||
      gridType.getDimSize(0) != inputType.getDimSize(0))
    return emitOptionalError(loc, "expected a grid [", inputType.getDimSize(0),
                             ", Ho, Wo, 2] for input ", inputType, ", found ", gridType);
  if (gridType.getElementType() != inputType.getElementType())
    return emitOptionalError(loc, "expected the grid's element type to be the input's, found ",
                             gridType);
  if (inputType.getDimSize(2) == 0 || inputType.getDimSize(3) == 0)
    return emitOptionalError(loc, "expected an image of at least one pixel, found ", inputType);
  StringRef mode = adaptor.getMode(), padding = adaptor.getPaddingMode();
  if (mode != "bilinear" && mode != "nearest" && mode != "bicubic")
    return emitOptionalError(loc, "expected mode bilinear, nearest or bicubic, found '", mode,
                             "'");
  if (padding != "zeros" && padding != "border" && padding != "reflection")
    return emitOptionalError(loc, "expected padding_mode zeros, border or reflection, found '",
                             padding, "'");
  types.push_back(RankedTensorType::get({inputType.getDimSize(0), inputType.getDimSize(1),
                                         gridType.getDimSize(1), gridType.getDimSize(2)},
                                        inputType.getElementType()));
  return success();
}

namespace {
// GridSample's arithmetic on coordinate tensors [N, 1, P] (P = Ho * Wo),
// following PyTorch's grid_sampler, which ONNX's reference implementation
// matches.
class Sampler {
public:
  Sampler(OpBuilder &b, GridSampleOp op) : b(b), loc(op.getLoc()), op(op) {
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    auto gridType = cast<RankedTensorType>(op.getGrid().getType());
    element = inputType.getElementType();
    n = inputType.getDimSize(0);
    c = inputType.getDimSize(1);
    h = inputType.getDimSize(2);
    w = inputType.getDimSize(3);
    points = gridType.getDimSize(1) * gridType.getDimSize(2);
    flat = reshapeTo(b, loc, op.getInput(), {n, c, h * w});
  }

  Value sample() {
    Value x = unnormalize(gridCoordinate(0), w), y = unnormalize(gridCoordinate(1), h);
    StringRef mode = op.getMode();
    if (mode == "bicubic")
      return bicubic(x, y);
    x = pad(x, w);
    y = pad(y, h);
    if (mode == "nearest")
      return tap(b.create<RoundOp>(loc, x), b.create<RoundOp>(loc, y), Value());
    Value x0 = b.create<FloorOp>(loc, x), y0 = b.create<FloorOp>(loc, y);
    Value x1 = add(x0, scalar(1)), y1 = add(y0, scalar(1));
    Value wx1 = sub(x, x0), wy1 = sub(y, y0);
    Value wx0 = sub(scalar(1), wx1), wy0 = sub(scalar(1), wy1);
    Value sum = tap(x0, y0, mul(wx0, wy0));
    sum = add(sum, tap(x1, y0, mul(wx1, wy0)));
    sum = add(sum, tap(x0, y1, mul(wx0, wy1)));
    return add(sum, tap(x1, y1, mul(wx1, wy1)));
  }

  Value finish(Value sampled) {
    auto gridType = cast<RankedTensorType>(op.getGrid().getType());
    return reshapeTo(b, loc, sampled, {n, c, gridType.getDimSize(1), gridType.getDimSize(2)});
  }

private:
  Value scalar(double value) { return createScalar(b, loc, element, value); }
  Value add(Value l, Value r) { return b.create<AddOp>(loc, l, r); }
  Value sub(Value l, Value r) { return b.create<SubOp>(loc, l, r); }
  Value mul(Value l, Value r) { return b.create<MulOp>(loc, l, r); }
  Value clip(Value v, double low, double high) {
    return b.create<MinOp>(loc, b.create<MaxOp>(loc, v, scalar(low)), scalar(high));
  }

  // Component `i` of every grid position, as [N, 1, P].
  Value gridCoordinate(int64_t i) {
    auto gridType = cast<RankedTensorType>(op.getGrid().getType());
    SmallVector<int64_t> sizes(gridType.getShape());
    sizes[3] = 1;
    Value component = b.create<SliceOp>(loc, op.getGrid(), b.getDenseI64ArrayAttr({0, 0, 0, i}),
                                        b.getDenseI64ArrayAttr(sizes),
                                        b.getDenseI64ArrayAttr({1, 1, 1, 1}));
    return reshapeTo(b, loc, component, {n, 1, points});
  }

  // [-1, 1] to pixel coordinates along a dim of `size`.
  Value unnormalize(Value v, int64_t size) {
    Value shifted = add(v, scalar(1));
    if (op.getAlignCorners())
      return mul(shifted, scalar(0.5 * static_cast<double>(size - 1)));
    return mul(sub(mul(shifted, scalar(static_cast<double>(size))), scalar(1)), scalar(0.5));
  }

  // A coordinate brought inside [0, size - 1] by the padding mode (zeros
  // leaves it: its taps outside read zeros).
  Value pad(Value v, int64_t size) {
    StringRef padding = op.getPaddingMode();
    if (padding == "zeros")
      return v;
    double last = static_cast<double>(size - 1);
    if (padding == "border")
      return clip(v, 0, last);
    return clip(reflect(v, size), 0, last);
  }

  // v reflected about the image's edges (pixel centers with align_corners,
  // outer edges without) until it lies between them.
  Value reflect(Value v, int64_t size) {
    double low = op.getAlignCorners() ? 0.0 : -0.5;
    double span = op.getAlignCorners() ? static_cast<double>(size - 1)
                                       : static_cast<double>(size);
    if (span <= 0)
      return createSplat(b, loc, cast<RankedTensorType>(v.getType()), 0);
    Value distance = b.create<AbsOp>(loc, sub(v, scalar(low)));
    Value flips = b.create<FloorOp>(loc, b.create<DivOp>(loc, distance, scalar(span)));
    Value extra = sub(distance, mul(flips, scalar(span)));
    Value half = b.create<FloorOp>(loc, mul(flips, scalar(0.5)));
    Value even = b.create<EqualOp>(loc, flips, mul(half, scalar(2)));
    return b.create<WhereOp>(loc, even, add(extra, scalar(low)),
                             sub(scalar(span + low), extra));
  }

  // The input at integer-valued pixel coordinates (xi, yi) [N, 1, P], zero
  // outside the image, times `weight` [N, 1, P] if given: [N, C, P].
  Value tap(Value xi, Value yi, Value weight) {
    auto inside = [&](Value v, int64_t size) {
      return b.create<AndOp>(loc, b.create<GreaterOrEqualOp>(loc, v, scalar(0)),
                             b.create<LessOrEqualOp>(loc, v, scalar(size - 1)));
    };
    Value valid = b.create<AndOp>(loc, inside(xi, w), inside(yi, h));
    Value index = add(mul(clip(yi, 0, h - 1), scalar(w)), clip(xi, 0, w - 1));
    Value indices = b.create<CastOp>(loc, index, TypeAttr::get(b.getI64Type()));
    indices = b.create<ExpandOp>(loc, indices, b.getDenseI64ArrayAttr({n, c, points}));
    Value gathered = b.create<GatherElementsOp>(loc, flat, indices, b.getI64IntegerAttr(2));
    if (weight)
      gathered = mul(gathered, weight);
    return b.create<WhereOp>(loc, valid, gathered, scalar(0));
  }

  // The 4 cubic convolution weights of the taps at floor(t) - 1 .. + 2.
  SmallVector<Value> cubicWeights(Value t) {
    constexpr double a = -0.75;
    // |d| <= 1: ((a + 2) d - (a + 3)) d^2 + 1; 1 < |d| < 2:
    // ((a d - 5a) d + 8a) d - 4a.
    auto near = [&](Value d) {
      return add(mul(sub(mul(d, scalar(a + 2)), scalar(a + 3)), mul(d, d)), scalar(1));
    };
    auto far = [&](Value d) {
      return sub(mul(add(mul(sub(mul(d, scalar(a)), scalar(5 * a)), d), scalar(8 * a)), d),
                 scalar(4 * a));
    };
    return {far(add(t, scalar(1))), near(t), near(sub(scalar(1), t)),
            far(sub(scalar(2), t))};
  }

  // Each of the 16 taps goes through the padding mode on its own.
  Value bicubic(Value x, Value y) {
    Value x0 = b.create<FloorOp>(loc, x), y0 = b.create<FloorOp>(loc, y);
    SmallVector<Value> wx = cubicWeights(sub(x, x0)), wy = cubicWeights(sub(y, y0));
    Value sum;
    for (int j = 0; j < 4; ++j) {
      Value yj = pad(add(y0, scalar(j - 1)), h);
      for (int i = 0; i < 4; ++i) {
        Value xi = pad(add(x0, scalar(i - 1)), w);
        Value term = tap(xi, yj, mul(wx[i], wy[j]));
        sum = sum ? add(sum, term) : term;
      }
    }
    return sum;
  }

  OpBuilder &b;
  Location loc;
  GridSampleOp op;
  Type element;
  int64_t n, c, h, w, points;
  Value flat;
};
} // namespace

LogicalResult GridSampleOp::decompose(OpBuilder &b, SmallVectorImpl<Value> &replacements) {
  Sampler sampler(b, *this);
  replacements.push_back(sampler.finish(sampler.sample()));
  return success();
}
