//===- model_library.cpp - dlopen for validated model libraries -----------===//
#include "model_library.hpp"

#include "status.hpp"

#include <mutex>
#include <unordered_map>

#include <dlfcn.h>

namespace dlc::runtime {
namespace {
struct Loaded {
  std::string file; // As passed to dlopen.
  uint64_t contentHash;
  size_t references; // 0: released, but the library stayed mapped.
};

// Handles this runtime opened, with the artifact each holds. An entry outlives
// its last release while the library stays mapped (linked -z nodelete, or
// opened by someone else too), since dlopen would hand back that mapping.
// dlopen and dlclose happen under the mutex, so that no load can see a handle
// a concurrent release is about to forget. Never destroyed, since models may
// be released during static destruction.
struct Registry {
  std::mutex mutex;
  std::unordered_map<void *, Loaded> loaded;
};

Registry &registry() {
  static Registry *instance = new Registry;
  return *instance;
}
} // namespace

dlc_status *openModelLibrary(const std::string &path, uint64_t contentHash, void **outHandle) {
  // Without a slash dlopen searches the library path instead of opening the file.
  std::string file = path.find('/') == std::string::npos ? "./" + path : path;
  Registry &r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  void *handle = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char *reason = dlerror();
    return makeStatus(DLC_INVALID_ARTIFACT,
                      path + ": dlopen failed: " + (reason ? reason : "unknown error"));
  }
  auto [it, inserted] = r.loaded.try_emplace(handle, Loaded{file, contentHash, 0});
  if (!inserted && it->second.contentHash != contentHash) {
    bool released = it->second.references == 0;
    dlclose(handle);
    return makeStatus(
        DLC_INVALID_ARGUMENT,
        path + (released ? ": the file changed, but the library loaded from it before stays "
                           "mapped in this process (nodelete, or opened elsewhere too); load "
                           "the new file from another path"
                         : ": the file changed since a model still loaded from it was loaded; "
                           "release that model first, or load from another path"));
  }
  ++it->second.references;
  *outHandle = handle;
  return nullptr;
}

void closeModelLibrary(void *handle) {
  Registry &r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  auto it = r.loaded.find(handle);
  dlclose(handle);
  if (it == r.loaded.end() || --it->second.references > 0)
    return;
  // RTLD_NOLOAD finds the library only if it is still mapped.
  void *resident = dlopen(it->second.file.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_NOLOAD);
  if (resident)
    dlclose(resident);
  else
    dlerror(); // Leave no stale message for the application's next dlerror().
  if (resident != handle)
    r.loaded.erase(it);
}

} // namespace dlc::runtime
