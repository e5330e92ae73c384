//===- ModelGradientsTest.cpp - seed models' gradients against PyTorch's --===//
//
// test/models/<model>/gradients/ holds a batch, its labels, and PyTorch's
// gradients of the mean loss with respect to every weight
// (models/make_gradient_reference.py). Here dlc imports the model, builds
// train_step with --dlc-build-training-entries and --dlc-autodiff, compiles
// it and compares its gradients within 1e-4 of each tensor's largest
// magnitude (plus 1e-8 for gradients that are zero in exact arithmetic).
//
//===----------------------------------------------------------------------===//
#include "CompiledModule.h"

#include "compiler/driver/Compiler.h"
#include "compiler/import/TensorConversion.h"
#include "passes/memory/Passes.h"
#include "passes/training/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/FileSystem.h"
#include "onnx/onnx_pb.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace mlir;
using namespace dlc;
using namespace dlc::test;

namespace {
struct ModelCase {
  const char *model;
  const char *loss;
};

std::ostream &operator<<(std::ostream &os, const ModelCase &c) { return os << c.model; }

HostTensor readTensor(const std::string &path) {
  onnx::TensorProto proto;
  std::string error;
  HostTensor t;
  if (!readTensorFile(path, proto, error)) {
    ADD_FAILURE() << error;
    return t;
  }
  t.dtype = static_cast<dlc_dtype>(proto.data_type());
  t.dims.assign(proto.dims().begin(), proto.dims().end());
  t.bytes.assign(proto.raw_data().begin(), proto.raw_data().end());
  return t;
}

class ModelGradients : public ::testing::TestWithParam<ModelCase> {};

TEST_P(ModelGradients, MatchPyTorch) {
  const ModelCase &c = GetParam();
  std::string dir = std::string(DLC_SOURCE_DIR) + "/test/models/" + c.model + "/gradients/";
  HostTensor input = readTensor(dir + "input_0.pb");
  HostTensor labels = readTensor(dir + "labels.pb");
  HostTensor expectedLoss = readTensor(dir + "loss.pb");

  std::unique_ptr<MLIRContext> context = createCompilerContext();
  ImportOptions import;
  std::string modelPath = std::string(DLC_SOURCE_DIR) + "/models/" + c.model + ".onnx";
  std::optional<std::vector<GraphInputInfo>> graphInputs = listGraphInputs(modelPath);
  ASSERT_TRUE(graphInputs && !graphInputs->empty());
  import.shapes[graphInputs->front().name] = input.dims;
  std::string error;
  OwningOpRef<ModuleOp> module = importOnnxModel(*context, modelPath, import);
  ASSERT_TRUE(module);

  PassManager pm(context.get());
  DlcBuildTrainingEntriesOptions entries;
  entries.loss = c.loss;
  pm.addPass(createDlcBuildTrainingEntries(entries));
  pm.addPass(createDlcAutodiff());
  ASSERT_TRUE(succeeded(pm.run(*module)));
  auto step = module->lookupSymbol<func::FuncOp>("train_step");
  ASSERT_TRUE(step);
  std::vector<std::string> gradientOf;
  for (unsigned i = 1, e = step.getNumResults(); i < e; ++i) {
    auto name = step.getResultAttrOfType<StringAttr>(i, attr::kGradientOf);
    ASSERT_TRUE(name);
    gradientOf.push_back(name.str());
    step.setResultAttr(i, attr::kName, StringAttr::get(context.get(), "grad_" + name.str()));
  }

  CompiledModule compiled;
  ASSERT_TRUE(compiled.compile(*module, error)) << error;
  std::vector<HostTensor> outputs;
  ASSERT_TRUE(compiled.run("train_step", {input, labels}, outputs, error)) << error;
  EXPECT_NEAR(outputs[0].data<float>()[0], expectedLoss.data<float>()[0],
              1e-5 * std::abs(expectedLoss.data<float>()[0]));

  size_t compared = 0;
  for (auto [k, name] : llvm::enumerate(gradientOf)) {
    std::string path = dir + "grad_" + name + ".pb";
    if (!llvm::sys::fs::exists(path))
      continue; // a weight PyTorch holds as a constant (the attention scale)
    HostTensor expected = readTensor(path);
    const HostTensor &actual = outputs[k + 1];
    ASSERT_EQ(actual.dims, expected.dims) << name;
    double largest = 0, worst = 0;
    for (int64_t i = 0; i < expected.numElements(); ++i) {
      largest = std::max<double>(largest, std::abs(expected.data<float>()[i]));
      worst = std::max<double>(worst, std::abs(actual.data<float>()[i] -
                                               expected.data<float>()[i]));
    }
    // Relative to the tensor's scale; the floor admits gradients that are
    // zero in exact arithmetic (attention's key bias) and rounding noise here.
    EXPECT_LE(worst, 1e-4 * largest + 1e-8) << c.model << ": gradient of " << name;
    ++compared;
  }
  EXPECT_GE(compared, 4u) << "too few gradients compared";
}

INSTANTIATE_TEST_SUITE_P(Seed, ModelGradients,
                         ::testing::Values(ModelCase{"seed_cnn", "cross_entropy"},
                                           ModelCase{"mlp", "cross_entropy"},
                                           ModelCase{"attention", "mse"}),
                         [](const ::testing::TestParamInfo<ModelCase> &info) {
                           return std::string(info.param.model);
                         });
} // namespace
