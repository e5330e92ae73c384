//===- concurrency_test.cpp - many sessions of one model on many threads --===//
#include "dlc/runtime.h"
#include "fixtures/fixture_metadata.hpp"
#include "test_support.hpp"

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

using namespace dlc::test;

namespace {

constexpr int kThreads = 8;
constexpr int kRuns = 200;
constexpr int kElements = AFFINE_ROWS * AFFINE_COLS;

// Runs kRuns times with inputs unique to (thread, run) and returns how many
// results were wrong, or -1 if the session could not be used at all.
int runMany(dlc_model *model, int thread) {
  dlc_session *session = nullptr;
  if (dlc_status *status = dlc_session_create(model, &session)) {
    dlc_status_free(status);
    return -1;
  }
  int64_t dims[2] = {AFFINE_ROWS, AFFINE_COLS};
  float x[kElements], y[kElements], sum = 0;
  dlc_tensor in = {DLC_DTYPE_F32, 2, dims, x, sizeof x};
  dlc_tensor out[2] = {{DLC_DTYPE_F32, 2, dims, y, sizeof y},
                       {DLC_DTYPE_F32, 0, nullptr, &sum, sizeof sum}};
  int wrong = 0;
  for (int run = 0; run < kRuns; ++run) {
    for (int i = 0; i < kElements; ++i)
      x[i] = static_cast<float>(thread * 1000 + run) + 0.5f * static_cast<float>(i);
    if (dlc_status *status = dlc_session_run(session, &in, 1, out, 2)) {
      dlc_status_free(status);
      ++wrong;
      continue;
    }
    float expectedSum = 0;
    for (int i = 0; i < kElements; ++i) {
      float expected = x[i] * AFFINE_WEIGHT(i % AFFINE_COLS) + AFFINE_BIAS(i % AFFINE_COLS);
      expectedSum += expected;
      if (y[i] != expected) {
        ++wrong;
        break;
      }
    }
    if (sum != expectedSum)
      ++wrong;
  }
  dlc_session_release(session);
  return wrong;
}

TEST(Concurrency, SessionsOnManyThreadsShareOneModel) {
  dlc_model *model = nullptr;
  dlc_status *status = dlc_model_load(kAffineArtifact.c_str(), &model);
  ASSERT_EQ(status, nullptr) << dlc_status_message(status);
  std::vector<int> wrong(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] { wrong[t] = runMany(model, t); });
  for (std::thread &thread : threads)
    thread.join();
  for (int t = 0; t < kThreads; ++t)
    EXPECT_EQ(wrong[t], 0) << "thread " << t;
  dlc_model_release(model);
}

TEST(Concurrency, LoadAndReleaseOnManyThreads) {
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int round = 0; round < 20; ++round) {
        dlc_model *model = nullptr;
        const std::string &path = (t + round) % 2 ? kAffineArtifact : kNegateArtifact;
        if (dlc_status *status = dlc_model_load(path.c_str(), &model)) {
          dlc_status_free(status);
          failures.fetch_add(1);
          continue;
        }
        if (path == kAffineArtifact && runMany(model, t) != 0)
          failures.fetch_add(1);
        dlc_model_release(model);
      }
    });
  for (std::thread &thread : threads)
    thread.join();
  EXPECT_EQ(failures.load(), 0);
}

} // namespace
