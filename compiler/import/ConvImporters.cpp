//===- ConvImporters.cpp - ONNX Conv --------------------------------------===//
#include "compiler/import/NodeImporter.h"
#include "compiler/import/WindowAttrs.h"
#include "dialects/graph/DlcDialect.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
LogicalResult importConv(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs(
          {"auto_pad", "dilations", "group", "kernel_shape", "pads", "strides"})))
    return failure();
  FailureOr<SmallVector<Value>> given = node.inputs(2, /*numOptional=*/1);
  if (failed(given))
    return failure();
  SmallVector<Value> &operands = *given;
  // auto_pad and kernel_shape need the spatial dims; the op checks the rest.
  auto inputType = cast<RankedTensorType>(operands[0].getType());
  auto weightType = cast<RankedTensorType>(operands[1].getType());
  if (inputType.getRank() < 3 || weightType.getRank() != inputType.getRank())
    return node.emitError() << "expected input [N, C, D1..Dk] and weight "
                               "[M, C/group, K1..Kk] of one rank >= 3, found ranks "
                            << inputType.getRank() << " and " << weightType.getRank();
  size_t spatialRank = inputType.getRank() - 2;
  ArrayRef<int64_t> kernelShape = weightType.getShape().drop_front(2);
  if (std::optional<SmallVector<int64_t>> given = node.intsAttr("kernel_shape");
      given && ArrayRef<int64_t>(*given) != kernelShape)
    return node.emitError() << "expected kernel_shape to match the weight's spatial "
                               "dims [" << kernelShape << "], found ["
                            << ArrayRef<int64_t>(*given) << "]";

  FailureOr<SmallVector<int64_t>> strides =
      spatialAttr(node, "strides", spatialRank, 1);
  if (failed(strides))
    return failure();
  FailureOr<SmallVector<int64_t>> dilations =
      spatialAttr(node, "dilations", spatialRank, 1);
  if (failed(dilations))
    return failure();
  FailureOr<SmallVector<int64_t>> pads =
      resolvePads(node, node.stringAttr("auto_pad", "NOTSET"),
                  inputType.getShape().drop_front(2), kernelShape, *strides,
                  *dilations);
  if (failed(pads))
    return failure();

  OpBuilder &b = node.builder();
  return node.createOutputs<ConvOp>(
      operands, {b.getNamedAttr("strides", b.getDenseI64ArrayAttr(*strides)),
                 b.getNamedAttr("dilations", b.getDenseI64ArrayAttr(*dilations)),
                 b.getNamedAttr("pads", b.getDenseI64ArrayAttr(*pads)),
                 b.getNamedAttr("group", b.getI64IntegerAttr(node.intAttr("group", 1)))});
}
} // namespace

void dlc::registerConvImporters(ImporterRegistry &registry) {
  registry.add("Conv", importConv);
}
