//===- dtype.cpp - the C API's dtype queries and version ------------------===//
#include "api.hpp"

#include "dlc/artifact.hpp"

extern "C" {

size_t dlc_dtype_size(dlc_dtype dtype) { return dlc::artifact::dtypeSize(dtype); }

const char *dlc_dtype_name(dlc_dtype dtype) {
  const char *name = dlc::artifact::dtypeName(dtype);
  return name ? name : "?";
}

const char *dlc_runtime_version(void) { return DLC_RUNTIME_VERSION; }

} // extern "C"
