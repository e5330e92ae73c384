//===- ConvImporters.cpp - ONNX Conv --------------------------------------===//
#include "compiler/import/NodeImporter.h"
#include "dialects/graph/DlcDialect.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
// Reads an INTS attribute of `size` entries, `defaultValue` for each when the
// attribute is absent.
FailureOr<SmallVector<int64_t>> spatialAttr(NodeImporter &node, StringRef name,
                                            size_t size, int64_t defaultValue) {
  std::optional<SmallVector<int64_t>> values = node.intsAttr(name);
  if (!values)
    return SmallVector<int64_t>(size, defaultValue);
  if (values->size() != size)
    return node.emitError() << "expected " << size << " values in '" << name
                            << "', found " << values->size();
  return *values;
}

// The explicit [begin..., end...] pads that `autoPad` stands for. SAME_*
// pads so that the output has ceil(D / stride) positions, the odd unit at
// the end (SAME_UPPER) or the beginning (SAME_LOWER), as ONNX does.
FailureOr<SmallVector<int64_t>>
resolvePads(NodeImporter &node, StringRef autoPad, ArrayRef<int64_t> inputShape,
            ArrayRef<int64_t> kernelShape, ArrayRef<int64_t> strides,
            ArrayRef<int64_t> dilations) {
  if (!llvm::is_contained({"NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID"}, autoPad))
    return node.emitError() << "expected auto_pad NOTSET, SAME_UPPER, SAME_LOWER "
                               "or VALID, found '" << autoPad << "'";
  size_t spatialRank = kernelShape.size();
  if (autoPad == "NOTSET")
    return spatialAttr(node, "pads", 2 * spatialRank, 0);
  if (node.hasAttr("pads"))
    return node.emitError() << "expected no 'pads' with auto_pad " << autoPad;
  SmallVector<int64_t> pads(2 * spatialRank, 0);
  if (autoPad == "VALID")
    return pads;
  for (size_t i = 0; i < spatialRank; ++i) {
    if (strides[i] < 1)
      return node.emitError() << "expected 'strides' values >= 1, found "
                              << strides[i];
    int64_t size = inputShape[i];
    int64_t outputSize = (size + strides[i] - 1) / strides[i];
    int64_t kernelExtent = dilations[i] * (kernelShape[i] - 1) + 1;
    int64_t total =
        std::max<int64_t>(0, (outputSize - 1) * strides[i] + kernelExtent - size);
    int64_t small = total / 2;
    pads[i] = autoPad == "SAME_UPPER" ? small : total - small;
    pads[spatialRank + i] = total - pads[i];
  }
  return pads;
}

LogicalResult importConv(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs(
          {"auto_pad", "dilations", "group", "kernel_shape", "pads", "strides"})))
    return failure();
  SmallVector<Value, 3> operands;
  for (int i = 0; i < 3; ++i) {
    if (i == 2 && !node.hasInput(i))
      break;
    Value operand = node.input(i);
    if (!operand)
      return failure();
    operands.push_back(operand);
  }
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
  auto op = node.create<ConvOp>(
      operands, {b.getNamedAttr("strides", b.getDenseI64ArrayAttr(*strides)),
                 b.getNamedAttr("dilations", b.getDenseI64ArrayAttr(*dilations)),
                 b.getNamedAttr("pads", b.getDenseI64ArrayAttr(*pads)),
                 b.getNamedAttr("group", b.getI64IntegerAttr(node.intAttr("group", 1)))});
  if (failed(op))
    return failure();
  return node.setOutputs(op->getResult());
}
} // namespace

void dlc::registerConvImporters(ImporterRegistry &registry) {
  registry.add("Conv", importConv);
}
