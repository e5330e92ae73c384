//===- dlc-compile.cpp - an ONNX model to a shared library ----------------===//
#include "compiler/driver/Compiler.h"
#include "tools/common/ToolSupport.h"

#include "llvm/Support/raw_ostream.h"

using namespace dlc;
namespace cl = llvm::cl;

static cl::OptionCategory category("dlc-compile options");
static cl::opt<std::string> model(cl::Positional, cl::desc("MODEL.onnx"), cl::Required,
                                  cl::cat(category));
static cl::opt<std::string> output("o", cl::desc("Output file ('-' for stdout, text kinds)"),
                                   cl::value_desc("OUT"), cl::Required, cl::cat(category));
static cl::opt<std::string> target("target", cl::desc("Code generation target: cpu or cuda"),
                                   cl::init("cpu"), cl::cat(category));
static cl::opt<std::string> gpuArch("gpu-arch",
                                    cl::desc("With --target cuda: the GPU architecture (default "
                                             "sm_90; CUBIN for it, PTX for newer ones)"),
                                    cl::init("sm_90"), cl::cat(category));
static cl::opt<std::string> gpuPrecision("gpu-precision", cl::desc(kGpuPrecisionHelp),
                                         cl::init("fp32"), cl::cat(category));
static cl::opt<EmitKind> emit(
    "emit", cl::desc("What to write"), cl::init(EmitKind::Lib),
    cl::values(clEnumValN(EmitKind::MLIR, "mlir", "the imported dlc graph-dialect IR"),
               clEnumValN(EmitKind::LLVM, "llvm", "optimized LLVM IR (of the host code, for cuda)"),
               clEnumValN(EmitKind::Asm, "asm", "assembly (the kernels' PTX, for cuda)"),
               clEnumValN(EmitKind::Obj, "obj", "the code's object file (the kernels' CUBIN, for cuda)"),
               clEnumValN(EmitKind::Cuda, "cuda", "the kernels' CUDA C++ (--target cuda)"),
               clEnumValN(EmitKind::Lib, "lib", "the model library (default)")),
    cl::cat(category));
static cl::opt<std::string> header("header", cl::desc("Also write a typed C header"),
                                   cl::value_desc("H"), cl::cat(category));
static cl::opt<std::string> dumpPhases("dump-phases",
                                       cl::desc("Write the IR after each phase into DIR"),
                                       cl::value_desc("DIR"), cl::cat(category));
static cl::list<std::string> shapes("shape", cl::desc("Bind an input's dims: NAME=AxBxC"),
                                    cl::value_desc("NAME=AxB"), cl::cat(category));
static cl::list<std::string> constInputs(
    "const-input", cl::desc("Bind an input to a constant: NAME=FILE.pb"),
    cl::value_desc("NAME=FILE"), cl::cat(category));
static cl::opt<std::string> cpu("cpu", cl::desc("Target CPU (default: this machine's)"),
                                cl::cat(category));
static cl::opt<std::string> features(
    "features", cl::desc("Target features, LLVM style: +avx2,-avx512f"), cl::cat(category));
static cl::opt<bool> noFusion("no-fusion",
                              cl::desc("One kernel per op (no elementwise fusion)"),
                              cl::cat(category));
static cl::opt<bool> report("report", cl::desc("Print each kernel (FLOPs, bytes, arithmetic intensity, ONNX nodes), arena bytes and weight bytes"),
                            cl::cat(category));
static cl::opt<std::string> graph(
    "graph",
    cl::desc("Draw the fused graph: its kernels, ONNX nodes and tensors (.svg, .png or .pdf "
             "through Graphviz's dot; .dot as text)"),
    cl::value_desc("FILE"), cl::cat(category));
static cl::opt<std::string> loss(
    "loss",
    cl::desc("Compile for training: add train_step and eval entries with this loss "
             "(cross_entropy, nll or mse)"),
    cl::cat(category));
static cl::opt<std::string> optimizer(
    "optimizer", cl::desc("With --loss: NAME:key=value,... as dlc-train's (default sgd:lr=0.01)"),
    cl::init("sgd:lr=0.01"), cl::cat(category));
static cl::opt<std::string> freeze("freeze",
                                   cl::desc("With --loss: params matching REGEX stay fixed"),
                                   cl::value_desc("REGEX"), cl::cat(category));
static cl::opt<bool> saliency(
    "saliency", cl::desc("Add a saliency entry: the top class's gradient w.r.t. input 0"),
    cl::cat(category));

int main(int argc, char **argv) {
  parseToolCommandLine(argc, argv, category,
                       "dlc-compile: compile an ONNX model to a shared library\n");
  const std::string tool = "dlc-compile";
  if (target != "cpu" && target != "cuda")
    return reportError(tool, "--target " + target + " is not a target (cpu or cuda)");
  if (emit == EmitKind::Cuda && target != "cuda")
    return reportError(tool, "--emit cuda needs --target cuda");
  if ((gpuArch.getNumOccurrences() || gpuPrecision.getNumOccurrences()) && target != "cuda")
    return reportError(tool,
                       std::string(gpuArch.getNumOccurrences() ? "--gpu-arch" : "--gpu-precision") +
                           " needs --target cuda");
  if (!header.empty() && emit != EmitKind::Lib)
    return reportError(tool, "--header needs --emit lib");
  if (!graph.empty() && emit == EmitKind::MLIR)
    return reportError(tool, "--graph needs kernels: --emit llvm, asm, obj, cuda or lib");
  CompileOptions options;
  options.modelPath = model;
  options.outputPath = output;
  options.emit = emit;
  options.headerPath = header;
  options.dumpPhasesDir = dumpPhases;
  options.graphPath = graph;
  options.target.kind = target;
  options.target.gpuArch = gpuArch;
  options.target.gpuPrecision = gpuPrecision;
  options.target.cpu = cpu;
  options.target.features = features;
  options.fuseElementwise = !noFusion;
  options.saliency = saliency;
  std::string error;
  if (!loss.empty()) {
    TrainingOptions training;
    if (!parseLossKind(loss, training.loss.kind, error) ||
        !parseOptimizerSpec(optimizer, training.optimizer, error))
      return reportError(tool, error);
    training.freeze = freeze;
    options.training = training;
  } else if (optimizer.getNumOccurrences() || !freeze.empty()) {
    return reportError(tool, "--optimizer and --freeze need --loss");
  }
  if (!parseShapes(shapes, options.import.shapes, error) ||
      !parseConstInputs(constInputs, options.import.constInputs, error))
    return reportError(tool, error);

  std::unique_ptr<mlir::MLIRContext> context = createCompilerContext();
  ToolDiagnostics diagnostics(*context, tool);
  CompileSummary summary;
  if (mlir::failed(compileModel(*context, options, summary)))
    return 1;
  if (report && emit != EmitKind::MLIR) {
    const auto &m = summary.metadata;
    llvm::outs() << "kernels: " << summary.numKernels << "\n";
    printKernelReport(llvm::outs(), summary.kernels);
    llvm::outs() << "arena bytes: " << m.arenaBytes << " (intermediates without planning: "
                 << summary.intermediateBytes << ")\n"
                 << "weight bytes: " << m.weightsBytes << " in " << m.params.size()
                 << " params\n"
                 << "inputs: " << m.entries.front().inputs.size()
                 << ", outputs: " << m.entries.front().outputs.size() << "\n"
                 << "entries:";
    for (const artifact::EntrySpec &entry : m.entries)
      llvm::outs() << " " << entry.name;
    llvm::outs() << "\ncpu features: ";
    for (size_t i = 0; i < m.cpuFeatures.size(); ++i)
      llvm::outs() << (i ? "," : "") << m.cpuFeatures[i];
    llvm::outs() << "\n";
    if (!m.device.empty())
      llvm::outs() << "device: " << m.device << "\n";
  }
  return 0;
}
