//===- dtype.cpp - names and sizes of the element types -------------------===//
#include "dlc/artifact.hpp"

#include <limits>

namespace dlc::artifact {
namespace {
struct DtypeEntry {
  dlc_dtype dtype;
  const char *name;
  size_t size;
};

constexpr DtypeEntry kDtypes[] = {
    {DLC_DTYPE_F32, "f32", 4},   {DLC_DTYPE_F64, "f64", 8}, {DLC_DTYPE_F16, "f16", 2},
    {DLC_DTYPE_BF16, "bf16", 2}, {DLC_DTYPE_I8, "i8", 1},   {DLC_DTYPE_I16, "i16", 2},
    {DLC_DTYPE_I32, "i32", 4},   {DLC_DTYPE_I64, "i64", 8}, {DLC_DTYPE_U8, "u8", 1},
    {DLC_DTYPE_U16, "u16", 2},   {DLC_DTYPE_U32, "u32", 4}, {DLC_DTYPE_U64, "u64", 8},
    {DLC_DTYPE_BOOL, "bool", 1}, {DLC_DTYPE_STRING, "string", sizeof(dlc_string)},
};

const DtypeEntry *find(dlc_dtype dtype) {
  for (const DtypeEntry &entry : kDtypes)
    if (entry.dtype == dtype)
      return &entry;
  return nullptr;
}
} // namespace

const char *dtypeName(dlc_dtype dtype) {
  const DtypeEntry *entry = find(dtype);
  return entry ? entry->name : nullptr;
}

size_t dtypeSize(dlc_dtype dtype) {
  const DtypeEntry *entry = find(dtype);
  return entry ? entry->size : 0;
}

std::optional<dlc_dtype> dtypeFromValue(int64_t value) {
  for (const DtypeEntry &entry : kDtypes)
    if (static_cast<int64_t>(entry.dtype) == value)
      return entry.dtype;
  return std::nullopt;
}

std::optional<dlc_dtype> parseDtype(std::string_view name) {
  for (const DtypeEntry &entry : kDtypes)
    if (name == entry.name)
      return entry.dtype;
  return std::nullopt;
}

std::optional<uint64_t> tensorByteSize(dlc_dtype dtype, const std::vector<int64_t> &dims) {
  // 63 bits, so that every size is also a valid int64_t and off_t.
  constexpr uint64_t kLimit = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  uint64_t bytes = dtypeSize(dtype);
  if (bytes == 0)
    return std::nullopt;
  // A zero dim does not excuse the others: code that multiplies dims in any
  // order must not overflow on a tensor accepted here.
  bool empty = false;
  for (int64_t dim : dims) {
    if (dim < 0)
      return std::nullopt;
    uint64_t d = static_cast<uint64_t>(dim);
    if (d == 0) {
      empty = true;
      continue;
    }
    if (bytes > kLimit / d)
      return std::nullopt;
    bytes *= d;
  }
  return empty ? 0 : bytes;
}

} // namespace dlc::artifact
