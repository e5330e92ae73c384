//===- runtime_hpp_test.cpp - the C++ wrappers in dlc/runtime.hpp ---------===//
#include "dlc/runtime.hpp"
#include "fixtures/fixture_metadata.hpp"
#include "test_support.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

using namespace dlc::test;

namespace {

TEST(RuntimeHpp, LoadDescribeAndRun) {
  dlc::Model model;
  EXPECT_FALSE(model.loaded());
  dlc::Status status = model.load(kAffineArtifact);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(status.code(), DLC_OK);
  ASSERT_EQ(model.inputs().size(), 1u);
  ASSERT_EQ(model.outputs().size(), 2u);
  ASSERT_EQ(model.params().size(), 2u);
  EXPECT_STREQ(model.outputs()[1].name, kAffineSumName);
  EXPECT_EQ(model.arenaBytes(), size_t(AFFINE_ARENA_BYTES));
  EXPECT_NE(model.contentHash(), 0u);

  dlc::Session session;
  status = session.create(model);
  ASSERT_TRUE(status.ok()) << status.message();
  std::vector<float> x(AFFINE_ROWS * AFFINE_COLS, 2.0f), y(x.size());
  float sum = 0;
  std::vector<dlc_tensor> inputs = {dlc::makeTensor(model.inputs()[0], x.data())};
  std::vector<dlc_tensor> outputs = {dlc::makeTensor(model.outputs()[0], y.data()),
                                     dlc::makeTensor(model.outputs()[1], &sum)};
  status = session.run(inputs, outputs);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(y[AFFINE_COLS + 3], 2.0f * AFFINE_WEIGHT(3) + AFFINE_BIAS(3));
}

TEST(RuntimeHpp, FailuresComeBackAsStatus) {
  dlc::Model model;
  dlc::Status status = model.load("/nonexistent/model.so");
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.code(), DLC_NOT_FOUND);
  EXPECT_NE(std::string(status.message()).find("/nonexistent/model.so"), std::string::npos);
  EXPECT_FALSE(model.loaded());
  EXPECT_TRUE(model.inputs().empty());

  ASSERT_TRUE(model.load(kAffineArtifact).ok());
  dlc::Session session;
  ASSERT_TRUE(session.create(model).ok());
  std::vector<dlc_tensor> none;
  status = session.run(none, none);
  EXPECT_EQ(status.code(), DLC_INVALID_ARGUMENT);
  EXPECT_STREQ(status.message(), "the model has 1 input, got 0");
}

TEST(RuntimeHpp, EntriesAndState) {
  dlc::Model model;
  ASSERT_TRUE(model.load(kLinearArtifact).ok());
  EXPECT_EQ(model.entries(), (std::vector<std::string>{"run", "train_step", "eval"}));
  size_t index = 0;
  ASSERT_TRUE(model.findEntry("eval", index).ok());
  EXPECT_EQ(index, 2u);
  dlc::Status status = model.findEntry("fit", index);
  EXPECT_EQ(status.code(), DLC_NOT_FOUND);
  ASSERT_EQ(model.inputs("train_step").size(), 2u);
  EXPECT_STREQ(model.inputs("train_step")[1].name, "labels");
  ASSERT_EQ(model.outputs("eval").size(), 2u);
  EXPECT_STREQ(model.outputs("eval")[1].name, "correct");
  EXPECT_TRUE(model.inputs("fit").empty());
  EXPECT_STREQ(model.outputs()[0].name, "logits");
  ASSERT_EQ(model.params().size(), 5u);
  EXPECT_TRUE(model.isState(0));
  EXPECT_FALSE(model.isState(1));
  EXPECT_FALSE(model.isState(5));

  dlc::Session session;
  ASSERT_TRUE(session.create(model).ok());
  std::vector<float> x(LINEAR_BATCH * LINEAR_FEATURES, 1.0f);
  std::vector<int64_t> labels(LINEAR_BATCH, 1);
  float loss = 0, step = 0;
  std::vector<dlc_tensor> inputs = {dlc::makeTensor(model.inputs("train_step")[0], x.data()),
                                    dlc::makeTensor(model.inputs("train_step")[1], labels.data())};
  std::vector<dlc_tensor> outputs = {dlc::makeTensor(model.outputs("train_step")[0], &loss)};
  status = session.run("train_step", inputs, outputs);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_GT(loss, 0.0f);

  dlc_tensor stepTensor = dlc::makeTensor(model.params()[4], &step);
  status = session.readParam("optimizer.step", stepTensor);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(step, 1.0f);
  step = 10;
  ASSERT_TRUE(session.writeParam("optimizer.step", stepTensor).ok());
  ASSERT_TRUE(session.run("train_step", inputs, outputs).ok());
  ASSERT_TRUE(session.readParam("optimizer.step", stepTensor).ok());
  EXPECT_EQ(step, 11.0f);

  status = session.readParam("optimizer.steps", stepTensor);
  EXPECT_EQ(status.code(), DLC_NOT_FOUND);
  status = session.run("fit", inputs, outputs);
  EXPECT_EQ(status.code(), DLC_NOT_FOUND);
  EXPECT_STREQ(status.message(), "the model has no entry \"fit\" (it has run, train_step, eval)");
}

TEST(RuntimeHpp, MovesTransferOwnership) {
  dlc::Model model;
  ASSERT_TRUE(model.load(kNegateArtifact).ok());
  dlc_model *raw = model.get();
  dlc::Model moved(std::move(model));
  EXPECT_EQ(moved.get(), raw);
  EXPECT_FALSE(model.loaded()); // NOLINT(bugprone-use-after-move): moved-from is empty.

  dlc::Session session;
  ASSERT_TRUE(session.create(moved).ok());
  dlc::Session other;
  other = std::move(session);
  EXPECT_TRUE(other.created());
  EXPECT_FALSE(session.created()); // NOLINT(bugprone-use-after-move)

  dlc::Status failure = moved.load("/nonexistent/model.so");
  dlc::Status taken = std::move(failure);
  EXPECT_FALSE(taken.ok());
  EXPECT_TRUE(failure.ok()); // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(moved.get(), raw) << "a failed load keeps the loaded model";
}

} // namespace
