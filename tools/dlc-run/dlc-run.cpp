//===- dlc-run.cpp - run, check and benchmark a model ---------------------===//
//
// An .onnx MODEL is compiled to a temporary library first and then loaded
// through the runtime exactly like a library from dlc-compile.
//
//===----------------------------------------------------------------------===//
#include "compiler/driver/Compiler.h"
#include "compiler/support/Files.h"
#include "dlc/artifact.hpp"
#include "dlc/runtime.hpp"
#include "tools/common/PngWriter.h"
#include "tools/common/TensorFiles.h"
#include "tools/common/ToolSupport.h"
#include "tools/dlc-run/VerifyKernels.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <list>
#include <set>
#include <unistd.h>

using namespace dlc;
namespace cl = llvm::cl;

static cl::OptionCategory category("dlc-run options");
static cl::opt<std::string> modelPath(cl::Positional, cl::desc("MODEL (.onnx or a library)"),
                                      cl::Required, cl::cat(category));
static cl::list<std::string> inputFiles("i", cl::desc("An input (.pb or .npy), in order"),
                                        cl::value_desc("FILE"), cl::cat(category));
static cl::opt<std::string> outputDir("output-dir",
                                      cl::desc("Write output_N.pb files into DIR"),
                                      cl::value_desc("DIR"), cl::cat(category));
static cl::list<std::string> shapes("shape", cl::desc("Bind an input's dims: NAME=AxBxC"),
                                    cl::value_desc("NAME=AxB"), cl::cat(category));
static cl::list<std::string> constInputs(
    "const-input", cl::desc("Bind an input to a constant: NAME=FILE.pb"),
    cl::value_desc("NAME=FILE"), cl::cat(category));
static cl::opt<bool> randomInputs("random-inputs",
                                  cl::desc("Run on reproducible random inputs"),
                                  cl::cat(category));
static cl::opt<std::string> expectDir(
    "expect", cl::desc("Compare outputs with DIR/output_N.pb (rtol 1e-3, atol 1e-5)"),
    cl::value_desc("DIR"), cl::cat(category));
static cl::opt<unsigned> benchRuns("bench", cl::desc("Time N runs after a warm-up"),
                                   cl::value_desc("N"), cl::init(0), cl::cat(category));
static cl::opt<std::string> entryName(
    "entry", cl::desc("The entry to run (a library's train_step, eval, ...; default run)"),
    cl::value_desc("NAME"), cl::init("run"), cl::cat(category));
static cl::opt<std::string> saliencyPath(
    "saliency",
    cl::desc("Also write the gradient of the top class w.r.t. input 0, as a PNG heat map "
             "of the first sample (channels merged by their largest magnitude)"),
    cl::value_desc("OUT.png"), cl::cat(category));
static RunTargetOptions targetOptions(category);
static cl::opt<bool> verifyKernelsFlag(
    "verify-kernels",
    cl::desc("Compile the .onnx MODEL optimized and as a plain-loop reference (no fusion, "
             "no microkernels, one thread), run both on the same inputs and name the "
             "first kernel whose result differs"),
    cl::cat(category));

namespace {
const std::string kTool = "dlc-run";

// MLIR's GPU dialect library registers a hidden --threads of its own at load
// time; dlc-run's takes the name once main runs.
cl::opt<unsigned> &threadsOption() {
  releaseOptionName("threads");
  static cl::opt<unsigned> threads(
      "threads", cl::desc("Run parallel loops on at most N threads (default 0: all cores)"),
      cl::value_desc("N"), cl::init(0), cl::cat(category));
  return threads;
}

// Before compiling and running: the model is a regular file, and the
// outputs asked for can be written.
bool checkFiles(std::string &error) {
  if (!checkRegularFile(modelPath, error))
    return false;
  if (!outputDir.empty() && llvm::sys::fs::exists(outputDir) &&
      !llvm::sys::fs::is_directory(outputDir)) {
    error = "cannot write into '" + outputDir + "': it is not a directory";
    return false;
  }
  return saliencyPath.empty() || checkOutputPath(saliencyPath, error);
}

bool isOnnx(const std::string &path) {
  llvm::StringRef name(path);
  return name.ends_with(".onnx") || name.ends_with(kOnnxTextExtension);
}

// Fills the compile options from the given input files: graph inputs that
// feed shape operands become constants, and symbolic dims take the dims of
// the given file, unless --shape or --const-input said otherwise. Constants
// given as .npy are rewritten into `constantFiles`, removed on exit.
bool bindFromInputFiles(const std::vector<GraphInputInfo> &graphInputs,
                        ImportOptions &import, std::vector<std::string> &runtimeFiles,
                        std::list<TempFile> &constantFiles, std::string &error) {
  if (!inputFiles.empty() && inputFiles.size() != graphInputs.size()) {
    error = "the model has " + std::to_string(graphInputs.size()) + " inputs but " +
            std::to_string(inputFiles.size()) + " -i files were given";
    return false;
  }
  for (size_t i = 0; i < graphInputs.size(); ++i) {
    const GraphInputInfo &input = graphInputs[i];
    const std::string *file = inputFiles.empty() ? nullptr : &inputFiles[i];
    if (import.constInputs.count(input.name))
      continue;
    if (input.feedsConstantOperand) {
      if (!file) {
        error = "input '" + input.name +
                "' feeds a shape operand: give it with -i or --const-input";
        return false;
      }
      std::string bound = *file;
      // The importer reads TensorProtos: an .npy is rewritten as one.
      if (llvm::StringRef(*file).ends_with(".npy")) {
        HostTensor tensor;
        TempFile &proto = constantFiles.emplace_back();
        if (!loadTensor(*file, tensor, error))
          return false;
        if (std::error_code ec =
                llvm::sys::fs::createTemporaryFile("dlc-run-const", "pb", proto.path)) {
          error = "cannot create a temporary file: " + ec.message();
          return false;
        }
        if (!saveTensorProto(std::string(proto.path), tensor, error))
          return false;
        bound = std::string(proto.path);
      }
      import.constInputs[input.name] = bound;
      llvm::errs() << kTool << ": note: input '" << input.name
                   << "' feeds a shape operand; compiling it in as a constant from " << *file
                   << "\n";
      continue;
    }
    if (file)
      runtimeFiles.push_back(*file);
    bool symbolic = std::any_of(input.dims.begin(), input.dims.end(),
                                [](int64_t d) { return d < 0; });
    if (symbolic && !import.shapes.count(input.name) && file) {
      HostTensor tensor;
      if (!loadTensor(*file, tensor, error))
        return false;
      import.shapes[input.name] = tensor.dims;
    }
  }
  return true;
}

// A buffer larger than this machine's memory could only fail to allocate, or
// be allocated lazily and get the process killed when it is filled.
bool fitsInMemory(const char *kind, size_t index, const dlc_tensor_info &info,
                  std::string &error) {
  uint64_t memory = static_cast<uint64_t>(::sysconf(_SC_PHYS_PAGES)) *
                    static_cast<uint64_t>(::sysconf(_SC_PAGE_SIZE));
  if (info.byte_size <= memory)
    return true;
  error = std::string(kind) + " " + std::to_string(index) + " (\"" + info.name + "\") needs " +
          std::to_string(info.byte_size) + " bytes, more than this machine's memory (" +
          std::to_string(memory) + " bytes)";
  return false;
}

// numpy has no bfloat16, so ONNX's test data (and numpy users) keep bf16
// tensors as their uint16 bits: such a file, where bf16 is expected, is
// read as those bits.
void readUint16AsBf16(HostTensor &tensor, dlc_dtype expected) {
  if (expected == DLC_DTYPE_BF16 && tensor.dtype == DLC_DTYPE_U16)
    tensor.dtype = DLC_DTYPE_BF16;
}

bool prepareInputs(const Model &model, const std::vector<std::string> &files,
                   std::vector<HostTensor> &tensors, std::string &error) {
  std::vector<dlc_tensor_info> infos = model.inputs(entryName);
  if (!randomInputs && files.size() != infos.size()) {
    error = "the model takes " + std::to_string(infos.size()) + " inputs but " +
            std::to_string(files.size()) + " were given (use -i or --random-inputs)";
    return false;
  }
  for (size_t i = 0; i < infos.size(); ++i) {
    HostTensor tensor;
    tensor.name = infos[i].name;
    if (randomInputs) {
      if (!fitsInMemory("input", i, infos[i], error))
        return false;
      tensor.dtype = infos[i].dtype;
      tensor.dims.assign(infos[i].dims, infos[i].dims + infos[i].rank);
      fillRandom(tensor, 1234 + i);
    } else if (!loadTensor(files[i], tensor, error)) {
      return false;
    }
    readUint16AsBf16(tensor, infos[i].dtype);
    tensors.push_back(std::move(tensor));
  }
  return true;
}

dlc_tensor view(HostTensor &tensor) {
  return dlc_tensor{tensor.dtype, static_cast<int32_t>(tensor.dims.size()),
                    tensor.dims.data(), tensor.data.data(), tensor.data.size()};
}

// The first sample of a saliency gradient [N, C, H, W] (or [N, H, W], or
// [N, F]) as an H x W image: each pixel the largest |gradient| over C.
bool writeSaliency(const HostTensor &gradient, std::string &error) {
  const std::vector<int64_t> &dims = gradient.dims;
  if (gradient.dtype != DLC_DTYPE_F32 || dims.size() < 2 || dims.size() > 4) {
    error = "the saliency map needs an f32 input of rank 2 to 4";
    return false;
  }
  int64_t channels = dims.size() == 4 ? dims[1] : 1;
  int64_t height = dims.size() >= 3 ? dims[dims.size() - 2] : 1;
  int64_t width = dims.back();
  const auto *values = reinterpret_cast<const float *>(gradient.data.data());
  std::vector<float> map(height * width, 0.0f);
  for (int64_t c = 0; c < channels; ++c)
    for (int64_t i = 0; i < height * width; ++i)
      map[i] = std::max(map[i], std::abs(values[c * height * width + i]));
  if (!writeHeatMapPng(saliencyPath, map, height, width, error))
    return false;
  llvm::outs() << "saliency: wrote " << saliencyPath << " (" << height << "x" << width
               << ", |gradient of the top class| w.r.t. input '" << gradient.name << "')\n";
  return true;
}

bool allocateOutputs(const Model &model, const std::string &entry,
                     std::vector<HostTensor> &outputs, std::string &error) {
  for (const dlc_tensor_info &info : model.outputs(entry)) {
    if (!fitsInMemory("output", outputs.size(), info, error))
      return false;
    HostTensor tensor;
    tensor.name = info.name;
    tensor.dtype = info.dtype;
    tensor.dims.assign(info.dims, info.dims + info.rank);
    tensor.data.assign(info.byte_size, 0);
    outputs.push_back(std::move(tensor));
  }
  return true;
}

// Compiles into a new temporary library; diagnostics go to stderr.
bool compileToTemporary(CompileOptions options, TempFile &library, CompileSummary &summary) {
  if (std::error_code ec = llvm::sys::fs::createTemporaryFile("dlc-run", "so", library.path)) {
    reportError(kTool, "cannot create a temporary file: " + ec.message());
    return false;
  }
  options.outputPath = std::string(library.path);
  std::unique_ptr<mlir::MLIRContext> context = createCompilerContext();
  ToolDiagnostics diagnostics(*context, kTool);
  return mlir::succeeded(compileModel(*context, options, summary));
}

// One build for --verify-kernels, loaded and run on the shared inputs.
struct Build {
  TempFile library;
  CompileSummary summary;
  Model model;
  Session session;
  std::vector<HostTensor> outputs;
};

int verifyKernels(CompileOptions options, const std::vector<std::string> &runtimeFiles,
                  unsigned threads) {
  if (entryName != "run" || !saliencyPath.empty() || benchRuns > 0 || !expectDir.empty() ||
      !outputDir.empty())
    return reportError(kTool, "--verify-kernels runs the entry run alone: drop --entry, "
                              "--saliency, --bench, --expect and --output-dir");
  options.exposeKernels = true;
  Build builds[2];
  std::string error;
  for (int reference = 0; reference < 2; ++reference) {
    Build &build = builds[reference];
    options.optimize = reference == 0;
    if (!compileToTemporary(options, build.library, build.summary))
      return 1;
    if (Status status = build.model.load(std::string(build.library.path)); !status.ok())
      return reportError(kTool, status.message());
    if (Status status = build.session.create(build.model); !status.ok())
      return reportError(kTool, status.message());
    if (Status status = build.session.setThreads(reference ? 1 : threads); !status.ok())
      return reportError(kTool, status.message());
    if (!allocateOutputs(build.model, "run", build.outputs, error))
      return reportError(kTool, error);
  }
  std::vector<HostTensor> inputs;
  if (!prepareInputs(builds[0].model, runtimeFiles, inputs, error))
    return reportError(kTool, error);
  std::vector<dlc_tensor> inputViews;
  for (HostTensor &tensor : inputs)
    inputViews.push_back(view(tensor));
  for (Build &build : builds) {
    std::vector<dlc_tensor> outputViews;
    for (HostTensor &tensor : build.outputs)
      outputViews.push_back(view(tensor));
    if (Status status = build.session.run("run", inputViews, outputViews); !status.ok())
      return reportError(kTool, status.message());
  }
  return verifyKernelOutputs(builds[0].summary, builds[0].outputs, builds[1].outputs,
                             llvm::outs(), llvm::errs())
             ? 0
             : 1;
}

void printBench(std::vector<double> times) {
  std::sort(times.begin(), times.end());
  auto at = [&](double q) {
    return times[std::min(times.size() - 1, static_cast<size_t>(q * times.size()))];
  };
  llvm::outs() << "bench: " << times.size() << " runs, min "
               << llvm::format("%.4f", times.front()) << " ms, median "
               << llvm::format("%.4f", at(0.5)) << " ms, p90 "
               << llvm::format("%.4f", at(0.9)) << " ms\n";
}
} // namespace

int main(int argc, char **argv) {
  cl::opt<unsigned> &threads = threadsOption();
  parseToolCommandLine(argc, argv, category, "dlc-run: run, check and benchmark a model\n");
  if (randomInputs && !inputFiles.empty())
    return reportError(kTool, "give either -i files or --random-inputs, not both");
  std::string error;
  if (!targetOptions.check(error))
    return reportError(kTool, error);
  if (targetOptions.target != "cpu" && (!isOnnx(modelPath) || verifyKernelsFlag))
    return reportError(kTool, "--target compiles the model: give an .onnx, without "
                              "--verify-kernels (a compiled library runs where it was built for)");

  if (!checkFiles(error))
    return reportError(kTool, error);
  std::vector<std::string> runtimeFiles(inputFiles.begin(), inputFiles.end());
  TempFile library, emulated;
  std::list<TempFile> constantFiles;
  std::string libraryPath = modelPath;
  if (isOnnx(modelPath)) {
    CompileOptions options;
    options.modelPath = modelPath;
    options.saliency = !saliencyPath.empty();
    if (!parseShapes(shapes, options.import.shapes, error) ||
        !parseConstInputs(constInputs, options.import.constInputs, error))
      return reportError(kTool, error);
    std::optional<std::vector<GraphInputInfo>> graphInputs = listGraphInputs(modelPath);
    if (graphInputs) {
      runtimeFiles.clear();
      if (!bindFromInputFiles(*graphInputs, options.import, runtimeFiles, constantFiles,
                              error))
        return reportError(kTool, error);
    }
    if (verifyKernelsFlag)
      return verifyKernels(options, runtimeFiles, threads);
    options.target.kind = targetOptions.target;
    options.target.gpuArch = targetOptions.gpuArch;
    options.target.gpuPrecision = targetOptions.gpuPrecision;
    CompileSummary summary;
    if (!compileToTemporary(options, library, summary))
      return 1;
    libraryPath = std::string(library.path);
    if (targetOptions.emulateGpu && !useEmulatedGpu(summary.cudaSource, emulated, error))
      return reportError(kTool, error);
  } else if (!shapes.empty() || !constInputs.empty()) {
    return reportError(kTool, "--shape and --const-input apply to .onnx models only");
  } else if (verifyKernelsFlag) {
    return reportError(kTool, "--verify-kernels compiles the model itself: give an .onnx");
  }

  Model model;
  if (Status status = model.load(libraryPath); !status.ok())
    return reportError(kTool, status.message());
  Session session;
  if (Status status = session.create(model); !status.ok())
    return reportError(kTool, status.message());
  if (Status status = session.setThreads(threads); !status.ok())
    return reportError(kTool, status.message());

  std::vector<HostTensor> inputs;
  if (!prepareInputs(model, runtimeFiles, inputs, error))
    return reportError(kTool, error);
  size_t entryIndex = 0;
  if (Status status = model.findEntry(entryName, entryIndex); !status.ok())
    return reportError(kTool, status.message());
  std::vector<HostTensor> outputs;
  if (!allocateOutputs(model, entryName, outputs, error))
    return reportError(kTool, error);
  std::vector<dlc_tensor> inputViews, outputViews;
  for (HostTensor &tensor : inputs)
    inputViews.push_back(view(tensor));
  for (HostTensor &tensor : outputs)
    outputViews.push_back(view(tensor));

  if (Status status = session.run(entryName, inputViews, outputViews); !status.ok())
    return reportError(kTool, status.message());

  if (!saliencyPath.empty()) {
    std::vector<dlc_tensor_info> infos = model.outputs("saliency");
    if (infos.size() != 1)
      return reportError(kTool, "the model has no saliency entry (compile it with "
                                "dlc-compile --saliency, or run the .onnx)");
    HostTensor gradient;
    gradient.name = inputs.empty() ? "" : inputs[0].name;
    gradient.dtype = infos[0].dtype;
    gradient.dims.assign(infos[0].dims, infos[0].dims + infos[0].rank);
    gradient.data.assign(infos[0].byte_size, 0);
    std::vector<dlc_tensor> gradientViews{view(gradient)};
    if (Status status = session.run("saliency", inputViews, gradientViews); !status.ok())
      return reportError(kTool, status.message());
    if (!writeSaliency(gradient, error))
      return reportError(kTool, error);
  }

  if (benchRuns > 0) {
    for (unsigned i = 0; i < std::max(1u, benchRuns / 10); ++i)
      if (Status status = session.run(entryName, inputViews, outputViews); !status.ok())
        return reportError(kTool, status.message());
    std::vector<double> times;
    for (unsigned i = 0; i < benchRuns; ++i) {
      auto start = std::chrono::steady_clock::now();
      Status status = session.run(entryName, inputViews, outputViews);
      auto end = std::chrono::steady_clock::now();
      if (!status.ok())
        return reportError(kTool, status.message());
      times.push_back(std::chrono::duration<double, std::milli>(end - start).count());
    }
    printBench(std::move(times));
  }

  if (!outputDir.empty()) {
    if (std::error_code ec = llvm::sys::fs::create_directories(outputDir))
      return reportError(kTool, "cannot create '" + outputDir + "': " + ec.message());
    for (size_t i = 0; i < outputs.size(); ++i) {
      std::string path = outputDir + "/output_" + std::to_string(i) + ".pb";
      if (!saveTensorProto(path, outputs[i], error))
        return reportError(kTool, error);
    }
  }

  int status = 0;
  if (!expectDir.empty()) {
    for (size_t i = 0; i < outputs.size(); ++i) {
      HostTensor expected;
      std::string path = expectDir + "/output_" + std::to_string(i) + ".pb";
      if (!loadTensor(path, expected, error))
        return reportError(kTool, error);
      readUint16AsBf16(expected, outputs[i].dtype);
      std::string mismatch;
      if (!tensorsMatch(expected, outputs[i], 1e-3, 1e-5, mismatch)) {
        llvm::errs() << kTool << ": error: output " << i << " (\"" << outputs[i].name
                     << "\") does not match " << path << ": " << mismatch << "\n";
        status = 1;
      }
    }
    if (status == 0)
      llvm::outs() << "all " << outputs.size() << " outputs match " << expectDir << "\n";
  }
  if (outputDir.empty() && expectDir.empty() && benchRuns == 0 && saliencyPath.empty())
    for (size_t i = 0; i < outputs.size(); ++i) {
      llvm::outs() << "output " << i << " \"" << outputs[i].name << "\": "
                   << artifact::dtypeName(outputs[i].dtype) << "[";
      for (size_t d = 0; d < outputs[i].dims.size(); ++d)
        llvm::outs() << (d ? "x" : "") << outputs[i].dims[d];
      llvm::outs() << "]\n";
    }
  return status;
}
