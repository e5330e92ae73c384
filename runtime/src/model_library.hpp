//===- model_library.hpp - dlopen for validated model libraries -----------===//
#ifndef DLC_RUNTIME_SRC_MODEL_LIBRARY_HPP
#define DLC_RUNTIME_SRC_MODEL_LIBRARY_HPP

#include "api.hpp"

#include <cstdint>
#include <string>

namespace dlc::runtime {

/// dlopens the model library at `path` (already validated, with trailer hash
/// `contentHash`). dlopen hands back the library already mapped from the same
/// path even when the file has since been replaced, so a path whose mapping
/// holds another hash is refused rather than run against the wrong metadata.
dlc_status *openModelLibrary(const std::string &path, uint64_t contentHash, void **outHandle);

/// Balances one successful openModelLibrary.
void closeModelLibrary(void *handle);

} // namespace dlc::runtime

#endif // DLC_RUNTIME_SRC_MODEL_LIBRARY_HPP
