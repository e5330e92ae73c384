//===- ObjectEmitter.h - LLVM dialect to LLVM IR, assembly, object code ---===//
#ifndef DLC_COMPILER_CODEGEN_OBJECTEMITTER_H
#define DLC_COMPILER_CODEGEN_OBJECTEMITTER_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Target/TargetMachine.h"

#include <string>

namespace dlc {

/// What --emit shows of the code: for CUDA, Assembly is PTX, Object a CUBIN
/// and CudaSource the kernels' CUDA C++.
enum class CodeKind { LLVMIR, Assembly, Object, CudaSource };

/// Translates an LLVM-dialect module, optimizes it for `machine` at -O3 and
/// returns it as LLVM IR text, assembly or an ELF object. Errors are emitted
/// as diagnostics on `module`.
mlir::FailureOr<std::string> emitCode(mlir::ModuleOp module, llvm::TargetMachine &machine,
                                      CodeKind kind);

/// An object file holding only `dlc_weights`: `bytes`, read-only, aligned to
/// DLC_PARAM_ALIGNMENT. Kept apart from the code so IR dumps never show it.
mlir::FailureOr<std::string> emitWeightsObject(const std::string &bytes,
                                               llvm::TargetMachine &machine,
                                               std::string &error);

/// An object file holding only `symbol`: `bytes`, read-only, aligned to
/// `alignment`.
mlir::FailureOr<std::string> emitBlobObject(const char *symbol, const std::string &bytes,
                                            unsigned alignment, llvm::TargetMachine &machine,
                                            std::string &error);

/// An object file holding only DLC_METADATA_DIGEST_SYMBOL = `digest` (the
/// artifact::metadataDigest of the metadata the code was compiled with), by
/// which the runtime refuses any other metadata for this code.
mlir::FailureOr<std::string> emitMetadataDigestObject(uint64_t digest,
                                                      llvm::TargetMachine &machine,
                                                      std::string &error);

} // namespace dlc

#endif // DLC_COMPILER_CODEGEN_OBJECTEMITTER_H
