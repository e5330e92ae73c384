//===- ConvImporters.cpp - ONNX Conv and ConvTranspose ---------------------===//
#include "compiler/import/NodeImporter.h"
#include "compiler/import/WindowAttrs.h"
#include "dialects/graph/DlcDialect.h"
#include "dialects/graph/GradientUtils.h"

#include "llvm/Support/CheckedArithmetic.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

FailureOr<Value> dlc::createConv(NodeImporter &node, ValueRange operands) {
  FailureOr<NamedAttrList> attrs =
      node.odsAttributes<ConvOp>(/*onnxOnly=*/{"auto_pad", "kernel_shape"},
                                 /*derived=*/{"filter_channels_last"});
  if (failed(attrs))
    return failure();
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
  attrs->set("strides", b.getDenseI64ArrayAttr(*strides));
  attrs->set("dilations", b.getDenseI64ArrayAttr(*dilations));
  attrs->set("pads", b.getDenseI64ArrayAttr(*pads));
  FailureOr<ConvOp> conv = node.create<ConvOp>(operands, attrs->getAttrs());
  if (failed(conv))
    return failure();
  return conv->getResult();
}

namespace {
LogicalResult importConv(NodeImporter &node) {
  FailureOr<SmallVector<Value>> given = node.inputs(2, /*numOptional=*/1);
  if (failed(given))
    return failure();
  FailureOr<Value> conv = createConv(node, *given);
  return failed(conv) ? failure() : node.setOutputs(*conv);
}

// The output size and [begin, end] pads of a ConvTranspose along one spatial
// axis, as ONNX defines them. An output_shape up to stride - 1 larger than
// the full transposed conv (a negative total padding) ends in positions no
// input reaches: conv_grad_input's input_shape leaves those zero.
struct TransposedAxis {
  int64_t size, padBegin, padEnd;
};

FailureOr<TransposedAxis> transposedAxis(NodeImporter &node, size_t axis, int64_t inputSize,
                                         int64_t kernel, int64_t stride, int64_t dilation,
                                         int64_t outputPadding, StringRef autoPad,
                                         std::optional<int64_t> outputSize, int64_t padBegin,
                                         int64_t padEnd) {
  if (stride < 1 || dilation < 1 || outputPadding < 0 || padBegin < 0 || padEnd < 0)
    return node.emitError() << "expected strides and dilations >= 1 and pads and "
                               "output_padding >= 0 along spatial axis " << axis;
  // stride * (inputSize - 1) + outputPadding + dilation * (kernel - 1) + 1
  std::optional<int64_t> strided = llvm::checkedMul(stride, inputSize - 1);
  std::optional<int64_t> span = llvm::checkedMul(dilation, kernel - 1);
  std::optional<int64_t> full =
      strided && span ? llvm::checkedAdd(*strided, *span + 1) : std::nullopt;
  if (full)
    full = llvm::checkedAdd(*full, outputPadding);
  if (!full)
    return node.emitError() << "window sizes along spatial axis " << axis
                            << " overflow 64 bits";
  if (!outputSize && (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER")) {
    outputSize = llvm::checkedMul(inputSize, stride);
    if (!outputSize)
      return node.emitError() << "the output size along spatial axis " << axis
                              << " overflows 64 bits";
  }
  if (!outputSize) {
    if (autoPad == "VALID")
      padBegin = padEnd = 0;
    if (padBegin + padEnd >= *full)
      return node.emitError() << "pads " << padBegin << " and " << padEnd
                              << " leave no output along spatial axis " << axis;
    return TransposedAxis{*full - padBegin - padEnd, padBegin, padEnd};
  }
  if (*outputSize < 1)
    return node.emitError() << "expected output_shape >= 1, found " << *outputSize;
  int64_t total = *full - *outputSize;
  if (total <= -stride)
    return node.emitError() << "output_shape " << *outputSize << " along spatial axis " << axis
                            << " is more than stride - 1 beyond the full transposed conv ("
                            << *full << ")";
  if (total < 0)
    return TransposedAxis{*outputSize, 0, 0};
  int64_t small = total / 2;
  return autoPad == "SAME_UPPER" ? TransposedAxis{*outputSize, small, total - small}
                                 : TransposedAxis{*outputSize, total - small, small};
}

// ConvTranspose is the input gradient of the conv that maps its output back
// to its input, so it is that dlc.conv_grad_input, plus the bias.
LogicalResult importConvTranspose(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"auto_pad", "dilations", "group", "kernel_shape",
                                      "output_padding", "output_shape", "pads", "strides"})))
    return failure();
  FailureOr<SmallVector<Value>> given = node.inputs(2, /*numOptional=*/1);
  if (failed(given))
    return failure();
  Value input = (*given)[0], weight = (*given)[1];
  auto inputType = cast<RankedTensorType>(input.getType());
  auto weightType = cast<RankedTensorType>(weight.getType());
  if (inputType.getRank() < 3 || weightType.getRank() != inputType.getRank() ||
      !inputType.hasStaticShape() || !weightType.hasStaticShape())
    return node.emitError() << "expected static input [N, C, D1..Dk] and weight "
                               "[C, M/group, K1..Kk] of one rank >= 3, found "
                            << inputType << " and " << weightType;
  size_t spatialRank = inputType.getRank() - 2;
  ArrayRef<int64_t> kernelShape = weightType.getShape().drop_front(2);
  if (std::optional<SmallVector<int64_t>> kernel = node.intsAttr("kernel_shape");
      kernel && ArrayRef<int64_t>(*kernel) != kernelShape)
    return node.emitError() << "expected kernel_shape to match the weight's spatial "
                               "dims [" << kernelShape << "], found ["
                            << ArrayRef<int64_t>(*kernel) << "]";
  int64_t group = node.intAttr("group", 1);
  if (group < 1 || inputType.getDimSize(1) != weightType.getDimSize(0) ||
      weightType.getDimSize(0) % group != 0)
    return node.emitError() << "expected group >= 1 dividing the weight's first dim, "
                               "which must equal the input's channels; found group "
                            << group << ", input " << inputType << ", weight " << weightType;
  std::string autoPad = node.stringAttr("auto_pad", "NOTSET");
  if (!llvm::is_contained({"NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID"}, autoPad))
    return node.emitError() << "expected auto_pad NOTSET, SAME_UPPER, SAME_LOWER "
                               "or VALID, found '" << autoPad << "'";
  FailureOr<SmallVector<int64_t>> strides = spatialAttr(node, "strides", spatialRank, 1);
  FailureOr<SmallVector<int64_t>> dilations = spatialAttr(node, "dilations", spatialRank, 1);
  FailureOr<SmallVector<int64_t>> outputPadding =
      spatialAttr(node, "output_padding", spatialRank, 0);
  FailureOr<SmallVector<int64_t>> pads = spatialAttr(node, "pads", 2 * spatialRank, 0);
  if (failed(strides) || failed(dilations) || failed(outputPadding) || failed(pads))
    return failure();
  std::optional<SmallVector<int64_t>> outputShape = node.intsAttr("output_shape");
  if (outputShape && outputShape->size() != spatialRank)
    return node.emitError() << "expected " << spatialRank
                            << " spatial dims in output_shape, found " << outputShape->size();

  int64_t outputChannels = weightType.getDimSize(1) * group;
  SmallVector<int64_t> resultShape{inputType.getDimSize(0), outputChannels};
  SmallVector<int64_t> convPads(2 * spatialRank);
  for (size_t i = 0; i < spatialRank; ++i) {
    FailureOr<TransposedAxis> axis = transposedAxis(
        node, i, inputType.getDimSize(2 + i), kernelShape[i], (*strides)[i], (*dilations)[i],
        (*outputPadding)[i], autoPad,
        outputShape ? std::optional<int64_t>((*outputShape)[i]) : std::nullopt, (*pads)[i],
        (*pads)[spatialRank + i]);
    if (failed(axis))
      return failure();
    resultShape.push_back(axis->size);
    convPads[i] = axis->padBegin;
    convPads[spatialRank + i] = axis->padEnd;
  }

  OpBuilder &b = node.builder();
  FailureOr<ConvGradInputOp> transposed = node.create<ConvGradInputOp>(
      ValueRange{input, weight},
      {b.getNamedAttr("strides", b.getDenseI64ArrayAttr(*strides)),
       b.getNamedAttr("dilations", b.getDenseI64ArrayAttr(*dilations)),
       b.getNamedAttr("pads", b.getDenseI64ArrayAttr(convPads)),
       b.getNamedAttr("group", b.getI64IntegerAttr(group)),
       b.getNamedAttr("input_shape", b.getDenseI64ArrayAttr(resultShape))});
  if (failed(transposed))
    return failure();
  Value result = transposed->getResult();
  if (given->size() < 3)
    return node.setOutputs(result);
  Value bias = (*given)[2];
  auto biasType = cast<RankedTensorType>(bias.getType());
  if (biasType.getShape() != ArrayRef<int64_t>{outputChannels})
    return node.emitError() << "expected a bias of shape [" << outputChannels
                            << "], found " << biasType;
  SmallVector<int64_t> column(spatialRank + 1, 1);
  column[0] = outputChannels;
  return node.createOutputs<AddOp>({result, reshapeTo(b, node.loc(), bias, column)});
}
} // namespace

void dlc::registerConvImporters(ImporterRegistry &registry) {
  registry.add("Conv", importConv);
  registry.add("ConvTranspose", importConvTranspose);
}
