//===- training_test.cpp - named entries, per-session state, params by name ===//
#include "dlc/runtime.h"
#include "fixtures/fixture_metadata.hpp"
#include "fixtures/linear_reference.hpp"
#include "test_support.hpp"

#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

using namespace dlc::test;
using namespace dlc::test::linear;

namespace {

struct StatusDeleter {
  void operator()(dlc_status *status) const { dlc_status_free(status); }
};
using StatusPtr = std::unique_ptr<dlc_status, StatusDeleter>;

std::string messageOf(const StatusPtr &status) { return dlc_status_message(status.get()); }

// Shapes of the linear fixture's tensors.
int64_t kXDims[2] = {kBatch, kFeatures};
int64_t kLabelDims[1] = {kBatch};
int64_t kLogitDims[2] = {kBatch, kClasses};
int64_t kWDims[2] = {kFeatures, kClasses};
int64_t kScaleDims[1] = {kFeatures};
int64_t kBDims[1] = {kClasses};

dlc_tensor floats(int32_t rank, const int64_t *dims, float *data, size_t count) {
  return {DLC_DTYPE_F32, rank, dims, data, count * sizeof(float)};
}

// One session of the linear model, with its entries and params at hand.
class Trainer {
public:
  explicit Trainer(dlc_model *model) {
    StatusPtr status(dlc_session_create(model, &session_));
    EXPECT_EQ(status, nullptr) << messageOf(status);
  }
  Trainer(const Trainer &) = delete;
  Trainer &operator=(const Trainer &) = delete;
  ~Trainer() { dlc_session_release(session_); }

  dlc_session *get() const { return session_; }

  StatusPtr trainStep(const Batch &batch, float &loss) {
    dlc_tensor in[2] = {inputX(batch), inputLabels(batch)};
    dlc_tensor out = floats(0, nullptr, &loss, 1);
    return StatusPtr(dlc_session_run_entry(session_, "train_step", in, 2, &out, 1));
  }
  float trainStep(const Batch &batch) {
    float loss = 0;
    StatusPtr status = trainStep(batch, loss);
    EXPECT_EQ(status, nullptr) << messageOf(status);
    return loss;
  }

  std::vector<float> run(const Batch &batch) {
    std::vector<float> logits(kBatch * kClasses);
    dlc_tensor in = inputX(batch);
    dlc_tensor out = floats(2, kLogitDims, logits.data(), logits.size());
    StatusPtr status(dlc_session_run(session_, &in, 1, &out, 1));
    EXPECT_EQ(status, nullptr) << messageOf(status);
    return logits;
  }

  StatusPtr eval(const Batch &batch, float &loss, int64_t &correct) {
    dlc_tensor in[2] = {inputX(batch), inputLabels(batch)};
    dlc_tensor out[2] = {floats(0, nullptr, &loss, 1),
                         {DLC_DTYPE_I64, 0, nullptr, &correct, sizeof correct}};
    return StatusPtr(dlc_session_run_entry(session_, "eval", in, 2, out, 2));
  }

  // Every param, read through dlc_session_read_param.
  Params params() {
    Params p{};
    read("w", floats(2, kWDims, p.w, kFeatures * kClasses));
    read("input_scale", floats(1, kScaleDims, p.inputScale, kFeatures));
    read("b", floats(1, kBDims, p.b, kClasses));
    read("optimizer.lr", floats(0, nullptr, &p.lr, 1));
    read("optimizer.step", floats(0, nullptr, &p.step, 1));
    return p;
  }

  void read(const char *name, dlc_tensor out) {
    StatusPtr status(dlc_session_read_param(session_, name, &out));
    EXPECT_EQ(status, nullptr) << messageOf(status);
  }
  void write(const char *name, dlc_tensor value) {
    StatusPtr status(dlc_session_write_param(session_, name, &value));
    EXPECT_EQ(status, nullptr) << messageOf(status);
  }

private:
  static dlc_tensor inputX(const Batch &batch) {
    return {DLC_DTYPE_F32, 2, kXDims, const_cast<float *>(batch.x), sizeof batch.x};
  }
  static dlc_tensor inputLabels(const Batch &batch) {
    return {DLC_DTYPE_I64, 1, kLabelDims, const_cast<int64_t *>(batch.labels), sizeof batch.labels};
  }

  dlc_session *session_ = nullptr;
};

void expectNear(const std::vector<float> &actual, const std::vector<float> &expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < actual.size(); ++i)
    EXPECT_NEAR(actual[i], expected[i], 1e-5f) << "element " << i;
}

void expectParamsNear(const Params &actual, const Params &expected) {
  for (int i = 0; i < kFeatures * kClasses; ++i)
    EXPECT_NEAR(actual.w[i], expected.w[i], 1e-5f) << "w[" << i << "]";
  for (int f = 0; f < kFeatures; ++f)
    EXPECT_EQ(actual.inputScale[f], expected.inputScale[f]) << "input_scale[" << f << "]";
  for (int c = 0; c < kClasses; ++c)
    EXPECT_NEAR(actual.b[c], expected.b[c], 1e-5f) << "b[" << c << "]";
  EXPECT_EQ(actual.lr, expected.lr);
  EXPECT_EQ(actual.step, expected.step);
}

bool sameBytes(const Params &a, const Params &b) { return std::memcmp(&a, &b, sizeof a) == 0; }

class LinearModel : public ::testing::Test {
protected:
  void SetUp() override {
    StatusPtr status(dlc_model_load(kLinearArtifact.c_str(), &model_));
    ASSERT_EQ(status, nullptr) << messageOf(status);
  }
  void TearDown() override { dlc_model_release(model_); }

  dlc_model *model_ = nullptr;
};

TEST_F(LinearModel, ListsItsEntries) {
  ASSERT_EQ(dlc_model_entry_count(model_), 3u);
  EXPECT_STREQ(dlc_model_entry_name(model_, 0), "run");
  EXPECT_STREQ(dlc_model_entry_name(model_, 1), "train_step");
  EXPECT_STREQ(dlc_model_entry_name(model_, 2), "eval");
  EXPECT_EQ(dlc_model_entry_name(model_, 3), nullptr);
  EXPECT_EQ(dlc_model_entry_name(nullptr, 0), nullptr);
  EXPECT_EQ(dlc_model_entry_count(nullptr), 0u);

  size_t index = 99;
  StatusPtr status(dlc_model_find_entry(model_, "eval", &index));
  ASSERT_EQ(status, nullptr) << messageOf(status);
  EXPECT_EQ(index, 2u);
  status.reset(dlc_model_find_entry(model_, "evaluate", &index));
  EXPECT_EQ(dlc_status_get_code(status.get()), DLC_NOT_FOUND);
  EXPECT_EQ(messageOf(status),
            "the model has no entry \"evaluate\" (it has run, train_step, eval)");
  EXPECT_EQ(index, 2u) << "written only on success";
  status.reset(dlc_model_find_entry(model_, nullptr, &index));
  EXPECT_EQ(dlc_status_get_code(status.get()), DLC_INVALID_ARGUMENT);
  EXPECT_EQ(messageOf(status), "name is NULL");
  status.reset(dlc_model_find_entry(model_, "run", nullptr));
  EXPECT_EQ(dlc_status_get_code(status.get()), DLC_INVALID_ARGUMENT);
  status.reset(dlc_model_find_entry(nullptr, "run", &index));
  EXPECT_EQ(dlc_status_get_code(status.get()), DLC_INVALID_ARGUMENT);
}

TEST_F(LinearModel, DescribesEachEntry) {
  EXPECT_EQ(dlc_model_entry_input_count(model_, 0), 1u);
  EXPECT_EQ(dlc_model_entry_output_count(model_, 0), 1u);
  EXPECT_EQ(dlc_model_entry_input_count(model_, 1), 2u);
  EXPECT_EQ(dlc_model_entry_output_count(model_, 1), 1u) << "updates are not caller outputs";
  EXPECT_EQ(dlc_model_entry_output_count(model_, 2), 2u);
  EXPECT_EQ(dlc_model_entry_input_count(model_, 3), 0u);
  EXPECT_EQ(dlc_model_entry_output_count(nullptr, 0), 0u);
  // The model-level functions describe entry 0, "run".
  EXPECT_EQ(dlc_model_input_count(model_), 1u);
  EXPECT_EQ(dlc_model_output_count(model_), 1u);

  dlc_tensor_info info{};
  StatusPtr status(dlc_model_entry_input_info(model_, 1, 1, &info));
  ASSERT_EQ(status, nullptr) << messageOf(status);
  EXPECT_STREQ(info.name, "labels");
  EXPECT_EQ(info.dtype, DLC_DTYPE_I64);
  ASSERT_EQ(info.rank, 1);
  EXPECT_EQ(info.dims[0], kBatch);
  EXPECT_EQ(info.byte_size, size_t(kBatch * 8));
  status.reset(dlc_model_entry_output_info(model_, 2, 1, &info));
  ASSERT_EQ(status, nullptr) << messageOf(status);
  EXPECT_STREQ(info.name, "correct");
  EXPECT_EQ(info.rank, 0);

  status.reset(dlc_model_entry_input_info(model_, 1, 2, &info));
  EXPECT_EQ(dlc_status_get_code(status.get()), DLC_INVALID_ARGUMENT);
  EXPECT_EQ(messageOf(status), "input index 2 is out of range: entry train_step has 2");
  status.reset(dlc_model_entry_output_info(model_, 3, 0, &info));
  EXPECT_EQ(dlc_status_get_code(status.get()), DLC_INVALID_ARGUMENT);
  EXPECT_EQ(messageOf(status), "entry index 3 is out of range: the model has 3");
  status.reset(dlc_model_entry_output_info(model_, 0, 0, nullptr));
  EXPECT_EQ(messageOf(status), "out_info is NULL");
}

TEST_F(LinearModel, TellsStateFromWeights) {
  ASSERT_EQ(dlc_model_param_count(model_), 5u);
  const char *names[] = {"w", "input_scale", "b", "optimizer.lr", "optimizer.step"};
  const int state[] = {1, 0, 1, 1, 1};
  for (size_t i = 0; i < 5; ++i) {
    dlc_tensor_info info{};
    StatusPtr status(dlc_model_param_info(model_, i, &info));
    ASSERT_EQ(status, nullptr) << messageOf(status);
    EXPECT_STREQ(info.name, names[i]);
    EXPECT_EQ(dlc_model_param_is_state(model_, i), state[i]) << names[i];
  }
  EXPECT_EQ(dlc_model_param_is_state(model_, 5), 0);
  EXPECT_EQ(dlc_model_param_is_state(nullptr, 0), 0);
}

TEST_F(LinearModel, ANewSessionStartsFromTheWeights) {
  Trainer trainer(model_);
  Params params = trainer.params();
  EXPECT_TRUE(sameBytes(params, initialParams()));
  Batch batch = makeBatch(0);
  expectNear(trainer.run(batch), logits(initialParams(), batch.x));
}

TEST_F(LinearModel, TrainStepUpdatesTheState) {
  Trainer trainer(model_);
  Params expected = initialParams();
  Batch batch = makeBatch(1);
  float expectedLoss = trainStep(expected, batch);
  EXPECT_NEAR(trainer.trainStep(batch), expectedLoss, 1e-5f);
  expectParamsNear(trainer.params(), expected);
  EXPECT_EQ(trainer.params().step, 1.0f);
}

TEST_F(LinearModel, UpdatesAreVisibleToLaterRunAndEval) {
  Trainer trainer(model_);
  Params expected = initialParams();
  for (uint32_t step = 0; step < 5; ++step) {
    Batch batch = makeBatch(step);
    EXPECT_NEAR(trainer.trainStep(batch), trainStep(expected, batch), 1e-5f) << "step " << step;
  }
  Batch test = makeBatch(1000);
  Params trained = trainer.params();
  expectParamsNear(trained, expected);
  expectNear(trainer.run(test), logits(trained, test.x));
  float loss = 0;
  int64_t correct = -1;
  StatusPtr status = trainer.eval(test, loss, correct);
  ASSERT_EQ(status, nullptr) << messageOf(status);
  EXPECT_NEAR(loss, linear::loss(trained, test), 1e-5f);
  EXPECT_EQ(correct, linear::correct(trained, test));
  // eval updates nothing.
  EXPECT_TRUE(sameBytes(trainer.params(), trained));
}

TEST_F(LinearModel, TrainingLearns) {
  Trainer trainer(model_);
  float first = 0, last = 0;
  for (uint32_t step = 0; step < 200; ++step) {
    float loss = trainer.trainStep(makeBatch(step % 16));
    if (step < 16)
      first += loss / 16;
    if (step >= 184)
      last += loss / 16;
  }
  EXPECT_LT(last, first * 0.5f);
  int64_t correct = 0;
  for (uint32_t b = 100; b < 110; ++b) {
    float loss = 0;
    int64_t batchCorrect = 0;
    StatusPtr status = trainer.eval(makeBatch(b), loss, batchCorrect);
    ASSERT_EQ(status, nullptr) << messageOf(status);
    correct += batchCorrect;
  }
  EXPECT_GE(correct, 36) << "of 40";
}

TEST_F(LinearModel, RunEntryOfRunIsSessionRun) {
  Trainer trainer(model_);
  Batch batch = makeBatch(3);
  std::vector<float> logits(kBatch * kClasses);
  dlc_tensor in = {DLC_DTYPE_F32, 2, kXDims, batch.x, sizeof batch.x};
  dlc_tensor out = floats(2, kLogitDims, logits.data(), logits.size());
  StatusPtr status(dlc_session_run_entry(trainer.get(), "run", &in, 1, &out, 1));
  ASSERT_EQ(status, nullptr) << messageOf(status);
  EXPECT_EQ(logits, trainer.run(batch));
}

TEST_F(LinearModel, SessionsHaveTheirOwnState) {
  Trainer a(model_), b(model_);
  for (uint32_t step = 0; step < 3; ++step)
    a.trainStep(makeBatch(step));
  EXPECT_EQ(a.params().step, 3.0f);
  EXPECT_TRUE(sameBytes(b.params(), initialParams()));
  Batch batch = makeBatch(9);
  expectNear(b.run(batch), logits(initialParams(), batch.x));
  Trainer c(model_);
  EXPECT_TRUE(sameBytes(c.params(), initialParams())) << "the weights themselves never change";
  // b trains on its own from the start.
  Params expected = initialParams();
  EXPECT_NEAR(b.trainStep(batch), trainStep(expected, batch), 1e-5f);
  expectParamsNear(b.params(), expected);
}

TEST_F(LinearModel, WritingStateChangesLaterSteps) {
  Trainer trainer(model_);
  float zeros[kFeatures * kClasses] = {};
  trainer.write("w", floats(2, kWDims, zeros, kFeatures * kClasses));
  trainer.write("b", floats(1, kBDims, zeros, kClasses));
  Batch batch = makeBatch(4);
  EXPECT_EQ(trainer.run(batch), std::vector<float>(kBatch * kClasses, 0.0f));

  // A learning rate of 0 keeps w and b; the step count still moves.
  float lr = 0;
  trainer.write("optimizer.lr", floats(0, nullptr, &lr, 1));
  trainer.trainStep(batch);
  Params params = trainer.params();
  EXPECT_EQ(params.lr, 0.0f);
  EXPECT_EQ(params.step, 1.0f);
  for (float value : params.w)
    EXPECT_EQ(value, 0.0f);

  // Writes land in the current buffer: also right after a swap.
  float step = 41;
  trainer.write("optimizer.step", floats(0, nullptr, &step, 1));
  trainer.trainStep(batch);
  EXPECT_EQ(trainer.params().step, 42.0f);
}

TEST_F(LinearModel, WritingAWeightMakesAPrivateCopy) {
  Trainer a(model_), b(model_);
  float scale[kFeatures] = {3, 0, -1};
  a.write("input_scale", floats(1, kScaleDims, scale, kFeatures));
  Params expected = initialParams();
  std::memcpy(expected.inputScale, scale, sizeof scale);
  EXPECT_TRUE(sameBytes(a.params(), expected));
  Batch batch = makeBatch(5);
  expectNear(a.run(batch), logits(expected, batch.x));
  EXPECT_NEAR(a.trainStep(batch), trainStep(expected, batch), 1e-5f);
  expectParamsNear(a.params(), expected);

  // Neither another session nor a new one, nor the model, sees the write.
  EXPECT_TRUE(sameBytes(b.params(), initialParams()));
  expectNear(b.run(batch), logits(initialParams(), batch.x));
  Trainer c(model_);
  EXPECT_TRUE(sameBytes(c.params(), initialParams()));

  // A second write goes to the same private copy.
  scale[0] = 5;
  a.write("input_scale", floats(1, kScaleDims, scale, kFeatures));
  EXPECT_EQ(a.params().inputScale[0], 5.0f);
}

TEST_F(LinearModel, ParamAccessChecksNamesAndShapes) {
  Trainer trainer(model_);
  float buffer[16] = {};
  auto expectFailure = [&](dlc_status *raw, dlc_status_code code, const std::string &message) {
    StatusPtr status(raw);
    EXPECT_EQ(dlc_status_get_code(status.get()), code) << message;
    EXPECT_EQ(messageOf(status), message);
  };
  dlc_tensor w = floats(2, kWDims, buffer, kFeatures * kClasses);
  expectFailure(dlc_session_read_param(trainer.get(), "W", &w), DLC_NOT_FOUND,
                "the model has no param \"W\"");
  expectFailure(dlc_session_write_param(trainer.get(), "optimizer", &w), DLC_NOT_FOUND,
                "the model has no param \"optimizer\"");

  int64_t transposed[2] = {kClasses, kFeatures};
  dlc_tensor wrong = floats(2, transposed, buffer, kFeatures * kClasses);
  expectFailure(dlc_session_write_param(trainer.get(), "w", &wrong), DLC_INVALID_ARGUMENT,
                "param \"w\": expected dims 3x2, got 2x3");
  wrong = w;
  wrong.dtype = DLC_DTYPE_I32;
  expectFailure(dlc_session_read_param(trainer.get(), "w", &wrong), DLC_INVALID_ARGUMENT,
                "param \"w\": expected dtype f32, got i32");
  wrong = floats(1, kBDims, buffer, kClasses);
  expectFailure(dlc_session_write_param(trainer.get(), "optimizer.lr", &wrong),
                DLC_INVALID_ARGUMENT,
                "param \"optimizer.lr\": expected rank 0 (scalar), got rank 1 (2)");
  wrong = floats(0, nullptr, buffer, 2);
  expectFailure(dlc_session_write_param(trainer.get(), "optimizer.lr", &wrong),
                DLC_INVALID_ARGUMENT, "param \"optimizer.lr\": expected byte_size 4, got 8");
  wrong = floats(1, kScaleDims, nullptr, kFeatures);
  expectFailure(dlc_session_write_param(trainer.get(), "input_scale", &wrong), DLC_INVALID_ARGUMENT,
                "param \"input_scale\": data is NULL");

  expectFailure(dlc_session_read_param(nullptr, "w", &w), DLC_INVALID_ARGUMENT, "session is NULL");
  expectFailure(dlc_session_read_param(trainer.get(), nullptr, &w), DLC_INVALID_ARGUMENT,
                "name is NULL");
  expectFailure(dlc_session_read_param(trainer.get(), "w", nullptr), DLC_INVALID_ARGUMENT,
                "out is NULL");
  expectFailure(dlc_session_write_param(trainer.get(), "w", nullptr), DLC_INVALID_ARGUMENT,
                "value is NULL");

  // Nothing was written by the refused calls.
  EXPECT_TRUE(sameBytes(trainer.params(), initialParams()));
}

TEST_F(LinearModel, EntryCallsAreChecked) {
  Trainer trainer(model_);
  Batch batch = makeBatch(6);
  dlc_tensor in[2] = {{DLC_DTYPE_F32, 2, kXDims, batch.x, sizeof batch.x},
                      {DLC_DTYPE_I64, 1, kLabelDims, batch.labels, sizeof batch.labels}};
  float loss = 0;
  int64_t correct = 0;
  dlc_tensor out[2] = {floats(0, nullptr, &loss, 1),
                       {DLC_DTYPE_I64, 0, nullptr, &correct, sizeof correct}};
  auto expectFailure = [&](dlc_status *raw, dlc_status_code code, const std::string &message) {
    StatusPtr status(raw);
    EXPECT_EQ(dlc_status_get_code(status.get()), code) << message;
    EXPECT_EQ(messageOf(status), message);
  };
  expectFailure(dlc_session_run_entry(trainer.get(), "train", in, 2, out, 1), DLC_NOT_FOUND,
                "the model has no entry \"train\" (it has run, train_step, eval)");
  expectFailure(dlc_session_run_entry(trainer.get(), nullptr, in, 2, out, 1), DLC_INVALID_ARGUMENT,
                "entry is NULL");
  expectFailure(dlc_session_run_entry(nullptr, "eval", in, 2, out, 2), DLC_INVALID_ARGUMENT,
                "session is NULL");
  expectFailure(dlc_session_run_entry(trainer.get(), "train_step", in, 1, out, 1),
                DLC_INVALID_ARGUMENT, "entry train_step has 2 inputs, got 1");
  expectFailure(dlc_session_run_entry(trainer.get(), "train_step", in, 2, out, 2),
                DLC_INVALID_ARGUMENT, "entry train_step has 1 output, got 2");
  expectFailure(dlc_session_run_entry(trainer.get(), "eval", in, 2, nullptr, 2),
                DLC_INVALID_ARGUMENT, "entry eval outputs is NULL, with 2 outputs");
  in[1].dtype = DLC_DTYPE_I32;
  expectFailure(dlc_session_run_entry(trainer.get(), "train_step", in, 2, out, 1),
                DLC_INVALID_ARGUMENT,
                "entry train_step input 1 (\"labels\"): expected dtype i64, got i32");
  in[1].dtype = DLC_DTYPE_I64;
  out[1].dtype = DLC_DTYPE_F32;
  expectFailure(dlc_session_run_entry(trainer.get(), "eval", in, 2, out, 2), DLC_INVALID_ARGUMENT,
                "entry eval output 1 (\"correct\"): expected dtype i64, got f32");
  EXPECT_TRUE(sameBytes(trainer.params(), initialParams()));
}

TEST_F(LinearModel, AFailingEntryLeavesTheStateAlone) {
  Trainer trainer(model_);
  Params expected = initialParams();
  trainStep(expected, makeBatch(7));
  trainer.trainStep(makeBatch(7));
  const Params before = trainer.params();

  // The fixture writes the new state, then fails: the runtime must drop it.
  Batch bad = makeBatch(8);
  bad.labels[2] = kClasses;
  float loss = 0;
  StatusPtr status = trainer.trainStep(bad, loss);
  EXPECT_EQ(dlc_status_get_code(status.get()), DLC_INTERNAL);
  EXPECT_EQ(messageOf(status), "the model's train_step entry failed with code " +
                                   std::to_string(LINEAR_BAD_LABEL_CODE));
  EXPECT_TRUE(sameBytes(trainer.params(), before));
  int64_t correct = 0;
  status = trainer.eval(bad, loss, correct);
  EXPECT_EQ(messageOf(status),
            "the model's eval entry failed with code " + std::to_string(LINEAR_BAD_LABEL_CODE));

  // Training goes on from where it was.
  Batch good = makeBatch(8);
  EXPECT_NEAR(trainer.trainStep(good), trainStep(expected, good), 1e-5f);
  expectParamsNear(trainer.params(), expected);
}

// One session per thread, each training on its own data with its own
// learning rate, gives exactly what the same steps give on one thread.
TEST_F(LinearModel, SessionsTrainConcurrently) {
  constexpr int kThreads = 8;
  constexpr uint32_t kSteps = 100;
  auto train = [&](int thread, Params &out, int &failures) {
    Trainer trainer(model_);
    float lr = 0.05f * static_cast<float>(thread + 1);
    dlc_tensor value = floats(0, nullptr, &lr, 1);
    if (dlc_status *status = dlc_session_write_param(trainer.get(), "optimizer.lr", &value)) {
      dlc_status_free(status);
      ++failures;
    }
    for (uint32_t step = 0; step < kSteps; ++step) {
      float loss = 0;
      if (trainer.trainStep(makeBatch(static_cast<uint32_t>(thread) * 1000 + step), loss))
        ++failures;
    }
    out = trainer.params();
  };
  std::vector<Params> expected(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    int failures = 0;
    train(t, expected[t], failures);
    ASSERT_EQ(failures, 0);
  }
  std::vector<Params> results(kThreads);
  std::vector<int> failures(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] { train(t, results[t], failures[t]); });
  for (std::thread &thread : threads)
    thread.join();
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(failures[t], 0) << "thread " << t;
    EXPECT_TRUE(sameBytes(results[t], expected[t])) << "thread " << t;
    EXPECT_EQ(results[t].step, static_cast<float>(kSteps));
  }
}

} // namespace
