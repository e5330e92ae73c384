//===- NormalizationOps.cpp - batch norm, dropout and random numbers ------===//
#include "dialects/graph/DlcDialect.h"
#include "dialects/graph/GradientUtils.h"
#include "dialects/graph/TypeInference.h"

#include "mlir/IR/Builders.h"

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

/// Batch-normalization arithmetic in dlc ops, for an input [N, C, d...]:
/// per-channel operands [C] are viewed as [1, C, 1, ...] ("channel" shape)
/// and statistics reduce over every dim but 1.
class BatchNormBuilder {
public:
  BatchNormBuilder(OpBuilder &b, Location loc, Value input) : b(b), loc(loc), input(input) {
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
  Value channelSum(Value value) {
    return b.create<ReduceSumOp>(loc, value, b.getDenseI64ArrayAttr(axes), b.getBoolAttr(true));
  }
  Value channelMean(Value value) { return b.create<DivOp>(loc, channelSum(value), scalar(count)); }

  Value scalar(double value) { return createScalar(b, loc, element, value); }

  /// 1 / sqrt(var + epsilon).
  Value inverseDeviation(Value var, float epsilon) {
    Value deviation = b.create<SqrtOp>(loc, b.create<AddOp>(loc, var, scalar(epsilon)));
    return b.create<DivOp>(loc, scalar(1.0), deviation);
  }

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

/// The batch statistics of a training-mode batch norm: the centered input,
/// the per-channel biased variance and 1 / sqrt(variance + epsilon).
struct BatchStatistics {
  Value mean, centered, variance, inverseDeviation;
};

BatchStatistics batchStatistics(BatchNormBuilder &bn, OpBuilder &b, Location loc, Value x,
                                float epsilon) {
  BatchStatistics stats;
  stats.mean = bn.channelMean(x);
  stats.centered = b.create<SubOp>(loc, x, stats.mean);
  stats.variance = bn.channelMean(b.create<MulOp>(loc, stats.centered, stats.centered));
  stats.inverseDeviation = bn.inverseDeviation(stats.variance, epsilon);
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
  BatchNormBuilder bn(b, loc, getInput());
  Value centered = b.create<SubOp>(loc, getInput(), bn.toChannel(getMean()));
  Value inverse = bn.inverseDeviation(bn.toChannel(getVar()), getEpsilon().convertToFloat());
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
  BatchNormBuilder bn(b, loc, getInput());
  Value inverse = bn.inverseDeviation(bn.toChannel(getVar()), getEpsilon().convertToFloat());
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
  BatchNormBuilder bn(b, loc, getInput());
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
  BatchNormBuilder bn(b, loc, getInput());
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
