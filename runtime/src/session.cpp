//===- session.cpp - an arena and the host callbacks for running a model --===//
#include "model.hpp"

#include "status.hpp"
#include "tensor_check.hpp"
#include "thread_pool.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <new>

using dlc::runtime::makeStatus;

/// One per thread that runs a model; owns the model's scratch arena.
struct dlc_session {
  dlc_model *model = nullptr;
  void *arena = nullptr;
  dlc_host_api host{};
  // Element pointers handed to the entry, kept to avoid allocating per run.
  std::vector<void *> inputs;
  std::vector<void *> outputs;
  // Turns concurrent runs of one session, which would share the arena, into
  // an error instead of corrupt results.
  std::atomic<bool> running{false};
};

namespace {

void hostParallelFor(void *context, int64_t begin, int64_t end, dlc_parallel_body body, void *arg) {
  static_cast<dlc::runtime::ThreadPool *>(context)->parallelFor(begin, end, body, arg);
}

class RunningFlag {
public:
  explicit RunningFlag(std::atomic<bool> &flag) : flag_(flag) {}
  RunningFlag(const RunningFlag &) = delete;
  RunningFlag &operator=(const RunningFlag &) = delete;
  bool acquire() {
    bool expected = false;
    acquired_ = flag_.compare_exchange_strong(expected, true, std::memory_order_acquire);
    return acquired_;
  }
  ~RunningFlag() {
    if (acquired_)
      flag_.store(false, std::memory_order_release);
  }

private:
  std::atomic<bool> &flag_;
  bool acquired_ = false;
};

} // namespace

extern "C" {

dlc_status *dlc_session_create(dlc_model *model, dlc_session **out_session) {
  if (!model || !out_session)
    return makeStatus(DLC_INVALID_ARGUMENT, model ? "out_session is NULL" : "model is NULL");
  // At least one byte, since aligned_alloc(_, 0) may return NULL, and a
  // multiple of the alignment, as aligned_alloc requires. arena-bytes < 2^63.
  uint64_t bytes = model->artifact.metadata.arenaBytes;
  uint64_t rounded = (std::max<uint64_t>(bytes, 1) + DLC_ARENA_ALIGNMENT - 1) /
                     DLC_ARENA_ALIGNMENT * DLC_ARENA_ALIGNMENT;
  void *arena = std::aligned_alloc(DLC_ARENA_ALIGNMENT, static_cast<size_t>(rounded));
  if (!arena)
    return makeStatus(DLC_RESOURCE_EXHAUSTED,
                      "cannot allocate the session's " + std::to_string(bytes) + "-byte arena");
  auto *session = new (std::nothrow) dlc_session;
  if (!session) {
    std::free(arena);
    return makeStatus(DLC_RESOURCE_EXHAUSTED, "out of memory");
  }
  session->model = model;
  session->arena = arena;
  session->host.abi_version = DLC_ABI_VERSION;
  session->host.context = &dlc::runtime::ThreadPool::shared();
  session->host.parallel_for = &hostParallelFor;
  session->inputs.resize(model->inputs.size());
  session->outputs.resize(model->outputs.size());
  *out_session = session;
  return nullptr;
}

void dlc_session_release(dlc_session *session) {
  if (!session)
    return;
  std::free(session->arena);
  delete session;
}

dlc_status *dlc_session_run(dlc_session *session, const dlc_tensor *inputs, size_t num_inputs,
                            dlc_tensor *outputs, size_t num_outputs) {
  if (!session)
    return makeStatus(DLC_INVALID_ARGUMENT, "session is NULL");
  RunningFlag running(session->running);
  if (!running.acquire())
    return makeStatus(DLC_INVALID_ARGUMENT,
                      "the session is already running on another thread; use one session per "
                      "thread");
  const dlc_model &model = *session->model;
  if (dlc_status *status = dlc::runtime::checkTensors("input", model.inputs, inputs, num_inputs))
    return status;
  if (dlc_status *status =
          dlc::runtime::checkTensors("output", model.outputs, outputs, num_outputs))
    return status;
  for (size_t i = 0; i < num_inputs; ++i)
    session->inputs[i] = inputs[i].data;
  for (size_t i = 0; i < num_outputs; ++i)
    session->outputs[i] = outputs[i].data;
  int32_t code = model.run(&session->host, session->inputs.data(), session->outputs.data(),
                           model.paramPointers.data(), session->arena);
  if (code != 0)
    return makeStatus(DLC_INTERNAL,
                      "the model's run entry failed with code " + std::to_string(code));
  return nullptr;
}

} // extern "C"
