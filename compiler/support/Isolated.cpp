//===- Isolated.cpp - running code that may crash or hang in a child process ===//
#include "compiler/support/Isolated.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {
// Writes all of `bytes`, or fails.
bool writeAll(int fd, const char *bytes, size_t size) {
  while (size > 0) {
    ssize_t written = ::write(fd, bytes, size);
    if (written < 0 && errno == EINTR)
      continue;
    if (written <= 0)
      return false;
    bytes += written;
    size -= static_cast<size_t>(written);
  }
  return true;
}

// Reads `fd` to its end into `bytes`, for at most until `deadline`. False
// on a timeout or a read error.
bool readUntilEnd(int fd, std::chrono::steady_clock::time_point deadline,
                  std::string &bytes) {
  char buffer[1 << 16];
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0)
      return false;
    pollfd wait = {fd, POLLIN, 0};
    int ready = ::poll(&wait, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR)
      continue;
    if (ready <= 0)
      return false;
    ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR)
      continue;
    if (got < 0)
      return false;
    if (got == 0)
      return true;
    bytes.append(buffer, static_cast<size_t>(got));
  }
}
} // namespace

bool dlc::runIsolated(const std::function<std::string()> &work, unsigned seconds,
                      std::string &output, std::string &error) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    error = std::string("cannot create a pipe: ") + std::strerror(errno);
    return false;
  }
  pid_t child = ::fork();
  if (child < 0) {
    error = std::string("cannot fork: ") + std::strerror(errno);
    ::close(fds[0]);
    ::close(fds[1]);
    return false;
  }
  if (child == 0) {
    ::close(fds[0]);
    std::string result = work();
    // _exit: the parent's atexit handlers and buffered output are not the
    // child's to run or flush.
    ::_exit(writeAll(fds[1], result.data(), result.size()) ? 0 : 1);
  }
  ::close(fds[1]);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  std::string bytes;
  bool finished = readUntilEnd(fds[0], deadline, bytes);
  ::close(fds[0]);
  if (!finished)
    ::kill(child, SIGKILL);
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (!finished) {
    error = "did not finish in " + std::to_string(seconds) + " s";
    return false;
  }
  if (WIFSIGNALED(status)) {
    int signal = WTERMSIG(status);
    error = "crashed with signal " + std::to_string(signal) + " (" + ::strsignal(signal) + ")";
    return false;
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    error = "exited without its result";
    return false;
  }
  output = std::move(bytes);
  return true;
}
