//===- Splitting.h - a tensor cut into parts along an axis ----------------===//
//
// Split's outputs and SplitToSequence's elements are the same slices.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_IMPORT_SPLITTING_H
#define DLC_COMPILER_IMPORT_SPLITTING_H

#include "compiler/import/NodeImporter.h"

namespace dlc {

/// The node's INT attribute `name` (default `defaultValue`) as an axis of a
/// tensor of `rank`, negative values counting from the end, in [0, rank);
/// an error at the node if it is out of range.
mlir::FailureOr<int64_t> readAxis(NodeImporter &node, llvm::StringRef name,
                                  int64_t defaultValue, int64_t rank);

/// `input` cut along `axis` into consecutive parts of `sizes`, which must be
/// >= 0 and add up to the dim.
mlir::FailureOr<llvm::SmallVector<mlir::Value>>
splitAlong(NodeImporter &node, mlir::Value input, int64_t axis, llvm::ArrayRef<int64_t> sizes);

} // namespace dlc

#endif // DLC_COMPILER_IMPORT_SPLITTING_H
