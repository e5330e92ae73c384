//===- WindowAttrs.h - ONNX window attributes of Conv and the pools -------===//
#ifndef DLC_COMPILER_IMPORT_WINDOWATTRS_H
#define DLC_COMPILER_IMPORT_WINDOWATTRS_H

#include "compiler/import/NodeImporter.h"

namespace dlc {

/// Reads an INTS attribute of `size` entries, `defaultValue` for each when the
/// attribute is absent.
mlir::FailureOr<llvm::SmallVector<int64_t>>
spatialAttr(NodeImporter &node, llvm::StringRef name, size_t size, int64_t defaultValue);

/// The explicit [begin..., end...] pads that `autoPad` stands for (the `pads`
/// attribute for NOTSET). SAME_* pads so that the output has ceil(D / stride)
/// positions, the odd unit at the end (SAME_UPPER) or the beginning
/// (SAME_LOWER), as ONNX does; with those pads both roundings of a pool's
/// output size agree, so ceil_mode needs no care here.
mlir::FailureOr<llvm::SmallVector<int64_t>>
resolvePads(NodeImporter &node, llvm::StringRef autoPad, llvm::ArrayRef<int64_t> inputShape,
            llvm::ArrayRef<int64_t> kernelShape, llvm::ArrayRef<int64_t> strides,
            llvm::ArrayRef<int64_t> dilations);

/// A dlc.conv of `operands` (input, weight and an optional bias) with the
/// node's Conv attributes (auto_pad resolved), as Conv and the quantized
/// convolutions import it; errors name the node.
mlir::FailureOr<mlir::Value> createConv(NodeImporter &node, mlir::ValueRange operands);

} // namespace dlc

#endif // DLC_COMPILER_IMPORT_WINDOWATTRS_H
