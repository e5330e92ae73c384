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
    return dlc::emitCode(module, *machine, kind);
  }

  FailureOr<std::string> buildLibrary(ModuleOp module, Location loc, const std::string &weights,
                                      const artifact::ModelMetadata &metadata) override {
    FailureOr<std::string> object = emitCode(module, CodeKind::Object);
    if (failed(object))
      return failure();
    std::vector<std::string> objects{std::move(*object)};
    std::string error;
    // Params of no elements still need the symbol the runtime looks up.
    if (!metadata.params.empty()) {
      FailureOr<std::string> weightsObject = emitWeightsObject(weights, *machine, error);
      if (failed(weightsObject))
        return emitError(loc, "cannot emit the weights: ") << error;
      objects.push_back(std::move(*weightsObject));
    }
    FailureOr<std::string> digestObject = emitMetadataDigestObject(
        artifact::metadataDigest(artifact::formatMetadata(metadata)), *machine, error);
    if (failed(digestObject))
      return emitError(loc, "cannot emit the metadata digest: ") << error;
    objects.push_back(std::move(*digestObject));
    std::string library;
    if (!linkSharedLibrary(objects, library, error))
      return emitError(loc, error);
    return library;
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
