//===- FuzzSupport.h - what the fuzz targets share ------------------------===//
#ifndef DLC_TEST_FUZZ_FUZZSUPPORT_H
#define DLC_TEST_FUZZ_FUZZSUPPORT_H

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <unistd.h>

namespace dlc::fuzz {

/// A path in a directory of this process's own, for readers that take a path
/// rather than bytes: the fuzzers exercise the same entry points the tools use.
inline std::string scratchPath(const char *name) {
  const char *tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/dlc-fuzz-XXXXXX";
  if (!::mkdtemp(pattern.data())) {
    std::perror("mkdtemp");
    std::abort();
  }
  return pattern + "/" + name;
}

/// Replaces the file at `path` with `size` bytes of `data`.
inline void writeScratch(const std::string &path, const uint8_t *data, size_t size) {
  std::FILE *file = std::fopen(path.c_str(), "wb");
  if (!file || std::fwrite(data, 1, size, file) != size || std::fclose(file) != 0) {
    std::perror(path.c_str());
    std::abort();
  }
}

/// A finding that is no crash: a broken promise of the code under test.
[[noreturn]] inline void fail(const char *what, const std::string &detail) {
  std::fprintf(stderr, "fuzz finding: %s: %s\n", what, detail.c_str());
  std::abort();
}

/// Errors are one line: no tool or runtime message may span several.
inline void checkOneLine(const std::string &error) {
  if (error.empty() || error.find('\n') != std::string::npos)
    fail("an error that is not one line", error);
}

} // namespace dlc::fuzz

#endif // DLC_TEST_FUZZ_FUZZSUPPORT_H
