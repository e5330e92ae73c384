//===- TrainToolTest.cpp - dlc-train's schedules, checkpoints and models --===//
#include "tools/common/OnnxModelFile.h"
#include "tools/dlc-train/Checkpoint.h"
#include "tools/dlc-train/Freeze.h"
#include "tools/dlc-train/Schedule.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

using namespace dlc;
using namespace dlc::train;

namespace {
Schedule parse(const std::string &text, int64_t epochs = 10) {
  Schedule schedule;
  std::string error;
  EXPECT_TRUE(parseSchedule(text, epochs, schedule, error)) << text << ": " << error;
  return schedule;
}

std::string parseError(const std::string &text) {
  Schedule schedule;
  std::string error;
  EXPECT_FALSE(parseSchedule(text, 10, schedule, error)) << text;
  return error;
}
} // namespace

TEST(Schedule, Rates) {
  Schedule constant = parse("constant");
  EXPECT_EQ(constant.rate(0.1, 5, 1000), 0.1);

  Schedule step = parse("step:step_size=2,gamma=0.5");
  EXPECT_EQ(step.rate(0.1, 0, 0), 0.1);
  EXPECT_EQ(step.rate(0.1, 1, 0), 0.1);
  EXPECT_EQ(step.rate(0.1, 2, 0), 0.05);
  EXPECT_EQ(step.rate(0.1, 5, 0), 0.025);
  EXPECT_EQ(parse("step:step_size=3").gamma, 0.1);

  // CosineAnnealingLR's closed form.
  Schedule cosine = parse("cosine:t_max=4,eta_min=0.001");
  EXPECT_DOUBLE_EQ(cosine.rate(0.1, 0, 0), 0.1);
  EXPECT_DOUBLE_EQ(cosine.rate(0.1, 2, 0), 0.001 + 0.099 * 0.5);
  EXPECT_DOUBLE_EQ(cosine.rate(0.1, 4, 0), 0.001);
  EXPECT_EQ(parse("cosine", 7).tMax, 7);
  EXPECT_EQ(parse("cosine", 7).etaMin, 0);

  Schedule warm = parse("cosine:t_max=5+warmup:steps=4");
  EXPECT_DOUBLE_EQ(warm.rate(1.0, 0, 0), 0.25);
  EXPECT_DOUBLE_EQ(warm.rate(1.0, 0, 3), 1.0);
  EXPECT_DOUBLE_EQ(warm.rate(1.0, 0, 100), 1.0);
  Schedule warmOnly = parse("warmup:steps=10");
  EXPECT_EQ(warmOnly.kind, Schedule::Kind::Constant);
  EXPECT_DOUBLE_EQ(warmOnly.rate(0.5, 0, 4), 0.25);
  EXPECT_EQ(parse("warmup:steps=2+step:step_size=1").kind, Schedule::Kind::Step);
}

TEST(Schedule, FormatRoundTrips) {
  for (const char *text : {"constant", "step:step_size=2,gamma=0.5", "cosine:t_max=3,eta_min=0.01",
                           "cosine+warmup:steps=500", "warmup:steps=3"}) {
    std::string formatted = formatSchedule(parse(text));
    EXPECT_EQ(formatSchedule(parse(formatted)), formatted);
  }
  EXPECT_EQ(formatSchedule(parse("cosine+warmup:steps=500", 5)),
            "cosine:t_max=5,eta_min=0+warmup:steps=500");
  EXPECT_EQ(formatSchedule(parse("step:step_size=1")), "step:step_size=1,gamma=0.1");
}

TEST(Schedule, Errors) {
  EXPECT_EQ(parseError("linear"), "unknown schedule 'linear' in --schedule 'linear' (schedules: "
                                  "constant, step, cosine, each optionally +warmup:steps=S)");
  EXPECT_EQ(parseError("step:step_size=2,decay=0.5"),
            "schedule 'step' has no key 'decay' (keys: step_size, gamma)");
  EXPECT_EQ(parseError("cosine:T_max=2"),
            "schedule 'cosine' has no key 'T_max' (keys: t_max, eta_min)");
  EXPECT_EQ(parseError("constant:lr=1"), "schedule 'constant' has no key 'lr' (it takes none)");
  EXPECT_EQ(parseError("warmup:steps=5,start=0"),
            "schedule 'warmup' has no key 'start' (keys: steps)");
  EXPECT_EQ(parseError("step"), "schedule 'step' needs step_size=N");
  EXPECT_EQ(parseError("warmup"), "schedule 'warmup' needs steps=N");
  EXPECT_EQ(parseError("step:step_size=0"),
            "schedule 'step': step_size must be a positive integer, got '0'");
  EXPECT_EQ(parseError("step:step_size=1.5"),
            "schedule 'step': step_size must be a positive integer, got '1.5'");
  EXPECT_EQ(parseError("step:step_size=1,gamma=2"),
            "schedule 'step': gamma must be a number in [0, 1], got '2'");
  EXPECT_EQ(parseError("cosine:eta_min=-1"),
            "schedule 'cosine': eta_min must be a number in [0, 1e+300], got '-1'");
  EXPECT_EQ(parseError("step:step_size"),
            "schedule 'step': key 'step_size' has no value (expected step_size=VALUE)");
  EXPECT_EQ(parseError("step:step_size=1,step_size=2"), "schedule 'step': step_size is given twice");
  EXPECT_EQ(parseError("step:step_size=1+cosine"),
            "--schedule 'step:step_size=1+cosine' has two schedules (combine one of constant, "
            "step, cosine with at most one warmup)");
  EXPECT_EQ(parseError("warmup:steps=1+warmup:steps=2"),
            "--schedule 'warmup:steps=1+warmup:steps=2' has two warm-ups (combine one of "
            "constant, step, cosine with at most one warmup)");
}

TEST(Checkpoint, RoundTrip) {
  CheckpointInfo info;
  info.epoch = 2;
  info.batch = 17;
  info.step = 1234;
  info.modelFile = "step-1234.onnx";
  info.stateFile = "step-1234-state.onnx";
  info.options = {{"batch", "64"}, {"freeze", "^conv[12]\\. "}, {"normalize", "none"}};
  std::string text = formatCheckpoint(info);
  CheckpointInfo back;
  std::string error;
  ASSERT_TRUE(parseCheckpoint(text, "ckpt/checkpoint.txt", back, error)) << error;
  EXPECT_EQ(back.epoch, 2);
  EXPECT_EQ(back.batch, 17);
  EXPECT_EQ(back.step, 1234);
  EXPECT_EQ(back.modelFile, info.modelFile);
  EXPECT_EQ(back.stateFile, info.stateFile);
  EXPECT_EQ(back.options, info.options);

  EXPECT_TRUE(checkOptionsMatch(back.options, {{"batch", "64"}}, "ckpt", error));
  EXPECT_FALSE(checkOptionsMatch(back.options, {{"batch", "32"}}, "ckpt", error));
  EXPECT_EQ(error, "--resume 'ckpt': batch was '64' when the checkpoint was saved, now '32'");
  EXPECT_FALSE(checkOptionsMatch(back.options, {{"seed", "1"}}, "ckpt", error));
  EXPECT_EQ(error, "the checkpoint in 'ckpt' does not record seed");

  EXPECT_FALSE(parseCheckpoint("hello\n", "c.txt", back, error));
  EXPECT_EQ(error, "'c.txt':1: not a dlc-train checkpoint (expected 'dlc-train checkpoint 1')");
  EXPECT_FALSE(parseCheckpoint("", "c.txt", back, error));
  EXPECT_EQ(error, "'c.txt' is empty");
  EXPECT_FALSE(parseCheckpoint("dlc-train checkpoint 1\nepoch -1\n", "c.txt", back, error));
  EXPECT_EQ(error, "'c.txt':2: epoch '-1' is not a non-negative integer");
  EXPECT_FALSE(parseCheckpoint("dlc-train checkpoint 1\nmodel ../x.onnx\n", "c.txt", back, error));
  EXPECT_EQ(error, "'c.txt':2: model '../x.onnx' is not a file name in the checkpoint directory");
  EXPECT_FALSE(parseCheckpoint("dlc-train checkpoint 1\nepoch 1\n", "c.txt", back, error));
  EXPECT_EQ(error, "'c.txt' is incomplete (it needs epoch, batch, step, model and state)");
  EXPECT_FALSE(parseCheckpoint("dlc-train checkpoint 1\nwhat 1\n", "c.txt", back, error));
  EXPECT_EQ(error, "'c.txt':2: unknown entry 'what'");
}

TEST(Freeze, Patterns) {
  std::string error;
  EXPECT_TRUE(checkFreezePattern("^conv[12]\\.", error));
  EXPECT_FALSE(checkFreezePattern("conv(", error));
  EXPECT_EQ(error.rfind("--freeze 'conv(' is not a valid regular expression (", 0), 0u) << error;
  EXPECT_EQ(matchingNames("conv", {"conv1.weight", "fc.weight", "x.conv"}),
            (std::vector<std::string>{"conv1.weight", "x.conv"}));
  EXPECT_EQ(matchingNames("^fc\\.", {"conv1.weight", "fc.weight", "fc1.weight"}),
            (std::vector<std::string>{"fc.weight"}));
  // POSIX extended, as the compiler's --freeze: alternation, classes and
  // intervals, no Perl escapes.
  EXPECT_EQ(matchingNames("^(conv|fc)[0-9]{1,2}\\.bias$",
                          {"conv1.bias", "fc12.bias", "fc123.bias", "bn1.bias", "conv1.weight"}),
            (std::vector<std::string>{"conv1.bias", "fc12.bias"}));
}

namespace {
onnx::TensorProto floatTensor(const std::string &name, const std::vector<int64_t> &dims,
                              float start) {
  onnx::TensorProto tensor;
  tensor.set_name(name);
  tensor.set_data_type(onnx::TensorProto::FLOAT);
  int64_t count = 1;
  for (int64_t dim : dims) {
    tensor.add_dims(dim);
    count *= dim;
  }
  for (int64_t i = 0; i < count; ++i)
    tensor.add_float_data(start + static_cast<float>(i));
  return tensor;
}

void addValue(google::protobuf::RepeatedPtrField<onnx::ValueInfoProto> *values,
              const std::string &name, const std::vector<std::string> &dims) {
  onnx::ValueInfoProto *value = values->Add();
  value->set_name(name);
  onnx::TypeProto_Tensor *tensor = value->mutable_type()->mutable_tensor_type();
  tensor->set_elem_type(onnx::TensorProto::FLOAT);
  for (const std::string &dim : dims) {
    if (std::isdigit(static_cast<unsigned char>(dim[0])))
      tensor->mutable_shape()->add_dim()->set_dim_value(std::stoll(dim));
    else
      tensor->mutable_shape()->add_dim()->set_dim_param(dim);
  }
}

/// x [N, 4] -> Gemm(fc1, transB) -> Relu -> Gemm(fc2, transB) [N, 3] -> LogSoftmax -> y.
onnx::ModelProto mlp() {
  onnx::ModelProto model;
  model.set_ir_version(7);
  model.add_opset_import()->set_version(13);
  onnx::GraphProto *graph = model.mutable_graph();
  graph->set_name("mlp");
  *graph->add_initializer() = floatTensor("fc1.weight", {5, 4}, 0);
  *graph->add_initializer() = floatTensor("fc1.bias", {5}, 0);
  *graph->add_initializer() = floatTensor("fc2.weight", {3, 5}, 0);
  *graph->add_initializer() = floatTensor("fc2.bias", {3}, 0);
  auto node = [&](const std::string &op, std::vector<std::string> inputs,
                  const std::string &output, const std::string &name) {
    onnx::NodeProto *n = graph->add_node();
    n->set_op_type(op);
    n->set_name(name);
    for (const std::string &input : inputs)
      n->add_input(input);
    n->add_output(output);
    if (op == "Gemm") {
      onnx::AttributeProto *attr = n->add_attribute();
      attr->set_name("transB");
      attr->set_type(onnx::AttributeProto::INT);
      attr->set_i(1);
    }
  };
  node("Gemm", {"x", "fc1.weight", "fc1.bias"}, "h", "/fc1/Gemm");
  node("Relu", {"h"}, "r", "/relu/Relu");
  node("Gemm", {"r", "fc2.weight", "fc2.bias"}, "logits", "/fc2/Gemm");
  node("LogSoftmax", {"logits"}, "y", "/LogSoftmax");
  addValue(graph->mutable_input(), "x", {"N", "4"});
  addValue(graph->mutable_output(), "y", {"N", "3"});
  addValue(graph->mutable_value_info(), "logits", {"N", "3"});
  addValue(graph->mutable_value_info(), "r", {"N", "5"});
  return model;
}
} // namespace

TEST(OnnxModelFile, InputsOutputsAndBytes) {
  onnx::ModelProto model = mlp();
  std::vector<onnxfile::ValueShape> inputs = onnxfile::graphInputs(model);
  ASSERT_EQ(inputs.size(), 1u);
  EXPECT_EQ(inputs[0].name, "x");
  EXPECT_EQ(inputs[0].dims, (std::vector<int64_t>{-1, 4}));
  EXPECT_EQ(onnxfile::formatShape(inputs[0]), "[N, 4]");
  std::string bytes, error;
  ASSERT_TRUE(onnxfile::tensorBytes(*onnxfile::findInitializer(model.graph(), "fc1.bias"), bytes,
                                    error));
  ASSERT_EQ(bytes.size(), 20u);
  float values[5];
  std::memcpy(values, bytes.data(), 20);
  EXPECT_EQ(values[4], 4.0f);
  onnx::TensorProto *bias = onnxfile::findInitializer(*model.mutable_graph(), "fc1.bias");
  float replacement[5] = {9, 8, 7, 6, 5};
  onnxfile::setRawData(*bias, replacement, sizeof(replacement));
  EXPECT_EQ(bias->float_data_size(), 0);
  ASSERT_TRUE(onnxfile::tensorBytes(*bias, bytes, error));
  EXPECT_EQ(bytes, std::string(reinterpret_cast<char *>(replacement), 20));
  bias->add_dims(2);
  EXPECT_FALSE(onnxfile::tensorBytes(*bias, bytes, error));
  EXPECT_EQ(error, "tensor 'fc1.bias' has 20 bytes of raw data, its dims [5, 2] need 40");
}

TEST(OnnxModelFile, ReplaceHead) {
  onnx::ModelProto model = mlp();
  onnxfile::HeadReplacement head;
  std::string error;
  ASSERT_TRUE(onnxfile::replaceHead(model, 7, 1, head, error)) << error;
  EXPECT_EQ(head.node, "'/fc2/Gemm' (Gemm)");
  EXPECT_EQ(head.weight, "fc2.weight");
  EXPECT_EQ(head.bias, "fc2.bias");
  EXPECT_EQ(head.inFeatures, 5);
  EXPECT_EQ(head.oldOutFeatures, 3);
  const onnx::TensorProto *weight = onnxfile::findInitializer(model.graph(), "fc2.weight");
  EXPECT_EQ(std::vector<int64_t>(weight->dims().begin(), weight->dims().end()),
            (std::vector<int64_t>{7, 5}));
  std::string bytes;
  ASSERT_TRUE(onnxfile::tensorBytes(*weight, bytes, error));
  ASSERT_EQ(bytes.size(), 35 * sizeof(float));
  std::vector<float> values(35);
  std::memcpy(values.data(), bytes.data(), bytes.size());
  float bound = 1.0f / std::sqrt(5.0f);
  for (float v : values) {
    EXPECT_LE(std::fabs(v), bound);
  }
  EXPECT_NE(values[0], values[1]);
  const onnx::TensorProto *bias = onnxfile::findInitializer(model.graph(), "fc2.bias");
  EXPECT_EQ(bias->dims(0), 7);
  EXPECT_EQ(onnxfile::formatShape(onnxfile::graphOutputs(model)[0]), "[N, 7]");
  // The stale value_info of the logits is gone; the hidden layer's stays.
  ASSERT_EQ(model.graph().value_info_size(), 1);
  EXPECT_EQ(model.graph().value_info(0).name(), "r");

  // The same seed draws the same weights; another seed others.
  onnx::ModelProto again = mlp(), other = mlp();
  ASSERT_TRUE(onnxfile::replaceHead(again, 7, 1, head, error));
  ASSERT_TRUE(onnxfile::replaceHead(other, 7, 2, head, error));
  EXPECT_EQ(onnxfile::findInitializer(again.graph(), "fc2.weight")->raw_data(),
            weight->raw_data());
  EXPECT_NE(onnxfile::findInitializer(other.graph(), "fc2.weight")->raw_data(),
            weight->raw_data());
}

TEST(OnnxModelFile, ReplaceHeadErrors) {
  onnx::ModelProto model = mlp();
  model.mutable_graph()->mutable_node(3)->set_op_type("Tanh2");
  onnxfile::HeadReplacement head;
  std::string error;
  EXPECT_FALSE(onnxfile::replaceHead(model, 2, 0, head, error));
  EXPECT_EQ(error, "--replace-head: the graph output 'y' comes from node '/LogSoftmax' (Tanh2), "
                   "not from a Gemm or MatMul (+ Add) through Softmax, LogSoftmax, Sigmoid, "
                   "Relu, Identity or Dropout");
  model = mlp();
  model.mutable_graph()->mutable_node(2)->set_input(1, "r");
  EXPECT_FALSE(onnxfile::replaceHead(model, 2, 0, head, error));
  EXPECT_EQ(error, "--replace-head: node '/fc2/Gemm' (Gemm) does not multiply by a float weight "
                   "initializer");
}

TEST(OnnxModelFile, InitCopiesMatchingInitializers) {
  onnx::ModelProto model = mlp();
  onnx::ModelProto pretrained = mlp();
  onnxfile::HeadReplacement head;
  std::string error;
  ASSERT_TRUE(onnxfile::replaceHead(model, 4, 0, head, error));
  *onnxfile::findInitializer(*pretrained.mutable_graph(), "fc1.weight") =
      floatTensor("fc1.weight", {5, 4}, 100);
  *pretrained.mutable_graph()->add_initializer() = floatTensor("extra", {1}, 0);
  onnxfile::InitReport report;
  onnxfile::copyMatchingInitializers(model, pretrained, "pre.onnx", report);
  EXPECT_EQ(report.copied, (std::vector<std::string>{"fc1.weight", "fc1.bias"}));
  ASSERT_EQ(report.skipped.size(), 3u);
  EXPECT_EQ(report.skipped[0].first, "fc2.weight");
  EXPECT_EQ(report.skipped[0].second, "[3, 5] in pre.onnx, [4, 5] in the model");
  EXPECT_EQ(report.skipped[1].second, "[3] in pre.onnx, [4] in the model");
  EXPECT_EQ(report.skipped[2].first, "extra");
  EXPECT_EQ(report.skipped[2].second, "in pre.onnx but not in the model");
  std::string bytes;
  ASSERT_TRUE(onnxfile::tensorBytes(*onnxfile::findInitializer(model.graph(), "fc1.weight"),
                                    bytes, error));
  float first;
  std::memcpy(&first, bytes.data(), sizeof(float));
  EXPECT_EQ(first, 100.0f);
}

TEST(OnnxModelFile, AtomicWrite) {
  char pattern[] = "/tmp/dlc-onnx-XXXXXX";
  std::string dir = ::mkdtemp(pattern);
  std::string path = dir + "/model.onnx";
  std::string error;
  onnx::ModelProto model = mlp();
  ASSERT_TRUE(onnxfile::writeModel(path, model, error)) << error;
  onnx::ModelProto back;
  ASSERT_TRUE(onnxfile::readModel(path, back, error)) << error;
  EXPECT_EQ(back.SerializeAsString(), model.SerializeAsString());
  ASSERT_TRUE(onnxfile::writeFileAtomically(path, "not a model", error));
  EXPECT_FALSE(onnxfile::readModel(path, back, error));
  EXPECT_EQ(error, "'" + path + "' is not a binary ONNX model");
  EXPECT_FALSE(onnxfile::writeFileAtomically(dir + "/missing/x.onnx", "x", error));
  EXPECT_NE(error.find("cannot write '" + dir + "/missing/x.onnx'"), std::string::npos);
  std::string command = "rm -rf '" + dir + "'";
  (void)std::system(command.c_str());
}
