//===- dtype.cpp - the C API's dtype queries and version ------------------===//
#include "api.hpp"

#include "dtype.hpp"

#include "dlc/artifact.hpp"

extern "C" {

size_t dlc_dtype_size(dlc_dtype dtype) {
  std::optional<dlc_dtype> known = dlc::artifact::dtypeFromValue(dlc::runtime::dtypeValue(dtype));
  return known ? dlc::artifact::dtypeSize(*known) : 0;
}

const char *dlc_dtype_name(dlc_dtype dtype) {
  std::optional<dlc_dtype> known = dlc::artifact::dtypeFromValue(dlc::runtime::dtypeValue(dtype));
  return known ? dlc::artifact::dtypeName(*known) : "?";
}

const char *dlc_runtime_version(void) { return DLC_RUNTIME_VERSION; }

} // extern "C"
