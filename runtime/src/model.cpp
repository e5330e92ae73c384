//===- model.cpp - validating, loading and describing a model artifact ----===//
#include "model.hpp"

#include "cpu_features.hpp"
#include "model_library.hpp"
#include "status.hpp"

#include <cstdio>
#include <cstring>
#include <utility>
#include <new>
#include <optional>

#include <dlfcn.h>
#include <elf.h>
#include <link.h>

using dlc::runtime::makeStatus;
using dlc::runtime::quoteName;

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

// The size the library's symbol table gives the object at `address`, if any.
std::optional<uint64_t> symbolSize(const void *address) {
  Dl_info info{};
  void *entry = nullptr;
  if (!dladdr1(address, &info, &entry, RTLD_DL_SYMENT) || !entry)
    return std::nullopt;
  return static_cast<const ElfW(Sym) *>(entry)->st_size;
}

std::string hex(uint64_t value) {
  char text[19];
  std::snprintf(text, sizeof text, "0x%016llx", static_cast<unsigned long long>(value));
  return text;
}

// The code trusts the metadata's arena size, signatures and param table
// blindly (an arena too small, or an output shorter than the code writes, is
// heap corruption), and the trailer's hash is recomputed by whoever edits the
// metadata. So the library carries the digest of the text it was compiled
// with, and no other text is accepted for it.
dlc_status *checkMetadataBinding(const std::string &path, const dlc_model &model) {
  const void *symbol = dlsym(model.library, DLC_METADATA_DIGEST_SYMBOL);
  std::optional<uint64_t> size = symbol ? symbolSize(symbol) : std::nullopt;
  if (!symbol || !size || *size < sizeof(uint64_t))
    return makeStatus(DLC_INVALID_ARTIFACT,
                      path + ": the library lacks a 64-bit " DLC_METADATA_DIGEST_SYMBOL);
  uint64_t compiled = 0;
  std::memcpy(&compiled, symbol, sizeof compiled);
  if (compiled != model.artifact.metadataDigest)
    return makeStatus(DLC_INVALID_ARTIFACT,
                      path + ": the metadata does not belong to this library (digest " +
                          hex(model.artifact.metadataDigest) + ", the code was compiled with " +
                          hex(compiled) + "): edited, or taken from another model");
  return nullptr;
}

// Finds every entry and the weights; the weights symbol must cover
// weights-bytes so that every parameter pointer stays inside it.
dlc_status *bindSymbols(const std::string &path, dlc_model &model) {
  const dlc::artifact::ModelMetadata &metadata = model.artifact.metadata;
  for (const dlc::artifact::EntrySpec &spec : metadata.entries) {
    void *symbol = dlsym(model.library, (DLC_ENTRY_SYMBOL_PREFIX + spec.name).c_str());
    if (!symbol)
      return makeStatus(DLC_INVALID_ARTIFACT,
                        path + ": the library lacks " DLC_ENTRY_SYMBOL_PREFIX + spec.name);
    dlc::runtime::Entry &entry = model.entries.emplace_back();
    entry.name = spec.name.c_str();
    entry.function = reinterpret_cast<dlc_entry_fn>(symbol);
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
  std::optional<uint64_t> size = symbolSize(weights);
  if (size && *size < metadata.weightsBytes)
    return makeStatus(DLC_INVALID_ARTIFACT,
                      path + ": " DLC_WEIGHTS_SYMBOL " has " + std::to_string(*size) +
                          " bytes, the metadata says " + std::to_string(metadata.weightsBytes));
  for (const dlc::artifact::TensorSpec &param : metadata.params)
    model.paramPointers.push_back(weights + param.offset);
  return nullptr;
}

// A blob of a CUDA library (abi.h): size, bytes and a NUL, all inside the
// symbol the library's symbol table sizes.
dlc_status *readBlob(const std::string &path, const dlc_model &model, const char *symbol,
                     std::string_view &out) {
  const auto *start = static_cast<const char *>(dlsym(model.library, symbol));
  std::optional<uint64_t> size = start ? symbolSize(start) : std::nullopt;
  if (!start || !size || *size < sizeof(uint64_t) + 1)
    return makeStatus(DLC_INVALID_ARTIFACT,
                      path + ": the CUDA model's library lacks " + std::string(symbol));
  uint64_t bytes = 0;
  std::memcpy(&bytes, start, sizeof bytes);
  if (bytes > *size - sizeof(uint64_t) - 1 || start[sizeof(uint64_t) + bytes] != '\0')
    return makeStatus(DLC_INVALID_ARTIFACT, path + ": " + symbol + " says " +
                                                std::to_string(bytes) +
                                                " bytes but its symbol holds " +
                                                std::to_string(*size - sizeof(uint64_t) - 1));
  out = std::string_view(start + sizeof(uint64_t), bytes);
  return nullptr;
}

bool parseCount(std::string_view text, uint32_t limit, uint32_t &out) {
  if (text.empty() || text.size() > 10)
    return false;
  uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9')
      return false;
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  out = static_cast<uint32_t>(value);
  return value <= limit;
}

// "NAME GRID BLOCK SHARED ARGS" per line, as dlc-render-cuda writes them;
// the limits are CUDA's (grid x, threads per block, shared memory).
dlc_status *parseLaunches(const std::string &path, std::string_view table,
                          std::vector<dlc::runtime::Launch> &launches) {
  size_t line = 0;
  while (!table.empty()) {
    ++line;
    size_t end = table.find('\n');
    if (end == std::string_view::npos)
      end = table.size();
    std::string_view text = table.substr(0, end);
    table.remove_prefix(std::min(table.size(), end + 1));
    std::vector<std::string_view> fields;
    while (!text.empty()) {
      size_t space = text.find(' ');
      fields.push_back(text.substr(0, space));
      text.remove_prefix(space == std::string_view::npos ? text.size() : space + 1);
    }
    dlc::runtime::Launch launch;
    bool valid = fields.size() == 5 && !fields[0].empty() && fields[0].size() < 128 &&
                 parseCount(fields[1], 0x7fffffffu, launch.grid) && launch.grid > 0 &&
                 parseCount(fields[2], 1024, launch.block) && launch.block > 0 &&
                 parseCount(fields[3], 1u << 20, launch.sharedBytes) &&
                 parseCount(fields[4], 4096, launch.arguments);
    for (char c : valid ? fields[0] : std::string_view())
      valid &= (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!valid)
      return makeStatus(DLC_INVALID_ARTIFACT, path + ": line " + std::to_string(line) +
                                                  " of the launch table is not 'NAME GRID "
                                                  "BLOCK SHARED ARGS'");
    launch.name = std::string(fields[0]);
    launches.push_back(std::move(launch));
  }
  return nullptr;
}

dlc_status *bindCudaSymbols(const std::string &path, dlc_model &model) {
  dlc::runtime::CudaCode cuda;
  std::string_view table;
  for (auto [symbol, out] : {std::pair{DLC_CUDA_SOURCE_SYMBOL, &cuda.source},
                             std::pair{DLC_CUDA_PTX_SYMBOL, &cuda.ptx},
                             std::pair{DLC_CUDA_CUBIN_SYMBOL, &cuda.cubin},
                             std::pair{DLC_CUDA_LAUNCHES_SYMBOL, &table}})
    if (dlc_status *status = readBlob(path, model, symbol, *out))
      return status;
  if (dlc_status *status = parseLaunches(path, table, cuda.launches))
    return status;
  model.cuda = std::move(cuda);
  return nullptr;
}

// The C API's views of the metadata, once bindSymbols has made the entries.
void describeModel(dlc_model &model) {
  const dlc::artifact::ModelMetadata &metadata = model.artifact.metadata;
  model.params = describe(metadata.params);
  for (size_t i = 0; i < metadata.params.size(); ++i)
    model.paramIndex.emplace(metadata.params[i].name, i);
  for (size_t i = 0; i < metadata.entries.size(); ++i) {
    const dlc::artifact::EntrySpec &spec = metadata.entries[i];
    dlc::runtime::Entry &entry = model.entries[i];
    entry.inputs = describe(spec.inputs);
    entry.outputs = describe(spec.outputs);
    // validateMetadata guarantees that every update names a param.
    for (const std::string &name : spec.updates)
      entry.updates.push_back(model.paramIndex.find(name)->second);
  }
}

dlc_status *indexOutOfRange(const std::string &what, size_t index, const std::string &owner,
                            size_t count) {
  return makeStatus(DLC_INVALID_ARGUMENT, what + " index " + std::to_string(index) +
                                              " is out of range: " + owner + " has " +
                                              std::to_string(count));
}

// Describes tensor `index` of `infos`, which belong to `owner` ("the model",
// "entry train_step").
dlc_status *describeTensor(const std::vector<dlc_tensor_info> &infos, const char *kind,
                           const std::string &owner, size_t index, dlc_tensor_info *out) {
  if (index >= infos.size())
    return indexOutOfRange(kind, index, owner, infos.size());
  *out = infos[index];
  return nullptr;
}

dlc_status *checkModelAndInfo(const dlc_model *model, const dlc_tensor_info *out) {
  if (model && out)
    return nullptr;
  return makeStatus(DLC_INVALID_ARGUMENT, model ? "out_info is NULL" : "model is NULL");
}

dlc_status *describeEntryTensor(const dlc_model *model, size_t entry, bool input, size_t index,
                                dlc_tensor_info *out) {
  if (dlc_status *status = checkModelAndInfo(model, out))
    return status;
  if (entry >= model->entries.size())
    return indexOutOfRange("entry", entry, "the model", model->entries.size());
  const dlc::runtime::Entry &e = model->entries[entry];
  return describeTensor(input ? e.inputs : e.outputs, input ? "input" : "output",
                        std::string("entry ") + e.name, index, out);
}

} // namespace

ptrdiff_t dlc_model::findEntry(std::string_view name) const {
  for (size_t i = 0; i < entries.size(); ++i)
    if (name == entries[i].name)
      return static_cast<ptrdiff_t>(i);
  return -1;
}

ptrdiff_t dlc_model::findParam(std::string_view name) const {
  auto it = paramIndex.find(name);
  return it == paramIndex.end() ? -1 : static_cast<ptrdiff_t>(it->second);
}

dlc_status *dlc::runtime::noSuchEntry(const dlc_model &model, std::string_view name) {
  std::string names;
  for (const Entry &entry : model.entries)
    names += (names.empty() ? "" : ", ") + std::string(entry.name);
  return makeStatus(DLC_NOT_FOUND,
                    "the model has no entry " + quoteName(name) + " (it has " + names + ")");
}

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
  if (dlc_status *status = checkMetadataBinding(path, *model)) {
    dlc_model_release(model);
    return status;
  }
  if (!model->artifact.metadata.device.empty()) {
    if (dlc_status *status = bindCudaSymbols(path, *model)) {
      dlc_model_release(model);
      return status;
    }
  }
  describeModel(*model);
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

size_t dlc_model_input_count(const dlc_model *model) {
  return dlc_model_entry_input_count(model, 0);
}

size_t dlc_model_output_count(const dlc_model *model) {
  return dlc_model_entry_output_count(model, 0);
}

size_t dlc_model_param_count(const dlc_model *model) { return model ? model->params.size() : 0; }

dlc_status *dlc_model_input_info(const dlc_model *model, size_t index, dlc_tensor_info *out_info) {
  if (dlc_status *status = checkModelAndInfo(model, out_info))
    return status;
  return describeTensor(model->entries[0].inputs, "input", "the model", index, out_info);
}

dlc_status *dlc_model_output_info(const dlc_model *model, size_t index, dlc_tensor_info *out_info) {
  if (dlc_status *status = checkModelAndInfo(model, out_info))
    return status;
  return describeTensor(model->entries[0].outputs, "output", "the model", index, out_info);
}

dlc_status *dlc_model_param_info(const dlc_model *model, size_t index, dlc_tensor_info *out_info) {
  if (dlc_status *status = checkModelAndInfo(model, out_info))
    return status;
  return describeTensor(model->params, "param", "the model", index, out_info);
}

int dlc_model_param_is_state(const dlc_model *model, size_t index) {
  return model && index < model->params.size() && model->isState(index) ? 1 : 0;
}

size_t dlc_model_entry_count(const dlc_model *model) { return model ? model->entries.size() : 0; }

const char *dlc_model_entry_name(const dlc_model *model, size_t index) {
  return model && index < model->entries.size() ? model->entries[index].name : nullptr;
}

dlc_status *dlc_model_find_entry(const dlc_model *model, const char *name, size_t *out_index) {
  if (!model || !name || !out_index)
    return makeStatus(DLC_INVALID_ARGUMENT, !model  ? "model is NULL"
                                            : !name ? "name is NULL"
                                                    : "out_index is NULL");
  ptrdiff_t index = model->findEntry(name);
  if (index < 0)
    return dlc::runtime::noSuchEntry(*model, name);
  *out_index = static_cast<size_t>(index);
  return nullptr;
}

size_t dlc_model_entry_input_count(const dlc_model *model, size_t entry) {
  return model && entry < model->entries.size() ? model->entries[entry].inputs.size() : 0;
}

size_t dlc_model_entry_output_count(const dlc_model *model, size_t entry) {
  return model && entry < model->entries.size() ? model->entries[entry].outputs.size() : 0;
}

dlc_status *dlc_model_entry_input_info(const dlc_model *model, size_t entry, size_t index,
                                       dlc_tensor_info *out_info) {
  return describeEntryTensor(model, entry, true, index, out_info);
}

dlc_status *dlc_model_entry_output_info(const dlc_model *model, size_t entry, size_t index,
                                        dlc_tensor_info *out_info) {
  return describeEntryTensor(model, entry, false, index, out_info);
}

size_t dlc_model_arena_bytes(const dlc_model *model) {
  return model ? static_cast<size_t>(model->artifact.metadata.arenaBytes) : 0;
}

uint64_t dlc_model_content_hash(const dlc_model *model) {
  return model ? model->artifact.trailer.content_hash : 0;
}

} // extern "C"
