//===- metadata.cpp - writing and validating the metadata text ------------===//
#include "dlc/artifact.hpp"

#include "artifact/encoding.hpp"

#include <algorithm>
#include <limits>
#include <unordered_map>
#include <unordered_set>

namespace dlc::artifact {
namespace {
constexpr uint64_t kMaxBytes = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());

// Param names to their index in the table; views of ModelMetadata::params.
using ParamIndex = std::unordered_map<std::string_view, size_t>;

bool isIdentifier(std::string_view s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9'))
    return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool isToken(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c > ' ' && c <= '~'; });
}

bool isFeatureName(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

// "cuda sm_90": the only device so far, and an architecture name.
bool isCudaDevice(std::string_view s) {
  constexpr std::string_view prefix = "cuda sm_";
  return s.size() > prefix.size() && s.substr(0, prefix.size()) == prefix &&
         isFeatureName(s.substr(prefix.size()));
}

// What every tensor needs: a name, a known dtype and a size below 2^63.
bool validateTensor(const std::string &where, const TensorSpec &t, std::string &error) {
  if (t.name.empty()) {
    error = where + " has an empty name";
    return false;
  }
  if (!dtypeName(t.dtype)) {
    error = where + " (\"" + encodeText(t.name, true) + "\") has unknown dtype " +
            std::to_string(static_cast<int>(t.dtype));
    return false;
  }
  if (!tensorByteSize(t.dtype, t.dims)) {
    error = where + " (\"" + encodeText(t.name, true) +
            "\") has a negative dim or a size beyond 2^63 bytes";
    return false;
  }
  return true;
}

// Entry inputs and outputs: named tensors of a known dtype and a size that
// fits, without the params' offset and writability.
bool validateTensors(const std::string &kind, const std::vector<TensorSpec> &tensors,
                     std::string &error) {
  for (size_t i = 0; i < tensors.size(); ++i) {
    const TensorSpec &t = tensors[i];
    std::string where = kind + " " + std::to_string(i);
    if (!validateTensor(where, t, error))
      return false;
    where += " (\"" + encodeText(t.name, true) + "\")";
    if (t.offset != 0) {
      error = where + " has an offset, which only params have";
      return false;
    }
    if (t.writable) {
      error = where + " is writable, which only params can be";
      return false;
    }
  }
  return true;
}

// Also indexes the params by name, for validateEntries: a model may have
// thousands, and so may a training entry's updates.
bool validateParams(const ModelMetadata &m, ParamIndex &byName, std::string &error) {
  for (size_t i = 0; i < m.params.size(); ++i) {
    const TensorSpec &t = m.params[i];
    std::string where = "param " + std::to_string(i);
    if (!validateTensor(where, t, error))
      return false;
    where += " (\"" + encodeText(t.name, true) + "\")";
    // A string param's elements would point into the library's memory.
    if (t.dtype == DLC_DTYPE_STRING) {
      error = where + " has dtype string, which params cannot have";
      return false;
    }
    // Validated above, so it has a size.
    uint64_t bytes = *tensorByteSize(t.dtype, t.dims);
    if (t.offset % DLC_PARAM_ALIGNMENT != 0) {
      error = where + " offset " + std::to_string(t.offset) + " is not a multiple of " +
              std::to_string(DLC_PARAM_ALIGNMENT);
      return false;
    }
    if (t.offset > m.weightsBytes || bytes > m.weightsBytes - t.offset) {
      error = where + " at offset " + std::to_string(t.offset) + " with " + std::to_string(bytes) +
              " bytes ends beyond weights-bytes " + std::to_string(m.weightsBytes);
      return false;
    }
    // Entries' updates and the runtime's read/write by name need one meaning per name.
    auto [it, inserted] = byName.emplace(t.name, i);
    if (!inserted) {
      error = where + " has the name of param " + std::to_string(it->second);
      return false;
    }
  }
  return true;
}

bool validateEntries(const ModelMetadata &m, const ParamIndex &params, std::string &error) {
  if (m.entries.empty() || m.entries[0].name != "run") {
    error = m.entries.empty() ? "there is no entry run"
                              : "the first entry is " + encodeText(m.entries[0].name, true) +
                                    ", but run must come first";
    return false;
  }
  for (size_t i = 0; i < m.entries.size(); ++i) {
    const EntrySpec &e = m.entries[i];
    if (!isIdentifier(e.name)) {
      error = "entry \"" + encodeText(e.name, true) + "\" is not a C identifier";
      return false;
    }
    for (size_t j = 0; j < i; ++j)
      if (m.entries[j].name == e.name) {
        error = "entry " + e.name + " is listed twice";
        return false;
      }
    if (!validateTensors("entry " + e.name + " input", e.inputs, error) ||
        !validateTensors("entry " + e.name + " output", e.outputs, error))
      return false;
    std::unordered_set<std::string_view> updated;
    for (const std::string &name : e.updates) {
      std::string where = "entry " + e.name + " update \"" + encodeText(name, true) + "\"";
      auto param = params.find(name);
      if (param == params.end()) {
        error = where + " names no param";
        return false;
      }
      if (!m.params[param->second].writable) {
        error = where + " names a read-only param, not state";
        return false;
      }
      if (!updated.insert(name).second) {
        error = where + " is listed twice";
        return false;
      }
    }
  }
  return true;
}

// NAME DTYPE RANK DIMS...
void formatTensor(const char *keyword, const TensorSpec &t, std::string &out) {
  out += keyword;
  out += ' ';
  out += percentEncode(t.name);
  out += ' ';
  out += dtypeName(t.dtype);
  out += ' ';
  out += std::to_string(t.dims.size());
  for (int64_t dim : t.dims)
    out += ' ' + std::to_string(dim);
}
} // namespace

bool operator==(const TensorSpec &a, const TensorSpec &b) {
  return a.name == b.name && a.dtype == b.dtype && a.dims == b.dims && a.offset == b.offset &&
         a.writable == b.writable;
}

bool operator==(const EntrySpec &a, const EntrySpec &b) {
  return a.name == b.name && a.inputs == b.inputs && a.outputs == b.outputs &&
         a.updates == b.updates;
}

bool operator==(const ModelMetadata &a, const ModelMetadata &b) {
  return a.producer == b.producer && a.target == b.target && a.cpuFeatures == b.cpuFeatures &&
         a.device == b.device &&
         a.arenaBytes == b.arenaBytes && a.weightsBytes == b.weightsBytes && a.params == b.params &&
         a.entries == b.entries;
}

const EntrySpec *ModelMetadata::findEntry(std::string_view name) const {
  for (const EntrySpec &entry : entries)
    if (entry.name == name)
      return &entry;
  return nullptr;
}

const TensorSpec *ModelMetadata::findParam(std::string_view name) const {
  for (const TensorSpec &param : params)
    if (param.name == name)
      return &param;
  return nullptr;
}

bool validateMetadata(const ModelMetadata &m, std::string &error) {
  if (m.producer.empty()) {
    error = "the producer is empty";
    return false;
  }
  if (!isToken(m.target) || m.target.find('%') != std::string::npos) {
    error = "target \"" + encodeText(m.target, true) + "\" is not a target triple";
    return false;
  }
  for (const std::string &feature : m.cpuFeatures) {
    if (!isFeatureName(feature)) {
      error = "cpu feature \"" + encodeText(feature, true) + "\" is not a feature name";
      return false;
    }
  }
  if (!m.device.empty() && !isCudaDevice(m.device)) {
    error = "device \"" + encodeText(m.device, true) + "\" is not 'cuda sm_NN'";
    return false;
  }
  if (m.arenaBytes > kMaxBytes || m.weightsBytes > kMaxBytes) {
    error = "arena-bytes or weights-bytes is 2^63 or more";
    return false;
  }
  ParamIndex params;
  return validateParams(m, params, error) && validateEntries(m, params, error);
}

std::string formatMetadata(const ModelMetadata &m) {
  std::string out = "dlc-metadata " + std::to_string(kMetadataVersion) + "\n";
  out += "producer " + encodeText(m.producer, true) + "\n";
  out += "target " + m.target + "\n";
  out += "cpu-features";
  for (size_t i = 0; i < m.cpuFeatures.size(); ++i)
    out += (i == 0 ? " " : ",") + m.cpuFeatures[i];
  out += "\n";
  if (!m.device.empty())
    out += "device " + m.device + "\n";
  out += "arena-bytes " + std::to_string(m.arenaBytes) + "\n";
  out += "weights-bytes " + std::to_string(m.weightsBytes) + "\n";
  for (const TensorSpec &param : m.params) {
    formatTensor(param.writable ? "state" : "param", param, out);
    out += ' ' + std::to_string(param.offset) + "\n";
  }
  for (const EntrySpec &entry : m.entries) {
    out += "entry " + entry.name + "\n";
    for (const TensorSpec &input : entry.inputs) {
      formatTensor("input", input, out);
      out += '\n';
    }
    for (const TensorSpec &output : entry.outputs) {
      formatTensor("output", output, out);
      out += '\n';
    }
    for (const std::string &update : entry.updates)
      out += "update " + percentEncode(update) + "\n";
  }
  out += "end\n";
  return out;
}

} // namespace dlc::artifact
