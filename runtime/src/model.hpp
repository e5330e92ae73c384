//===- model.hpp - a loaded model, shared by its sessions -----------------===//
#ifndef DLC_RUNTIME_SRC_MODEL_HPP
#define DLC_RUNTIME_SRC_MODEL_HPP

#include "api.hpp"

#include "dlc/artifact.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace dlc::runtime {

/// One entry of a loaded model, in the C API's form.
struct Entry {
  const char *name = nullptr; // Points into the metadata.
  dlc_entry_fn function = nullptr;
  std::vector<dlc_tensor_info> inputs;
  std::vector<dlc_tensor_info> outputs;
  std::vector<size_t> updates; // Indices of the state params it replaces, in output order.
};

/// One row of a CUDA model's launch table (runtime/include/dlc/abi.h).
struct Launch {
  std::string name;
  uint32_t grid = 0, block = 0, sharedBytes = 0, arguments = 0;
};

/// What a CUDA model's library holds besides host code; views into it.
struct CudaCode {
  std::string_view source, ptx, cubin;
  std::vector<Launch> launches;
};

} // namespace dlc::runtime

/// Immutable after dlc_model_load, hence safe to share between threads.
struct dlc_model {
  dlc::artifact::Artifact artifact;
  void *library = nullptr;
  // Views of artifact.metadata in the C API's form; they point into it.
  std::vector<dlc::runtime::Entry> entries; // "run" first.
  std::vector<dlc_tensor_info> params;
  // In dlc_weights, in metadata order: read-only weights, and the initial
  // values of state params.
  std::vector<void *> paramPointers;
  std::unordered_map<std::string_view, size_t> paramIndex; // By name, for read/write_param.
  // Set when the metadata names a device: the code then only launches kernels.
  std::optional<dlc::runtime::CudaCode> cuda;

  /// The index of the entry or param called `name`, or -1.
  ptrdiff_t findEntry(std::string_view name) const;
  ptrdiff_t findParam(std::string_view name) const;
  bool isState(size_t param) const { return artifact.metadata.params[param].writable; }
};

namespace dlc::runtime {

/// DLC_NOT_FOUND naming `name` and the entries `model` does have.
dlc_status *noSuchEntry(const dlc_model &model, std::string_view name);

} // namespace dlc::runtime

#endif // DLC_RUNTIME_SRC_MODEL_HPP
