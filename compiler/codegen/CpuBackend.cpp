//===- CpuBackend.cpp - LLVM code for a CPU, linked as a shared library ---===//
#include "compiler/codegen/Backend.h"
#include "compiler/codegen/Linker.h"

#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace dlc;

namespace {
class CpuBackend : public Backend {
public:
  explicit CpuBackend(std::unique_ptr<llvm::TargetMachine> machine)
      : machine(std::move(machine)) {}

  CodeListing listing() const override { return {"llvm", "ll", CodeKind::LLVMIR}; }

  void describeTarget(artifact::ModelMetadata &metadata) const override {
    metadata.target = machine->getTargetTriple().str();
    metadata.cpuFeatures = requiredCpuFeatures(*machine);
  }

  void configure(CpuPipelineOptions &options) const override {
    // The matmul microkernel's columns are two vector registers wide.
    options.vectorWidth =
        llvm::is_contained(requiredCpuFeatures(*machine), "avx512f") ? 16 : 8;
  }

  void buildCodegen(OpPassManager &pm, const CpuPipelineOptions &options) const override {
    buildPhase(pm, Phase::LLVM, options);
  }

  FailureOr<std::string> emitCode(ModuleOp module, CodeKind kind) override {
    if (kind == CodeKind::CudaSource)
      return module.emitError("CUDA C++ needs --target cuda");
    return dlc::emitCode(module, *machine, kind);
  }

  FailureOr<std::string> buildLibrary(ModuleOp module, Location loc, const std::string &weights,
                                      const artifact::ModelMetadata &metadata) override {
    FailureOr<std::string> object = emitCode(module, CodeKind::Object);
    if (failed(object))
      return failure();
    return linkModelLibrary({std::move(*object)}, loc, weights, metadata, *machine);
  }

private:
  std::unique_ptr<llvm::TargetMachine> machine;
};
} // namespace

std::unique_ptr<Backend> dlc::createCpuBackend(const TargetSpec &spec, std::string &error) {
  std::unique_ptr<llvm::TargetMachine> machine = createTargetMachine(spec, error);
  if (!machine)
    return nullptr;
  return std::make_unique<CpuBackend>(std::move(machine));
}

std::unique_ptr<Backend> dlc::createBackend(const TargetSpec &spec, std::string &error) {
  if (spec.kind == "cpu")
    return createCpuBackend(spec, error);
  if (spec.kind == "cuda")
    return createCudaBackend(spec, error);
  error = "unknown target '" + spec.kind + "' (cpu or cuda)";
  return nullptr;
}
