//===- test_support.hpp - files and artifacts for the runtime tests -------===//
#ifndef DLC_TEST_RUNTIME_TEST_SUPPORT_HPP
#define DLC_TEST_RUNTIME_TEST_SUPPORT_HPP

#include "dlc/artifact.hpp"

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <gtest/gtest.h>

extern char **environ;

namespace dlc::test {

// Build outputs the tests use, passed in by test/runtime/CMakeLists.txt.
inline const std::string kAffineArtifact = DLC_TEST_AFFINE_ARTIFACT;
inline const std::string kAffineLibrary = DLC_TEST_AFFINE_LIBRARY;
inline const std::string kNegateArtifact = DLC_TEST_NEGATE_ARTIFACT;
inline const std::string kUpperArtifact = DLC_TEST_UPPER_ARTIFACT;
inline const std::string kNegateLibrary = DLC_TEST_NEGATE_LIBRARY;
// The negate model without the metadata digest a model library must export.
inline const std::string kUndigestedLibrary = DLC_TEST_UNDIGESTED_LIBRARY;
// The affine model linked with -z nodelete: it stays mapped after release.
inline const std::string kResidentArtifact = DLC_TEST_RESIDENT_ARTIFACT;
// A training artifact: entries run, train_step and eval, and state params.
inline const std::string kLinearArtifact = DLC_TEST_LINEAR_ARTIFACT;

/// A fresh directory, removed with everything in it.
class TempDir {
public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "dlc-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()))
      path_ = pattern;
  }
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty())
      std::filesystem::remove_all(path_, ignored);
  }
  /// The path of `name` inside the directory.
  std::string file(const std::string &name) const { return path_ + "/" + name; }

private:
  std::string path_;
};

inline std::string readFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

inline void writeFile(const std::string &path, const std::string &bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  ASSERT_TRUE(out.good()) << "cannot write " << path;
}

/// library + text + a trailer with a correct hash: lets a test hand the
/// runtime metadata text that writeArtifact would refuse to write.
inline std::string assembleArtifact(const std::string &library, const std::string &text,
                                    uint32_t abiVersion = DLC_ABI_VERSION) {
  dlc_trailer trailer{};
  trailer.library_size = library.size();
  trailer.metadata_size = text.size();
  trailer.content_hash = artifact::fnv1a64(text, artifact::fnv1a64(library));
  trailer.abi_version = abiVersion;
  std::memcpy(trailer.magic, DLC_TRAILER_MAGIC, sizeof(trailer.magic));
  return library + text + artifact::encodeTrailer(trailer);
}

/// Runs `program` in `dir` with `args`; returns its exit status, and its
/// stdout and stderr in `output`.
inline int runProgram(const std::string &program, const TempDir &dir, std::vector<std::string> args,
                      std::string &output) {
  std::string log = dir.file("log.txt");
  args.insert(args.begin(), program);
  std::vector<char *> argv;
  for (std::string &arg : args)
    argv.push_back(arg.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addchdir_np(&actions, dir.file("").c_str());
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = 0;
  int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0)
    return -1;
  int status = 0;
  waitpid(pid, &status, 0);
  output = readFile(log);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

} // namespace dlc::test

#endif // DLC_TEST_RUNTIME_TEST_SUPPORT_HPP
