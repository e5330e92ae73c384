//===- ResizeImporters.cpp - ONNX Resize and Upsample ---------------------===//
//
// With static shapes and literal scales or sizes, a resize is separable and
// every output position's source positions and weights are known at compile
// time. Each resized axis becomes one op: a dlc.gather of the chosen
// positions for `nearest`, a dlc.matmul with the [out, in] interpolation
// matrix for `linear` and `cubic` (antialiased or not). Both have gradients,
// so resizes train, and the backend sees ops it already fuses and tiles.
// The weights follow ONNX's reference implementation: the n nearest source
// positions of the mapped coordinate (the smaller ones on ties), clamped to
// the edge, or dropped and renormalized with exclude_outside.
//
//===----------------------------------------------------------------------===//
#include "compiler/import/NodeImporter.h"
#include "dialects/graph/DlcDialect.h"
#include "dialects/graph/GradientUtils.h"

#include <cmath>

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
struct ResizeAttrs {
  std::string mode = "nearest";
  std::string coordinates = "half_pixel";
  std::string nearestMode = "round_prefer_floor";
  double cubicA = -0.75;
  bool excludeOutside = false;
  bool antialias = false;
  double extrapolation = 0.0;
};

/// One axis's resize: `in` source positions to `out`, `scale` as ONNX's
/// coordinate transformations use it, and the crop box of tf_crop_and_resize.
struct AxisResize {
  int64_t in, out;
  double scale;
  double roiStart = 0, roiEnd = 1;
};

// The source coordinate of output position `o`, or nullopt outside the crop
// box of tf_crop_and_resize (where the output is extrapolation_value).
std::optional<double> sourceCoordinate(const ResizeAttrs &attrs, const AxisResize &axis,
                                       int64_t o) {
  double x = static_cast<double>(o);
  double in = static_cast<double>(axis.in);
  double outWidth = axis.scale * in;
  const std::string &mode = attrs.coordinates;
  if (mode == "align_corners")
    return outWidth == 1 ? 0.0 : x * (in - 1) / (outWidth - 1);
  if (mode == "asymmetric")
    return x / axis.scale;
  if (mode == "tf_half_pixel_for_nn") // opsets 11-12
    return (x + 0.5) / axis.scale;
  if (mode == "pytorch_half_pixel")
    return outWidth == 1 ? -0.5 : (x + 0.5) / axis.scale - 0.5;
  if (mode == "half_pixel_symmetric") {
    double adjustment = static_cast<double>(axis.out) / outWidth;
    double center = in / 2;
    return center * (1 - adjustment) + (x + 0.5) / axis.scale - 0.5;
  }
  if (mode == "tf_crop_and_resize") {
    double span = (axis.roiEnd - axis.roiStart) * (in - 1);
    double source = outWidth == 1 ? span / 2 : x * span / (outWidth - 1);
    source += axis.roiStart * (in - 1);
    if (source < 0 || source > in - 1)
      return std::nullopt;
    return source;
  }
  return (x + 0.5) / axis.scale - 0.5; // half_pixel
}

double cubicKernel(double x, double a) {
  x = std::fabs(x);
  if (x <= 1)
    return ((a + 2) * x - (a + 3)) * x * x + 1;
  if (x < 2)
    return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a;
  return 0;
}

// The weights of the source positions around a coordinate whose distance
// past the lower neighbour is `ratio` (in (0, 1]), lowest position first.
SmallVector<double> coefficients(const ResizeAttrs &attrs, double ratio, double scale) {
  if (attrs.mode == "nearest") {
    bool upper;
    if (ratio == 1 || attrs.nearestMode == "ceil")
      upper = true;
    else if (attrs.nearestMode == "floor")
      upper = false;
    else if (attrs.nearestMode == "round_prefer_ceil")
      upper = ratio >= 0.5;
    else
      upper = ratio > 0.5;
    return {upper ? 0.0 : 1.0, upper ? 1.0 : 0.0};
  }
  // Antialiasing stretches the kernel by 1 / scale when downsampling.
  double stretch = attrs.antialias ? std::min(scale, 1.0) : 1.0;
  int64_t support = attrs.mode == "linear" ? 1 : 2;
  int64_t start = static_cast<int64_t>(std::floor(-support / stretch)) + 1;
  SmallVector<double> weights;
  double sum = 0;
  for (int64_t i = start; i < 1 - start + 1; ++i) {
    double distance = (i - ratio) * stretch;
    double w = attrs.mode == "linear" ? std::max(0.0, 1 - std::fabs(distance))
                                      : cubicKernel(distance, attrs.cubicA);
    weights.push_back(w);
    sum += w;
  }
  if (attrs.antialias)
    for (double &w : weights)
      w /= sum;
  return weights;
}

// Row o of the result: the weight of each of the `in` source positions
// (std::nullopt for an extrapolated position).
std::optional<SmallVector<double>> interpolationRow(const ResizeAttrs &attrs,
                                                    const AxisResize &axis, int64_t o) {
  std::optional<double> source = sourceCoordinate(attrs, axis, o);
  if (!source)
    return std::nullopt;
  double lower = std::floor(*source);
  double ratio = *source - lower;
  // An integer coordinate counts as the upper neighbour at ratio 1.
  if (ratio == 0) {
    ratio = 1;
    lower -= 1;
  }
  SmallVector<double> weights = coefficients(attrs, ratio, axis.scale);
  int64_t n = weights.size();
  int64_t first = static_cast<int64_t>(lower) - (n / 2 - 1);
  SmallVector<double> row(axis.in, 0.0);
  double kept = 0;
  for (int64_t j = 0; j < n; ++j) {
    int64_t position = first + j;
    if (attrs.excludeOutside && (position < 0 || position >= axis.in))
      continue;
    row[std::clamp<int64_t>(position, 0, axis.in - 1)] += weights[j];
    kept += weights[j];
  }
  if (attrs.excludeOutside && kept != 0)
    for (double &w : row)
      w /= kept;
  return row;
}

class ResizeImporter {
public:
  explicit ResizeImporter(NodeImporter &node) : node(node), b(node.builder()) {}

  LogicalResult importResize() {
    if (failed(node.rejectUnknownAttrs(
            {"antialias", "axes", "coordinate_transformation_mode", "cubic_coeff_a",
             "exclude_outside", "extrapolation_value", "keep_aspect_ratio_policy", "mode",
             "nearest_mode"})))
      return failure();
    attrs.mode = node.stringAttr("mode", "nearest");
    if (node.opset() < 11) {
      // Resize-10 is Upsample-9 under a new name.
      attrs.coordinates = "asymmetric";
      attrs.nearestMode = "floor";
    } else {
      attrs.coordinates = node.stringAttr("coordinate_transformation_mode", "half_pixel");
      attrs.nearestMode = node.stringAttr("nearest_mode", "round_prefer_floor");
    }
    attrs.cubicA = node.floatAttr("cubic_coeff_a", -0.75f);
    attrs.excludeOutside = node.intAttr("exclude_outside", 0) != 0;
    attrs.antialias = node.intAttr("antialias", 0) != 0;
    attrs.extrapolation = node.floatAttr("extrapolation_value", 0.0f);
    if (failed(checkAttrs()) || failed(readInput()))
      return failure();

    std::optional<SmallVector<int64_t>> axes = node.intsAttr("axes");
    SmallVector<int64_t> resized = axes ? *axes : llvm::to_vector(llvm::seq<int64_t>(0, rank));
    for (int64_t &axis : resized) {
      if (axis < -rank || axis >= rank)
        return node.emitError() << "axis " << axis << " is out of range for rank " << rank;
      axis = axis < 0 ? axis + rank : axis;
    }
    int scalesInput = node.opset() < 11 ? 1 : 2;
    int sizesInput = scalesInput + 1;
    bool hasScales = node.hasInput(scalesInput) && !isEmptyTensor(scalesInput);
    bool hasSizes = node.opset() >= 11 && node.hasInput(sizesInput);
    if (hasScales == hasSizes)
      return node.emitError() << "expected exactly one of 'scales' and 'sizes'";
    if (hasScales ? failed(readScales(scalesInput, resized)) : failed(readSizes(sizesInput, resized)))
      return failure();
    if (attrs.coordinates == "tf_crop_and_resize" && failed(readRoi(resized)))
      return failure();
    return emit();
  }

  // Upsample (opsets 7-9): scales as an attribute (7) or an input (9),
  // asymmetric coordinates, and the floor for nearest.
  LogicalResult importUpsample() {
    if (failed(node.rejectUnknownAttrs({"mode", "scales"})))
      return failure();
    attrs.mode = node.stringAttr("mode", "nearest");
    attrs.coordinates = "asymmetric";
    attrs.nearestMode = "floor";
    if (attrs.mode == "bilinear")
      attrs.mode = "linear";
    if (failed(checkAttrs()) || failed(readInput()))
      return failure();
    SmallVector<int64_t> all = llvm::to_vector(llvm::seq<int64_t>(0, rank));
    if (node.hasInput(1))
      return failed(readScales(1, all)) ? failure() : emit();
    SmallVector<float> scales = node.floatsAttr("scales");
    if (failed(applyScales(SmallVector<double>(scales.begin(), scales.end()), all)))
      return failure();
    return emit();
  }

private:
  LogicalResult checkAttrs() {
    if (!llvm::is_contained({"nearest", "linear", "cubic"}, attrs.mode))
      return node.emitError() << "expected mode nearest, linear or cubic, found '" << attrs.mode
                              << "'";
    if (!llvm::is_contained({"half_pixel", "half_pixel_symmetric", "pytorch_half_pixel",
                             "align_corners", "asymmetric", "tf_crop_and_resize",
                             "tf_half_pixel_for_nn"},
                            attrs.coordinates))
      return node.emitError() << "unknown coordinate_transformation_mode '"
                              << attrs.coordinates << "'";
    if (!llvm::is_contained({"round_prefer_floor", "round_prefer_ceil", "floor", "ceil"},
                            attrs.nearestMode))
      return node.emitError() << "unknown nearest_mode '" << attrs.nearestMode << "'";
    return success();
  }

  LogicalResult readInput() {
    input = node.input(0);
    if (!input)
      return failure();
    type = cast<RankedTensorType>(input.getType());
    if (!type.hasStaticShape())
      return node.emitError() << "expected an input of static shape, found " << type;
    if (attrs.mode != "nearest" && !isa<FloatType>(type.getElementType()))
      return node.emitError() << attrs.mode << " interpolation needs a float input, found "
                              << type;
    rank = type.getRank();
    for (int64_t dim : type.getShape())
      axes.push_back(AxisResize{dim, dim, 1.0});
    return success();
  }

  bool isEmptyTensor(int i) {
    std::optional<DenseElementsAttr> value = node.knownInput(i);
    return value && value->getNumElements() == 0;
  }

  LogicalResult readScales(int i, ArrayRef<int64_t> resized) {
    FailureOr<DenseElementsAttr> literal = node.constantInput(i);
    if (failed(literal))
      return failure();
    if (!isa<FloatType>(literal->getElementType()))
      return node.emitError() << "expected float scales, found " << literal->getType();
    SmallVector<double> scales;
    for (const APFloat &scale : literal->getValues<APFloat>())
      scales.push_back(scale.convertToDouble());
    return applyScales(scales, resized);
  }

  LogicalResult applyScales(ArrayRef<double> scales, ArrayRef<int64_t> resized) {
    if (scales.size() != resized.size())
      return node.emitError() << "expected " << resized.size() << " scales, found "
                              << scales.size();
    for (auto [axis, scale] : llvm::zip(resized, scales)) {
      // Scales are float32 in the model; ONNX sizes the output in float64.
      double size = static_cast<double>(static_cast<float>(scale)) * axes[axis].in;
      if (!(scale > 0) || !(size >= 1) || size > static_cast<double>(INT32_MAX))
        return node.emitError() << "scale " << scale << " gives no valid output size for axis "
                                << axis << " of size " << axes[axis].in;
      axes[axis].scale = static_cast<float>(scale);
      axes[axis].out = static_cast<int64_t>(size);
    }
    return success();
  }

  LogicalResult readSizes(int i, ArrayRef<int64_t> resized) {
    FailureOr<DenseElementsAttr> literal = node.constantInput(i);
    if (failed(literal))
      return failure();
    if (!literal->getElementType().isInteger(64) ||
        literal->getNumElements() != static_cast<int64_t>(resized.size()))
      return node.emitError() << "expected " << resized.size() << " int64 sizes, found "
                              << literal->getType();
    SmallVector<int64_t> sizes;
    for (const APInt &size : literal->getValues<APInt>()) {
      if (size.getSExtValue() < 1 || size.getSExtValue() > INT32_MAX)
        return node.emitError() << "expected sizes >= 1, found " << size.getSExtValue();
      sizes.push_back(size.getSExtValue());
    }
    std::string policy = node.stringAttr("keep_aspect_ratio_policy", "stretch");
    if (!llvm::is_contained({"stretch", "not_larger", "not_smaller"}, policy))
      return node.emitError() << "unknown keep_aspect_ratio_policy '" << policy << "'";
    if (policy != "stretch") {
      // One scale for every resized axis: the largest that fits, or the
      // smallest that covers.
      double common = policy == "not_larger" ? INFINITY : 0;
      for (auto [axis, size] : llvm::zip(resized, sizes)) {
        double ratio = static_cast<double>(size) / axes[axis].in;
        common = policy == "not_larger" ? std::min(common, ratio) : std::max(common, ratio);
      }
      for (auto [axis, size] : llvm::zip(resized, sizes))
        size = std::max<int64_t>(1, std::llround(common * axes[axis].in));
    }
    for (auto [axis, size] : llvm::zip(resized, sizes)) {
      axes[axis].out = size;
      axes[axis].scale = static_cast<double>(size) / axes[axis].in;
    }
    return success();
  }

  LogicalResult readRoi(ArrayRef<int64_t> resized) {
    if (!node.hasInput(1))
      return node.emitError() << "tf_crop_and_resize needs a roi";
    FailureOr<DenseElementsAttr> literal = node.constantInput(1);
    if (failed(literal))
      return failure();
    if (!isa<FloatType>(literal->getElementType()) ||
        literal->getNumElements() != 2 * static_cast<int64_t>(resized.size()))
      return node.emitError() << "expected a float roi of " << 2 * resized.size()
                              << " values, found " << literal->getType();
    SmallVector<double> roi;
    for (const APFloat &value : literal->getValues<APFloat>())
      roi.push_back(value.convertToDouble());
    for (size_t i = 0; i < resized.size(); ++i) {
      axes[resized[i]].roiStart = roi[i];
      axes[resized[i]].roiEnd = roi[resized.size() + i];
    }
    return success();
  }

  // Every coordinate transformation maps a same-size axis onto itself.
  bool isIdentity(const AxisResize &axis) {
    return axis.in == axis.out && axis.scale == 1.0 && attrs.coordinates != "tf_crop_and_resize";
  }

  LogicalResult emit() {
    Value result = input;
    for (int64_t axis = 0; axis < rank; ++axis) {
      const AxisResize &resize = axes[axis];
      if (isIdentity(resize))
        continue;
      result = attrs.mode == "nearest" ? gatherNearest(result, axis, resize)
                                       : interpolate(result, axis, resize);
      if (!result)
        return failure();
    }
    return node.setOutputs(result);
  }

  Value gatherNearest(Value value, int64_t axis, const AxisResize &resize) {
    SmallVector<int64_t> indices;
    bool extrapolated = false;
    for (int64_t o = 0; o < resize.out; ++o) {
      std::optional<SmallVector<double>> row = interpolationRow(attrs, resize, o);
      if (!row) {
        extrapolated = true;
        indices.push_back(0);
        continue;
      }
      indices.push_back(llvm::find(*row, 1.0) - row->begin());
    }
    auto indexType = RankedTensorType::get({resize.out}, b.getI64Type());
    Value gathered = b.create<GatherOp>(
        node.loc(), value,
        b.create<ConstantOp>(node.loc(), DenseElementsAttr::get(indexType, ArrayRef(indices))),
        b.getI64IntegerAttr(axis));
    return extrapolated ? withExtrapolation(gathered, axis, resize) : gathered;
  }

  // value viewed as [before, in, after]; the [out, in] matrix times it
  // broadcasts over `before`.
  Value interpolate(Value value, int64_t axis, const AxisResize &resize) {
    auto valueType = cast<RankedTensorType>(value.getType());
    Type elementType = valueType.getElementType();
    SmallVector<Attribute> weights;
    for (int64_t o = 0; o < resize.out; ++o) {
      std::optional<SmallVector<double>> row = interpolationRow(attrs, resize, o);
      for (int64_t i = 0; i < resize.in; ++i)
        weights.push_back(b.getFloatAttr(elementType, row ? (*row)[i] : 0.0));
    }
    auto matrixType = RankedTensorType::get({resize.out, resize.in}, elementType);
    Value matrix = b.create<ConstantOp>(node.loc(), DenseElementsAttr::get(matrixType, weights));
    ArrayRef<int64_t> shape = valueType.getShape();
    int64_t before = 1, after = 1;
    for (int64_t d = 0; d < axis; ++d)
      before *= shape[d];
    for (int64_t d = axis + 1; d < rank; ++d)
      after *= shape[d];
    Location loc = node.loc();
    Value view = reshapeTo(b, loc, value, {before, resize.in, after});
    Value product = b.create<MatMulOp>(loc, matrix, view);
    SmallVector<int64_t> resultShape(shape);
    resultShape[axis] = resize.out;
    Value result = reshapeTo(b, loc, product, resultShape);
    bool extrapolated = false;
    for (int64_t o = 0; o < resize.out && !extrapolated; ++o)
      extrapolated = !sourceCoordinate(attrs, resize, o);
    return extrapolated ? withExtrapolation(result, axis, resize) : result;
  }

  // extrapolation_value where tf_crop_and_resize's box leaves the input.
  Value withExtrapolation(Value value, int64_t axis, const AxisResize &resize) {
    SmallVector<bool> outside;
    for (int64_t o = 0; o < resize.out; ++o)
      outside.push_back(!sourceCoordinate(attrs, resize, o));
    SmallVector<int64_t> maskShape(rank - axis, 1);
    maskShape[0] = resize.out;
    auto maskType = RankedTensorType::get(maskShape, b.getI1Type());
    Location loc = node.loc();
    Value mask = b.create<ConstantOp>(loc, DenseElementsAttr::get(maskType, ArrayRef(outside)));
    Type elementType = cast<RankedTensorType>(value.getType()).getElementType();
    return b.create<WhereOp>(loc, mask, createScalar(b, loc, elementType, attrs.extrapolation),
                             value);
  }

  NodeImporter &node;
  OpBuilder &b;
  ResizeAttrs attrs;
  Value input;
  RankedTensorType type;
  int64_t rank = 0;
  SmallVector<AxisResize> axes;
};
} // namespace

void dlc::registerResizeImporters(ImporterRegistry &registry) {
  registry.add(
      "Resize", [](NodeImporter &node) { return ResizeImporter(node).importResize(); },
      /*constantOperands=*/{1, 2, 3});
  registry.add(
      "Upsample", [](NodeImporter &node) { return ResizeImporter(node).importUpsample(); },
      /*constantOperands=*/{1});
}
