//===- train_model_example_test.cpp - the plain-C training example, run as a program -===//
#include "dlc/runtime.h"
#include "fixtures/fixture_metadata.hpp"
#include "fixtures/linear_reference.hpp"
#include "test_support.hpp"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <vector>

#include <gtest/gtest.h>

using namespace dlc::test;
using namespace dlc::test::linear;

namespace {

constexpr uint32_t kBatches = 8;

int runExample(const TempDir &dir, const std::vector<std::string> &args, std::string &output) {
  return runProgram(DLC_TEST_TRAIN_MODEL_EXAMPLE, dir, args, output);
}

template <typename T> std::string bytesOf(const T *values, size_t count) {
  return std::string(reinterpret_cast<const char *>(values), count * sizeof(T));
}

// Writes kBatches batches as the example reads them: x.bin and labels.bin.
void writeData(const TempDir &dir) {
  std::string x, labels;
  for (uint32_t b = 0; b < kBatches; ++b) {
    Batch batch = makeBatch(b);
    x += bytesOf(batch.x, kBatch * kFeatures);
    labels += bytesOf(batch.labels, kBatch);
  }
  writeFile(dir.file("x.bin"), x);
  writeFile(dir.file("labels.bin"), labels);
}

std::string format(const char *pattern, double value) {
  char text[64];
  std::snprintf(text, sizeof text, pattern, value);
  return text;
}

TEST(TrainModelExample, TrainsEvaluatesAndSavesTheState) {
  TempDir dir;
  writeData(dir);
  std::string output;
  ASSERT_EQ(runExample(dir,
                       {kLinearArtifact, "--epochs", "3", "--lr", "0.25", "--save",
                        dir.file("state_"), dir.file("x.bin"), dir.file("labels.bin")},
                       output),
            0)
      << output;

  // The same steps through the API give the same state, byte for byte.
  dlc_model *model = nullptr;
  dlc_session *session = nullptr;
  ASSERT_EQ(dlc_model_load(kLinearArtifact.c_str(), &model), nullptr);
  ASSERT_EQ(dlc_session_create(model, &session), nullptr);
  float lr = 0.25f;
  dlc_tensor lrTensor = {DLC_DTYPE_F32, 0, nullptr, &lr, sizeof lr};
  ASSERT_EQ(dlc_session_write_param(session, "optimizer.lr", &lrTensor), nullptr);
  int64_t xDims[2] = {kBatch, kFeatures}, labelDims[1] = {kBatch};
  for (int epoch = 1; epoch <= 3; ++epoch) {
    double total = 0;
    for (uint32_t b = 0; b < kBatches; ++b) {
      Batch batch = makeBatch(b);
      dlc_tensor in[2] = {{DLC_DTYPE_F32, 2, xDims, batch.x, sizeof batch.x},
                          {DLC_DTYPE_I64, 1, labelDims, batch.labels, sizeof batch.labels}};
      float loss = 0;
      dlc_tensor out = {DLC_DTYPE_F32, 0, nullptr, &loss, sizeof loss};
      ASSERT_EQ(dlc_session_run_entry(session, "train_step", in, 2, &out, 1), nullptr);
      total += loss;
    }
    std::string line =
        "epoch " + std::to_string(epoch) + ": mean loss " + format("%.6f", total / kBatches) + "\n";
    EXPECT_NE(output.find(line), std::string::npos) << line << output;
  }
  Params trained = initialParams();
  for (size_t p = 0; p < dlc_model_param_count(model); ++p) {
    dlc_tensor_info info{};
    ASSERT_EQ(dlc_model_param_info(model, p, &info), nullptr);
    std::string saved = dir.file("state_" + std::to_string(p) + ".bin");
    if (!dlc_model_param_is_state(model, p)) {
      EXPECT_FALSE(std::ifstream(saved).good()) << "read-only " << info.name << " was saved";
      continue;
    }
    std::vector<char> value(info.byte_size);
    dlc_tensor out = {info.dtype, info.rank, info.dims, value.data(), value.size()};
    ASSERT_EQ(dlc_session_read_param(session, info.name, &out), nullptr);
    EXPECT_EQ(readFile(saved), std::string(value.begin(), value.end())) << info.name;
    std::string name = info.name;
    float *into = name == "w"              ? trained.w
                  : name == "b"            ? trained.b
                  : name == "optimizer.lr" ? &trained.lr
                                           : &trained.step;
    std::memcpy(into, value.data(), value.size());
  }
  dlc_session_release(session);
  dlc_model_release(model);

  EXPECT_NE(output.find("state 0 \"w\" f32 3x2\n"), std::string::npos) << output;
  EXPECT_NE(output.find("state 4 \"optimizer.step\" f32 scalar\n"), std::string::npos) << output;
  EXPECT_EQ(output.find("input_scale"), std::string::npos) << output;
  EXPECT_EQ(trained.step, 3.0f * kBatches);
  double loss = 0;
  int64_t correct = 0;
  for (uint32_t b = 0; b < kBatches; ++b) {
    loss += linear::loss(trained, makeBatch(b)) / kBatches;
    correct += linear::correct(trained, makeBatch(b));
  }
  // Printed to 6 places; the example sums in another order than the reference.
  std::string evalLine = "eval over 8 batch(es): loss ";
  size_t at = output.find(evalLine);
  ASSERT_NE(at, std::string::npos) << output;
  EXPECT_NEAR(std::stod(output.substr(at + evalLine.size())), loss, 1e-5) << output;
  EXPECT_NE(output.find(" correct " + std::to_string(correct) + "\n", at), std::string::npos)
      << output;
}

TEST(TrainModelExample, RejectsDataThatDoesNotFit) {
  TempDir dir;
  writeData(dir);
  std::string output;
  EXPECT_EQ(runExample(dir, {kLinearArtifact, dir.file("x.bin")}, output), 1);
  EXPECT_NE(output.find("1 data file(s) for the 2 input(s) of train_step"), std::string::npos)
      << output;

  writeFile(dir.file("short.bin"), std::string(100, '\0'));
  EXPECT_EQ(
      runExample(dir, {kLinearArtifact, dir.file("short.bin"), dir.file("labels.bin")}, output), 1);
  EXPECT_NE(output.find("holds 100 bytes, not whole batches of 48 bytes"), std::string::npos)
      << output;

  writeFile(dir.file("one.bin"), std::string(32, '\0'));
  EXPECT_EQ(runExample(dir, {kLinearArtifact, dir.file("x.bin"), dir.file("one.bin")}, output), 1);
  EXPECT_NE(output.find("one.bin holds 1 batch(es) but "), std::string::npos) << output;

  // A label out of range fails train_step; the message is the runtime's.
  std::string labels = readFile(dir.file("labels.bin"));
  labels[8] = 7;
  writeFile(dir.file("bad.bin"), labels);
  EXPECT_EQ(runExample(dir, {kLinearArtifact, dir.file("x.bin"), dir.file("bad.bin")}, output), 1);
  EXPECT_EQ(output, "train_model: train_step failed: the model's train_step entry failed with "
                    "code 9\n");
}

TEST(TrainModelExample, NeedsATrainingArtifact) {
  TempDir dir;
  std::string output;
  EXPECT_EQ(runExample(dir, {kAffineArtifact, "x.bin"}, output), 1);
  EXPECT_EQ(output, "train_model: the model cannot be trained: the model has no entry "
                    "\"train_step\" (it has run)\n");
  EXPECT_EQ(runExample(dir, {}, output), 2);
  EXPECT_NE(output.find("usage:"), std::string::npos) << output;
  EXPECT_EQ(runExample(dir, {kLinearArtifact, "--epochs", "0"}, output), 1);
  EXPECT_NE(output.find("--epochs takes a whole number from 1, got 0"), std::string::npos)
      << output;
}

} // namespace
