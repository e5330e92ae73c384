//===- NormalizationOps.cpp - normalizations, dropout, random numbers -----===//
#include "dialects/graph/DlcDialect.h"
#include "dialects/graph/GradientUtils.h"
#include "dialects/graph/TypeInference.h"

#include "mlir/IR/Builders.h"

#include <algorithm>

using namespace mlir;
using namespace dlc::graph;

namespace {
/// Checks the operands of a batch normalization: `input` [N, C, d...] and
/// four [C] tensors of its element type.
LogicalResult checkBatchNormOperands(std::optional<Location> loc, ValueRange operands) {
  auto inputType = cast<RankedTensorType>(operands[0].getType());
  if (failed(requireStaticTensor(loc, inputType, "input")))
    return failure();
  if (inputType.getRank() < 2)
    return emitOptionalError(loc, "expected an input [N, C, ...] of rank >= 2, found rank ",
                             inputType.getRank());
  auto channelType = RankedTensorType::get({inputType.getDimSize(1)},
                                           inputType.getElementType());
  static constexpr const char *kNames[] = {"scale", "bias", "mean", "var"};
  for (auto [name, operand] : llvm::zip(kNames, operands.drop_front()))
    if (operand.getType() != channelType)
      return emitOptionalError(loc, "expected ", name, " of type ", channelType,
                               " (one per channel of the input), found ", operand.getType());
  return success();
}

LogicalResult checkUnitInterval(std::optional<Location> loc, StringRef name, float value,
                                bool allowOne) {
  if (!(value >= 0.0f && (allowOne ? value <= 1.0f : value < 1.0f)))
    return emitOptionalError(loc, "expected ", name, " in [0, 1", allowOne ? "]" : ")",
                             ", found ", value);
  return success();
}

/// `value` with its `axes` summed, kept as dims of 1.
Value sumOver(OpBuilder &b, Location loc, Value value, ArrayRef<int64_t> axes) {
  return b.create<ReduceSumOp>(loc, value, b.getDenseI64ArrayAttr(axes), b.getBoolAttr(true));
}

/// 1 / sqrt(var + epsilon).
Value inverseDeviation(OpBuilder &b, Location loc, Value var, float epsilon) {
  Type element = cast<RankedTensorType>(var.getType()).getElementType();
  Value deviation =
      b.create<SqrtOp>(loc, b.create<AddOp>(loc, var, createScalar(b, loc, element, epsilon)));
  return b.create<DivOp>(loc, createScalar(b, loc, element, 1.0), deviation);
}

/// The mean and biased variance of `x` over `axes` (kept as dims of 1), and
/// `x` minus that mean: what every normalization here starts from.
struct Moments {
  Value mean, centered, variance;
};

Moments computeMoments(OpBuilder &b, Location loc, Value x, ArrayRef<int64_t> axes) {
  auto type = cast<RankedTensorType>(x.getType());
  int64_t count = 1;
  for (int64_t axis : axes)
    count *= type.getDimSize(axis);
  auto meanOver = [&](Value value) {
    Value sum = sumOver(b, loc, value, axes);
    return b.create<DivOp>(
        loc, sum, createScalar(b, loc, type.getElementType(), static_cast<double>(count)));
  };
  Moments moments;
  moments.mean = meanOver(x);
  moments.centered = b.create<SubOp>(loc, x, moments.mean);
  moments.variance = meanOver(b.create<MulOp>(loc, moments.centered, moments.centered));
  return moments;
}

/// Per-channel arithmetic in dlc ops, for an input [N, C, d...]: per-channel
/// operands [C] are viewed as [1, C, 1, ...] ("channel" shape) and batch
/// statistics reduce over every dim but 1.
class ChannelNormBuilder {
public:
  ChannelNormBuilder(OpBuilder &b, Location loc, Value input) : b(b), loc(loc), input(input) {
    auto type = cast<RankedTensorType>(input.getType());
    element = type.getElementType();
    channels = type.getDimSize(1);
    count = type.getNumElements() / std::max<int64_t>(channels, 1);
    channelShape.assign(type.getRank(), 1);
    channelShape[1] = channels;
    for (int64_t axis = 0; axis < type.getRank(); ++axis)
      if (axis != 1)
        axes.push_back(axis);
  }

  /// `value` [C] as [1, C, 1, ...].
  Value toChannel(Value value) { return reshapeTo(b, loc, value, channelShape); }
  /// `value` [1, C, 1, ...] as [C].
  Value fromChannel(Value value) { return reshapeTo(b, loc, value, {channels}); }

  /// Per-channel sum of `value` (shaped like the input), as [1, C, 1, ...].
  Value channelSum(Value value) { return sumOver(b, loc, value, axes); }

  /// The moments of `value` (shaped like the input) per channel.
  Moments channelMoments(Value value) { return computeMoments(b, loc, value, axes); }

  Value scalar(double value) { return createScalar(b, loc, element, value); }

  /// `normalized * scale + bias` with scale and bias [C].
  Value affine(Value normalized, Value scale, Value bias) {
    Value scaled = b.create<MulOp>(loc, normalized, toChannel(scale));
    return b.create<AddOp>(loc, scaled, toChannel(bias));
  }

  /// `running * momentum + batch * (1 - momentum)`, all [C].
  Value blend(Value running, Value batch, float momentum) {
    Value kept = b.create<MulOp>(loc, running, scalar(momentum));
    return b.create<AddOp>(loc, kept, b.create<MulOp>(loc, batch, scalar(1.0 - momentum)));
  }

  int64_t countPerChannel() const { return count; }

private:
  OpBuilder &b;
  Location loc;
  Value input;
  Type element;
  int64_t channels;
  int64_t count;
  SmallVector<int64_t> channelShape;
  SmallVector<int64_t> axes;
};

/// The batch statistics of a training-mode batch norm: the per-channel
/// moments and 1 / sqrt(variance + epsilon).
struct BatchStatistics : Moments {
  Value inverseDeviation;
};

BatchStatistics batchStatistics(ChannelNormBuilder &bn, OpBuilder &b, Location loc, Value x,
                                float epsilon) {
  BatchStatistics stats{bn.channelMoments(x), Value()};
  stats.inverseDeviation = inverseDeviation(b, loc, stats.variance, epsilon);
  return stats;
}
} // namespace

//===----------------------------------------------------------------------===//
// BatchNormOp
//===----------------------------------------------------------------------===//

LogicalResult BatchNormOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                            Adaptor adaptor, SmallVectorImpl<Type> &types) {
  if (failed(checkBatchNormOperands(loc, adaptor.getOperands())))
    return failure();
  types.push_back(adaptor.getInput().getType());
  return success();
}

LogicalResult BatchNormOp::decompose(OpBuilder &b, SmallVectorImpl<Value> &replacements) {
  Location loc = getLoc();
  ChannelNormBuilder bn(b, loc, getInput());
  Value centered = b.create<SubOp>(loc, getInput(), bn.toChannel(getMean()));
  Value inverse =
      inverseDeviation(b, loc, bn.toChannel(getVar()), getEpsilon().convertToFloat());
  Value normalized = b.create<MulOp>(loc, centered, inverse);
  replacements.push_back(bn.affine(normalized, getScale(), getBias()));
  return success();
}

LogicalResult BatchNormOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                         SmallVectorImpl<Value> &operandGradients) {
  Value dy = resultGradients.front();
  if (appendNoGradients(*this, dy, operandGradients))
    return success();
  // y = (x - mean) * r * scale + bias with r = (var + eps)^-1/2.
  Location loc = getLoc();
  ChannelNormBuilder bn(b, loc, getInput());
  Value inverse =
      inverseDeviation(b, loc, bn.toChannel(getVar()), getEpsilon().convertToFloat());
  Value centered = b.create<SubOp>(loc, getInput(), bn.toChannel(getMean()));
  Value gain = b.create<MulOp>(loc, bn.toChannel(getScale()), inverse);
  Value dx = b.create<MulOp>(loc, dy, gain);
  Value dyCentered = bn.channelSum(b.create<MulOp>(loc, dy, centered));
  Value dbias = bn.channelSum(dy);
  Value dscale = b.create<MulOp>(loc, dyCentered, inverse);
  Value dmean = b.create<NegOp>(loc, b.create<MulOp>(loc, dbias, gain));
  // d r / d var = -r^3 / 2.
  Value cubed = b.create<MulOp>(loc, b.create<MulOp>(loc, inverse, inverse), inverse);
  Value dvar = b.create<MulOp>(
      loc, b.create<MulOp>(loc, dyCentered, bn.toChannel(getScale())),
      b.create<MulOp>(loc, cubed, bn.scalar(-0.5)));
  operandGradients.append({dx, bn.fromChannel(dscale), bn.fromChannel(dbias),
                           bn.fromChannel(dmean), bn.fromChannel(dvar)});
  return success();
}

//===----------------------------------------------------------------------===//
// BatchNormTrainingOp
//===----------------------------------------------------------------------===//

LogicalResult BatchNormTrainingOp::inferReturnTypes(MLIRContext *ctx,
                                                    std::optional<Location> loc,
                                                    Adaptor adaptor,
                                                    SmallVectorImpl<Type> &types) {
  adaptor = withDefaultAttrs<BatchNormTrainingOp>(ctx, adaptor);
  if (failed(checkBatchNormOperands(loc, adaptor.getOperands())) ||
      failed(checkUnitInterval(loc, "momentum", adaptor.getMomentum().convertToFloat(),
                               /*allowOne=*/true)))
    return failure();
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  if (adaptor.getUnbiasedRunningVar() &&
      inputType.getNumElements() / inputType.getDimSize(1) < 2)
    return emitOptionalError(loc, "an unbiased variance needs at least 2 values per "
                                  "channel, found ",
                             inputType.getNumElements() / inputType.getDimSize(1));
  types.push_back(inputType);
  types.push_back(adaptor.getRunningMean().getType());
  types.push_back(adaptor.getRunningVar().getType());
  return success();
}

LogicalResult BatchNormTrainingOp::decompose(OpBuilder &b,
                                             SmallVectorImpl<Value> &replacements) {
  Location loc = getLoc();
  ChannelNormBuilder bn(b, loc, getInput());
  BatchStatistics stats =
      batchStatistics(bn, b, loc, getInput(), getEpsilon().convertToFloat());
  Value normalized = b.create<MulOp>(loc, stats.centered, stats.inverseDeviation);
  replacements.push_back(bn.affine(normalized, getScale(), getBias()));
  float momentum = getMomentum().convertToFloat();
  replacements.push_back(bn.blend(getRunningMean(), bn.fromChannel(stats.mean), momentum));
  Value variance = bn.fromChannel(stats.variance);
  if (getUnbiasedRunningVar()) {
    double m = static_cast<double>(bn.countPerChannel());
    variance = b.create<MulOp>(loc, variance, bn.scalar(m / (m - 1.0)));
  }
  replacements.push_back(bn.blend(getRunningVar(), variance, momentum));
  return success();
}

LogicalResult BatchNormTrainingOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                                 SmallVectorImpl<Value> &operandGradients) {
  if (resultGradients[1] || resultGradients[2])
    return emitOpError("no gradient flows through the running statistics");
  Value dy = resultGradients[0];
  if (appendNoGradients(*this, dy, operandGradients))
    return success();
  // With xhat = (x - mean_B) * r, y = xhat * scale + bias:
  //   dx = scale * r * (dy - mean(dy) - xhat * mean(dy * xhat)),
  // the batch mean and variance being functions of x too.
  Location loc = getLoc();
  ChannelNormBuilder bn(b, loc, getInput());
  BatchStatistics stats =
      batchStatistics(bn, b, loc, getInput(), getEpsilon().convertToFloat());
  Value normalized = b.create<MulOp>(loc, stats.centered, stats.inverseDeviation);
  Value dbias = bn.channelSum(dy);
  Value dscale = bn.channelSum(b.create<MulOp>(loc, dy, normalized));
  Value perCount = bn.scalar(1.0 / static_cast<double>(bn.countPerChannel()));
  Value meanDy = b.create<MulOp>(loc, dbias, perCount);
  Value meanDyXhat = b.create<MulOp>(loc, dscale, perCount);
  Value correction =
      b.create<AddOp>(loc, meanDy, b.create<MulOp>(loc, normalized, meanDyXhat));
  Value gain = b.create<MulOp>(loc, bn.toChannel(getScale()), stats.inverseDeviation);
  Value dx = b.create<MulOp>(loc, b.create<SubOp>(loc, dy, correction), gain);
  operandGradients.append(
      {dx, bn.fromChannel(dscale), bn.fromChannel(dbias), Value(), Value()});
  return success();
}

//===----------------------------------------------------------------------===//
// DropoutOp
//===----------------------------------------------------------------------===//

LogicalResult DropoutOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                          Adaptor adaptor, SmallVectorImpl<Type> &types) {
  adaptor = withDefaultAttrs<DropoutOp>(ctx, adaptor);
  if (failed(checkUnitInterval(loc, "ratio", adaptor.getRatio().convertToFloat(),
                               /*allowOne=*/false)))
    return failure();
  types.push_back(adaptor.getInput().getType());
  return success();
}

LogicalResult DropoutOp::decompose(OpBuilder &, SmallVectorImpl<Value> &replacements) {
  replacements.push_back(getInput());
  return success();
}

LogicalResult DropoutOp::buildGradient(OpBuilder &, ValueRange resultGradients,
                                       SmallVectorImpl<Value> &operandGradients) {
  operandGradients.push_back(resultGradients.front());
  return success();
}

//===----------------------------------------------------------------------===//
// DropoutTrainingOp
//===----------------------------------------------------------------------===//

LogicalResult DropoutTrainingOp::inferReturnTypes(MLIRContext *ctx,
                                                  std::optional<Location> loc,
                                                  Adaptor adaptor,
                                                  SmallVectorImpl<Type> &types) {
  adaptor = withDefaultAttrs<DropoutTrainingOp>(ctx, adaptor);
  if (failed(checkUnitInterval(loc, "ratio", adaptor.getRatio().convertToFloat(),
                               /*allowOne=*/false)))
    return failure();
  if (cast<RankedTensorType>(adaptor.getCounter().getType()).getRank() != 0)
    return emitOptionalError(loc, "expected a scalar counter, found ",
                             adaptor.getCounter().getType());
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  types.push_back(inputType);
  types.push_back(inputType.clone(IntegerType::get(ctx, 1)));
  return success();
}

LogicalResult DropoutTrainingOp::decompose(OpBuilder &b,
                                           SmallVectorImpl<Value> &replacements) {
  Location loc = getLoc();
  auto type = cast<RankedTensorType>(getInput().getType());
  Type element = type.getElementType();
  Value uniform = b.create<RandomUniformOp>(loc, type, getCounter(), getSeedAttr(),
                                            b.getDenseI64ArrayAttr(type.getShape()),
                                            TypeAttr::get(element));
  double ratio = getRatio().convertToFloat();
  Value mask = b.create<GreaterOrEqualOp>(
      loc, ValueRange{uniform, createScalar(b, loc, element, ratio)},
      ArrayRef<NamedAttribute>{});
  Value scale = createScalar(b, loc, element, 1.0 / (1.0 - ratio));
  Value zero = createScalar(b, loc, element, 0.0);
  Value kept = b.create<MulOp>(loc, getInput(), scale);
  replacements.push_back(
      b.create<WhereOp>(loc, ValueRange{mask, kept, zero}, ArrayRef<NamedAttribute>{}));
  replacements.push_back(mask);
  return success();
}

LogicalResult DropoutTrainingOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                               SmallVectorImpl<Value> &operandGradients) {
  Value dy = resultGradients.front();
  if (appendNoGradients(*this, dy, operandGradients))
    return success();
  Location loc = getLoc();
  Type element = cast<RankedTensorType>(dy.getType()).getElementType();
  double ratio = getRatio().convertToFloat();
  Value scaled = b.create<MulOp>(loc, dy, createScalar(b, loc, element, 1.0 / (1.0 - ratio)));
  Value dx = b.create<WhereOp>(
      loc, ValueRange{getMask(), scaled, createScalar(b, loc, element, 0.0)},
      ArrayRef<NamedAttribute>{});
  operandGradients.append({dx, Value()});
  return success();
}

//===----------------------------------------------------------------------===//
// RandomUniformOp
//===----------------------------------------------------------------------===//

LogicalResult RandomUniformOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                                Adaptor adaptor,
                                                SmallVectorImpl<Type> &types) {
  if (cast<RankedTensorType>(adaptor.getCounter().getType()).getRank() != 0)
    return emitOptionalError(loc, "expected a scalar counter, found ",
                             adaptor.getCounter().getType());
  Type element = adaptor.getDtype();
  if (!isa<FloatType>(element))
    return emitOptionalError(loc, "expected a float dtype, found ", element);
  for (int64_t dim : adaptor.getShape())
    if (dim < 0)
      return emitOptionalError(loc, "expected a static shape, found ",
                               formatShape(adaptor.getShape()));
  types.push_back(RankedTensorType::get(adaptor.getShape(), element));
  return success();
}

uint64_t RandomUniformOp::mix(uint64_t z) {
  z += kMixIncrement;
  z = (z ^ (z >> kMixShifts[0])) * kMixMultiplier1;
  z = (z ^ (z >> kMixShifts[1])) * kMixMultiplier2;
  return z ^ (z >> kMixShifts[2]);
}

double RandomUniformOp::sample(uint64_t seed, uint64_t counter, uint64_t index) {
  uint64_t key = mix(seed ^ mix(counter));
  return static_cast<double>(mix(key + index) >> 40) * 0x1p-24;
}

//===----------------------------------------------------------------------===//
// LayerNormOp
//===----------------------------------------------------------------------===//

namespace {
/// Checks that `operand` (the op's `name`) has `element` type and broadcasts
/// onto `normalized` without growing it.
LogicalResult checkBroadcastsOnto(std::optional<Location> loc, Value operand, StringRef name,
                                  Type element, ArrayRef<int64_t> normalized) {
  auto type = cast<RankedTensorType>(operand.getType());
  ArrayRef<int64_t> shape = type.getShape();
  bool fits = type.getElementType() == element && shape.size() <= normalized.size() &&
              llvm::all_of(llvm::zip(llvm::reverse(shape), llvm::reverse(normalized)),
                           [](auto dims) {
                             auto [dim, target] = dims;
                             return dim == 1 || dim == target;
                           });
  if (!fits)
    return emitOptionalError(loc, "expected ", name, " of ", element,
                             " that broadcasts onto the normalized shape ",
                             formatShape(normalized), ", found ", type);
  return success();
}

/// The input's dims `from` and after.
SmallVector<int64_t> trailingAxes(Value input, int64_t from) {
  return llvm::to_vector(
      llvm::seq<int64_t>(from, cast<RankedTensorType>(input.getType()).getRank()));
}
} // namespace

int64_t LayerNormOp::getNormalizedAxis() {
  int64_t axis = static_cast<int64_t>(getAxis());
  return axis < 0 ? axis + cast<RankedTensorType>(getInput().getType()).getRank() : axis;
}

LogicalResult LayerNormOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                            Adaptor adaptor, SmallVectorImpl<Type> &types) {
  adaptor = withDefaultAttrs<LayerNormOp>(ctx, adaptor);
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  if (failed(requireStaticTensor(loc, inputType, "input")))
    return failure();
  FailureOr<int64_t> axis = normalizeAxis(loc, static_cast<int64_t>(adaptor.getAxis()),
                                          inputType.getRank(), "axis");
  if (failed(axis))
    return failure();
  ArrayRef<int64_t> normalized = inputType.getShape().drop_front(*axis);
  Type element = inputType.getElementType();
  if (failed(checkBroadcastsOnto(loc, adaptor.getScale(), "scale", element, normalized)) ||
      (adaptor.getBias() &&
       failed(checkBroadcastsOnto(loc, adaptor.getBias(), "bias", element, normalized))))
    return failure();
  SmallVector<int64_t> statisticShape(inputType.getShape());
  std::fill(statisticShape.begin() + *axis, statisticShape.end(), 1);
  auto statisticType = RankedTensorType::get(statisticShape, element);
  types.append({inputType, statisticType, statisticType});
  return success();
}

LogicalResult LayerNormOp::decompose(OpBuilder &b, SmallVectorImpl<Value> &replacements) {
  Location loc = getLoc();
  Moments moments =
      computeMoments(b, loc, getInput(), trailingAxes(getInput(), getNormalizedAxis()));
  Value inverse = inverseDeviation(b, loc, moments.variance, getEpsilon().convertToFloat());
  Value normalized = b.create<MulOp>(loc, moments.centered, inverse);
  Value result = b.create<MulOp>(loc, normalized, getScale());
  if (getBias())
    result = b.create<AddOp>(loc, result, getBias());
  replacements.append({result, moments.mean, inverse});
  return success();
}

//===----------------------------------------------------------------------===//
// GroupNormOp
//===----------------------------------------------------------------------===//

namespace {
/// Checks that `input` is a static [N, C, ...] tensor of rank >= 2.
LogicalResult checkChannelInput(std::optional<Location> loc, RankedTensorType type) {
  if (failed(requireStaticTensor(loc, type, "input")))
    return failure();
  if (type.getRank() < 2)
    return emitOptionalError(loc, "expected an input [N, C, ...] of rank >= 2, found rank ",
                             type.getRank());
  return success();
}
} // namespace

LogicalResult GroupNormOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                            Adaptor adaptor, SmallVectorImpl<Type> &types) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  if (failed(checkChannelInput(loc, inputType)))
    return failure();
  int64_t channels = inputType.getDimSize(1);
  int64_t groups = static_cast<int64_t>(adaptor.getNumGroups());
  if (groups < 1 || channels % groups != 0)
    return emitOptionalError(loc, "expected num_groups >= 1 dividing the ", channels,
                             " channels, found ", groups);
  auto channelType = RankedTensorType::get({channels}, inputType.getElementType());
  for (auto [name, operand] : {std::pair<StringRef, Value>{"scale", adaptor.getScale()},
                               {"bias", adaptor.getBias()}})
    if (operand.getType() != channelType)
      return emitOptionalError(loc, "expected ", name, " of type ", channelType,
                               " (one per channel of the input), found ", operand.getType());
  types.push_back(inputType);
  return success();
}

LogicalResult GroupNormOp::decompose(OpBuilder &b, SmallVectorImpl<Value> &replacements) {
  // [N, C, d...] as [N, G, C/G * d...]: each group a row of the last dim.
  Location loc = getLoc();
  auto type = cast<RankedTensorType>(getInput().getType());
  int64_t groups = static_cast<int64_t>(getNumGroups());
  int64_t batch = type.getDimSize(0);
  int64_t perGroup = type.getNumElements() / std::max<int64_t>(batch * groups, 1);
  Value grouped = reshapeTo(b, loc, getInput(), {batch, groups, perGroup});
  Moments moments = computeMoments(b, loc, grouped, {2});
  Value inverse = inverseDeviation(b, loc, moments.variance, getEpsilon().convertToFloat());
  Value normalized = reshapeTo(b, loc, b.create<MulOp>(loc, moments.centered, inverse),
                               type.getShape());
  ChannelNormBuilder bn(b, loc, getInput());
  replacements.push_back(bn.affine(normalized, getScale(), getBias()));
  return success();
}

//===----------------------------------------------------------------------===//
// LrnOp
//===----------------------------------------------------------------------===//

LogicalResult LrnOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                      Adaptor adaptor, SmallVectorImpl<Type> &types) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  if (failed(checkChannelInput(loc, inputType)))
    return failure();
  if (static_cast<int64_t>(adaptor.getSize()) < 1)
    return emitOptionalError(loc, "expected size >= 1, found ",
                             static_cast<int64_t>(adaptor.getSize()));
  types.push_back(inputType);
  return success();
}

LogicalResult LrnOp::decompose(OpBuilder &b, SmallVectorImpl<Value> &replacements) {
  // The window sum over channels is an average pool of the squares viewed
  // as [N, 1, C, d...] with a [size, 1] kernel and zero pads counted:
  // alpha / size * sum = alpha * that average.
  Location loc = getLoc();
  auto type = cast<RankedTensorType>(getInput().getType());
  int64_t size = static_cast<int64_t>(getSize());
  int64_t batch = type.getDimSize(0), channels = type.getDimSize(1);
  int64_t spatial = type.getNumElements() / std::max<int64_t>(batch * channels, 1);
  Value squares = b.create<MulOp>(loc, getInput(), getInput());
  Value view = reshapeTo(b, loc, squares, {batch, 1, channels, spatial});
  int64_t before = (size - 1) / 2;
  Value average = b.create<AveragePoolOp>(
      loc, ValueRange{view},
      ArrayRef<NamedAttribute>{
          b.getNamedAttr("kernel_shape", b.getDenseI64ArrayAttr({size, 1})),
          b.getNamedAttr("strides", b.getDenseI64ArrayAttr({1, 1})),
          b.getNamedAttr("pads", b.getDenseI64ArrayAttr({before, 0, size - 1 - before, 0})),
          b.getNamedAttr("ceil_mode", b.getBoolAttr(false)),
          b.getNamedAttr("count_include_pad", b.getBoolAttr(true))});
  Type element = type.getElementType();
  auto scalar = [&](const APFloat &value) {
    return createScalar(b, loc, element, value.convertToFloat());
  };
  Value base = b.create<AddOp>(loc, scalar(getBias()),
                               b.create<MulOp>(loc, average, scalar(getAlpha())));
  Value divisor = b.create<PowOp>(loc, base, scalar(getBeta()));
  replacements.push_back(
      b.create<DivOp>(loc, getInput(), reshapeTo(b, loc, divisor, type.getShape())));
  return success();
}

//===----------------------------------------------------------------------===//
// MeanVarianceNormOp
//===----------------------------------------------------------------------===//

namespace {
/// `axes` in [0, rank), sorted; an error if one is out of range or repeated.
FailureOr<SmallVector<int64_t>> normalizeAxes(std::optional<Location> loc,
                                              ArrayRef<int64_t> axes, int64_t rank) {
  SmallVector<int64_t> normalized;
  for (int64_t axis : axes) {
    FailureOr<int64_t> n = normalizeAxis(loc, axis, rank, "axis");
    if (failed(n))
      return failure();
    normalized.push_back(*n);
  }
  llvm::sort(normalized);
  auto repeated = std::adjacent_find(normalized.begin(), normalized.end());
  if (repeated != normalized.end())
    return emitOptionalError(loc, "expected distinct axes, found axis ", *repeated, " twice");
  return normalized;
}
} // namespace

LogicalResult MeanVarianceNormOp::inferReturnTypes(MLIRContext *ctx,
                                                   std::optional<Location> loc,
                                                   Adaptor adaptor,
                                                   SmallVectorImpl<Type> &types) {
  adaptor = withDefaultAttrs<MeanVarianceNormOp>(ctx, adaptor);
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  if (failed(requireStaticTensor(loc, inputType, "input")) ||
      failed(normalizeAxes(loc, adaptor.getAxes(), inputType.getRank())))
    return failure();
  types.push_back(inputType);
  return success();
}

LogicalResult MeanVarianceNormOp::decompose(OpBuilder &b,
                                            SmallVectorImpl<Value> &replacements) {
  Location loc = getLoc();
  auto type = cast<RankedTensorType>(getInput().getType());
  SmallVector<int64_t> axes = *normalizeAxes(loc, getAxes(), type.getRank());
  Moments moments = computeMoments(b, loc, getInput(), axes);
  // ONNX's epsilon is added to the deviation, not the variance.
  Value deviation = b.create<SqrtOp>(loc, moments.variance);
  Value divisor =
      b.create<AddOp>(loc, deviation, createScalar(b, loc, type.getElementType(), 1e-9));
  replacements.push_back(b.create<DivOp>(loc, moments.centered, divisor));
  return success();
}
