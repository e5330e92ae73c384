//===- ConstantParams.h - weights whose values the compiler may rewrite ---===//
//
// A param that no entry updates is a constant of the compiled model: passes
// may compute new params from its value at compile time (packed layouts,
// folded normalizations). Params that training updates keep their values
// and layouts.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_PASSES_MEMORY_CONSTANTPARAMS_H
#define DLC_PASSES_MEMORY_CONSTANTPARAMS_H

#include "dialects/graph/DlcDialect.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringSet.h"

#include <optional>

namespace dlc {

/// The params of `module` that no entry updates, read as float32 values.
class ConstantParams {
public:
  explicit ConstantParams(mlir::ModuleOp module);

  /// The float32 values of `value`'s param; nullopt unless `value` is a
  /// float32 `dlc.param` that no entry updates, with a readable value.
  /// `storage` holds the values when they are not stored as float32 blobs.
  std::optional<llvm::ArrayRef<float>> read(mlir::Value value,
                                            llvm::SmallVectorImpl<float> &storage) const;

  /// A new param after `after` holding `values` of `shape`, named `name`
  /// (with a numeric suffix if the module already has a param of that name).
  graph::ParamOp create(mlir::OpBuilder &b, mlir::Operation *after, llvm::StringRef name,
                        llvm::ArrayRef<int64_t> shape, llvm::ArrayRef<float> values);

private:
  llvm::StringSet<> updated;
  llvm::StringSet<> names;
};

} // namespace dlc

#endif // DLC_PASSES_MEMORY_CONSTANTPARAMS_H
