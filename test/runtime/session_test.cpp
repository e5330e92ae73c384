//===- session_test.cpp - running models and refusing bad tensors ---------===//
#include "dlc/runtime.h"
#include "fixtures/fixture_metadata.hpp"
#include "test_support.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

using namespace dlc::test;

namespace {

struct StatusDeleter {
  void operator()(dlc_status *status) const { dlc_status_free(status); }
};
using StatusPtr = std::unique_ptr<dlc_status, StatusDeleter>;

// The affine fixture loaded with one session and correct tensors, which a
// test may spoil before calling run().
class AffineSession : public ::testing::Test {
protected:
  void SetUp() override {
    StatusPtr status(dlc_model_load(kAffineArtifact.c_str(), &model_));
    ASSERT_EQ(status, nullptr) << dlc_status_message(status.get());
    status.reset(dlc_session_create(model_, &session_));
    ASSERT_EQ(status, nullptr) << dlc_status_message(status.get());
    for (int i = 0; i < AFFINE_ROWS * AFFINE_COLS; ++i)
      x_[i] = 0.25f * static_cast<float>(i) - 3.0f;
    inputs_ = {{DLC_DTYPE_F32, 2, xDims_, x_, sizeof x_}};
    outputs_ = {{DLC_DTYPE_F32, 2, xDims_, y_, sizeof y_},
                {DLC_DTYPE_F32, 0, nullptr, &sum_, sizeof sum_}};
  }
  void TearDown() override {
    dlc_session_release(session_);
    dlc_model_release(model_);
  }

  StatusPtr run() {
    return StatusPtr(dlc_session_run(session_, inputs_.data(), inputs_.size(), outputs_.data(),
                                     outputs_.size()));
  }

  // Expects run() to fail with DLC_INVALID_ARGUMENT and `message`.
  void expectRejected(const std::string &message) {
    StatusPtr status = run();
    ASSERT_NE(status, nullptr);
    EXPECT_EQ(dlc_status_get_code(status.get()), DLC_INVALID_ARGUMENT);
    EXPECT_EQ(dlc_status_message(status.get()), message);
  }

  void expectCorrectOutputs() const {
    float sum = 0;
    for (int r = 0; r < AFFINE_ROWS; ++r)
      for (int c = 0; c < AFFINE_COLS; ++c) {
        int i = r * AFFINE_COLS + c;
        float expected = x_[i] * AFFINE_WEIGHT(c) + AFFINE_BIAS(c);
        EXPECT_EQ(y_[i], expected) << "y[" << r << "][" << c << "]";
        sum += expected;
      }
    EXPECT_EQ(sum_, sum);
  }

  dlc_model *model_ = nullptr;
  dlc_session *session_ = nullptr;
  int64_t xDims_[2] = {AFFINE_ROWS, AFFINE_COLS};
  float x_[AFFINE_ROWS * AFFINE_COLS];
  float y_[AFFINE_ROWS * AFFINE_COLS] = {};
  float sum_ = 0;
  std::vector<dlc_tensor> inputs_;
  std::vector<dlc_tensor> outputs_;
};

TEST_F(AffineSession, RunsCorrectly) {
  StatusPtr status = run();
  ASSERT_EQ(status, nullptr) << dlc_status_message(status.get());
  expectCorrectOutputs();
}

TEST_F(AffineSession, RunsRepeatedlyWithNewInputs) {
  for (int round = 0; round < 10; ++round) {
    x_[round] = static_cast<float>(round * 100);
    StatusPtr status = run();
    ASSERT_EQ(status, nullptr) << dlc_status_message(status.get());
    expectCorrectOutputs();
  }
}

TEST_F(AffineSession, RunsOnAnyThreadCount) {
  for (unsigned threads : {1u, 2u, 0u}) {
    StatusPtr set(dlc_session_set_threads(session_, threads));
    ASSERT_EQ(set, nullptr) << dlc_status_message(set.get());
    StatusPtr status = run();
    ASSERT_EQ(status, nullptr) << dlc_status_message(status.get());
    expectCorrectOutputs();
  }
  StatusPtr null(dlc_session_set_threads(nullptr, 1));
  ASSERT_NE(null, nullptr);
  EXPECT_EQ(dlc_status_get_code(null.get()), DLC_INVALID_ARGUMENT);
}

TEST_F(AffineSession, WrongInputCount) {
  inputs_.push_back(inputs_[0]);
  expectRejected("the model has 1 input, got 2");
  inputs_.clear();
  expectRejected("the model has 1 input, got 0");
}

TEST_F(AffineSession, WrongOutputCount) {
  outputs_.pop_back();
  expectRejected("the model has 2 outputs, got 1");
}

TEST_F(AffineSession, NullTensorArray) {
  StatusPtr status(dlc_session_run(session_, nullptr, 1, outputs_.data(), outputs_.size()));
  EXPECT_EQ(dlc_status_get_code(status.get()), DLC_INVALID_ARGUMENT);
  EXPECT_STREQ(dlc_status_message(status.get()), "inputs is NULL, with 1 input");
}

TEST_F(AffineSession, WrongDtype) {
  inputs_[0].dtype = DLC_DTYPE_F64;
  expectRejected("input 0 (\"input 1%\"): expected dtype f32, got f64");
  // As a C caller may: 42 is no dlc_dtype value, so C++ may not assign it.
  const int garbage = 42;
  std::memcpy(&inputs_[0].dtype, &garbage, sizeof garbage);
  expectRejected("input 0 (\"input 1%\"): expected dtype f32, got unknown (42)");
}

TEST_F(AffineSession, WrongDims) {
  int64_t dims[2] = {AFFINE_ROWS, AFFINE_COLS - 1};
  inputs_[0].dims = dims;
  expectRejected("input 0 (\"input 1%\"): expected dims 4x8, got 4x7");
}

TEST_F(AffineSession, WrongRank) {
  int64_t dims[3] = {1, AFFINE_ROWS, AFFINE_COLS};
  inputs_[0].rank = 3;
  inputs_[0].dims = dims;
  expectRejected("input 0 (\"input 1%\"): expected rank 2 (4x8), got rank 3 (1x4x8)");
  outputs_[1].rank = 1;
  outputs_[1].dims = dims;
  inputs_[0].rank = 2;
  inputs_[0].dims = xDims_;
  expectRejected("output 1 (\"sum \xE2\x88\x91\"): expected rank 0 (scalar), got rank 1 (1)");
  outputs_[1].rank = -1;
  expectRejected("output 1 (\"sum \xE2\x88\x91\"): expected rank 0 (scalar), got rank -1");
}

TEST_F(AffineSession, NullDims) {
  inputs_[0].dims = nullptr;
  expectRejected("input 0 (\"input 1%\"): dims is NULL for rank 2");
}

TEST_F(AffineSession, WrongByteSize) {
  outputs_[0].byte_size -= 4;
  expectRejected("output 0 (\"y\"): expected byte_size 128, got 124");
}

TEST_F(AffineSession, NullData) {
  outputs_[1].data = nullptr;
  expectRejected("output 1 (\"sum \xE2\x88\x91\"): data is NULL");
}

TEST_F(AffineSession, FailingEntryIsAnInternalError) {
  x_[0] = std::numeric_limits<float>::quiet_NaN();
  StatusPtr status = run();
  EXPECT_EQ(dlc_status_get_code(status.get()), DLC_INTERNAL);
  EXPECT_STREQ(dlc_status_message(status.get()), "the model's run entry failed with code 7");
}

TEST_F(AffineSession, NullSession) {
  StatusPtr status(dlc_session_run(nullptr, inputs_.data(), 1, outputs_.data(), 2));
  EXPECT_EQ(dlc_status_get_code(status.get()), DLC_INVALID_ARGUMENT);
  dlc_session *session = nullptr;
  status.reset(dlc_session_create(nullptr, &session));
  EXPECT_EQ(dlc_status_get_code(status.get()), DLC_INVALID_ARGUMENT);
  dlc_session_release(nullptr);
}

TEST(Session, ModelWithoutParams) {
  dlc_model *model = nullptr;
  StatusPtr status(dlc_model_load(kNegateArtifact.c_str(), &model));
  ASSERT_EQ(status, nullptr) << dlc_status_message(status.get());
  EXPECT_EQ(dlc_model_param_count(model), 0u);
  EXPECT_EQ(dlc_model_arena_bytes(model), 0u);
  dlc_session *session = nullptr;
  status.reset(dlc_session_create(model, &session));
  ASSERT_EQ(status, nullptr) << dlc_status_message(status.get());
  int64_t dims[1] = {NEGATE_LENGTH};
  int64_t a[NEGATE_LENGTH] = {1, -2, INT64_MAX}, b[NEGATE_LENGTH] = {};
  dlc_tensor in = {DLC_DTYPE_I64, 1, dims, a, sizeof a};
  dlc_tensor out = {DLC_DTYPE_I64, 1, dims, b, sizeof b};
  status.reset(dlc_session_run(session, &in, 1, &out, 1));
  ASSERT_EQ(status, nullptr) << dlc_status_message(status.get());
  EXPECT_EQ(b[0], -1);
  EXPECT_EQ(b[1], 2);
  EXPECT_EQ(b[2], -INT64_MAX);
  dlc_session_release(session);
  dlc_model_release(model);
}

// The upper fixture's session, and string tensors for it.
class StringSession : public ::testing::Test {
protected:
  void SetUp() override {
    StatusPtr status(dlc_model_load(kUpperArtifact.c_str(), &model_));
    ASSERT_EQ(status, nullptr) << dlc_status_message(status.get());
    status.reset(dlc_session_create(model_, &session_));
    ASSERT_EQ(status, nullptr) << dlc_status_message(status.get());
  }
  void TearDown() override {
    dlc_session_release(session_);
    dlc_model_release(model_);
  }
  StatusPtr run(const std::vector<std::string> &words) {
    for (size_t i = 0; i < UPPER_LENGTH; ++i)
      in_[i] = {words[i].data(), static_cast<int64_t>(words[i].size())};
    return run();
  }
  StatusPtr run() {
    dlc_tensor in = {DLC_DTYPE_STRING, 1, dims_, in_, sizeof in_};
    dlc_tensor out = {DLC_DTYPE_STRING, 1, dims_, out_, sizeof out_};
    return StatusPtr(dlc_session_run(session_, &in, 1, &out, 1));
  }
  std::string output(int i) const { return std::string(out_[i].data, out_[i].size); }

  dlc_model *model_ = nullptr;
  dlc_session *session_ = nullptr;
  int64_t dims_[1] = {UPPER_LENGTH};
  dlc_string in_[UPPER_LENGTH] = {};
  dlc_string out_[UPPER_LENGTH] = {};
};

// Computed strings live in the session until its next run, whatever becomes
// of the inputs; a string may hold NULs.
TEST_F(StringSession, OutputsOutliveTheirInputs) {
  EXPECT_EQ(dlc_dtype_size(DLC_DTYPE_STRING), sizeof(dlc_string));
  EXPECT_STREQ(dlc_dtype_name(DLC_DTYPE_STRING), "string");
  {
    std::vector<std::string> words = {"monday", std::string("a\0b", 3), ""};
    StatusPtr status = run(words);
    ASSERT_EQ(status, nullptr) << dlc_status_message(status.get());
  }
  EXPECT_EQ(output(0), "MONDAY");
  EXPECT_EQ(output(1), std::string("A\0B", 3));
  EXPECT_EQ(output(2), "");
}

// A run that a string service fails is a status with its message, and the
// next run starts clean.
TEST_F(StringSession, ReportedErrorFailsTheRunOnly) {
  StatusPtr status = run({"ok", "FAIL", "fail"});
  ASSERT_NE(status, nullptr);
  EXPECT_EQ(dlc_status_get_code(status.get()), DLC_INVALID_ARGUMENT);
  EXPECT_STREQ(dlc_status_message(status.get()), "the word 'fail' is refused");
  status = run({"a", "b", "c"});
  ASSERT_EQ(status, nullptr) << dlc_status_message(status.get());
  EXPECT_EQ(output(2), "C");
}

// Input strings are checked before the model reads them.
TEST_F(StringSession, RefusesUnreadableInputStrings) {
  in_[0] = {"x", 1};
  in_[1] = {nullptr, 4};
  in_[2] = {"", 0};
  StatusPtr status = run();
  ASSERT_NE(status, nullptr);
  EXPECT_STREQ(dlc_status_message(status.get()), "input 0 (\"words\"): string 1 has NULL data");
  in_[1] = {"y", -1};
  status = run();
  ASSERT_NE(status, nullptr);
  EXPECT_STREQ(dlc_status_message(status.get()),
               "input 0 (\"words\"): string 1 has a negative size");
  in_[1] = {nullptr, 0};
  status = run();
  EXPECT_EQ(status, nullptr) << dlc_status_message(status.get());
}

TEST(Status, SuccessIsNull) {
  EXPECT_EQ(dlc_status_get_code(nullptr), DLC_OK);
  EXPECT_STREQ(dlc_status_message(nullptr), "");
  dlc_status_free(nullptr);
}

TEST(Dtype, NamesAndSizes) {
  EXPECT_EQ(dlc_dtype_size(DLC_DTYPE_F32), 4u);
  EXPECT_EQ(dlc_dtype_size(DLC_DTYPE_BF16), 2u);
  EXPECT_EQ(dlc_dtype_size(DLC_DTYPE_BOOL), 1u);
  EXPECT_EQ(dlc_dtype_size(DLC_DTYPE_INVALID), 0u);
  EXPECT_STREQ(dlc_dtype_name(DLC_DTYPE_I64), "i64");
  EXPECT_STREQ(dlc_dtype_name(static_cast<dlc_dtype>(14)), "?"); // ONNX complex64: not supported
  EXPECT_EQ(dlc_dtype_size(static_cast<dlc_dtype>(14)), 0u);
}

TEST(Version, IsMajorMinorPatch) {
  std::string version = dlc_runtime_version();
  EXPECT_EQ(std::count(version.begin(), version.end(), '.'), 2) << version;
}

} // namespace
