//===- metadata.cpp - writing and validating the metadata text ------------===//
#include "dlc/artifact.hpp"

#include "artifact/encoding.hpp"

#include <algorithm>
#include <limits>

namespace dlc::artifact {
namespace {
constexpr uint64_t kMaxBytes = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());

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

bool validateTensors(const char *kind, const std::vector<TensorSpec> &tensors,
                     uint64_t weightsBytes, std::string &error) {
  bool isParam = std::string_view(kind) == "param";
  for (size_t i = 0; i < tensors.size(); ++i) {
    const TensorSpec &t = tensors[i];
    std::string where = std::string(kind) + " " + std::to_string(i);
    if (t.name.empty()) {
      error = where + " has an empty name";
      return false;
    }
    where += " (\"" + encodeText(t.name, true) + "\")";
    if (!dtypeName(t.dtype)) {
      error = where + " has unknown dtype " + std::to_string(static_cast<int>(t.dtype));
      return false;
    }
    std::optional<uint64_t> bytes = tensorByteSize(t.dtype, t.dims);
    if (!bytes) {
      error = where + " has a negative dim or a size beyond 2^63 bytes";
      return false;
    }
    if (!isParam && t.offset != 0) {
      error = where + " has an offset, which only params have";
      return false;
    }
    if (isParam && t.offset % DLC_PARAM_ALIGNMENT != 0) {
      error = where + " offset " + std::to_string(t.offset) + " is not a multiple of " +
              std::to_string(DLC_PARAM_ALIGNMENT);
      return false;
    }
    if (isParam && (t.offset > weightsBytes || *bytes > weightsBytes - t.offset)) {
      error = where + " at offset " + std::to_string(t.offset) + " with " + std::to_string(*bytes) +
              " bytes ends beyond weights-bytes " + std::to_string(weightsBytes);
      return false;
    }
  }
  return true;
}

void formatTensors(const char *kind, const std::vector<TensorSpec> &tensors, std::string &out) {
  bool isParam = std::string_view(kind) == "param";
  for (const TensorSpec &t : tensors) {
    out += kind;
    out += ' ';
    out += percentEncode(t.name);
    out += ' ';
    out += dtypeName(t.dtype);
    out += ' ';
    out += std::to_string(t.dims.size());
    for (int64_t dim : t.dims)
      out += ' ' + std::to_string(dim);
    if (isParam)
      out += ' ' + std::to_string(t.offset);
    out += '\n';
  }
}
} // namespace

bool operator==(const TensorSpec &a, const TensorSpec &b) {
  return a.name == b.name && a.dtype == b.dtype && a.dims == b.dims && a.offset == b.offset;
}

bool operator==(const ModelMetadata &a, const ModelMetadata &b) {
  return a.producer == b.producer && a.target == b.target && a.cpuFeatures == b.cpuFeatures &&
         a.arenaBytes == b.arenaBytes && a.weightsBytes == b.weightsBytes &&
         a.entries == b.entries && a.inputs == b.inputs && a.outputs == b.outputs &&
         a.params == b.params;
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
  if (m.arenaBytes > kMaxBytes || m.weightsBytes > kMaxBytes) {
    error = "arena-bytes or weights-bytes is 2^63 or more";
    return false;
  }
  for (size_t i = 0; i < m.entries.size(); ++i) {
    if (!isIdentifier(m.entries[i])) {
      error = "entry \"" + encodeText(m.entries[i], true) + "\" is not a C identifier";
      return false;
    }
    if (std::find(m.entries.begin(), m.entries.begin() + i, m.entries[i]) !=
        m.entries.begin() + i) {
      error = "entry " + m.entries[i] + " is listed twice";
      return false;
    }
  }
  if (std::find(m.entries.begin(), m.entries.end(), "run") == m.entries.end()) {
    error = "there is no entry run";
    return false;
  }
  return validateTensors("input", m.inputs, m.weightsBytes, error) &&
         validateTensors("output", m.outputs, m.weightsBytes, error) &&
         validateTensors("param", m.params, m.weightsBytes, error);
}

std::string formatMetadata(const ModelMetadata &m) {
  std::string out = "dlc-metadata " + std::to_string(kMetadataVersion) + "\n";
  out += "producer " + encodeText(m.producer, true) + "\n";
  out += "target " + m.target + "\n";
  out += "cpu-features";
  for (size_t i = 0; i < m.cpuFeatures.size(); ++i)
    out += (i == 0 ? " " : ",") + m.cpuFeatures[i];
  out += "\n";
  out += "arena-bytes " + std::to_string(m.arenaBytes) + "\n";
  out += "weights-bytes " + std::to_string(m.weightsBytes) + "\n";
  for (const std::string &entry : m.entries)
    out += "entry " + entry + "\n";
  formatTensors("input", m.inputs, out);
  formatTensors("output", m.outputs, out);
  formatTensors("param", m.params, out);
  out += "end\n";
  return out;
}

} // namespace dlc::artifact
