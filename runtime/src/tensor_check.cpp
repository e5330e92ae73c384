//===- tensor_check.cpp - caller tensors against what the model expects ---===//
#include "tensor_check.hpp"

#include "dtype.hpp"
#include "status.hpp"

#include "dlc/artifact.hpp"

#include <string>
#include <string_view>

namespace dlc::runtime {
namespace {

std::string formatDims(const int64_t *dims, int32_t rank) {
  if (rank == 0)
    return "scalar";
  std::string out;
  for (int32_t i = 0; i < rank; ++i)
    out += (i ? "x" : "") + std::to_string(dims[i]);
  return out;
}

std::string formatDtype(std::underlying_type_t<dlc_dtype> value) {
  std::optional<dlc_dtype> dtype = dlc::artifact::dtypeFromValue(value);
  return dtype ? dlc::artifact::dtypeName(*dtype) : "unknown (" + std::to_string(value) + ")";
}

// The reason `given` does not match `expected`, or "" if it does. The
// strings of an input must be readable; an output's are still to be written.
std::string mismatch(const dlc_tensor_info &expected, const dlc_tensor &given, bool isInput) {
  if (dtypeValue(given.dtype) != expected.dtype)
    return "expected dtype " + formatDtype(expected.dtype) + ", got " +
           formatDtype(dtypeValue(given.dtype));
  if (given.rank > 0 && !given.dims)
    return "dims is NULL for rank " + std::to_string(given.rank);
  if (given.rank != expected.rank) {
    std::string got = "got rank " + std::to_string(given.rank);
    if (given.rank >= 0)
      got += " (" + formatDims(given.dims, given.rank) + ")";
    return "expected rank " + std::to_string(expected.rank) + " (" +
           formatDims(expected.dims, expected.rank) + "), " + got;
  }
  for (int32_t i = 0; i < expected.rank; ++i)
    if (given.dims[i] != expected.dims[i])
      return "expected dims " + formatDims(expected.dims, expected.rank) + ", got " +
             formatDims(given.dims, given.rank);
  if (given.byte_size != expected.byte_size)
    return "expected byte_size " + std::to_string(expected.byte_size) + ", got " +
           std::to_string(given.byte_size);
  if (!given.data && expected.byte_size > 0)
    return "data is NULL";
  if (isInput && expected.dtype == DLC_DTYPE_STRING) {
    const auto *strings = static_cast<const dlc_string *>(given.data);
    for (uint64_t i = 0; i < expected.byte_size / sizeof(dlc_string); ++i)
      if (strings[i].size < 0 || (!strings[i].data && strings[i].size > 0))
        return "string " + std::to_string(i) + " has " +
               (strings[i].size < 0 ? "a negative size" : "NULL data");
  }
  return "";
}

std::string plural(size_t count, const char *noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

} // namespace

dlc_status *checkTensors(const char *entry, const char *kind,
                         const std::vector<dlc_tensor_info> &expected, const dlc_tensor *given,
                         size_t count) {
  // A model with one entry is all most callers know: "run" is "the model".
  bool isRun = std::string_view(entry) == "run";
  std::string owner = isRun ? "the model" : "entry " + std::string(entry);
  std::string prefix = isRun ? "" : owner + " ";
  if (count != expected.size())
    return makeStatus(DLC_INVALID_ARGUMENT, owner + " has " + plural(expected.size(), kind) +
                                                ", got " + std::to_string(count));
  if (count > 0 && !given)
    return makeStatus(DLC_INVALID_ARGUMENT,
                      prefix + kind + "s is NULL, with " + plural(count, kind));
  for (size_t i = 0; i < count; ++i) {
    std::string reason = mismatch(expected[i], given[i], std::string_view(kind) == "input");
    if (!reason.empty())
      return makeStatus(DLC_INVALID_ARGUMENT, prefix + kind + " " + std::to_string(i) + " (" +
                                                  quoteName(expected[i].name) + "): " + reason);
  }
  return nullptr;
}

dlc_status *checkTensor(const std::string &what, const dlc_tensor_info &expected,
                        const dlc_tensor &given) {
  std::string reason = mismatch(expected, given, /*isInput=*/false);
  return reason.empty() ? nullptr : makeStatus(DLC_INVALID_ARGUMENT, what + ": " + reason);
}

} // namespace dlc::runtime
