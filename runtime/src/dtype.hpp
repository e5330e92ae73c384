//===- dtype.hpp - dtypes as C callers may pass them ----------------------===//
#ifndef DLC_RUNTIME_SRC_DTYPE_HPP
#define DLC_RUNTIME_SRC_DTYPE_HPP

#include "dlc/abi.h"

#include <cstring>
#include <type_traits>

namespace dlc::runtime {

/// The integer in a dlc_dtype. A C caller may store any int there, and
/// reading such a value through the C++ enum type would be undefined, so its
/// bytes are copied instead.
inline std::underlying_type_t<dlc_dtype> dtypeValue(const dlc_dtype &dtype) {
  std::underlying_type_t<dlc_dtype> value;
  std::memcpy(&value, &dtype, sizeof value);
  return value;
}

} // namespace dlc::runtime

#endif // DLC_RUNTIME_SRC_DTYPE_HPP
