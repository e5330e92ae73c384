//===- Files.cpp - the files dlc's compiler and tools read and write ------===//
#include "compiler/support/Files.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace dlc;

namespace {
std::string quote(const std::string &path) { return "'" + path + "'"; }

std::string systemError(const std::string &what, const std::string &path, int error) {
  return "cannot " + what + " " + quote(path) + ": " + std::strerror(error);
}

std::string directoryOf(const std::string &path) {
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos)
    return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}
} // namespace

int dlc::openRegularFile(const std::string &path, uint64_t &size, std::string &error) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    error = systemError("open", path, errno);
    return -1;
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    error = systemError("read", path, errno);
    ::close(fd);
    return -1;
  }
  if (!S_ISREG(info.st_mode)) {
    error = "cannot read " + quote(path) + ": it is " +
            (S_ISDIR(info.st_mode) ? "a directory" : "not a regular file");
    ::close(fd);
    return -1;
  }
  // Reads of a regular file never block; later readers expect blocking I/O.
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  size = static_cast<uint64_t>(info.st_size);
  return fd;
}

bool dlc::readRegularFile(const std::string &path, std::string &bytes, std::string &error) {
  uint64_t size = 0;
  int fd = openRegularFile(path, size, error);
  if (fd < 0)
    return false;
  bytes.clear();
  bytes.reserve(static_cast<size_t>(size));
  char chunk[1 << 16];
  for (;;) {
    ssize_t got = ::read(fd, chunk, sizeof(chunk));
    if (got < 0 && errno == EINTR)
      continue;
    if (got < 0) {
      error = systemError("read", path, errno);
      ::close(fd);
      return false;
    }
    if (got == 0)
      break;
    bytes.append(chunk, static_cast<size_t>(got));
  }
  ::close(fd);
  return true;
}

bool dlc::checkRegularFile(const std::string &path, std::string &error) {
  uint64_t size = 0;
  int fd = openRegularFile(path, size, error);
  if (fd < 0)
    return false;
  ::close(fd);
  return true;
}

bool dlc::checkOutputPath(const std::string &path, std::string &error) {
  if (path == "-")
    return true;
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0) {
    if (S_ISDIR(info.st_mode)) {
      error = "cannot write " + quote(path) + ": it is a directory";
      return false;
    }
    if (::access(path.c_str(), W_OK) != 0) {
      error = systemError("write", path, errno);
      return false;
    }
    return true;
  }
  std::string directory = directoryOf(path);
  if (::stat(directory.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
    error = "cannot write " + quote(path) + ": " + quote(directory) + " is not a directory";
    return false;
  }
  if (::access(directory.c_str(), W_OK) != 0) {
    error = "cannot write " + quote(path) + ": " + quote(directory) + " is not writable";
    return false;
  }
  return true;
}
