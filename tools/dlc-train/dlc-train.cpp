//===- dlc-train.cpp - train or fine-tune an ONNX classifier --------------===//
//
// Compiles MODEL.onnx with train_step and eval entries (a temporary library,
// as dlc-run does), feeds it batches of an image data set, follows a
// learning-rate schedule, evaluates, checkpoints, and writes the trained
// weights back into the same ONNX model.
//
//===----------------------------------------------------------------------===//
#include "compiler/driver/Compiler.h"
#include "compiler/support/Files.h"
#include "dlc/runtime.hpp"
#include "passes/training/TrainingSpec.h"
#include "tools/common/Datasets.h"
#include "tools/common/OnnxModelFile.h"
#include "tools/common/ToolSupport.h"
#include "tools/dlc-train/Checkpoint.h"
#include "tools/dlc-train/Freeze.h"
#include "tools/dlc-train/Schedule.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <unistd.h>

using namespace dlc;
namespace cl = llvm::cl;

static cl::OptionCategory category("dlc-train options");
static cl::opt<std::string> modelPath(cl::Positional, cl::desc("MODEL.onnx"),
                                      cl::cat(category));
static cl::opt<std::string> trainImages(
    "train-images",
    cl::desc("Training images: IDX files (gzipped or not) or CIFAR-10 .bin batches, "
             "comma-separated ones concatenated"),
    cl::value_desc("F[,F...]"), cl::cat(category));
static cl::opt<std::string> trainLabels(
    "train-labels", cl::desc("Training labels (for CIFAR-10, the same .bin files)"),
    cl::value_desc("F[,F...]"), cl::cat(category));
static cl::opt<std::string> testImages("test-images",
                                       cl::desc("Test images, evaluated after each epoch"),
                                       cl::value_desc("F[,F...]"), cl::cat(category));
static cl::opt<std::string> testLabels("test-labels", cl::desc("Test labels"),
                                       cl::value_desc("F[,F...]"), cl::cat(category));
static cl::opt<std::string> epochsOption(
    "epochs", cl::desc("Passes over the training set (required unless --steps is given)"),
    cl::value_desc("N"), cl::cat(category));
static cl::opt<std::string> batchOption("batch", cl::desc("Samples per training step"),
                                        cl::value_desc("B"), cl::cat(category));
static cl::opt<std::string> lossOption(
    "loss",
    cl::desc("cross_entropy (on logits), nll (on log-probabilities) or mse (against "
             "one-hot labels)"),
    cl::value_desc("LOSS"), cl::cat(category));
static cl::opt<std::string> optimizerOption(
    "optimizer", cl::desc("The optimizer and its settings (see above)"),
    cl::value_desc("NAME:key=value,..."), cl::cat(category));
static cl::opt<std::string> scheduleOption(
    "schedule", cl::desc("Learning-rate schedule (see above; default constant)"),
    cl::value_desc("SCHEDULE"), cl::init("constant"), cl::cat(category));
static cl::opt<std::string> seedOption(
    "seed",
    cl::desc("Seed of the shuffle, the dropout masks and --replace-head's weights (default 0)"),
    cl::value_desc("S"), cl::init("0"), cl::cat(category));
static cl::opt<bool> noShuffle("no-shuffle",
                               cl::desc("Visit the training set in file order"),
                               cl::cat(category));
static cl::opt<std::string> stepsOption(
    "steps", cl::desc("Stop after K training steps in total, then evaluate and save"),
    cl::value_desc("K"), cl::cat(category));
static cl::opt<std::string> normalizeOption(
    "normalize",
    cl::desc("Apply (x - MEAN) / STD to every channel after scaling pixels to [0, 1]"),
    cl::value_desc("MEAN,STD"), cl::cat(category));
static cl::opt<std::string> checkpointDir(
    "checkpoint",
    cl::desc("After each epoch save the model and the optimizer state into DIR"),
    cl::value_desc("DIR"), cl::cat(category));
static cl::opt<std::string> resumeDir(
    "resume",
    cl::desc("Continue from the checkpoint in DIR (same options; bit-identical to an "
             "uninterrupted run)"),
    cl::value_desc("DIR"), cl::cat(category));
static cl::opt<std::string> initPath(
    "init",
    cl::desc("Start from the initializers of PRETRAINED.onnx that match by name and shape"),
    cl::value_desc("PRETRAINED.onnx"), cl::cat(category));
static cl::opt<std::string> freezePattern(
    "freeze",
    cl::desc("Keep params whose names match REGEX (POSIX extended, found anywhere) fixed"),
    cl::value_desc("REGEX"), cl::cat(category));
static cl::opt<std::string> replaceHeadOption(
    "replace-head",
    cl::desc("Replace the last Gemm (or MatMul + Add) by a fresh one with N outputs"),
    cl::value_desc("N"), cl::cat(category));
static cl::opt<std::string> labelSmoothingOption(
    "label-smoothing", cl::desc("cross_entropy's label smoothing, in [0, 1] (default 0)"),
    cl::value_desc("X"), cl::cat(category));
static cl::opt<std::string> savePath("save", cl::desc("Write the trained model to OUT.onnx"),
                                     cl::value_desc("OUT.onnx"), cl::cat(category));
static RunTargetOptions targetOptions(category);

namespace {
const std::string kTool = "dlc-train";
using Clock = std::chrono::steady_clock;

double seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

std::vector<std::string> splitList(const std::string &text) {
  std::vector<std::string> items;
  size_t start = 0;
  for (;;) {
    size_t comma = text.find(',', start);
    std::string item = text.substr(start, comma == std::string::npos ? comma : comma - start);
    if (!item.empty())
      items.push_back(item);
    if (comma == std::string::npos)
      return items;
    start = comma + 1;
  }
}

bool parseCount(const std::string &option, const std::string &text, int64_t minimum,
                int64_t &out, std::string &error) {
  int64_t value = 0;
  std::from_chars_result result = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || result.ec != std::errc() || result.ptr != text.data() + text.size() ||
      value < minimum) {
    error = "--" + option + " '" + text + "' must be an integer >= " + std::to_string(minimum);
    return false;
  }
  out = value;
  return true;
}

std::string dimsText(const dlc_tensor_info &info) {
  std::string out = "[";
  for (int32_t i = 0; i < info.rank; ++i)
    out += (i ? ", " : "") + std::to_string(info.dims[i]);
  return out + "]";
}

std::vector<int64_t> dimsOf(const dlc_tensor_info &info) {
  return std::vector<int64_t>(info.dims, info.dims + info.rank);
}

std::string hex(uint64_t value) {
  char text[32];
  std::snprintf(text, sizeof(text), "%016llx", static_cast<unsigned long long>(value));
  return text;
}

std::string formatFloat(double value) {
  char text[64];
  std::snprintf(text, sizeof(text), "%.17g", value);
  return text;
}

std::string lossName(LossKind kind) {
  switch (kind) {
  case LossKind::CrossEntropy:
    return "cross_entropy";
  case LossKind::NLL:
    return "nll";
  case LossKind::MSE:
    return "mse";
  }
  return "?";
}

std::string overview() {
  std::string text =
      "dlc-train: train or fine-tune an ONNX classifier\n\n"
      "  dlc-train MODEL.onnx --train-images F --train-labels F [--test-images F "
      "--test-labels F]\n"
      "            --epochs N --batch B --loss cross_entropy|nll|mse "
      "--optimizer NAME:key=value,...\n"
      "            --save OUT.onnx [options]\n\n"
      "Data: IDX files (MNIST, Fashion-MNIST; gzipped or not) or CIFAR-10 binary batches\n"
      "(*.bin: records of 1 label byte + 3x32x32 pixel bytes; name the same files for images\n"
      "and labels). Comma-separated files are concatenated. u8 pixels are scaled to [0, 1],\n"
      "then --normalize applies. Images are fitted to the model input [B, C, H, W]: gray\n"
      "images are replicated to C channels, smaller ones zero-padded and centered (pixel 0,\n"
      "before --normalize); a flat input [B, D] takes flattened images.\n\n"
      "Batches: each epoch visits every training sample once, in an order shuffled from\n"
      "(--seed, epoch) the same way on every platform (file order with --no-shuffle), B at a\n"
      "time. The last partial batch is NOT dropped: it runs through a second model compiled\n"
      "for the remainder batch size, sharing the weights and optimizer state (PyTorch's\n"
      "DataLoader with drop_last=False). The test set is evaluated the same way. Labels are\n"
      "class indices in [0, classes), classes being dim 1 of the model output [N, classes];\n"
      "mse trains against their one-hot encoding.\n\n"
      "Optimizers (PyTorch's names and defaults, every key shown):\n";
  for (const char *name : {"sgd", "adam", "adamw", "rmsprop", "adagrad"}) {
    OptimizerSpec spec;
    std::string error;
    if (parseOptimizerSpec(name, spec, error))
      text += "  " + formatOptimizerSpec(spec) + "\n";
  }
  text +=
      "  (adam and adamw also take beta1=, beta2=; nesterov needs momentum > 0, dampening 0)\n\n"
      "Schedules (--schedule; the rate each epoch, from the optimizer's lr):\n"
      "  constant                    the default\n"
      "  step:step_size=E,gamma=G    lr * G^floor(epoch / E), like StepLR (gamma 0.1)\n"
      "  cosine:t_max=E,eta_min=X    like CosineAnnealingLR (t_max --epochs, eta_min 0)\n"
      "  A+warmup:steps=S            also scale by (step + 1) / S for the first S steps,\n"
      "                              e.g. --schedule cosine:t_max=5+warmup:steps=500\n\n"
      "Output: a progress bar on a terminal, otherwise \"[epoch E, batch I] loss: X\" every\n"
      "2000 batches (their mean loss); one line per epoch; the last line printed is\n"
      "\"test accuracy: 0.xxxx\" (\"train accuracy: 0.xxxx\" without a test set).\n"
      "--checkpoint DIR writes checkpoint.txt, the model and every state param after each\n"
      "epoch (atomically); --resume DIR continues from it bit-identically.\n";
  return text;
}

/// Everything the command line asks for, checked.
struct Options {
  std::vector<std::string> trainImages, trainLabels, testImages, testLabels;
  int64_t epochs = -1; ///< -1: as many as --steps needs
  int64_t batch = 0;
  int64_t steps = -1; ///< -1: no limit
  uint64_t seed = 0;
  bool shuffle = true;
  LossSpec loss;
  OptimizerSpec optimizer;
  train::Schedule schedule;
  std::string scheduleText;
  std::optional<data::Normalize> normalize;
  int64_t replaceHead = 0;
  std::string freeze;
};

bool parseOptions(Options &opts, std::string &error) {
  if (modelPath.empty()) {
    error = "no MODEL.onnx given (see --help)";
    return false;
  }
  for (auto [name, value] : {std::pair<const char *, const std::string *>{"train-images",
                                                                          &trainImages},
                             {"train-labels", &trainLabels},
                             {"batch", &batchOption},
                             {"loss", &lossOption},
                             {"optimizer", &optimizerOption},
                             {"save", &savePath}}) {
    if (value->empty()) {
      error = std::string("missing --") + name + " (see --help)";
      return false;
    }
  }
  if (epochsOption.empty() && stepsOption.empty()) {
    error = "missing --epochs (or --steps)";
    return false;
  }
  if (testImages.empty() != testLabels.empty()) {
    error = "--test-images and --test-labels go together";
    return false;
  }
  opts.trainImages = splitList(trainImages);
  opts.trainLabels = splitList(trainLabels);
  opts.testImages = splitList(testImages);
  opts.testLabels = splitList(testLabels);
  if (opts.trainImages.empty() || opts.trainLabels.empty()) {
    error = "--train-images and --train-labels need file names";
    return false;
  }
  if (!epochsOption.empty() && !parseCount("epochs", epochsOption, 1, opts.epochs, error))
    return false;
  if (!parseCount("batch", batchOption, 1, opts.batch, error))
    return false;
  if (!stepsOption.empty() && !parseCount("steps", stepsOption, 1, opts.steps, error))
    return false;
  {
    uint64_t seed = 0;
    const std::string &text = seedOption;
    std::from_chars_result result = std::from_chars(text.data(), text.data() + text.size(), seed);
    if (text.empty() || result.ec != std::errc() || result.ptr != text.data() + text.size()) {
      error = "--seed '" + text + "' must be an integer in [0, 2^64)";
      return false;
    }
    opts.seed = seed;
  }
  opts.shuffle = !noShuffle;
  if (!parseLossKind(lossOption, opts.loss.kind, error) ||
      !parseOptimizerSpec(optimizerOption, opts.optimizer, error))
    return false;
  if (!labelSmoothingOption.empty()) {
    const std::string &text = labelSmoothingOption;
    char *end = nullptr;
    double value = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || *end != '\0' || !(value >= 0 && value <= 1)) {
      error = "--label-smoothing '" + text + "' must be a number in [0, 1]";
      return false;
    }
    if (opts.loss.kind != LossKind::CrossEntropy && value != 0) {
      error = "--label-smoothing applies to the cross_entropy loss only";
      return false;
    }
    opts.loss.labelSmoothing = value;
  }
  if (!normalizeOption.empty()) {
    data::Normalize normalize;
    if (!data::parseNormalize(normalizeOption, normalize, error))
      return false;
    opts.normalize = normalize;
  }
  if (!replaceHeadOption.empty() &&
      !parseCount("replace-head", replaceHeadOption, 1, opts.replaceHead, error))
    return false;
  if (!freezePattern.empty() && !train::checkFreezePattern(freezePattern, error))
    return false;
  opts.freeze = freezePattern;
  return true;
}

/// One compiled training artifact and its session.
struct Artifact {
  int64_t batch = 0;
  TempFile library;
  TempFile emulated; // --emulate-gpu: the kernels built for the CPU
  Model model; // declared before the session, which must go first
  Session session;
  dlc_tensor_info trainImages{}, trainLabels{}, trainLoss{};
  dlc_tensor_info evalImages{}, evalLabels{}, evalLoss{}, evalCorrect{};
  dlc_tensor_info runOutput{};
  /// The writable params and optimizer.lr, in param order.
  std::vector<dlc_tensor_info> state;
};

bool entryInfos(const Model &model, const char *name, size_t inputs, size_t outputs,
                std::vector<dlc_tensor_info> &inInfo, std::vector<dlc_tensor_info> &outInfo,
                std::string &error) {
  size_t index = 0;
  if (Status status(dlc_model_find_entry(model.get(), name, &index)); !status.ok()) {
    error = std::string("the compiled model has no '") + name + "' entry";
    return false;
  }
  size_t haveIn = dlc_model_entry_input_count(model.get(), index);
  size_t haveOut = dlc_model_entry_output_count(model.get(), index);
  if (haveIn != inputs || haveOut != outputs) {
    error = std::string("the compiled '") + name + "' entry takes " + std::to_string(haveIn) +
            " inputs and " + std::to_string(haveOut) + " outputs, expected " +
            std::to_string(inputs) + " and " + std::to_string(outputs);
    return false;
  }
  inInfo.resize(inputs);
  outInfo.resize(outputs);
  for (size_t i = 0; i < inputs; ++i)
    if (Status status(dlc_model_entry_input_info(model.get(), index, i, &inInfo[i]));
        !status.ok()) {
      error = status.message();
      return false;
    }
  for (size_t i = 0; i < outputs; ++i)
    if (Status status(dlc_model_entry_output_info(model.get(), index, i, &outInfo[i]));
        !status.ok()) {
      error = status.message();
      return false;
    }
  return true;
}

dlc_tensor view(const dlc_tensor_info &info, void *data) {
  return dlc_tensor{info.dtype, info.rank, info.dims, data, info.byte_size};
}

/// A batch's inputs in host memory.
struct Batch {
  std::vector<float> images;
  std::vector<char> labels;
};

class Trainer {
public:
  Trainer(const Options &opts) : opts(opts) {}

  const Options &opts;
  std::string compilePath;  ///< the .onnx handed to the compiler
  std::string inputName;    ///< the model's (only) input
  std::vector<int64_t> sampleDims; ///< its dims without the batch dim
  bool fixedBatch = false;
  int64_t classes = -1;
  std::map<int64_t, std::unique_ptr<Artifact>> artifacts;
  Artifact *main = nullptr;
  float writtenLr = NAN;
  double compileSeconds = 0; ///< spent compiling, kept out of the epoch times

  /// Compiles the model for `batch` samples (once) and checks its entries.
  Artifact *artifact(int64_t batch, std::string &error) {
    auto found = artifacts.find(batch);
    if (found != artifacts.end())
      return found->second.get();
    if (fixedBatch && batch != opts.batch) {
      error = "the model input '" + inputName + "' has a fixed batch dim, so the partial batch of " +
              std::to_string(batch) + " samples cannot be compiled: give the input a symbolic "
              "batch dim or choose --batch to divide the data set";
      return nullptr;
    }
    auto art = std::make_unique<Artifact>();
    art->batch = batch;
    auto start = Clock::now();
    CompileOptions options;
    options.modelPath = compilePath;
    options.emit = EmitKind::Lib;
    std::vector<int64_t> dims = {batch};
    dims.insert(dims.end(), sampleDims.begin(), sampleDims.end());
    options.import.shapes[inputName] = dims;
    options.training = TrainingOptions{opts.loss, opts.optimizer, opts.freeze, opts.seed};
    options.target.kind = targetOptions.target;
    options.target.gpuArch = targetOptions.gpuArch;
    options.target.gpuPrecision = targetOptions.gpuPrecision;
    if (std::error_code ec =
            llvm::sys::fs::createTemporaryFile("dlc-train", "so", art->library.path)) {
      error = "cannot create a temporary file: " + ec.message();
      return nullptr;
    }
    options.outputPath = std::string(art->library.path);
    {
      std::unique_ptr<mlir::MLIRContext> context = createCompilerContext();
      ToolDiagnostics diagnostics(*context, kTool);
      CompileSummary summary;
      if (mlir::failed(compileModel(*context, options, summary))) {
        error.clear(); // the diagnostics said why
        return nullptr;
      }
      if (targetOptions.emulateGpu && !useEmulatedGpu(summary.cudaSource, art->emulated, error))
        return nullptr;
    }
    if (Status status = art->model.load(options.outputPath); !status.ok()) {
      error = status.message();
      return nullptr;
    }
    if (Status status = art->session.create(art->model); !status.ok()) {
      error = status.message();
      return nullptr;
    }
    if (!describe(*art, error))
      return nullptr;
    double took = seconds(start);
    compileSeconds += took;
    llvm::outs() << "compiled " << llvm::sys::path::filename(modelPath) << " for batch "
                 << batch << (batch != opts.batch ? " (a last partial batch)" : "") << " in "
                 << llvm::format("%.1f", took) << " s\n";
    llvm::outs().flush();
    Artifact *result = art.get();
    artifacts[batch] = std::move(art);
    return result;
  }

  /// Reads and checks the entries of a compiled artifact.
  bool describe(Artifact &art, std::string &error) {
    std::vector<dlc_tensor_info> in, out;
    if (!entryInfos(art.model, "train_step", 2, 1, in, out, error))
      return false;
    art.trainImages = in[0];
    art.trainLabels = in[1];
    art.trainLoss = out[0];
    if (!entryInfos(art.model, "eval", 2, 2, in, out, error))
      return false;
    art.evalImages = in[0];
    art.evalLabels = in[1];
    art.evalLoss = out[0];
    art.evalCorrect = out[1];
    std::vector<dlc_tensor_info> runOutputs = art.model.outputs();
    if (runOutputs.empty()) {
      error = "the compiled model has no outputs";
      return false;
    }
    art.runOutput = runOutputs[0];
    std::vector<int64_t> expected = {art.batch};
    expected.insert(expected.end(), sampleDims.begin(), sampleDims.end());
    for (const dlc_tensor_info *info : {&art.trainImages, &art.evalImages})
      if (info->dtype != DLC_DTYPE_F32 || dimsOf(*info) != expected) {
        error = "the compiled model takes its images as " +
                std::string(dlc_dtype_name(info->dtype)) + " " + dimsText(*info) +
                ", expected f32 " + onnxfile::formatDims(expected);
        return false;
      }
    if (art.runOutput.rank != 2) {
      error = "the model output '" + std::string(art.runOutput.name) + "' is " +
              dimsText(art.runOutput) + ", expected [N, classes] for the " +
              lossName(opts.loss.kind) + " loss";
      return false;
    }
    int64_t outClasses = art.runOutput.dims[1];
    if (classes >= 0 && outClasses != classes) {
      error = "the model compiled for batch " + std::to_string(art.batch) + " has " +
              std::to_string(outClasses) + " classes, not " + std::to_string(classes);
      return false;
    }
    classes = outClasses;
    for (const dlc_tensor_info *info : {&art.trainLabels, &art.evalLabels}) {
      bool ok;
      if (opts.loss.kind == LossKind::MSE)
        ok = info->dtype == DLC_DTYPE_F32 && info->rank == 2 && info->dims[0] == art.batch &&
             info->dims[1] == classes;
      else
        ok = (info->dtype == DLC_DTYPE_I64 || info->dtype == DLC_DTYPE_I32) &&
             info->rank == 1 && info->dims[0] == art.batch;
      if (!ok) {
        error = "the compiled model takes its labels as " +
                std::string(dlc_dtype_name(info->dtype)) + " " + dimsText(*info) +
                ", expected " +
                (opts.loss.kind == LossKind::MSE
                     ? "f32 [" + std::to_string(art.batch) + ", " + std::to_string(classes) + "]"
                     : "i64 [" + std::to_string(art.batch) + "]");
        return false;
      }
    }
    for (const dlc_tensor_info *info : {&art.trainLoss, &art.evalLoss})
      if (info->dtype != DLC_DTYPE_F32 || info->byte_size != sizeof(float)) {
        error = "the compiled model's loss is " + std::string(dlc_dtype_name(info->dtype)) +
                " " + dimsText(*info) + ", expected an f32 scalar";
        return false;
      }
    if (art.evalCorrect.byte_size != dlc_dtype_size(art.evalCorrect.dtype) ||
        (art.evalCorrect.dtype != DLC_DTYPE_I64 && art.evalCorrect.dtype != DLC_DTYPE_I32 &&
         art.evalCorrect.dtype != DLC_DTYPE_F32)) {
      error = "the compiled model's correct-count is " +
              std::string(dlc_dtype_name(art.evalCorrect.dtype)) + " " +
              dimsText(art.evalCorrect) + ", expected an i64 scalar";
      return false;
    }
    size_t count = dlc_model_param_count(art.model.get());
    for (size_t i = 0; i < count; ++i) {
      dlc_tensor_info info;
      if (Status status(dlc_model_param_info(art.model.get(), i, &info)); !status.ok()) {
        error = status.message();
        return false;
      }
      // optimizer.lr is only read by train_step, so the artifact may list it
      // as a read-only weight; dlc-train writes it, so it travels as state.
      if (dlc_model_param_is_state(art.model.get(), i) ||
          std::string(info.name) == "optimizer.lr")
        art.state.push_back(info);
    }
    return true;
  }

  /// Copies every state param of `from` into `to`.
  bool copyState(Artifact &from, Artifact &to, std::string &error) {
    std::vector<char> buffer;
    for (const dlc_tensor_info &info : from.state) {
      buffer.resize(info.byte_size);
      dlc_tensor tensor = view(info, buffer.data());
      if (Status status(dlc_session_read_param(from.session.get(), info.name, &tensor));
          !status.ok()) {
        error = std::string("reading state '") + info.name + "': " + status.message();
        return false;
      }
      if (Status status(dlc_session_write_param(to.session.get(), info.name, &tensor));
          !status.ok()) {
        error = std::string("copying state '") + info.name + "' to the model for batch " +
                std::to_string(to.batch) + ": " + status.message();
        return false;
      }
    }
    return true;
  }

  bool readParam(Artifact &art, const dlc_tensor_info &info, std::string &bytes,
                 std::string &error) {
    bytes.assign(info.byte_size, '\0');
    dlc_tensor tensor = view(info, bytes.data());
    if (Status status(dlc_session_read_param(art.session.get(), info.name, &tensor));
        !status.ok()) {
      error = std::string("reading state '") + info.name + "': " + status.message();
      return false;
    }
    return true;
  }

  /// Writes the learning rate into the main session when it changed.
  bool setLearningRate(double rate, std::string &error) {
    float lr = static_cast<float>(rate);
    if (lr == writtenLr)
      return true;
    const dlc_tensor_info *info = findState(*main, "optimizer.lr");
    if (!info) {
      error = "the compiled model has no 'optimizer.lr' state";
      return false;
    }
    if (info->dtype != DLC_DTYPE_F32 || info->byte_size != sizeof(float)) {
      error = "the compiled model's 'optimizer.lr' is not an f32 scalar";
      return false;
    }
    dlc_tensor tensor = view(*info, &lr);
    if (Status status(dlc_session_write_param(main->session.get(), "optimizer.lr", &tensor));
        !status.ok()) {
      error = std::string("setting the learning rate: ") + status.message();
      return false;
    }
    writtenLr = lr;
    return true;
  }

  static const dlc_tensor_info *findState(const Artifact &art, const std::string &name) {
    for (const dlc_tensor_info &info : art.state)
      if (name == info.name)
        return &info;
    return nullptr;
  }

  void fillBatch(const data::Dataset &set, const data::FitPlan &plan, const int64_t *indices,
                 int64_t n, const dlc_tensor_info &labelInfo, Batch &batch) {
    int64_t sampleSize = 1;
    for (int64_t dim : sampleDims)
      sampleSize *= dim;
    batch.images.resize(static_cast<size_t>(n * sampleSize));
    data::Normalize normalize = opts.normalize.value_or(data::Normalize{});
    data::fillImages(set.images, plan, normalize, indices, n, batch.images.data());
    batch.labels.resize(labelInfo.byte_size);
    if (labelInfo.dtype == DLC_DTYPE_F32)
      data::fillOneHot(set, indices, n, classes, reinterpret_cast<float *>(batch.labels.data()));
    else if (labelInfo.dtype == DLC_DTYPE_I32)
      data::fillLabels(set, indices, n, reinterpret_cast<int32_t *>(batch.labels.data()));
    else
      data::fillLabels(set, indices, n, reinterpret_cast<int64_t *>(batch.labels.data()));
  }

  /// One training step on samples `indices[0..n)`; the state stays in main.
  bool trainStep(const data::Dataset &set, const data::FitPlan &plan, const int64_t *indices,
                 int64_t n, Batch &batch, float &loss, std::string &error) {
    Artifact *art = artifact(n, error);
    if (!art)
      return false;
    if (art != main && !copyState(*main, *art, error))
      return false;
    fillBatch(set, plan, indices, n, art->trainLabels, batch);
    dlc_tensor inputs[2] = {view(art->trainImages, batch.images.data()),
                            view(art->trainLabels, batch.labels.data())};
    dlc_tensor output = view(art->trainLoss, &loss);
    if (Status status(dlc_session_run_entry(art->session.get(), "train_step", inputs, 2,
                                            &output, 1));
        !status.ok()) {
      error = std::string("train_step: ") + status.message();
      return false;
    }
    if (art != main && !copyState(*art, *main, error))
      return false;
    return true;
  }

  /// The mean loss and the accuracy on `set`, in file order.
  bool evaluate(const data::Dataset &set, const data::FitPlan &plan, double &meanLoss,
                double &accuracy, std::string &error) {
    int64_t count = set.images.count;
    std::vector<int64_t> order = data::epochOrder(count, 0, 0, false);
    double lossSum = 0;
    int64_t correct = 0;
    Batch batch;
    bool copied = false;
    for (int64_t start = 0; start < count; start += opts.batch) {
      int64_t n = std::min(opts.batch, count - start);
      Artifact *art = artifact(n, error);
      if (!art)
        return false;
      if (art != main && !copied) {
        if (!copyState(*main, *art, error))
          return false;
        copied = true;
      }
      fillBatch(set, plan, order.data() + start, n, art->evalLabels, batch);
      float loss = 0;
      union {
        int64_t i64;
        int32_t i32;
        float f32;
      } hits;
      hits.i64 = 0;
      dlc_tensor inputs[2] = {view(art->evalImages, batch.images.data()),
                              view(art->evalLabels, batch.labels.data())};
      dlc_tensor outputs[2] = {view(art->evalLoss, &loss), view(art->evalCorrect, &hits)};
      if (Status status(
              dlc_session_run_entry(art->session.get(), "eval", inputs, 2, outputs, 2));
          !status.ok()) {
        error = std::string("eval: ") + status.message();
        return false;
      }
      lossSum += static_cast<double>(loss) * static_cast<double>(n);
      correct += art->evalCorrect.dtype == DLC_DTYPE_I64   ? hits.i64
                 : art->evalCorrect.dtype == DLC_DTYPE_I32 ? hits.i32
                                                           : static_cast<int64_t>(hits.f32);
    }
    meanLoss = lossSum / static_cast<double>(count);
    accuracy = static_cast<double>(correct) / static_cast<double>(count);
    return true;
  }
};

/// The trained model: `proto` with every initializer that is a state param
/// of `art` replaced by the session's value.
bool trainedModel(Trainer &trainer, const onnx::ModelProto &proto, onnx::ModelProto &out,
                  int64_t &replaced, std::string &error) {
  out = proto;
  replaced = 0;
  std::string bytes;
  for (onnx::TensorProto &tensor : *out.mutable_graph()->mutable_initializer()) {
    const dlc_tensor_info *info = Trainer::findState(*trainer.main, tensor.name());
    if (!info)
      continue;
    std::vector<int64_t> dims(tensor.dims().begin(), tensor.dims().end());
    if (tensor.data_type() != static_cast<int32_t>(info->dtype) || dims != dimsOf(*info)) {
      error = "the compiled model's state '" + tensor.name() + "' is " +
              dlc_dtype_name(info->dtype) + " " + dimsText(*info) +
              ", but the initializer is " + onnxfile::dataTypeName(tensor.data_type()) + " " +
              onnxfile::formatDims(dims);
      return false;
    }
    if (!trainer.readParam(*trainer.main, *info, bytes, error))
      return false;
    onnxfile::setRawData(tensor, bytes.data(), bytes.size());
    ++replaced;
  }
  return true;
}

/// Every state param of the main session as initializers of a graph.
bool stateModel(Trainer &trainer, onnx::ModelProto &out, std::string &error) {
  out.Clear();
  out.set_ir_version(7);
  out.set_producer_name("dlc-train");
  out.add_opset_import()->set_version(13);
  onnx::GraphProto *graph = out.mutable_graph();
  graph->set_name("dlc-train state");
  std::string bytes;
  for (const dlc_tensor_info &info : trainer.main->state) {
    if (!trainer.readParam(*trainer.main, info, bytes, error))
      return false;
    onnx::TensorProto *tensor = graph->add_initializer();
    tensor->set_name(info.name);
    tensor->set_data_type(static_cast<int32_t>(info.dtype));
    for (int32_t i = 0; i < info.rank; ++i)
      tensor->add_dims(info.dims[i]);
    tensor->set_raw_data(bytes);
  }
  return true;
}

/// Writes every state param of a state model into the main session.
bool restoreState(Trainer &trainer, const onnx::ModelProto &state, const std::string &path,
                  std::string &error) {
  std::set<std::string> seen;
  std::string bytes;
  for (const dlc_tensor_info &info : trainer.main->state) {
    const onnx::TensorProto *tensor = onnxfile::findInitializer(state.graph(), info.name);
    if (!tensor) {
      error = "the checkpoint state '" + path + "' lacks '" + info.name + "'";
      return false;
    }
    std::vector<int64_t> dims(tensor->dims().begin(), tensor->dims().end());
    if (tensor->data_type() != static_cast<int32_t>(info.dtype) || dims != dimsOf(info)) {
      error = "the checkpoint state '" + path + "' has '" + info.name + "' as " +
              onnxfile::dataTypeName(tensor->data_type()) + " " + onnxfile::formatDims(dims) +
              ", the model needs " + dlc_dtype_name(info.dtype) + " " + dimsText(info);
      return false;
    }
    if (!onnxfile::tensorBytes(*tensor, bytes, error)) {
      error = "'" + path + "': " + error;
      return false;
    }
    dlc_tensor value = view(info, bytes.data());
    if (Status status(dlc_session_write_param(trainer.main->session.get(), info.name, &value));
        !status.ok()) {
      error = std::string("restoring '") + info.name + "': " + status.message();
      return false;
    }
    if (std::string(info.name) == "optimizer.lr" && bytes.size() == sizeof(float))
      std::memcpy(&trainer.writtenLr, bytes.data(), sizeof(float));
  }
  return true;
}

std::string joinPath(const std::string &dir, const std::string &name) {
  llvm::SmallString<256> path(dir);
  llvm::sys::path::append(path, name);
  return std::string(path);
}

/// Saves a checkpoint: the model and state files first, then checkpoint.txt
/// naming them, then the previous checkpoint's files are removed.
bool saveCheckpoint(Trainer &trainer, const onnx::ModelProto &proto,
                    const std::map<std::string, std::string> &options, int64_t epoch,
                    int64_t batch, int64_t step, std::string &error) {
  const std::string dir = checkpointDir;
  train::CheckpointInfo info;
  info.epoch = epoch;
  info.batch = batch;
  info.step = step;
  info.modelFile = "step-" + std::to_string(step) + ".onnx";
  info.stateFile = "step-" + std::to_string(step) + "-state.onnx";
  info.options = options;
  onnx::ModelProto model, state;
  int64_t replaced = 0;
  if (!trainedModel(trainer, proto, model, replaced, error) ||
      !onnxfile::writeModel(joinPath(dir, info.modelFile), model, error) ||
      !stateModel(trainer, state, error) ||
      !onnxfile::writeModel(joinPath(dir, info.stateFile), state, error) ||
      !onnxfile::writeFileAtomically(joinPath(dir, "checkpoint.txt"),
                                     train::formatCheckpoint(info), error))
    return false;
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec;
       it.increment(ec)) {
    llvm::StringRef name = llvm::sys::path::filename(it->path());
    if (name.starts_with("step-") && name.ends_with(".onnx") && name != info.modelFile &&
        name != info.stateFile)
      llvm::sys::fs::remove(it->path());
  }
  return true;
}

/// Draws a progress bar on a terminal, or PyTorch-tutorial lines elsewhere.
class Progress {
public:
  Progress(bool terminal) : terminal(terminal) {}

  void start(int64_t epoch, int64_t epochs, int64_t batches) {
    this->epoch = epoch;
    this->epochs = epochs;
    this->batches = batches;
    began = Clock::now();
    lastDraw = began - std::chrono::seconds(1);
    images = 0;
    sum = 0;
    count = 0;
    windowSum = 0;
    windowCount = 0;
  }

  void step(int64_t batch, int64_t n, float loss) {
    images += n;
    sum += loss;
    ++count;
    windowSum += loss;
    ++windowCount;
    if (!terminal) {
      if ((batch + 1) % 2000 == 0) {
        llvm::outs() << "[epoch " << epoch + 1 << ", batch " << batch + 1
                     << "] loss: " << llvm::format("%.3f", windowSum / windowCount) << "\n";
        llvm::outs().flush();
        windowSum = 0;
        windowCount = 0;
      }
      return;
    }
    auto now = Clock::now();
    if (batch + 1 < batches && now - lastDraw < std::chrono::milliseconds(100))
      return;
    lastDraw = now;
    constexpr int kWidth = 30;
    int filled = static_cast<int>(kWidth * (batch + 1) / std::max<int64_t>(batches, 1));
    std::string bar(static_cast<size_t>(filled), '=');
    if (filled < kWidth)
      bar += '>' + std::string(static_cast<size_t>(kWidth - filled - 1), ' ');
    double elapsed = std::max(seconds(began), 1e-9);
    llvm::outs() << "\repoch " << epoch + 1 << "/" << epochs << " [" << bar << "] "
                 << batch + 1 << "/" << batches
                 << " loss " << llvm::format("%.4f", sum / count) << ", "
                 << llvm::format("%.0f", images / elapsed) << " images/s\033[K";
    llvm::outs().flush();
  }

  void finish() {
    if (terminal && count > 0) {
      llvm::outs() << "\r\033[K";
      llvm::outs().flush();
    }
  }

private:
  bool terminal;
  int64_t epoch = 0, epochs = 0, batches = 0;
  Clock::time_point began, lastDraw;
  int64_t images = 0;
  double sum = 0;
  int64_t count = 0;
  double windowSum = 0;
  int64_t windowCount = 0;
};

int fail(const std::string &error) {
  // An empty message: the compiler's diagnostics already said why.
  return error.empty() ? 1 : reportError(kTool, error);
}
} // namespace

int main(int argc, char **argv) {
  static const std::string text = overview();
  parseToolCommandLine(argc, argv, category, text.c_str());
  std::string error;
  Options opts;
  if (!parseOptions(opts, error))
    return fail(error);
  if (!targetOptions.check(error))
    return fail(error);
  if (!checkOutputPath(savePath, error))
    return fail(error);
  if (!checkpointDir.empty()) {
    if (std::error_code ec = llvm::sys::fs::create_directories(checkpointDir.getValue()))
      return fail("cannot create '" + checkpointDir + "': " + ec.message());
    if (::access(checkpointDir.c_str(), W_OK) != 0)
      return fail("cannot write into '" + checkpointDir + "'");
  }

  // The data.
  data::Dataset trainSet;
  if (!data::loadDataset(opts.trainImages, opts.trainLabels, trainSet, error))
    return fail(error);
  std::optional<data::Dataset> testSet;
  if (!opts.testImages.empty()) {
    testSet.emplace();
    if (!data::loadDataset(opts.testImages, opts.testLabels, *testSet, error))
      return fail(error);
  }
  const int64_t trainCount = trainSet.images.count;
  // Recorded as given; a batch larger than the data set is all of it, as a
  // DataLoader gives one batch of everything.
  const int64_t givenBatch = opts.batch;
  if (opts.batch > trainCount) {
    llvm::outs() << "note: --batch " << opts.batch << " is more than the " << trainCount
                 << " training images: each epoch is one batch of " << trainCount << "\n";
    opts.batch = trainCount;
  }
  const int64_t batchesPerEpoch = (trainCount + opts.batch - 1) / opts.batch;
  int64_t epochs = opts.epochs;
  if (epochs < 0)
    epochs = (opts.steps + batchesPerEpoch - 1) / batchesPerEpoch;
  if (!train::parseSchedule(scheduleOption, epochs, opts.schedule, error))
    return fail(error);

  // The model.
  std::string modelBytes;
  if (!onnxfile::readFile(modelPath, modelBytes, error))
    return fail(error);
  onnx::ModelProto proto;
  if (!proto.ParseFromString(modelBytes) || !proto.has_graph())
    return fail("'" + modelPath + "' is not a binary ONNX model");

  // What a resumed run must repeat.
  uint64_t dataHash = data::fnv1a(trainSet.images.data.data(), trainSet.images.data.size());
  dataHash = data::fnv1a(trainSet.labels.data(), trainSet.labels.size() * sizeof(int64_t),
                         dataHash);
  std::map<std::string, std::string> mustMatch = {
      {"model", hex(data::fnv1a(modelBytes.data(), modelBytes.size()))},
      {"train_data", std::to_string(trainCount) + " " +
                         data::formatDims(trainSet.images.sampleDims) + " " + hex(dataHash)},
      {"batch", std::to_string(givenBatch)},
      {"loss", lossName(opts.loss.kind)},
      {"label_smoothing", formatFloat(opts.loss.labelSmoothing)},
      {"optimizer", formatOptimizerSpec(opts.optimizer)},
      {"schedule", train::formatSchedule(opts.schedule)},
      {"seed", std::to_string(opts.seed)},
      {"shuffle", opts.shuffle ? "true" : "false"},
      {"normalize", opts.normalize ? formatFloat(opts.normalize->mean) + "," +
                                         formatFloat(opts.normalize->std)
                                   : "none"},
      {"freeze", opts.freeze},
  };
  // Applied when training starts; a resumed run takes them from the checkpoint.
  std::map<std::string, std::string> startOptions = {
      {"replace_head", std::to_string(opts.replaceHead)},
      {"init", initPath.empty() ? "none" : std::string(initPath)},
  };

  bool modified = false;
  train::CheckpointInfo resume;
  onnx::ModelProto resumeState;
  std::string resumeStatePath;
  if (!resumeDir.empty()) {
    std::string infoPath = joinPath(resumeDir, "checkpoint.txt");
    std::string infoText;
    if (!onnxfile::readFile(infoPath, infoText, error) ||
        !train::parseCheckpoint(infoText, infoPath, resume, error) ||
        !train::checkOptionsMatch(resume.options, mustMatch, resumeDir, error))
      return fail(error);
    if (!replaceHeadOption.empty() &&
        !train::checkOptionsMatch(resume.options, {{"replace_head", startOptions["replace_head"]}},
                                  resumeDir, error))
      return fail(error);
    if (!initPath.empty() &&
        !train::checkOptionsMatch(resume.options, {{"init", startOptions["init"]}}, resumeDir,
                                  error))
      return fail(error);
    if (!onnxfile::readModel(joinPath(resumeDir, resume.modelFile), proto, error))
      return fail(error);
    resumeStatePath = joinPath(resumeDir, resume.stateFile);
    if (!onnxfile::readModel(resumeStatePath, resumeState, error))
      return fail(error);
    for (const auto &[key, value] : resume.options)
      if (startOptions.count(key))
        startOptions[key] = value;
    modified = true;
    llvm::outs() << "resuming from " << resumeDir << ": epoch " << resume.epoch + 1
                 << ", batch " << resume.batch + 1 << " (step " << resume.step << ")\n";
  } else {
    if (opts.replaceHead > 0) {
      onnxfile::HeadReplacement head;
      if (!onnxfile::replaceHead(proto, opts.replaceHead, opts.seed, head, error))
        return fail(error);
      llvm::outs() << "replaced the head " << head.node << ", " << head.inFeatures << " -> "
                   << head.oldOutFeatures << ", by a fresh " << head.inFeatures << " -> "
                   << head.newOutFeatures << " ('" << head.weight << "'"
                   << (head.bias.empty() ? "" : ", '" + head.bias + "'") << ", seed "
                   << opts.seed << ")\n";
      modified = true;
    }
    if (!initPath.empty()) {
      onnx::ModelProto pretrained;
      if (!onnxfile::readModel(initPath, pretrained, error))
        return fail(error);
      onnxfile::InitReport report;
      std::string pretrainedName = llvm::sys::path::filename(initPath).str();
      onnxfile::copyMatchingInitializers(proto, pretrained, pretrainedName, report);
      for (const auto &[name, why] : report.skipped)
        llvm::outs() << "--init: skipped '" << name << "': " << why << "\n";
      llvm::outs() << "--init: copied " << report.copied.size() << " of "
                   << proto.graph().initializer_size() << " initializers from "
                   << pretrainedName << "\n";
      modified = true;
    }
  }
  mustMatch.insert(startOptions.begin(), startOptions.end());

  if (!opts.freeze.empty()) {
    std::vector<std::string> names;
    for (const onnx::TensorProto &tensor : proto.graph().initializer())
      names.push_back(tensor.name());
    std::vector<std::string> frozen = train::matchingNames(opts.freeze, names);
    if (frozen.empty())
      return fail("--freeze '" + opts.freeze + "' matches no initializer of the model");
    std::string list;
    for (size_t i = 0; i < frozen.size() && i < 8; ++i)
      list += (i ? ", " : "") + frozen[i];
    if (frozen.size() > 8)
      list += ", ...";
    llvm::outs() << "--freeze: " << frozen.size() << " of " << names.size()
                 << " initializers stay fixed (" << list << ")\n";
  }

  // The model's input and output, as declared.
  Trainer trainer(opts);
  std::vector<onnxfile::ValueShape> inputs = onnxfile::graphInputs(proto);
  if (inputs.size() != 1) {
    std::string names;
    for (const onnxfile::ValueShape &input : inputs)
      names += (names.empty() ? "" : ", ") + ("'" + input.name + "'");
    return fail("dlc-train trains models with one input (the images); '" + modelPath +
                "' has " + std::to_string(inputs.size()) + (names.empty() ? "" : ": " + names));
  }
  const onnxfile::ValueShape &input = inputs[0];
  trainer.inputName = input.name;
  if (input.elementType != onnx::TensorProto::FLOAT)
    return fail("the model input '" + input.name + "' is " +
                onnxfile::dataTypeName(input.elementType) + ", expected FLOAT images");
  if (!input.hasShape || input.dims.size() < 2)
    return fail("the model input '" + input.name + "' is " + onnxfile::formatShape(input) +
                ", expected [N, ...] with a batch dim");
  for (size_t i = 1; i < input.dims.size(); ++i)
    if (input.dims[i] < 0)
      return fail("the model input '" + input.name + "' is " + onnxfile::formatShape(input) +
                  ": dlc-train needs every dim but the batch dim fixed");
  trainer.sampleDims.assign(input.dims.begin() + 1, input.dims.end());
  if (input.dims[0] >= 0) {
    if (input.dims[0] != opts.batch)
      return fail("the model input '" + input.name + "' is " + onnxfile::formatShape(input) +
                  ", a fixed batch of " + std::to_string(input.dims[0]) + ", not --batch " +
                  std::to_string(opts.batch) + ": give it a symbolic batch dim");
    trainer.fixedBatch = true;
  }
  std::vector<onnxfile::ValueShape> outputs = onnxfile::graphOutputs(proto);
  if (outputs.empty())
    return fail("'" + modelPath + "' has no graph output");
  if (outputs[0].hasShape) {
    if (outputs[0].dims.size() != 2)
      return fail("the model output '" + outputs[0].name + "' is " +
                  onnxfile::formatShape(outputs[0]) + ", expected [N, classes] for the " +
                  lossName(opts.loss.kind) + " loss");
    if (outputs[0].dims[1] >= 0)
      trainer.classes = outputs[0].dims[1];
  }

  // How images fit the input.
  data::FitPlan trainPlan, testPlan;
  if (!data::planFit(trainSet.images, trainer.sampleDims, input.name, trainPlan, error))
    return fail(error);
  if (!trainPlan.description.empty())
    llvm::outs() << trainPlan.description << "\n";
  if (testSet) {
    if (!data::planFit(testSet->images, trainer.sampleDims, input.name, testPlan, error))
      return fail(error);
    if (testPlan.description != trainPlan.description && !testPlan.description.empty())
      llvm::outs() << "test " << testPlan.description << "\n";
  }
  auto checkAllLabels = [&]() {
    return data::checkLabels(trainSet, trainer.classes, error) &&
           (!testSet || data::checkLabels(*testSet, trainer.classes, error));
  };
  if (trainer.classes >= 0 && !checkAllLabels())
    return fail(error);

  // Compile. A changed model goes to the compiler as a temporary .onnx.
  TempFile changedModel;
  trainer.compilePath = modelPath;
  if (modified) {
    if (std::error_code ec =
            llvm::sys::fs::createTemporaryFile("dlc-train", "onnx", changedModel.path))
      return fail("cannot create a temporary file: " + ec.message());
    if (!onnxfile::writeModel(std::string(changedModel.path), proto, error))
      return fail(error);
    trainer.compilePath = std::string(changedModel.path);
  }
  bool knewClasses = trainer.classes >= 0;
  trainer.main = trainer.artifact(opts.batch, error);
  if (!trainer.main)
    return fail(error);
  if (!knewClasses && !checkAllLabels())
    return fail(error);
  if (!Trainer::findState(*trainer.main, "optimizer.lr")) {
    std::string names;
    for (const dlc_tensor_info &info : trainer.main->state)
      names += (names.empty() ? "" : ", ") + std::string(info.name);
    return fail("the compiled model has no 'optimizer.lr' state (its state: " +
                (names.empty() ? std::string("none") : names) + ")");
  }
  if (!resumeDir.empty() && !restoreState(trainer, resumeState, resumeStatePath, error))
    return fail(error);

  // Train.
  const bool terminal = ::isatty(STDOUT_FILENO);
  Progress progress(terminal);
  int64_t step = resumeDir.empty() ? 0 : resume.step;
  int64_t startEpoch = resumeDir.empty() ? 0 : resume.epoch;
  int64_t startBatch = resumeDir.empty() ? 0 : resume.batch;
  bool haveTestResult = false, haveTrainResult = false;
  double finalAccuracy = 0;
  bool warnedNan = false;
  Batch batch;
  for (int64_t epoch = startEpoch; epoch < epochs; ++epoch) {
    if (opts.steps >= 0 && step >= opts.steps)
      break;
    std::vector<int64_t> order = data::epochOrder(trainCount, opts.seed, epoch, opts.shuffle);
    int64_t first = epoch == startEpoch ? startBatch : 0;
    progress.start(epoch, epochs, batchesPerEpoch);
    auto began = Clock::now();
    double compiledBefore = trainer.compileSeconds;
    double lossSum = 0;
    int64_t images = 0;
    int64_t b = first;
    for (; b < batchesPerEpoch; ++b) {
      if (opts.steps >= 0 && step >= opts.steps)
        break;
      int64_t offset = b * opts.batch;
      int64_t n = std::min(opts.batch, trainCount - offset);
      float loss = 0;
      if (!trainer.setLearningRate(opts.schedule.rate(opts.optimizer.lr, epoch, step), error) ||
          !trainer.trainStep(trainSet, trainPlan, order.data() + offset, n, batch, loss,
                             error)) {
        progress.finish();
        return fail(error);
      }
      ++step;
      if (!std::isfinite(loss) && !warnedNan) {
        progress.finish();
        llvm::outs() << "warning: the loss is " << (std::isnan(loss) ? "nan" : "inf")
                     << " at epoch " << epoch + 1 << ", batch " << b + 1 << "\n";
        warnedNan = true;
      }
      lossSum += static_cast<double>(loss) * static_cast<double>(n);
      images += n;
      progress.step(b, n, loss);
    }
    progress.finish();
    double elapsed = std::max(0.0, seconds(began) - (trainer.compileSeconds - compiledBefore));
    bool stopped = b < batchesPerEpoch;
    if (stopped)
      llvm::outs() << "stopping after " << step << (step == 1 ? " step" : " steps")
                   << " (--steps " << opts.steps << ")\n";
    // Compile the test set's remainder model before the epoch line starts.
    if (images > 0 && testSet && testSet->images.count % opts.batch != 0 &&
        !trainer.artifact(testSet->images.count % opts.batch, error))
      return fail(error);
    if (images > 0) {
      llvm::outs() << "epoch " << epoch + 1 << "/" << epochs << ": train loss "
                   << llvm::format("%.4f", lossSum / static_cast<double>(images));
      llvm::outs().flush();
      if (testSet) {
        double testLoss = 0;
        if (!trainer.evaluate(*testSet, testPlan, testLoss, finalAccuracy, error)) {
          llvm::outs() << "\n";
          return fail(error);
        }
        haveTestResult = true;
        llvm::outs() << ", test loss " << llvm::format("%.4f", testLoss) << ", test accuracy "
                     << llvm::format("%.4f", finalAccuracy);
      }
      llvm::outs() << ", " << llvm::format("%.1f", elapsed) << " s ("
                   << llvm::format("%.0f", static_cast<double>(images) / std::max(elapsed, 1e-9))
                   << " images/s)\n";
      llvm::outs().flush();
    }
    if (!checkpointDir.empty() && images > 0) {
      if (!saveCheckpoint(trainer, proto, mustMatch, stopped ? epoch : epoch + 1,
                          stopped ? b : 0, step, error))
        return fail(error);
      llvm::outs() << "checkpoint: " << checkpointDir << " (epoch " << epoch + 1
                   << (stopped ? ", batch " + std::to_string(b) : std::string()) << ", step "
                   << step << ")\n";
    }
    if (stopped)
      break;
  }

  // Evaluate (unless the last epoch just did), save, and say how it went.
  double finalLoss = 0;
  if (testSet && !haveTestResult) {
    if (!trainer.evaluate(*testSet, testPlan, finalLoss, finalAccuracy, error))
      return fail(error);
    haveTestResult = true;
  } else if (!testSet) {
    if (!trainer.evaluate(trainSet, trainPlan, finalLoss, finalAccuracy, error))
      return fail(error);
    haveTrainResult = true;
  }
  onnx::ModelProto trained;
  int64_t replaced = 0;
  if (!trainedModel(trainer, proto, trained, replaced, error) ||
      !onnxfile::writeModel(savePath, trained, error))
    return fail(error);
  llvm::outs() << "saved " << savePath << " (" << replaced << " trained initializer"
               << (replaced == 1 ? "" : "s") << ")\n";
  llvm::outs() << (haveTrainResult ? "train accuracy: " : "test accuracy: ")
               << llvm::format("%.4f", finalAccuracy) << "\n";
  llvm::outs().flush();
  return 0;
}
