//===- Linker.h - object files to a shared library ------------------------===//
#ifndef DLC_COMPILER_CODEGEN_LINKER_H
#define DLC_COMPILER_CODEGEN_LINKER_H

#include "dlc/artifact.hpp"

#include "mlir/IR/Location.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/Target/TargetMachine.h"

#include <string>
#include <vector>

namespace dlc {

/// Links `objects` (object file contents) into a shared library with the
/// system C compiler driver (`cc`, libm and libc only) and returns its bytes.
bool linkSharedLibrary(const std::vector<std::string> &objects, std::string &library,
                       std::string &error);

/// A model library: `objects` (the code) with objects for `weights` and for
/// the digest of `metadata`, made for `machine`, linked. Errors are emitted
/// at `loc`.
mlir::FailureOr<std::string> linkModelLibrary(std::vector<std::string> objects,
                                              mlir::Location loc, const std::string &weights,
                                              const artifact::ModelMetadata &metadata,
                                              llvm::TargetMachine &machine);

} // namespace dlc

#endif // DLC_COMPILER_CODEGEN_LINKER_H
