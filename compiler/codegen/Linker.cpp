//===- Linker.cpp - object files to a shared library ----------------------===//
#include "compiler/codegen/Linker.h"
#include "compiler/codegen/ObjectEmitter.h"
#include "compiler/codegen/Subprocess.h"

#include "llvm/Support/MemoryBuffer.h"

using namespace dlc;

bool dlc::linkSharedLibrary(const std::vector<std::string> &objects, std::string &library,
                            std::string &error) {
  ScratchDir scratch;
  if (!scratch.create("dlc-link", error))
    return false;
  std::vector<std::string> args{"-shared", "-nostartfiles", "-Wl,-z,noexecstack",
                                "-Wl,--build-id=none"};
  for (size_t i = 0; i < objects.size(); ++i) {
    std::string name = "part" + std::to_string(i) + ".o";
    if (!scratch.write(name, objects[i], error))
      return false;
    args.push_back(scratch.file(name));
  }
  std::string output = scratch.file("model.so");
  args.insert(args.end(), {"-o", output, "-lm"});
  if (!runProgram("cc", args, scratch, /*timeoutSeconds=*/0, "linking the model library",
                  error))
    return false;
  auto result = llvm::MemoryBuffer::getFile(output, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!result) {
    error = "cannot read the linked library: " + result.getError().message();
    return false;
  }
  library = (*result)->getBuffer().str();
  return true;
}

mlir::FailureOr<std::string> dlc::linkModelLibrary(std::vector<std::string> objects,
                                                   mlir::Location loc,
                                                   const std::string &weights,
                                                   const artifact::ModelMetadata &metadata,
                                                   llvm::TargetMachine &machine) {
  std::string error;
  // Params of no elements still need the symbol the runtime looks up.
  if (!metadata.params.empty()) {
    mlir::FailureOr<std::string> weightsObject = emitWeightsObject(weights, machine, error);
    if (mlir::failed(weightsObject))
      return mlir::emitError(loc, "cannot emit the weights: ") << error;
    objects.push_back(std::move(*weightsObject));
  }
  mlir::FailureOr<std::string> digestObject = emitMetadataDigestObject(
      artifact::metadataDigest(artifact::formatMetadata(metadata)), machine, error);
  if (mlir::failed(digestObject))
    return mlir::emitError(loc, "cannot emit the metadata digest: ") << error;
  objects.push_back(std::move(*digestObject));
  std::string library;
  if (!linkSharedLibrary(objects, library, error))
    return mlir::emitError(loc, error);
  return library;
}
