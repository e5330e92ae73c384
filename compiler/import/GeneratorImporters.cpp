//===- GeneratorImporters.cpp - ConstantOfShape, Range, windows, NonZero --===//
//
// Ops that make a tensor from shapes and scalars known at compile time:
// their outputs are literals (shapes are static), so they import as
// dlc.constant and feed the shape arithmetic that folds during import.
// NonZero belongs here too: its output's shape depends on its input's
// values, so dlc supports it only where those are known.
//
//===----------------------------------------------------------------------===//
#include "compiler/import/NodeImporter.h"
#include "dialects/graph/DlcDialect.h"
#include "onnx/onnx_pb.h"

#include <array>
#include <cmath>

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
// Literal tensors past this many elements are refused: a model that asks
// for them at compile time is almost surely broken (or hostile).
constexpr int64_t kMaxLiteralElements = int64_t(1) << 26;

LogicalResult createLiteral(NodeImporter &node, DenseElementsAttr value) {
  return node.createOutputs<graph::ConstantOp>(
      {}, {node.builder().getNamedAttr("value", value)});
}

LogicalResult importConstantOfShape(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"value"})))
    return failure();
  FailureOr<SmallVector<int64_t>> shape = node.constantInts(0);
  if (failed(shape))
    return failure();
  int64_t count = 1;
  for (int64_t dim : *shape) {
    if (dim < 0)
      return node.emitError() << "expected dims >= 0, found " << dim;
    if (dim != 0 && count > kMaxLiteralElements / dim)
      return node.emitError() << "a literal of more than " << kMaxLiteralElements
                              << " elements is not supported";
    count *= dim;
  }
  OpBuilder &b = node.builder();
  Attribute element = b.getF32FloatAttr(0.0f);
  if (node.hasAttr("value")) {
    FailureOr<DenseElementsAttr> value = node.tensorAttr("value");
    if (failed(value))
      return failure();
    if (value->getNumElements() != 1)
      return node.emitError() << "expected a one-element 'value', found " << value->getType();
    element = *value->value_begin<Attribute>();
  }
  auto type = RankedTensorType::get(*shape, cast<TypedAttr>(element).getType());
  return createLiteral(node, DenseElementsAttr::get(type, element));
}

// start, start + delta, ... while before limit (ONNX Range).
LogicalResult importRange(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({})))
    return failure();
  SmallVector<DenseElementsAttr> scalars;
  for (int i = 0; i < 3; ++i) {
    FailureOr<DenseElementsAttr> value = node.constantInput(i);
    if (failed(value))
      return failure();
    if (value->getNumElements() != 1)
      return node.emitError() << "expected a scalar input " << i << ", found "
                              << value->getType();
    scalars.push_back(*value);
  }
  Type element = scalars[0].getElementType();
  if (scalars[1].getElementType() != element || scalars[2].getElementType() != element)
    return node.emitError() << "expected start, limit and delta of one type";
  auto read = [](DenseElementsAttr value) -> double {
    if (isa<FloatType>(value.getElementType()))
      return (*value.value_begin<APFloat>()).convertToDouble();
    return static_cast<double>((*value.value_begin<APInt>()).getSExtValue());
  };
  double start = read(scalars[0]), limit = read(scalars[1]), delta = read(scalars[2]);
  if (delta == 0 || !std::isfinite(start) || !std::isfinite(limit) || !std::isfinite(delta))
    return node.emitError() << "expected finite start and limit and a nonzero delta";
  double steps = std::max(std::ceil((limit - start) / delta), 0.0);
  if (steps > static_cast<double>(kMaxLiteralElements))
    return node.emitError() << "a range of more than " << kMaxLiteralElements
                            << " elements is not supported";
  int64_t count = static_cast<int64_t>(steps);
  auto type = RankedTensorType::get({count}, element);
  SmallVector<Attribute> values;
  OpBuilder &b = node.builder();
  for (int64_t i = 0; i < count; ++i) {
    double v = start + static_cast<double>(i) * delta;
    values.push_back(isa<FloatType>(element)
                         ? Attribute(b.getFloatAttr(element, v))
                         : Attribute(b.getIntegerAttr(element, static_cast<int64_t>(v))));
  }
  return createLiteral(node, DenseElementsAttr::get(type, values));
}

LogicalResult importSize(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({})))
    return failure();
  Value input = node.input(0);
  if (!input)
    return failure();
  OpBuilder &b = node.builder();
  int64_t count = cast<RankedTensorType>(input.getType()).getNumElements();
  return createLiteral(node, DenseElementsAttr::get(RankedTensorType::get({}, b.getI64Type()),
                                                    b.getI64IntegerAttr(count)));
}

// The positions of the nonzero elements, one column each in row-major order
// (ONNX NonZero): a [rank, count] int64 literal.
LogicalResult importNonZero(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({})))
    return failure();
  if (!node.hasInput(0))
    return node.emitError() << "input 0 is required but missing";
  std::optional<DenseElementsAttr> input = node.knownInput(0);
  if (!input)
    return node.emitError() << "the output shape depends on the values of input 0 ('"
                            << node.node().input(0)
                            << "'), which are not known at compile time; if it is a graph "
                               "input, bind it with --const-input "
                            << node.node().input(0) << "=FILE.pb";
  auto type = cast<RankedTensorType>(input->getType());
  SmallVector<bool> nonzero;
  if (isa<FloatType>(type.getElementType()))
    for (const APFloat &v : input->getValues<APFloat>())
      nonzero.push_back(!v.isZero());
  else
    for (const APInt &v : input->getValues<APInt>())
      nonzero.push_back(!v.isZero());
  SmallVector<int64_t> positions;
  for (auto [i, isNonzero] : llvm::enumerate(nonzero))
    if (isNonzero)
      positions.push_back(static_cast<int64_t>(i));
  int64_t rank = type.getRank(), count = positions.size();
  // Row d holds dim d of each position's multi-index.
  SmallVector<int64_t> values(rank * count);
  for (auto [column, position] : llvm::enumerate(positions)) {
    int64_t rest = position;
    for (int64_t d = rank - 1; d >= 0; --d) {
      values[d * count + column] = rest % type.getDimSize(d);
      rest /= type.getDimSize(d);
    }
  }
  OpBuilder &b = node.builder();
  return createLiteral(node, DenseElementsAttr::get(
                                 RankedTensorType::get({rank, count}, b.getI64Type()),
                                 ArrayRef<int64_t>(values)));
}
// Ones on the k-th diagonal of a 2-D tensor shaped like the input: the
// input's values never matter, so the output is a literal (and the input
// takes no gradient).
LogicalResult importEyeLike(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"dtype", "k"})))
    return failure();
  Value input = node.input(0);
  if (!input)
    return failure();
  auto inputType = cast<RankedTensorType>(input.getType());
  if (inputType.getRank() != 2)
    return node.emitError() << "expected a 2-D input, found " << inputType;
  Type element = inputType.getElementType();
  if (node.hasAttr("dtype")) {
    FailureOr<Type> given = node.elementTypeAttr("dtype", 0);
    if (failed(given))
      return failure();
    element = *given;
  }
  int64_t rows = inputType.getDimSize(0), columns = inputType.getDimSize(1);
  if (rows * columns > kMaxLiteralElements)
    return node.emitError() << "a literal of more than " << kMaxLiteralElements
                            << " elements is not supported";
  int64_t k = node.intAttr("k", 0);
  OpBuilder &b = node.builder();
  auto value = [&](bool one) -> Attribute {
    if (isa<FloatType>(element))
      return b.getFloatAttr(element, one ? 1.0 : 0.0);
    return b.getIntegerAttr(element, one ? 1 : 0);
  };
  SmallVector<Attribute> values;
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < columns; ++j)
      values.push_back(value(j - i == k));
  return createLiteral(node,
                       DenseElementsAttr::get(RankedTensorType::get({rows, columns}, element),
                                              values));
}
/// A window function's cosine terms: w[n] = sum_k a[k] cos(2 pi k n / N),
/// signs folded into a.
using CosineTerms = std::array<double, 3>;

// HannWindow, HammingWindow and BlackmanWindow (opset 17): a literal of
// `size` (a compile-time scalar) values; N is size with `periodic`, else
// size - 1.
LogicalResult importWindow(NodeImporter &node, CosineTerms terms) {
  if (failed(node.rejectUnknownAttrs({"output_datatype", "periodic"})))
    return failure();
  FailureOr<DenseElementsAttr> sizeLiteral = node.constantInput(0);
  if (failed(sizeLiteral))
    return failure();
  if (sizeLiteral->getNumElements() != 1 || !isa<IntegerType>(sizeLiteral->getElementType()))
    return node.emitError() << "expected an integer scalar size, found "
                            << sizeLiteral->getType();
  int64_t size = (*sizeLiteral->value_begin<APInt>()).getSExtValue();
  if (size < 0 || size > kMaxLiteralElements)
    return node.emitError() << "expected a size in [0, " << kMaxLiteralElements << "], found "
                            << size;
  FailureOr<bool> periodic = node.flagAttr("periodic", true);
  if (failed(periodic))
    return failure();
  FailureOr<Type> element = node.elementTypeAttr("output_datatype", onnx::TensorProto::FLOAT);
  if (failed(element))
    return failure();
  double period = static_cast<double>(*periodic ? size : size - 1);
  OpBuilder &b = node.builder();
  SmallVector<Attribute> values;
  for (int64_t n = 0; n < size; ++n) {
    double angle = period > 0 ? 2 * M_PI * static_cast<double>(n) / period : 0.0;
    double w = terms[0] + terms[1] * std::cos(angle) + terms[2] * std::cos(2 * angle);
    values.push_back(isa<FloatType>(*element)
                         ? Attribute(b.getFloatAttr(*element, w))
                         : Attribute(b.getIntegerAttr(*element, static_cast<int64_t>(w))));
  }
  return createLiteral(node,
                       DenseElementsAttr::get(RankedTensorType::get({size}, *element), values));
}
} // namespace

void dlc::registerGeneratorImporters(ImporterRegistry &registry) {
  registry.add("ConstantOfShape", importConstantOfShape, /*constantOperands=*/{0});
  registry.add("Range", importRange, /*constantOperands=*/{0, 1, 2});
  registry.add("Size", importSize);
  registry.add("EyeLike", importEyeLike);
  registry.add(
      "HannWindow",
      [](NodeImporter &node) { return importWindow(node, {0.5, -0.5, 0.0}); },
      /*constantOperands=*/{0});
  registry.add(
      "HammingWindow",
      [](NodeImporter &node) { return importWindow(node, {25.0 / 46, -21.0 / 46, 0.0}); },
      /*constantOperands=*/{0});
  registry.add(
      "BlackmanWindow",
      [](NodeImporter &node) { return importWindow(node, {0.42, -0.5, 0.08}); },
      /*constantOperands=*/{0});
  registry.add("NonZero", importNonZero, /*constantOperands=*/{0});
}
