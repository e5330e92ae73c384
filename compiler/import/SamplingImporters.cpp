//===- SamplingImporters.cpp - ONNX GridSample ----------------------------===//
#include "compiler/import/NodeImporter.h"
#include "dialects/graph/DlcDialect.h"

#include "onnx/onnx_pb.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
// Opset 20 renamed the modes bilinear and bicubic to linear and cubic (and
// allowed N-D images, which dlc.grid_sample's verifier refuses).
LogicalResult importGridSample(NodeImporter &node) {
  FailureOr<NamedAttrList> attrs = node.odsAttributes<GridSampleOp>();
  if (failed(attrs))
    return failure();
  if (auto mode = attrs->get("mode")) {
    StringRef name = cast<StringAttr>(mode).getValue();
    bool renamed = node.opset() >= 20;
    if ((name == "bilinear" || name == "bicubic") && renamed)
      return node.emitError() << "mode '" << name << "' is spelled '"
                              << (name == "bilinear" ? "linear" : "cubic") << "' from opset 20";
    if ((name == "linear" || name == "cubic") && !renamed)
      return node.emitError() << "mode '" << name << "' is spelled '"
                              << (name == "linear" ? "bilinear" : "bicubic")
                              << "' before opset 20";
    if (name == "linear" || name == "cubic")
      attrs->set("mode", node.builder().getStringAttr(name == "linear" ? "bilinear" : "bicubic"));
  }
  FailureOr<SmallVector<Value>> inputs = node.inputs(2);
  if (failed(inputs))
    return failure();
  return node.createOutputs<GridSampleOp>(*inputs, attrs->getAttrs());
}
} // namespace

void dlc::registerSamplingImporters(ImporterRegistry &registry) {
  registry.add("GridSample", importGridSample);
}
