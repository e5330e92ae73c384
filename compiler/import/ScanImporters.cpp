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

LogicalResult importCumSum(NodeImporter &node) {
  FailureOr<NamedAttrList> attrs = node.odsAttributes<CumSumOp>({}, /*derived=*/{"axis"});
  if (failed(attrs))
    return failure();
  Value input = node.input(0);
  if (!input)
    return failure();
  FailureOr<int64_t> axis = constantScalar(node, 1, "axis");
  if (failed(axis))
    return failure();
  attrs->set("axis", node.builder().getI64IntegerAttr(*axis));
  return node.createOutputs<CumSumOp>(input, attrs->getAttrs());
}

LogicalResult importTrilu(NodeImporter &node) {
  FailureOr<NamedAttrList> attrs = node.odsAttributes<TriluOp>({}, /*derived=*/{"k"});
  if (failed(attrs))
    return failure();
  Value input = node.input(0);
  if (!input)
    return failure();
  if (node.hasInput(1)) {
    FailureOr<int64_t> k = constantScalar(node, 1, "k");
    if (failed(k))
      return failure();
    attrs->set("k", node.builder().getI64IntegerAttr(*k));
  }
  return node.createOutputs<TriluOp>(input, attrs->getAttrs());
}

LogicalResult importTopK(NodeImporter &node) {
  FailureOr<NamedAttrList> attrs = node.odsAttributes<TopKOp>({}, /*derived=*/{"k"});
  if (failed(attrs))
    return failure();
  Value input = node.input(0);
  if (!input)
    return failure();
  FailureOr<int64_t> k = constantScalar(node, 1, "k");
  if (failed(k))
    return failure();
  if (*k < 0)
    return node.emitError() << "expected a k of 0 or more, found " << *k;
  attrs->set("k", node.builder().getI64IntegerAttr(*k));
  return node.createOutputs<TopKOp>(input, attrs->getAttrs());
}

LogicalResult importOneHot(NodeImporter &node) {
  FailureOr<NamedAttrList> attrs = node.odsAttributes<OneHotOp>({}, /*derived=*/{"depth"});
  if (failed(attrs))
    return failure();
  Value indices = node.input(0);
  Value values = node.input(2);
  if (!indices || !values)
    return failure();
  FailureOr<int64_t> depth = constantScalar(node, 1, "depth");
  if (failed(depth))
    return failure();
  attrs->set("depth", node.builder().getI64IntegerAttr(*depth));
  return node.createOutputs<OneHotOp>(ValueRange{indices, values}, attrs->getAttrs());
}
} // namespace

void dlc::registerScanImporters(ImporterRegistry &registry) {
  registry.add("CumSum", importCumSum, /*constantOperands=*/{1});
  registry.add("Trilu", importTrilu, /*constantOperands=*/{1});
  registry.add("TopK", importTopK, /*constantOperands=*/{1});
  registry.add("OneHot", importOneHot, /*constantOperands=*/{1});
}
