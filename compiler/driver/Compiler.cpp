//===- Compiler.cpp - an ONNX model to a dlc artifact, phase by phase -----===//
#include "compiler/driver/Compiler.h"
#include "compiler/driver/KernelGraph.h"

#include "compiler/Registration.h"
#include "compiler/codegen/Backend.h"
#include "compiler/codegen/HeaderWriter.h"
#include "compiler/codegen/ModelDescription.h"
#include "compiler/pipelines/Pipelines.h"
#include "compiler/support/Files.h"
#include "passes/memory/Passes.h"
#include "passes/training/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace dlc;

namespace {
// IR dumps elide weights and long literals so they stay readable.
OpPrintingFlags dumpFlags() {
  OpPrintingFlags flags;
  flags.elideLargeElementsAttrs(16);
  flags.elideLargeResourceString(64);
  return flags;
}

LogicalResult writeText(Location loc, const std::string &path, StringRef text) {
  std::string error;
  auto file = mlir::openOutputFile(path, &error);
  if (!file)
    return emitError(loc) << "cannot write '" << path << "': " << error;
  file->os() << text;
  file->keep();
  return success();
}

std::string printModule(ModuleOp module) {
  std::string text;
  llvm::raw_string_ostream stream(text);
  module.print(stream, dumpFlags());
  return text;
}

class PhaseDumper {
public:
  PhaseDumper(Location loc, const std::string &dir) : loc(loc), dir(dir) {}

  LogicalResult init() {
    if (dir.empty())
      return success();
    if (std::error_code ec = llvm::sys::fs::create_directories(dir))
      return emitError(loc) << "cannot create '" << dir << "': " << ec.message();
    return success();
  }

  LogicalResult dump(StringRef name, StringRef extension, StringRef text) {
    if (dir.empty())
      return success();
    char index[8];
    snprintf(index, sizeof(index), "%02u-", counter++);
    llvm::SmallString<128> path(dir);
    llvm::sys::path::append(path, index + name.str() + "." + extension.str());
    return writeText(loc, std::string(path), text);
  }

  LogicalResult dump(StringRef name, ModuleOp module) {
    return dir.empty() ? success() : dump(name, "mlir", printModule(module));
  }

private:
  Location loc;
  std::string dir;
  unsigned counter = 0;
};

void setTrainingPipelineOptions(const TrainingOptions &training,
                                TrainingPipelineOptions &options) {
  options.loss = training.loss.kind == LossKind::CrossEntropy ? "cross_entropy"
                 : training.loss.kind == LossKind::NLL        ? "nll"
                                                               : "mse";
  options.labelSmoothing = training.loss.labelSmoothing;
  options.classWeights = training.loss.classWeights;
  options.freeze = training.freeze;
  options.optimizer = formatOptimizerSpec(training.optimizer);
  options.seed = training.seed;
}

// Before the work of compiling: an output that cannot be written fails now.
LogicalResult checkOutputPaths(MLIRContext &context, const CompileOptions &options) {
  std::string error;
  for (const std::string *path :
       {&options.outputPath, &options.headerPath, &options.graphPath})
    if (!path->empty() && !checkOutputPath(*path, error))
      return emitError(UnknownLoc::get(&context)) << error;
  if (!options.graphPath.empty() && !checkKernelGraphPath(options.graphPath, error))
    return emitError(UnknownLoc::get(&context)) << error;
  return success();
}

unsigned countKernels(ModuleOp module) {
  unsigned count = 0;
  for (auto func : module.getOps<func::FuncOp>())
    count += func->hasAttr(dlc::attr::kKernel);
  return count;
}
} // namespace

std::unique_ptr<MLIRContext> dlc::createCompilerContext() {
  DialectRegistry registry;
  registerAllDlc(registry);
  auto context = std::make_unique<MLIRContext>(registry, MLIRContext::Threading::DISABLED);
  context->loadAllAvailableDialects();
  return context;
}

LogicalResult dlc::compileModel(MLIRContext &context, const CompileOptions &options,
                                CompileSummary &summary) {
  if (failed(checkOutputPaths(context, options)))
    return failure();
  std::string error;
  if (!checkRegularFile(options.modelPath, error))
    return emitError(FileLineColLoc::get(&context, options.modelPath, 0, 0)) << error;
  OwningOpRef<ModuleOp> module = importOnnxModel(context, options.modelPath, options.import);
  if (!module)
    return failure();
  return compileModule(*module, options, summary);
}

LogicalResult dlc::compileModule(ModuleOp module, const CompileOptions &options,
                                 CompileSummary &summary) {
  MLIRContext &context = *module.getContext();
  if (failed(checkOutputPaths(context, options)))
    return failure();
  Location loc = FileLineColLoc::get(&context, options.modelPath, 0, 0);
  PhaseDumper dumper(loc, options.dumpPhasesDir);
  if (failed(dumper.init()) || failed(dumper.dump("imported", module)))
    return failure();
  if (options.saliency) {
    PassManager pm(&context);
    pm.addPass(createDlcBuildSaliencyEntry());
    pm.addPass(createCanonicalizerPass());
    if (failed(pm.run(module)))
      return failure();
  }
  if (options.training) {
    PassManager pm(&context);
    TrainingPipelineOptions pipelineOptions;
    setTrainingPipelineOptions(*options.training, pipelineOptions);
    buildDlcTrainingPipeline(pm, pipelineOptions);
    if (failed(pm.run(module)) || failed(dumper.dump("training", module)))
      return failure();
  }
  if (options.emit == EmitKind::MLIR)
    return writeText(loc, options.outputPath, printModule(module));

  artifact::ModelMetadata &metadata = summary.metadata;
  metadata.producer = "dlc " DLC_VERSION;
  if (failed(describeSignature(module, metadata)))
    return failure();

  std::string targetError;
  std::unique_ptr<Backend> backend = createBackend(options.target, targetError);
  if (!backend)
    return emitError(UnknownLoc::get(&context)) << targetError;
  backend->describeTarget(metadata);

  CpuPipelineOptions pipelineOptions;
  pipelineOptions.fuseElementwise = options.fuseElementwise && options.optimize;
  pipelineOptions.optimize = options.optimize;
  pipelineOptions.parallel = options.optimize;
  pipelineOptions.exposeKernels = options.exposeKernels;
  backend->configure(pipelineOptions);
  std::string weights;
  for (Phase phase : kAllPhases) {
    PassManager pm(&context);
    if (phase == Phase::LLVM)
      backend->buildCodegen(pm, pipelineOptions);
    else
      buildPhase(pm, phase, pipelineOptions);
    if (failed(pm.run(module)))
      return failure();
    if (phase == Phase::Kernels && options.exposeKernels) {
      metadata.entries.clear();
      if (failed(describeSignature(module, metadata)))
        return failure();
    }
    if (phase == Phase::Linalg) {
      if (options.exposeKernels)
        summary.exposed = describeExposedResults(module);
      summary.kernels = describeKernels(module);
      if (!options.graphPath.empty() &&
          failed(writeKernelGraph(loc, options.graphPath,
                                  drawKernelGraph(module, summary.kernels))))
        return failure();
      summary.intermediateBytes = intermediateBytes(module);
      FailureOr<std::string> blob = layOutParams(module, metadata);
      if (failed(blob))
        return failure();
      weights = std::move(*blob);
    }
    if (phase == Phase::Bufferized) {
      summary.numKernels = countKernels(module);
      metadata.arenaBytes = 0;
      for (func::FuncOp entry : findEntries(module))
        if (auto arena = entry->getAttrOfType<IntegerAttr>(dlc::attr::kArenaBytes))
          metadata.arenaBytes = std::max<uint64_t>(metadata.arenaBytes, arena.getInt());
    }
    if (failed(dumper.dump(phaseName(phase), module)))
      return failure();
  }

  if (auto source = module->getAttrOfType<StringAttr>(dlc::attr::kCudaSource))
    summary.cudaSource = source.str();
  CodeListing listing = backend->listing();
  if (!options.dumpPhasesDir.empty()) {
    FailureOr<std::string> code = backend->emitCode(module, listing.kind);
    if (failed(code) || failed(dumper.dump(listing.name, listing.extension, *code)))
      return failure();
  }
  if (options.emit == EmitKind::LLVM || options.emit == EmitKind::Cuda) {
    FailureOr<std::string> code = backend->emitCode(
        module, options.emit == EmitKind::LLVM ? CodeKind::LLVMIR : CodeKind::CudaSource);
    return failed(code) ? failure() : writeText(loc, options.outputPath, *code);
  }
  if (options.emit == EmitKind::Asm || options.emit == EmitKind::Obj) {
    FailureOr<std::string> code = backend->emitCode(
        module, options.emit == EmitKind::Asm ? CodeKind::Assembly : CodeKind::Object);
    return failed(code) ? failure() : writeText(loc, options.outputPath, *code);
  }
  // The metadata is complete here: writeArtifact writes this very text, and
  // the library carries its digest.
  FailureOr<std::string> library = backend->buildLibrary(module, loc, weights, metadata);
  if (failed(library))
    return failure();
  std::string error;
  if (!artifact::writeArtifact(options.outputPath, *library, metadata, error))
    return emitError(loc) << error;
  if (!options.headerPath.empty()) {
    std::string prefix = llvm::sys::path::stem(options.outputPath).str();
    if (StringRef(prefix).starts_with("lib") && prefix.size() > 3)
      prefix = prefix.substr(3);
    std::string header = writeHeader(metadata, prefix,
                                     llvm::sys::path::filename(options.modelPath).str());
    if (failed(writeText(loc, options.headerPath, header)))
      return failure();
  }
  return success();
}
