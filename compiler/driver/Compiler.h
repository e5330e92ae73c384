//===- Compiler.h - an ONNX model to a dlc artifact, phase by phase -------===//
#ifndef DLC_COMPILER_DRIVER_COMPILER_H
#define DLC_COMPILER_DRIVER_COMPILER_H

#include "compiler/codegen/Target.h"
#include "compiler/import/OnnxImporter.h"
#include "dlc/artifact.hpp"

#include "mlir/IR/MLIRContext.h"

#include <string>

namespace dlc {

/// Where compilation stops and what it writes.
enum class EmitKind {
  MLIR, ///< the imported graph-dialect module
  LLVM, ///< LLVM IR text, optimized
  Asm,  ///< assembly
  Obj,  ///< the code's object file
  Lib,  ///< the artifact: shared library + metadata + trailer
};

struct CompileOptions {
  std::string modelPath;
  std::string outputPath; ///< "-" writes text kinds to stdout
  EmitKind emit = EmitKind::Lib;
  ImportOptions import;
  TargetSpec target;
  bool fuseElementwise = true;
  std::string headerPath;    ///< write a typed C header too (Lib only)
  std::string dumpPhasesDir; ///< write the IR after each phase here
};

/// What was compiled, for --report and for dlc-run.
struct CompileSummary {
  artifact::ModelMetadata metadata;
  unsigned numKernels = 0;
};

/// Compiles as `options` say. Errors are emitted as diagnostics on `context`.
mlir::LogicalResult compileModel(mlir::MLIRContext &context, const CompileOptions &options,
                                 CompileSummary &summary);

/// A context with every dlc dialect and interface registered, and
/// multithreading off (the tools compile one model at a time).
std::unique_ptr<mlir::MLIRContext> createCompilerContext();

} // namespace dlc

#endif // DLC_COMPILER_DRIVER_COMPILER_H
