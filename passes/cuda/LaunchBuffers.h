//===- LaunchBuffers.h - the buffers a tiled launch indexes ---------------===//
//
// Tiled launches keep their linalg ops; rendering them needs each operand's
// C name and layout and the C of the element an indexing map picks. Shared
// by the contraction and row kernels.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_PASSES_CUDA_LAUNCHBUFFERS_H
#define DLC_PASSES_CUDA_LAUNCHBUFFERS_H

#include "passes/cuda/CudaKernelWriter.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/IR/BuiltinTypes.h"

namespace dlc {

/// A launch's buffer: element `(i, j, ...)` is `name[offset + i*strides[0] ...]`,
/// of type `element`.
struct LaunchBuffer {
  std::string name;
  mlir::Type element;
  int64_t offset = 0;
  llvm::SmallVector<int64_t> strides;
};

/// `value` as a launch reads it: an argument (`aN`), a constant array, or a
/// typed view at a constant byte offset into an argument. `user` takes the
/// error.
mlir::FailureOr<LaunchBuffer> launchBuffer(mlir::Value value, mlir::Operation *user);

/// The element of `buffer` that `map` picks where its dims are named `dims`.
mlir::FailureOr<std::string> elementAt(const LaunchBuffer &buffer, mlir::AffineMap map,
                                       llvm::ArrayRef<std::string> dims);

/// The value `map` picks (where its dims are named `dims`) from a buffer of
/// shape `shape` that holds `source` (of shape `sizes`) at offsets `low` and
/// the C literal `padding` elsewhere: `source`'s element (as a value,
/// cudaLoad) where the index falls in it, else `padding`.
mlir::FailureOr<std::string> paddedElementAt(const LaunchBuffer &source,
                                             llvm::ArrayRef<int64_t> sizes,
                                             llvm::ArrayRef<int64_t> low,
                                             llvm::ArrayRef<int64_t> shape, mlir::AffineMap map,
                                             llvm::ArrayRef<std::string> dims,
                                             const std::string &padding);

/// One past the largest element index of a buffer of `type`.
int64_t indexExtent(mlir::MemRefType type);

/// Writes the indices of a flat index `flat` (a local of C type `index`)
/// over dims of `sizes`, outermost first, and returns their names.
llvm::SmallVector<std::string> writeDecomposition(CudaKernelWriter &writer,
                                                  llvm::StringRef index,
                                                  const std::string &flat,
                                                  llvm::ArrayRef<int64_t> sizes);

/// Binds the block argument of `input` (an operand of linalg op `op`, whose
/// loop dims are named `dims`): a scalar by its name, a buffer's element by a
/// local loaded at the operand's map. Unused arguments load nothing.
mlir::LogicalResult bindInput(CudaKernelWriter &writer, mlir::linalg::LinalgOp op,
                              mlir::OpOperand *input, llvm::ArrayRef<std::string> dims);

/// Writes `ops` of a linalg body whose loop dims are named `dims`
/// (linalg.index reads them); block arguments must be bound.
mlir::LogicalResult writeLinalgOps(CudaKernelWriter &writer,
                                   llvm::ArrayRef<mlir::Operation *> ops,
                                   llvm::ArrayRef<std::string> dims);

/// Writes the body of `op` (its block arguments bound) whose loop dims are
/// named `dims`, and returns the name of what it yields.
mlir::FailureOr<std::string> writeLinalgBody(CudaKernelWriter &writer,
                                             mlir::linalg::LinalgOp op,
                                             llvm::ArrayRef<std::string> dims);

} // namespace dlc

#endif // DLC_PASSES_CUDA_LAUNCHBUFFERS_H
