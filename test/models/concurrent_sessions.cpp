//===- concurrent_sessions.cpp - one compiled model, many threads ---------===//
//
// concurrent_sessions MODEL.so INPUT.bin EXPECTED.bin: checks the
// single-threaded result for INPUT against EXPECTED (raw float32, rtol 1e-3 /
// atol 1e-5), then runs the model on 8 threads at once, each with its own
// session and 50 runs. Every thread alternates between two inputs of its
// own (INPUT scaled and shifted per thread), and every result must equal,
// bit for bit, the single-threaded result for that input: sessions that
// shared an arena or state would mix the threads' data and differ.
//
//===----------------------------------------------------------------------===//
#include "dlc/runtime.hpp"

#include <atomic>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <thread>
#include <vector>

namespace {
constexpr int kThreads = 8;
constexpr int kRuns = 50;

std::vector<char> readFile(const char *path) {
  std::ifstream file(path, std::ios::binary);
  return std::vector<char>(std::istreambuf_iterator<char>(file), {});
}

dlc_tensor view(const dlc_tensor_info &info, void *data) {
  return dlc_tensor{info.dtype, info.rank, info.dims, data, info.byte_size};
}

bool runOnce(dlc::Session &session, const dlc::Model &model, std::vector<char> &input,
             std::vector<char> &output) {
  std::vector<dlc_tensor> inputs{view(model.inputs()[0], input.data())};
  std::vector<dlc_tensor> outputs{view(model.outputs()[0], output.data())};
  dlc::Status status = session.run(inputs, outputs);
  if (!status.ok())
    std::fprintf(stderr, "run failed: %s\n", status.message());
  return status.ok();
}
} // namespace

int main(int argc, char **argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s MODEL.so INPUT.bin EXPECTED.bin\n", argv[0]);
    return 2;
  }
  dlc::Model model;
  if (dlc::Status status = model.load(argv[1]); !status.ok()) {
    std::fprintf(stderr, "load failed: %s\n", status.message());
    return 1;
  }
  std::vector<char> input = readFile(argv[2]);
  std::vector<char> expected = readFile(argv[3]);
  if (model.inputs().size() != 1 || model.outputs().size() != 1 ||
      model.inputs()[0].dtype != DLC_DTYPE_F32 ||
      input.size() != model.inputs()[0].byte_size ||
      expected.size() != model.outputs()[0].byte_size) {
    std::fprintf(stderr, "the model and the data files do not fit together\n");
    return 1;
  }

  dlc::Session session;
  std::vector<char> reference(expected.size());
  if (!session.create(model).ok() || !runOnce(session, model, input, reference))
    return 1;
  const float *want = reinterpret_cast<const float *>(expected.data());
  const float *got = reinterpret_cast<const float *>(reference.data());
  for (size_t i = 0; i < expected.size() / sizeof(float); ++i)
    if (!(std::fabs(got[i] - want[i]) <= 1e-5f + 1e-3f * std::fabs(want[i]))) {
      std::fprintf(stderr, "element %zu is %g, expected %g\n", i, got[i], want[i]);
      return 1;
    }

  // One distinct input per thread, and its single-threaded result.
  size_t count = input.size() / sizeof(float);
  std::vector<std::vector<char>> inputs(kThreads, input), references(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    float *x = reinterpret_cast<float *>(inputs[t].data());
    for (size_t i = 0; i < count; ++i)
      x[i] = x[i] * (1.0f + 0.25f * t) + 0.01f * t;
    references[t].resize(reference.size());
    if (!runOnce(session, model, inputs[t], references[t]))
      return 1;
    if (t > 0 && references[t] == references[t - 1]) {
      std::fprintf(stderr, "inputs %d and %d give the same output: the check would be blind\n",
                   t - 1, t);
      return 1;
    }
  }

  std::atomic<int> mismatches{0}, failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      dlc::Session own;
      std::vector<char> out(reference.size());
      if (!own.create(model).ok()) {
        ++failures;
        return;
      }
      for (int run = 0; run < kRuns; ++run) {
        int which = (t + run % 2) % kThreads;
        std::vector<char> in = inputs[which];
        if (!runOnce(own, model, in, out))
          ++failures;
        else if (out != references[which])
          ++mismatches;
      }
    });
  for (std::thread &thread : threads)
    thread.join();
  std::printf("%d threads x %d runs on distinct inputs: %d failed, %d differed from the "
              "single-threaded result\n",
              kThreads, kRuns, failures.load(), mismatches.load());
  return failures || mismatches ? 1 : 0;
}
