//===- runtime.hpp - C++ ownership wrappers over the dlc runtime C API ----===//
//
// Header-only and exception-free: failures come back as dlc::Status, which
// must be looked at. The thread-safety rules of runtime.h apply unchanged.
//
//   dlc::Model model;
//   if (dlc::Status s = model.load("libmodel.so"); !s.ok()) { report(s.message()); }
//   dlc::Session session;
//   if (dlc::Status s = session.create(model); !s.ok()) { ... }
//   std::vector<dlc_tensor> in = {dlc::makeTensor(model.inputs()[0], inputData)};
//   std::vector<dlc_tensor> out = {dlc::makeTensor(model.outputs()[0], outputData)};
//   dlc::Status s = session.run(in, out);
//
// Training artifacts have more entries and per-session state:
//   s = session.run("train_step", batch, loss);   // updates this session's state
//   s = session.readParam("fc.weight", weight);   // e.g. to save a checkpoint
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_HPP
#define DLC_RUNTIME_HPP

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "dlc/runtime.h"

namespace dlc {

/// Owns a dlc_status; ok() when it holds none (success).
class [[nodiscard]] Status {
public:
  Status() noexcept = default;
  explicit Status(dlc_status *status) noexcept : status_(status) {}
  Status(Status &&other) noexcept : status_(std::exchange(other.status_, nullptr)) {}
  Status &operator=(Status &&other) noexcept {
    if (this != &other) {
      dlc_status_free(status_);
      status_ = std::exchange(other.status_, nullptr);
    }
    return *this;
  }
  Status(const Status &) = delete;
  Status &operator=(const Status &) = delete;
  ~Status() { dlc_status_free(status_); }

  bool ok() const noexcept { return status_ == nullptr; }
  dlc_status_code code() const noexcept { return dlc_status_get_code(status_); }
  /// "" on success.
  const char *message() const noexcept { return dlc_status_message(status_); }

private:
  dlc_status *status_ = nullptr;
};

/// A tensor for `data` with the dtype, dims and byte size `info` describes;
/// `data` must hold info.byte_size bytes and outlive the returned tensor's use.
inline dlc_tensor makeTensor(const dlc_tensor_info &info, void *data) noexcept {
  return dlc_tensor{info.dtype, info.rank, info.dims, data, info.byte_size};
}

/// Owns a dlc_model. Sessions created from it must be destroyed first.
class Model {
public:
  Model() noexcept = default;
  Model(Model &&other) noexcept : model_(std::exchange(other.model_, nullptr)) {}
  Model &operator=(Model &&other) noexcept {
    if (this != &other) {
      dlc_model_release(model_);
      model_ = std::exchange(other.model_, nullptr);
    }
    return *this;
  }
  Model(const Model &) = delete;
  Model &operator=(const Model &) = delete;
  ~Model() { dlc_model_release(model_); }

  /// Loads the artifact at `path`; on success releases the model held before.
  Status load(const std::string &path) {
    dlc_model *loaded = nullptr;
    Status status(dlc_model_load(path.c_str(), &loaded));
    if (status.ok()) {
      dlc_model_release(model_);
      model_ = loaded;
    }
    return status;
  }

  bool loaded() const noexcept { return model_ != nullptr; }
  dlc_model *get() const noexcept { return model_; }

  /// The inputs and outputs of entry "run", entry 0.
  std::vector<dlc_tensor_info> inputs() const { return entryInputs(0); }
  std::vector<dlc_tensor_info> outputs() const { return entryOutputs(0); }
  /// The inputs and outputs of the entry called `entry`; empty if there is none.
  std::vector<dlc_tensor_info> inputs(const std::string &entry) const {
    size_t index = 0;
    return findEntry(entry, index).ok() ? entryInputs(index) : std::vector<dlc_tensor_info>();
  }
  std::vector<dlc_tensor_info> outputs(const std::string &entry) const {
    size_t index = 0;
    return findEntry(entry, index).ok() ? entryOutputs(index) : std::vector<dlc_tensor_info>();
  }
  /// The param table, read-only weights and state alike (see isState).
  std::vector<dlc_tensor_info> params() const {
    return describe(dlc_model_param_count(model_), [&](size_t i, dlc_tensor_info *info) {
      return dlc_model_param_info(model_, i, info);
    });
  }
  /// Whether param `index` is session state rather than a read-only weight.
  bool isState(size_t index) const noexcept { return dlc_model_param_is_state(model_, index) != 0; }
  /// The names of the entries, "run" first.
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (size_t i = 0, n = dlc_model_entry_count(model_); i < n; ++i)
      names.emplace_back(dlc_model_entry_name(model_, i));
    return names;
  }
  /// The index of the entry called `name`; DLC_NOT_FOUND if there is none.
  Status findEntry(const std::string &name, size_t &index) const {
    return Status(dlc_model_find_entry(model_, name.c_str(), &index));
  }
  size_t arenaBytes() const noexcept { return dlc_model_arena_bytes(model_); }
  uint64_t contentHash() const noexcept { return dlc_model_content_hash(model_); }

private:
  std::vector<dlc_tensor_info> entryInputs(size_t entry) const {
    return describe(dlc_model_entry_input_count(model_, entry),
                    [&](size_t i, dlc_tensor_info *info) {
                      return dlc_model_entry_input_info(model_, entry, i, info);
                    });
  }
  std::vector<dlc_tensor_info> entryOutputs(size_t entry) const {
    return describe(dlc_model_entry_output_count(model_, entry),
                    [&](size_t i, dlc_tensor_info *info) {
                      return dlc_model_entry_output_info(model_, entry, i, info);
                    });
  }

  template <typename Query>
  static std::vector<dlc_tensor_info> describe(size_t count, Query query) {
    std::vector<dlc_tensor_info> infos(count);
    for (size_t i = 0; i < count; ++i) {
      // Cannot fail: i is in range and the model is loaded (count is 0 otherwise).
      Status status(query(i, &infos[i]));
      if (!status.ok())
        return {};
    }
    return infos;
  }

  dlc_model *model_ = nullptr;
};

/// Owns a dlc_session: one thread at a time may run it.
class Session {
public:
  Session() noexcept = default;
  Session(Session &&other) noexcept : session_(std::exchange(other.session_, nullptr)) {}
  Session &operator=(Session &&other) noexcept {
    if (this != &other) {
      dlc_session_release(session_);
      session_ = std::exchange(other.session_, nullptr);
    }
    return *this;
  }
  Session(const Session &) = delete;
  Session &operator=(const Session &) = delete;
  ~Session() { dlc_session_release(session_); }

  /// Creates a session of `model`, which must outlive it; on success releases
  /// the session held before.
  Status create(const Model &model) {
    dlc_session *created = nullptr;
    Status status(dlc_session_create(model.get(), &created));
    if (status.ok()) {
      dlc_session_release(session_);
      session_ = created;
    }
    return status;
  }

  bool created() const noexcept { return session_ != nullptr; }
  dlc_session *get() const noexcept { return session_; }

  /// Runs parallel loops on at most `threads` threads (0: all cores).
  Status setThreads(unsigned threads) {
    return Status(dlc_session_set_threads(session_, threads));
  }

  Status run(const dlc_tensor *inputs, size_t numInputs, dlc_tensor *outputs, size_t numOutputs) {
    return Status(dlc_session_run(session_, inputs, numInputs, outputs, numOutputs));
  }
  Status run(const std::vector<dlc_tensor> &inputs, std::vector<dlc_tensor> &outputs) {
    return run(inputs.data(), inputs.size(), outputs.data(), outputs.size());
  }

  /// Runs the entry called `entry`, e.g. "train_step"; the state it updates
  /// changes only when it succeeds.
  Status run(const std::string &entry, const dlc_tensor *inputs, size_t numInputs,
             dlc_tensor *outputs, size_t numOutputs) {
    return Status(
        dlc_session_run_entry(session_, entry.c_str(), inputs, numInputs, outputs, numOutputs));
  }
  Status run(const std::string &entry, const std::vector<dlc_tensor> &inputs,
             std::vector<dlc_tensor> &outputs) {
    return run(entry, inputs.data(), inputs.size(), outputs.data(), outputs.size());
  }

  /// Copies this session's value of the param called `name` into `out`.
  Status readParam(const std::string &name, dlc_tensor &out) {
    return Status(dlc_session_read_param(session_, name.c_str(), &out));
  }
  /// Replaces this session's value of the param called `name` with `value`.
  Status writeParam(const std::string &name, const dlc_tensor &value) {
    return Status(dlc_session_write_param(session_, name.c_str(), &value));
  }

private:
  dlc_session *session_ = nullptr;
};

} // namespace dlc

#endif // DLC_RUNTIME_HPP
