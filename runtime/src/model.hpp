//===- model.hpp - a loaded model, shared by its sessions -----------------===//
#ifndef DLC_RUNTIME_SRC_MODEL_HPP
#define DLC_RUNTIME_SRC_MODEL_HPP

#include "api.hpp"

#include "dlc/artifact.hpp"

#include <vector>

/// Immutable after dlc_model_load, hence safe to share between threads.
struct dlc_model {
  dlc::artifact::Artifact artifact;
  void *library = nullptr;
  dlc_entry_fn run = nullptr;
  // Views of artifact.metadata in the C API's form; they point into it.
  std::vector<dlc_tensor_info> inputs;
  std::vector<dlc_tensor_info> outputs;
  std::vector<dlc_tensor_info> params;
  std::vector<void *> paramPointers; // In dlc_weights, in metadata order.
};

#endif // DLC_RUNTIME_SRC_MODEL_HPP
