//===- model.cpp - validating, loading and describing a model artifact ----===//
#include "model.hpp"

#include "cpu_features.hpp"
#include "model_library.hpp"
#include "status.hpp"

#include <new>

#include <dlfcn.h>
#include <elf.h>
#include <link.h>

using dlc::runtime::makeStatus;

namespace {

std::vector<dlc_tensor_info> describe(const std::vector<dlc::artifact::TensorSpec> &specs) {
  std::vector<dlc_tensor_info> infos;
  infos.reserve(specs.size());
  for (const dlc::artifact::TensorSpec &spec : specs) {
    // validateMetadata guarantees a size, and the metadata size limit a rank
    // that fits in int32_t.
    uint64_t bytes = *dlc::artifact::tensorByteSize(spec.dtype, spec.dims);
    infos.push_back({spec.name.c_str(), spec.dtype, static_cast<int32_t>(spec.dims.size()),
                     spec.dims.empty() ? nullptr : spec.dims.data(), static_cast<size_t>(bytes)});
  }
  return infos;
}

// Finds the entry and the weights; the weights symbol must cover weights-bytes
// so that every parameter pointer stays inside it.
dlc_status *bindSymbols(const std::string &path, dlc_model &model) {
  const dlc::artifact::ModelMetadata &metadata = model.artifact.metadata;
  for (const std::string &entry : metadata.entries) {
    void *symbol = dlsym(model.library, (DLC_ENTRY_SYMBOL_PREFIX + entry).c_str());
    if (!symbol)
      return makeStatus(DLC_INVALID_ARTIFACT,
                        path + ": the library lacks " DLC_ENTRY_SYMBOL_PREFIX + entry);
    if (entry == "run")
      model.run = reinterpret_cast<dlc_entry_fn>(symbol);
  }
  if (metadata.params.empty())
    return nullptr;
  auto *weights = static_cast<char *>(dlsym(model.library, DLC_WEIGHTS_SYMBOL));
  if (!weights)
    return makeStatus(DLC_INVALID_ARTIFACT,
                      path + ": the model has params but the library lacks " DLC_WEIGHTS_SYMBOL);
  if (reinterpret_cast<uintptr_t>(weights) % DLC_PARAM_ALIGNMENT != 0)
    return makeStatus(DLC_INVALID_ARTIFACT, path + ": " DLC_WEIGHTS_SYMBOL " is not aligned to " +
                                                std::to_string(DLC_PARAM_ALIGNMENT) + " bytes");
  Dl_info info{};
  void *entry = nullptr;
  const auto *symbol = static_cast<const ElfW(Sym) *>(
      dladdr1(weights, &info, &entry, RTLD_DL_SYMENT) ? entry : nullptr);
  if (symbol && symbol->st_size < metadata.weightsBytes)
    return makeStatus(DLC_INVALID_ARTIFACT,
                      path + ": " DLC_WEIGHTS_SYMBOL " has " + std::to_string(symbol->st_size) +
                          " bytes, the metadata says " + std::to_string(metadata.weightsBytes));
  for (const dlc::artifact::TensorSpec &param : metadata.params)
    model.paramPointers.push_back(weights + param.offset);
  return nullptr;
}

dlc_status *describeTensor(const dlc_model *model, std::vector<dlc_tensor_info> dlc_model::*list,
                           const char *kind, size_t index, dlc_tensor_info *out) {
  if (!model || !out)
    return makeStatus(DLC_INVALID_ARGUMENT, model ? "out_info is NULL" : "model is NULL");
  const std::vector<dlc_tensor_info> &infos = model->*list;
  if (index >= infos.size())
    return makeStatus(DLC_INVALID_ARGUMENT, std::string(kind) + " index " + std::to_string(index) +
                                                " is out of range: the model has " +
                                                std::to_string(infos.size()));
  *out = infos[index];
  return nullptr;
}

} // namespace

extern "C" {

dlc_status *dlc_model_load(const char *path, dlc_model **out_model) {
  if (!path || !out_model)
    return makeStatus(DLC_INVALID_ARGUMENT, path ? "out_model is NULL" : "path is NULL");
  auto *model = new (std::nothrow) dlc_model;
  if (!model)
    return makeStatus(DLC_RESOURCE_EXHAUSTED, "out of memory");
  std::string error;
  switch (dlc::artifact::readArtifact(path, model->artifact, error)) {
  case dlc::artifact::ReadResult::Ok:
    break;
  case dlc::artifact::ReadResult::NotFound:
    delete model;
    return makeStatus(DLC_NOT_FOUND, error);
  case dlc::artifact::ReadResult::Unreadable:
    delete model;
    return makeStatus(DLC_INVALID_ARGUMENT, error);
  case dlc::artifact::ReadResult::Invalid:
    delete model;
    return makeStatus(DLC_INVALID_ARTIFACT, error);
  }
  // Checked before dlopen: code for a missing feature may already run in the
  // library's initializers and die with SIGILL.
  if (dlc_status *status = dlc::runtime::checkCpuFeatures(model->artifact.metadata.cpuFeatures,
                                                          dlc::runtime::hostCpuFeatures())) {
    delete model;
    std::string message = std::string(path) + ": " + dlc_status_message(status);
    dlc_status_free(status);
    return makeStatus(DLC_UNSUPPORTED, message);
  }
  if (dlc_status *status = dlc::runtime::openModelLibrary(
          path, model->artifact.trailer.content_hash, &model->library)) {
    delete model;
    return status;
  }
  if (dlc_status *status = bindSymbols(path, *model)) {
    dlc_model_release(model);
    return status;
  }
  const dlc::artifact::ModelMetadata &metadata = model->artifact.metadata;
  model->inputs = describe(metadata.inputs);
  model->outputs = describe(metadata.outputs);
  model->params = describe(metadata.params);
  *out_model = model;
  return nullptr;
}

void dlc_model_release(dlc_model *model) {
  if (!model)
    return;
  if (model->library)
    dlc::runtime::closeModelLibrary(model->library);
  delete model;
}

size_t dlc_model_input_count(const dlc_model *model) { return model ? model->inputs.size() : 0; }

size_t dlc_model_output_count(const dlc_model *model) { return model ? model->outputs.size() : 0; }

size_t dlc_model_param_count(const dlc_model *model) { return model ? model->params.size() : 0; }

dlc_status *dlc_model_input_info(const dlc_model *model, size_t index, dlc_tensor_info *out_info) {
  return describeTensor(model, &dlc_model::inputs, "input", index, out_info);
}

dlc_status *dlc_model_output_info(const dlc_model *model, size_t index, dlc_tensor_info *out_info) {
  return describeTensor(model, &dlc_model::outputs, "output", index, out_info);
}

dlc_status *dlc_model_param_info(const dlc_model *model, size_t index, dlc_tensor_info *out_info) {
  return describeTensor(model, &dlc_model::params, "param", index, out_info);
}

size_t dlc_model_arena_bytes(const dlc_model *model) {
  return model ? static_cast<size_t>(model->artifact.metadata.arenaBytes) : 0;
}

uint64_t dlc_model_content_hash(const dlc_model *model) {
  return model ? model->artifact.trailer.content_hash : 0;
}

} // extern "C"
