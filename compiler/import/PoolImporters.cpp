//===- PoolImporters.cpp - ONNX MaxPool, AveragePool and global pools -----===//
#include "compiler/import/NodeImporter.h"
#include "compiler/import/WindowAttrs.h"
#include "dialects/graph/DlcDialect.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
// The k of an input [N, C, D1..Dk], which sizes the window attributes.
FailureOr<size_t> getSpatialRank(NodeImporter &node, RankedTensorType inputType) {
  if (inputType.getRank() < 3)
    return node.emitError() << "expected an input of rank >= 3 ([N, C, D1..Dk]), "
                               "found rank "
                            << inputType.getRank();
  return inputType.getRank() - 2;
}

// Reads an INT attribute that ONNX defines as a 0/1 flag.
FailureOr<bool> flagAttr(NodeImporter &node, StringRef name) {
  int64_t value = node.intAttr(name, 0);
  if (value != 0 && value != 1)
    return node.emitError() << "expected '" << name << "' 0 or 1, found " << value;
  return value == 1;
}

// The window attributes of a MaxPool or AveragePool node, ONNX's defaults
// filled in and auto_pad resolved; `dilations` only for ops that have them.
FailureOr<SmallVector<NamedAttribute>> importWindow(NodeImporter &node, Value input,
                                                    bool dilated) {
  auto inputType = cast<RankedTensorType>(input.getType());
  FailureOr<size_t> spatialRank = getSpatialRank(node, inputType);
  if (failed(spatialRank))
    return failure();
  std::optional<SmallVector<int64_t>> kernelShape = node.intsAttr("kernel_shape");
  if (!kernelShape)
    return node.emitError() << "expected attribute 'kernel_shape'";
  if (kernelShape->size() != *spatialRank)
    return node.emitError() << "expected " << *spatialRank
                            << " values in 'kernel_shape' (one per spatial axis), "
                               "found "
                            << kernelShape->size();
  FailureOr<SmallVector<int64_t>> strides = spatialAttr(node, "strides", *spatialRank, 1);
  if (failed(strides))
    return failure();
  FailureOr<SmallVector<int64_t>> dilations =
      spatialAttr(node, "dilations", *spatialRank, 1);
  if (failed(dilations))
    return failure();
  FailureOr<SmallVector<int64_t>> pads =
      resolvePads(node, node.stringAttr("auto_pad", "NOTSET"),
                  inputType.getShape().drop_front(2), *kernelShape, *strides, *dilations);
  if (failed(pads))
    return failure();
  FailureOr<bool> ceilMode = flagAttr(node, "ceil_mode");
  if (failed(ceilMode))
    return failure();

  OpBuilder &b = node.builder();
  SmallVector<NamedAttribute> attrs{
      b.getNamedAttr("kernel_shape", b.getDenseI64ArrayAttr(*kernelShape)),
      b.getNamedAttr("strides", b.getDenseI64ArrayAttr(*strides)),
      b.getNamedAttr("pads", b.getDenseI64ArrayAttr(*pads)),
      b.getNamedAttr("ceil_mode", b.getBoolAttr(*ceilMode))};
  if (dilated)
    attrs.push_back(b.getNamedAttr("dilations", b.getDenseI64ArrayAttr(*dilations)));
  return attrs;
}

// MaxPool binds its optional Indices output only when the node asks for it:
// the indices are computed by an op of their own.
LogicalResult importMaxPool(NodeImporter &node) {
  if (failed(
          node.rejectUnknownAttrs({"auto_pad", "ceil_mode", "dilations", "kernel_shape",
                                   "pads", "storage_order", "strides"})))
    return failure();
  Value input = node.input(0);
  if (!input)
    return failure();
  FailureOr<SmallVector<NamedAttribute>> attrs =
      importWindow(node, input, /*dilated=*/true);
  if (failed(attrs))
    return failure();
  if (!node.hasOutput(1))
    return node.createOutputs<MaxPoolOp>(input, *attrs);
  OpBuilder &b = node.builder();
  attrs->push_back(b.getNamedAttr("storage_order",
                                  b.getI64IntegerAttr(node.intAttr("storage_order", 0))));
  return node.createOutputs<MaxPoolWithIndicesOp>(input, *attrs);
}

// AveragePool has dilations since opset 19; dlc's average pool has none, so
// only the undilated window imports.
LogicalResult importAveragePool(NodeImporter &node) {
  SmallVector<StringRef> known{"auto_pad", "ceil_mode", "count_include_pad",
                               "kernel_shape", "pads", "strides"};
  if (node.opset() >= 19)
    known.push_back("dilations");
  if (failed(node.rejectUnknownAttrs(known)))
    return failure();
  if (std::optional<SmallVector<int64_t>> dilations = node.intsAttr("dilations");
      dilations && llvm::any_of(*dilations, [](int64_t d) { return d != 1; }))
    return node.emitError() << "supports dilations of 1 only, found ["
                            << ArrayRef<int64_t>(*dilations) << "]";
  Value input = node.input(0);
  if (!input)
    return failure();
  FailureOr<SmallVector<NamedAttribute>> attrs =
      importWindow(node, input, /*dilated=*/false);
  if (failed(attrs))
    return failure();
  FailureOr<bool> countIncludePad = flagAttr(node, "count_include_pad");
  if (failed(countIncludePad))
    return failure();
  attrs->push_back(node.builder().getNamedAttr(
      "count_include_pad", node.builder().getBoolAttr(*countIncludePad)));
  return node.createOutputs<AveragePoolOp>(input, *attrs);
}

LogicalResult importGlobalAveragePool(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({})))
    return failure();
  Value input = node.input(0);
  if (!input)
    return failure();
  return node.createOutputs<GlobalAveragePoolOp>(input);
}

// GlobalMaxPool is a max_pool whose one window is the whole spatial extent.
LogicalResult importGlobalMaxPool(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({})))
    return failure();
  Value input = node.input(0);
  if (!input)
    return failure();
  auto inputType = cast<RankedTensorType>(input.getType());
  FailureOr<size_t> spatialRank = getSpatialRank(node, inputType);
  if (failed(spatialRank))
    return failure();
  SmallVector<int64_t> ones(*spatialRank, 1);
  OpBuilder &b = node.builder();
  return node.createOutputs<MaxPoolOp>(
      input, {b.getNamedAttr("kernel_shape",
                             b.getDenseI64ArrayAttr(inputType.getShape().drop_front(2))),
              b.getNamedAttr("strides", b.getDenseI64ArrayAttr(ones)),
              b.getNamedAttr("pads", b.getDenseI64ArrayAttr(
                                         SmallVector<int64_t>(2 * *spatialRank, 0))),
              b.getNamedAttr("dilations", b.getDenseI64ArrayAttr(ones)),
              b.getNamedAttr("ceil_mode", b.getBoolAttr(false))});
}
} // namespace

void dlc::registerPoolImporters(ImporterRegistry &registry) {
  registry.add("AveragePool", importAveragePool);
  registry.add("GlobalAveragePool", importGlobalAveragePool);
  registry.add("GlobalMaxPool", importGlobalMaxPool);
  registry.add("MaxPool", importMaxPool);
}
