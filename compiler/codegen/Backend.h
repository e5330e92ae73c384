//===- Backend.h - what a target adds to the target-independent pipeline -===//
//
// The driver runs the same pipeline for every target up to memory planning:
// import, decomposition, kernel formation, lowering to linalg, outlining and
// bufferization into one arena, with entries in the uniform ABI. A backend
// takes that bufferized module to its target's code and packages the code,
// the weights and the metadata digest as a model library.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_CODEGEN_BACKEND_H
#define DLC_COMPILER_CODEGEN_BACKEND_H

#include "compiler/codegen/ObjectEmitter.h"
#include "compiler/codegen/Target.h"
#include "compiler/pipelines/Pipelines.h"
#include "dlc/artifact.hpp"

#include "mlir/IR/BuiltinOps.h"

#include <memory>
#include <string>

namespace dlc {

/// The code listing --dump-phases writes after the last phase.
struct CodeListing {
  const char *name;      ///< of the phase: "llvm", "cuda"
  const char *extension; ///< of the file: "ll", "cu"
  CodeKind kind;
};

class Backend {
public:
  virtual ~Backend() = default;

  virtual CodeListing listing() const = 0;

  /// Records the target in the artifact's metadata: its triple and what a
  /// host must support to load the library.
  virtual void describeTarget(artifact::ModelMetadata &metadata) const = 0;
  /// Sets the pipeline options that depend on the target (vector widths).
  virtual void configure(CpuPipelineOptions &options) const = 0;
  /// Adds the passes from the bufferized module to the target's code IR.
  virtual void buildCodegen(mlir::OpPassManager &pm,
                            const CpuPipelineOptions &options) const = 0;
  /// The code alone, as text or an object (dlc-compile --emit); kinds the
  /// target has not are errors emitted on `module`.
  virtual mlir::FailureOr<std::string> emitCode(mlir::ModuleOp module, CodeKind kind) = 0;
  /// The model library: the code with `weights` and the digest of
  /// `metadata`, linked; errors are emitted at `loc`.
  virtual mlir::FailureOr<std::string> buildLibrary(mlir::ModuleOp module, mlir::Location loc,
                                                    const std::string &weights,
                                                    const artifact::ModelMetadata &metadata) = 0;
};

/// The CPU backend: LLVM for `spec`'s CPU, ELF objects, `cc -shared`. Null
/// with `error` set when the CPU or its features are unknown.
std::unique_ptr<Backend> createCpuBackend(const TargetSpec &spec, std::string &error);

/// The CUDA backend: kernels as CUDA C++ compiled by NVRTC for
/// `spec.gpuArch`, host code for `spec`'s CPU that launches them through the
/// host API. Null with `error` set for an unknown architecture or CPU.
std::unique_ptr<Backend> createCudaBackend(const TargetSpec &spec, std::string &error);

/// The backend `spec.kind` names; null with `error` set otherwise.
std::unique_ptr<Backend> createBackend(const TargetSpec &spec, std::string &error);

} // namespace dlc

#endif // DLC_COMPILER_CODEGEN_BACKEND_H
