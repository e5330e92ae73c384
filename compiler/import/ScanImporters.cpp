//===- ScanImporters.cpp - CumSum, Trilu, TopK and OneHot -----------------===//
#include "compiler/import/NodeImporter.h"
#include "dialects/graph/DlcDialect.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
// The one value of input `i`, a compile-time literal of any numeric type
// (CumSum's axis, Trilu's k, TopK's k, OneHot's depth); floats are
// truncated, as ONNX does OneHot's depth.
FailureOr<int64_t> constantScalar(NodeImporter &node, int i, StringRef what) {
  FailureOr<DenseElementsAttr> literal = node.constantInput(i);
  if (failed(literal))
    return failure();
  if (literal->getNumElements() != 1)
    return node.emitError() << "expected one value for " << what << ", found "
                            << literal->getNumElements();
  if (isa<FloatType>(literal->getElementType()))
    return static_cast<int64_t>((*literal->getValues<APFloat>().begin()).convertToDouble());
  APInt value = *literal->getValues<APInt>().begin();
  return literal->getElementType().isUnsignedInteger()
             ? static_cast<int64_t>(value.getZExtValue())
             : value.getSExtValue();
}

FailureOr<bool> flagAttr(NodeImporter &node, StringRef name, int64_t defaultValue) {
  int64_t flag = node.intAttr(name, defaultValue);
  if (flag != 0 && flag != 1)
    return node.emitError() << "expected " << name << " 0 or 1, found " << flag;
  return flag == 1;
}

LogicalResult importCumSum(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"exclusive", "reverse"})))
    return failure();
  Value input = node.input(0);
  if (!input)
    return failure();
  FailureOr<int64_t> axis = constantScalar(node, 1, "axis");
  FailureOr<bool> exclusive = flagAttr(node, "exclusive", 0);
  FailureOr<bool> reverse = flagAttr(node, "reverse", 0);
  if (failed(axis) || failed(exclusive) || failed(reverse))
    return failure();
  OpBuilder &b = node.builder();
  return node.createOutputs<CumSumOp>(
      input, {b.getNamedAttr("axis", b.getI64IntegerAttr(*axis)),
              b.getNamedAttr("exclusive", b.getBoolAttr(*exclusive)),
              b.getNamedAttr("reverse", b.getBoolAttr(*reverse))});
}

LogicalResult importTrilu(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"upper"})))
    return failure();
  Value input = node.input(0);
  if (!input)
    return failure();
  FailureOr<bool> upper = flagAttr(node, "upper", 1);
  if (failed(upper))
    return failure();
  int64_t k = 0;
  if (node.hasInput(1)) {
    FailureOr<int64_t> given = constantScalar(node, 1, "k");
    if (failed(given))
      return failure();
    k = *given;
  }
  OpBuilder &b = node.builder();
  return node.createOutputs<TriluOp>(input, {b.getNamedAttr("k", b.getI64IntegerAttr(k)),
                                             b.getNamedAttr("upper", b.getBoolAttr(*upper))});
}

LogicalResult importTopK(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"axis", "largest", "sorted"})))
    return failure();
  Value input = node.input(0);
  if (!input)
    return failure();
  FailureOr<int64_t> k = constantScalar(node, 1, "k");
  FailureOr<bool> largest = flagAttr(node, "largest", 1);
  FailureOr<bool> sorted = flagAttr(node, "sorted", 1);
  if (failed(k) || failed(largest) || failed(sorted))
    return failure();
  if (*k < 0)
    return node.emitError() << "expected a k of 0 or more, found " << *k;
  OpBuilder &b = node.builder();
  return node.createOutputs<TopKOp>(
      input, {b.getNamedAttr("k", b.getI64IntegerAttr(*k)),
              b.getNamedAttr("axis", b.getI64IntegerAttr(node.intAttr("axis", -1))),
              b.getNamedAttr("largest", b.getBoolAttr(*largest)),
              b.getNamedAttr("sorted", b.getBoolAttr(*sorted))});
}

LogicalResult importOneHot(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"axis"})))
    return failure();
  Value indices = node.input(0);
  Value values = node.input(2);
  if (!indices || !values)
    return failure();
  FailureOr<int64_t> depth = constantScalar(node, 1, "depth");
  if (failed(depth))
    return failure();
  OpBuilder &b = node.builder();
  return node.createOutputs<OneHotOp>(
      ValueRange{indices, values},
      {b.getNamedAttr("depth", b.getI64IntegerAttr(*depth)),
       b.getNamedAttr("axis", b.getI64IntegerAttr(node.intAttr("axis", -1)))});
}
} // namespace

void dlc::registerScanImporters(ImporterRegistry &registry) {
  registry.add("CumSum", importCumSum, /*constantOperands=*/{1});
  registry.add("Trilu", importTrilu, /*constantOperands=*/{1});
  registry.add("TopK", importTopK, /*constantOperands=*/{1});
  registry.add("OneHot", importOneHot, /*constantOperands=*/{1});
}
