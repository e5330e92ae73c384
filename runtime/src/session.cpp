//===- session.cpp - an arena, state and host callbacks for running a model ===//
#include "model.hpp"

#include "device.hpp"
#include "status.hpp"
#include "strings.hpp"
#include "tensor_check.hpp"
#include "thread_pool.hpp"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <utility>

using dlc::runtime::makeStatus;
using dlc::runtime::quoteName;

/// One per thread that runs a model; owns the model's scratch arena and this
/// session's values of the params.
struct dlc_session {
  dlc_model *model = nullptr;
  void *arena = nullptr;
  dlc_host_api host{};
  // Most threads one parallel loop of this session uses; 0: every thread of
  // the process-wide pool, which all sessions share so that they never
  // oversubscribe the cores.
  unsigned maxThreads = 0;
  // The param table entries receive. A state param points at its current
  // buffer, owned by the session; a read-only weight into the model's
  // dlc_weights, or at the session's private copy once it has been written.
  // So an element differing from model->paramPointers is owned.
  std::vector<void *> params;
  // Per param: the buffer a state param's next value is written to, swapped
  // with params[i] when an entry that updates it succeeds, so that a failing
  // entry leaves the current value whole. NULL for read-only weights.
  std::vector<void *> next;
  // Element pointers handed to the entry, kept to avoid allocating per run;
  // sized for the largest entry.
  std::vector<void *> inputs;
  std::vector<void *> outputs;
  // Turns concurrent use of one session, which would share the arena and the
  // state, into an error instead of corrupt results.
  std::atomic<bool> running{false};
  // The bytes of the strings the last run computed (its string outputs point
  // there), and the first error a string service reported during it.
  dlc::runtime::StringHeap strings;
  dlc::runtime::StringErrors errors;
  // For a CUDA model: its GPU, which holds the arena, every param (the
  // session's own copies) and, per entry, a buffer for each input and
  // output; the run copies inputs there and outputs back. The first failed
  // launch of a run is kept in `deviceError`.
  std::unique_ptr<dlc::runtime::Device> device;
  std::vector<std::vector<void *>> deviceInputs, deviceOutputs;
  std::string deviceError;
};

namespace {

void hostParallelFor(void *context, int64_t begin, int64_t end, dlc_parallel_body body, void *arg) {
  auto *session = static_cast<dlc_session *>(context);
  dlc::runtime::ThreadPool::shared().parallelFor(begin, end, body, arg, session->maxThreads);
}

dlc_session &sessionOf(void *context) { return *static_cast<dlc_session *>(context); }

void hostFormatNumber(void *context, int32_t dtype, const void *value, dlc_string *out) {
  dlc_session &session = sessionOf(context);
  dlc::runtime::formatNumber(session.strings, session.errors, dtype, value, out);
}

void hostParseNumber(void *context, const dlc_string *text, int32_t dtype, void *out) {
  dlc::runtime::parseNumber(sessionOf(context).errors, text, dtype, out);
}

void hostChangeCase(void *context, const dlc_string *text, int32_t upper, dlc_string *out) {
  dlc_session &session = sessionOf(context);
  dlc::runtime::changeCase(session.strings, session.errors, text, upper != 0, out);
}

int32_t hostStringsEqual(void *, const dlc_string *a, const dlc_string *b, int32_t ignoreCase) {
  return dlc::runtime::stringsEqual(a, b, ignoreCase != 0);
}

void hostReportError(void *context, const char *message) {
  sessionOf(context).errors.report(message);
}

void hostLaunchKernel(void *context, int32_t launch, void *args) {
  dlc_session &session = sessionOf(context);
  std::string error;
  if (session.deviceError.empty() &&
      !session.device->launch(static_cast<uint32_t>(launch), args, error))
    session.deviceError = error;
}

// `bytes` (< 2^63) rounded up to at least one byte, since aligned_alloc(_, 0)
// may return NULL, and to a multiple of 64, as aligned_alloc requires.
void *allocateAligned(uint64_t bytes) {
  static_assert(DLC_ARENA_ALIGNMENT == DLC_PARAM_ALIGNMENT);
  uint64_t rounded = (std::max<uint64_t>(bytes, 1) + DLC_ARENA_ALIGNMENT - 1) /
                     DLC_ARENA_ALIGNMENT * DLC_ARENA_ALIGNMENT;
  if (rounded > SIZE_MAX)
    return nullptr;
  return std::aligned_alloc(DLC_ARENA_ALIGNMENT, static_cast<size_t>(rounded));
}

// A buffer of the session's memory: the GPU's for a CUDA model.
void *allocateBuffer(dlc_session &session, uint64_t bytes, std::string &error) {
  if (session.device)
    return bytes > SIZE_MAX ? nullptr : session.device->allocate(static_cast<size_t>(bytes), error);
  return allocateAligned(bytes);
}

void releaseBuffer(dlc_session &session, void *buffer) {
  if (session.device)
    session.device->release(buffer);
  else
    std::free(buffer);
}

// Frees everything the session owns; also a partly created one.
void destroy(dlc_session *session) {
  for (size_t i = 0; i < session->params.size(); ++i) {
    if (session->params[i] != session->model->paramPointers[i])
      releaseBuffer(*session, session->params[i]);
    releaseBuffer(*session, session->next[i]);
  }
  releaseBuffer(*session, session->arena);
  for (auto *buffers : {&session->deviceInputs, &session->deviceOutputs})
    for (const std::vector<void *> &entry : *buffers)
      for (void *buffer : entry)
        releaseBuffer(*session, buffer);
  delete session;
}

// A CUDA model's entry runs on the GPU's copies of the inputs, into its
// output buffers: the inputs go there first.
dlc_status *uploadInputs(dlc_session &session, size_t index, const dlc_tensor *inputs,
                         size_t num_inputs, size_t num_outputs) {
  std::string error;
  session.device->discard();
  for (size_t i = 0; i < num_inputs; ++i) {
    session.inputs[i] = session.deviceInputs[index][i];
    if (!session.device->upload(session.inputs[i], inputs[i].data, inputs[i].byte_size, error))
      return makeStatus(DLC_INTERNAL, error);
  }
  for (size_t i = 0; i < num_outputs; ++i)
    session.outputs[i] = session.deviceOutputs[index][i];
  session.deviceError.clear();
  return nullptr;
}

// After a CUDA model's entry: its kernels finish, its outputs come back.
dlc_status *downloadOutputs(dlc_session &session, dlc_tensor *outputs, size_t num_outputs) {
  std::string error;
  if (!session.deviceError.empty() || !session.device->synchronize(error))
    return makeStatus(DLC_INTERNAL, session.deviceError.empty() ? error : session.deviceError);
  for (size_t i = 0; i < num_outputs; ++i)
    if (!session.device->download(outputs[i].data, session.outputs[i], outputs[i].byte_size,
                                  error))
      return makeStatus(DLC_INTERNAL, error);
  return nullptr;
}

// The GPU, and the session's buffers on it.
dlc_status *openDeviceSession(dlc_session &session) {
  const dlc_model &model = *session.model;
  if (dlc_status *status = dlc::runtime::openDevice(model, session.device))
    return status;
  std::string error;
  auto allocate = [&](uint64_t bytes, const std::string &what, void *&out) -> dlc_status * {
    out = allocateBuffer(session, bytes, error);
    return out ? nullptr
               : makeStatus(DLC_RESOURCE_EXHAUSTED, "cannot allocate " + what + " (" +
                                                        std::to_string(bytes) + " bytes): " + error);
  };
  if (dlc_status *status = allocate(model.artifact.metadata.arenaBytes, "the arena", session.arena))
    return status;
  for (size_t i = 0; i < model.params.size(); ++i) {
    std::string what = "param " + quoteName(model.params[i].name);
    void *current = nullptr;
    if (dlc_status *status = allocate(model.params[i].byte_size, what, current))
      return status;
    session.params[i] = current;
    if (!session.device->upload(current, model.paramPointers[i], model.params[i].byte_size, error))
      return makeStatus(DLC_INTERNAL, error);
    if (model.isState(i))
      if (dlc_status *status = allocate(model.params[i].byte_size, what, session.next[i]))
        return status;
  }
  session.deviceInputs.resize(model.entries.size());
  session.deviceOutputs.resize(model.entries.size());
  for (size_t e = 0; e < model.entries.size(); ++e) {
    const dlc::runtime::Entry &entry = model.entries[e];
    for (auto [infos, buffers] : {std::pair{&entry.inputs, &session.deviceInputs[e]},
                                  std::pair{&entry.outputs, &session.deviceOutputs[e]}})
      for (const dlc_tensor_info &info : *infos)
        if (dlc_status *status = allocate(info.byte_size, "tensor " + quoteName(info.name),
                                          buffers->emplace_back()))
          return status;
  }
  return nullptr;
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

dlc_status *busy() {
  return makeStatus(DLC_INVALID_ARGUMENT,
                    "the session is already in use on another thread; use one session per thread");
}

dlc_status *runEntry(dlc_session &session, size_t index, const dlc_tensor *inputs,
                     size_t num_inputs, dlc_tensor *outputs, size_t num_outputs) {
  const dlc::runtime::Entry &entry = session.model->entries[index];
  if (dlc_status *status =
          dlc::runtime::checkTensors(entry.name, "input", entry.inputs, inputs, num_inputs))
    return status;
  if (dlc_status *status =
          dlc::runtime::checkTensors(entry.name, "output", entry.outputs, outputs, num_outputs))
    return status;
  for (size_t k = 0; k < entry.updates.size(); ++k)
    session.outputs[num_outputs + k] = session.next[entry.updates[k]];
  session.strings.reset();
  session.errors.reset();
  if (session.device) {
    if (dlc_status *status = uploadInputs(session, index, inputs, num_inputs, num_outputs))
      return status;
  } else {
    for (size_t i = 0; i < num_inputs; ++i)
      session.inputs[i] = inputs[i].data;
    for (size_t i = 0; i < num_outputs; ++i)
      session.outputs[i] = outputs[i].data;
  }
  int32_t code = entry.function(&session.host, session.inputs.data(), session.outputs.data(),
                                session.params.data(), session.arena);
  if (code != 0)
    return makeStatus(DLC_INTERNAL, std::string("the model's ") + entry.name +
                                        " entry failed with code " + std::to_string(code));
  if (session.device)
    if (dlc_status *status = downloadOutputs(session, outputs, num_outputs))
      return status;
  if (session.errors.failed())
    return makeStatus(DLC_INVALID_ARGUMENT,
                      (std::string_view(entry.name) == "run"
                           ? std::string()
                           : "entry " + std::string(entry.name) + ": ") +
                          session.errors.message());
  for (size_t param : entry.updates)
    std::swap(session.params[param], session.next[param]);
  return nullptr;
}

// The checks read_param and write_param share: the param called `name`
// exists and `tensor` matches it. On success sets `index`.
dlc_status *checkParamAccess(const dlc_session &session, const char *name, const dlc_tensor &tensor,
                             size_t &index) {
  ptrdiff_t found = session.model->findParam(name);
  if (found < 0)
    return makeStatus(DLC_NOT_FOUND, "the model has no param " + quoteName(name));
  index = static_cast<size_t>(found);
  return dlc::runtime::checkTensor("param " + quoteName(name), session.model->params[index],
                                   tensor);
}

// The arena, and each state param's two buffers, initialised from the weights.
dlc_status *allocateHostBuffers(dlc_session &session) {
  const dlc_model &model = *session.model;
  uint64_t arenaBytes = model.artifact.metadata.arenaBytes;
  session.arena = allocateAligned(arenaBytes);
  if (!session.arena)
    return makeStatus(DLC_RESOURCE_EXHAUSTED, "cannot allocate the session's " +
                                                  std::to_string(arenaBytes) + "-byte arena");
  for (size_t i = 0; i < model.params.size(); ++i) {
    if (!model.isState(i))
      continue;
    size_t bytes = model.params[i].byte_size;
    void *current = allocateAligned(bytes);
    session.next[i] = allocateAligned(bytes);
    if (!current || !session.next[i]) {
      std::free(current);
      return makeStatus(DLC_RESOURCE_EXHAUSTED, "cannot allocate the session's state param " +
                                                    quoteName(model.params[i].name) + " (2 x " +
                                                    std::to_string(bytes) + " bytes)");
    }
    std::memcpy(current, model.paramPointers[i], bytes);
    session.params[i] = current;
  }
  return nullptr;
}

} // namespace

extern "C" {

dlc_status *dlc_session_create(dlc_model *model, dlc_session **out_session) {
  if (!model || !out_session)
    return makeStatus(DLC_INVALID_ARGUMENT, model ? "out_session is NULL" : "model is NULL");
  auto *session = new (std::nothrow) dlc_session;
  if (!session)
    return makeStatus(DLC_RESOURCE_EXHAUSTED, "out of memory");
  session->model = model;
  session->params = model->paramPointers;
  session->next.assign(model->params.size(), nullptr);
  if (model->cuda) {
    if (dlc_status *status = openDeviceSession(*session)) {
      destroy(session);
      return status;
    }
  } else if (dlc_status *status = allocateHostBuffers(*session)) {
    destroy(session);
    return status;
  }
  size_t maxInputs = 0, maxOutputs = 0;
  for (const dlc::runtime::Entry &entry : model->entries) {
    maxInputs = std::max(maxInputs, entry.inputs.size());
    maxOutputs = std::max(maxOutputs, entry.outputs.size() + entry.updates.size());
  }
  session->inputs.resize(maxInputs);
  session->outputs.resize(maxOutputs);
  session->host.abi_version = DLC_ABI_VERSION;
  session->host.context = session;
  session->host.parallel_for = &hostParallelFor;
  session->host.format_number = &hostFormatNumber;
  session->host.parse_number = &hostParseNumber;
  session->host.change_case = &hostChangeCase;
  session->host.strings_equal = &hostStringsEqual;
  session->host.report_error = &hostReportError;
  session->host.launch_kernel = session->device ? &hostLaunchKernel : nullptr;
  *out_session = session;
  return nullptr;
}

dlc_status *dlc_session_set_threads(dlc_session *session, unsigned threads) {
  if (!session)
    return makeStatus(DLC_INVALID_ARGUMENT, "session is NULL");
  session->maxThreads = threads;
  return nullptr;
}

void dlc_session_release(dlc_session *session) {
  if (session)
    destroy(session);
}

dlc_status *dlc_session_run(dlc_session *session, const dlc_tensor *inputs, size_t num_inputs,
                            dlc_tensor *outputs, size_t num_outputs) {
  if (!session)
    return makeStatus(DLC_INVALID_ARGUMENT, "session is NULL");
  RunningFlag running(session->running);
  if (!running.acquire())
    return busy();
  return runEntry(*session, 0, inputs, num_inputs, outputs, num_outputs);
}

dlc_status *dlc_session_run_entry(dlc_session *session, const char *entry, const dlc_tensor *inputs,
                                  size_t num_inputs, dlc_tensor *outputs, size_t num_outputs) {
  if (!session || !entry)
    return makeStatus(DLC_INVALID_ARGUMENT, session ? "entry is NULL" : "session is NULL");
  ptrdiff_t index = session->model->findEntry(entry);
  if (index < 0)
    return dlc::runtime::noSuchEntry(*session->model, entry);
  RunningFlag running(session->running);
  if (!running.acquire())
    return busy();
  return runEntry(*session, static_cast<size_t>(index), inputs, num_inputs, outputs, num_outputs);
}

dlc_status *dlc_session_read_param(dlc_session *session, const char *name, dlc_tensor *out) {
  if (!session || !name || !out)
    return makeStatus(DLC_INVALID_ARGUMENT, !session ? "session is NULL"
                                            : !name  ? "name is NULL"
                                                     : "out is NULL");
  RunningFlag running(session->running);
  if (!running.acquire())
    return busy();
  size_t index = 0;
  if (dlc_status *status = checkParamAccess(*session, name, *out, index))
    return status;
  std::string error;
  if (session->device)
    return session->device->download(out->data, session->params[index], out->byte_size, error)
               ? nullptr
               : makeStatus(DLC_INTERNAL, error);
  if (out->byte_size > 0) // data may then be NULL, which memcpy must not get.
    std::memcpy(out->data, session->params[index], out->byte_size);
  return nullptr;
}

dlc_status *dlc_session_write_param(dlc_session *session, const char *name,
                                    const dlc_tensor *value) {
  if (!session || !name || !value)
    return makeStatus(DLC_INVALID_ARGUMENT, !session ? "session is NULL"
                                            : !name  ? "name is NULL"
                                                     : "value is NULL");
  RunningFlag running(session->running);
  if (!running.acquire())
    return busy();
  size_t index = 0;
  if (dlc_status *status = checkParamAccess(*session, name, *value, index))
    return status;
  void *&current = session->params[index];
  std::string error;
  if (session->device) // The session's own copy.
    return session->device->upload(current, value->data, value->byte_size, error)
               ? nullptr
               : makeStatus(DLC_INTERNAL, error);
  // dlc_weights is shared by every session of every model from this path, and
  // may be read-only memory: a written weight gets a copy of its own.
  // (A state param never points there: the session owns both its buffers.)
  if (current == session->model->paramPointers[index]) {
    void *copy = allocateAligned(value->byte_size);
    if (!copy)
      return makeStatus(DLC_RESOURCE_EXHAUSTED, "cannot allocate a copy of param " +
                                                    quoteName(name) + " (" +
                                                    std::to_string(value->byte_size) + " bytes)");
    current = copy;
  }
  if (value->byte_size > 0)
    std::memcpy(current, value->data, value->byte_size);
  return nullptr;
}

} // extern "C"
