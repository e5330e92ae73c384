//===- StringImporters.cpp - ONNX string ops ------------------------------===//
// Cast and CastLike to and from STRING import with the other casts
// (ElementwiseImporters.cpp).
#include "compiler/import/NodeImporter.h"
#include "dialects/graph/DlcDialect.h"
#include "onnx/onnx_pb.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
// How many strings StringNormalizer keeps depends on their values: its
// result takes the type the model declares for it.
LogicalResult importStringNormalizer(NodeImporter &node) {
  FailureOr<NamedAttrList> attrs = node.odsAttributes<StringNormalizerOp>();
  if (failed(attrs))
    return failure();
  Value input = node.input(0);
  if (!input)
    return failure();
  if (!node.hasOutput(0))
    return node.emitError() << "expected an output";
  std::optional<RankedTensorType> declared = node.declaredOutputType(0);
  if (!declared)
    return node.emitError() << "the number of strings it keeps depends on their values; "
                               "declare the static shape of its output '"
                            << node.node().output(0) << "' (as a graph output or in value_info)";
  FailureOr<StringNormalizerOp> op =
      node.createTyped<StringNormalizerOp>(*declared, input, attrs->getAttrs());
  if (failed(op))
    return failure();
  return node.setOutput(0, *op);
}
} // namespace

void dlc::registerStringImporters(ImporterRegistry &registry) {
  registry.add("StringNormalizer", importStringNormalizer);
}
