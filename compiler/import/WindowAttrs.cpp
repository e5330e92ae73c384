//===- WindowAttrs.cpp - ONNX window attributes of Conv and the pools -----===//
#include "compiler/import/WindowAttrs.h"

#include "llvm/Support/CheckedArithmetic.h"

using namespace mlir;
using namespace dlc;

FailureOr<SmallVector<int64_t>> dlc::spatialAttr(NodeImporter &node, StringRef name,
                                                 size_t size, int64_t defaultValue) {
  std::optional<SmallVector<int64_t>> values = node.intsAttr(name);
  if (!values)
    return SmallVector<int64_t>(size, defaultValue);
  if (values->size() != size)
    return node.emitError() << "expected " << size << " values in '" << name
                            << "', found " << values->size();
  return *values;
}

FailureOr<SmallVector<int64_t>>
dlc::resolvePads(NodeImporter &node, StringRef autoPad, ArrayRef<int64_t> inputShape,
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
    if (strides[i] < 1 || dilations[i] < 1 || kernelShape[i] < 1)
      return node.emitError() << "expected strides, dilations and kernel sizes >= 1, found "
                              << strides[i] << ", " << dilations[i] << " and "
                              << kernelShape[i] << " along spatial axis " << i;
    int64_t size = inputShape[i];
    int64_t outputSize = size / strides[i] + (size % strides[i] != 0);
    // The last window starts at lastStart and spans the dilated kernel.
    std::optional<int64_t> lastStart = llvm::checkedMul(outputSize - 1, strides[i]);
    std::optional<int64_t> dilatedSpan = llvm::checkedMul(dilations[i], kernelShape[i] - 1);
    std::optional<int64_t> total =
        lastStart && dilatedSpan ? llvm::checkedAdd(*dilatedSpan, *lastStart + 1 - size)
                                 : std::nullopt;
    if (!total)
      return node.emitError() << "window sizes along spatial axis " << i
                              << " overflow 64 bits";
    total = std::max<int64_t>(0, *total);
    int64_t small = *total / 2;
    pads[i] = autoPad == "SAME_UPPER" ? small : *total - small;
    pads[spatialRank + i] = *total - pads[i];
  }
  return pads;
}
