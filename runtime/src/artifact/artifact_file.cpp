//===- artifact_file.cpp - trailer, content hash, reading and writing files ===//
#include "dlc/artifact.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace dlc::artifact {
namespace {
// Bounds the allocation for the metadata of a garbage trailer; real metadata
// holds a few hundred bytes per tensor.
constexpr uint64_t kMaxMetadataBytes = uint64_t(256) << 20;
constexpr size_t kReadChunk = size_t(1) << 20;

void putLittleEndian(std::string &out, uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i)
    out += static_cast<char>((value >> (8 * i)) & 0xff);
}

uint64_t getLittleEndian(std::string_view in, size_t offset, int bytes) {
  uint64_t value = 0;
  for (int i = 0; i < bytes; ++i)
    value |= uint64_t(static_cast<unsigned char>(in[offset + i])) << (8 * i);
  return value;
}

std::string systemError(const std::string &what, int err) {
  return what + ": " + std::strerror(err);
}

bool writeAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// Reads exactly `size` bytes at `offset`; false with errno set, or with errno 0
// when the file ends first.
bool readAt(int fd, char *out, size_t size, uint64_t offset) {
  while (size > 0) {
    ssize_t n = ::pread(fd, out, size, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      if (n == 0)
        errno = 0;
      return false;
    }
    out += n;
    size -= static_cast<size_t>(n);
    offset += static_cast<uint64_t>(n);
  }
  return true;
}

class FileCloser {
public:
  explicit FileCloser(int fd) : fd_(fd) {}
  FileCloser(const FileCloser &) = delete;
  FileCloser &operator=(const FileCloser &) = delete;
  ~FileCloser() { ::close(fd_); }

private:
  int fd_;
};

ReadResult readFailure(const std::string &path, std::string &error) {
  if (errno == 0) {
    error = path + ": the file shrank while it was read";
    return ReadResult::Invalid;
  }
  error = systemError("cannot read " + path, errno);
  return ReadResult::Unreadable;
}
} // namespace

uint64_t fnv1a64(std::string_view bytes, uint64_t hash) {
  for (char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ull;
  }
  return hash;
}

uint64_t metadataDigest(std::string_view text) { return fnv1a64(text); }

std::string encodeTrailer(const dlc_trailer &trailer) {
  std::string out;
  out.reserve(DLC_TRAILER_SIZE);
  putLittleEndian(out, trailer.library_size, 8);
  putLittleEndian(out, trailer.metadata_size, 8);
  putLittleEndian(out, trailer.content_hash, 8);
  putLittleEndian(out, trailer.abi_version, 4);
  putLittleEndian(out, trailer.flags, 4);
  out.append(trailer.magic, sizeof(trailer.magic));
  return out;
}

bool decodeTrailer(std::string_view bytes, uint64_t fileSize, dlc_trailer &out,
                   std::string &error) {
  static_assert(sizeof(DLC_TRAILER_MAGIC) - 1 == sizeof(dlc_trailer::magic));
  if (bytes.size() != DLC_TRAILER_SIZE || fileSize < DLC_TRAILER_SIZE ||
      bytes.substr(32) != DLC_TRAILER_MAGIC) {
    error = "no dlc trailer: not a dlc artifact, or a truncated one";
    return false;
  }
  dlc_trailer t{};
  t.library_size = getLittleEndian(bytes, 0, 8);
  t.metadata_size = getLittleEndian(bytes, 8, 8);
  t.content_hash = getLittleEndian(bytes, 16, 8);
  t.abi_version = static_cast<uint32_t>(getLittleEndian(bytes, 24, 4));
  t.flags = static_cast<uint32_t>(getLittleEndian(bytes, 28, 4));
  std::memcpy(t.magic, bytes.data() + 32, sizeof(t.magic));
  if (t.abi_version != DLC_ABI_VERSION) {
    error = "made for dlc ABI version " + std::to_string(t.abi_version) + ", expected " +
            std::to_string(DLC_ABI_VERSION);
    return false;
  }
  if (t.flags != 0) {
    error = "unknown trailer flags " + std::to_string(t.flags);
    return false;
  }
  uint64_t payload = fileSize - DLC_TRAILER_SIZE;
  if (t.library_size > payload || t.metadata_size != payload - t.library_size) {
    error = "the trailer describes " + std::to_string(t.library_size) + " library and " +
            std::to_string(t.metadata_size) + " metadata bytes, but the file has " +
            std::to_string(payload) + " before its trailer: truncated or appended to";
    return false;
  }
  out = t;
  return true;
}

dlc_trailer makeTrailer(std::string_view library, std::string_view metadataText) {
  dlc_trailer trailer{};
  trailer.library_size = library.size();
  trailer.metadata_size = metadataText.size();
  trailer.content_hash = fnv1a64(metadataText, fnv1a64(library));
  trailer.abi_version = DLC_ABI_VERSION;
  std::memcpy(trailer.magic, DLC_TRAILER_MAGIC, sizeof(trailer.magic));
  return trailer;
}

bool writeArtifact(const std::string &path, std::string_view library, const ModelMetadata &metadata,
                   std::string &error) {
  std::string invalid;
  if (!validateMetadata(metadata, invalid)) {
    error = "cannot write " + path + ": invalid metadata: " + invalid;
    return false;
  }
  std::string text = formatMetadata(metadata);
  dlc_trailer trailer = makeTrailer(library, text);

  // Unique per process and call; O_EXCL guards against anything else.
  static std::atomic<unsigned> counter{0};
  std::string temp =
      path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter.fetch_add(1));
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0777);
  if (fd < 0) {
    error = systemError("cannot create " + temp, errno);
    return false;
  }
  // No fsync: a file torn by a crash fails its content hash when read.
  bool written =
      writeAll(fd, library) && writeAll(fd, text) && writeAll(fd, encodeTrailer(trailer));
  int writeErrno = errno;
  if (::close(fd) != 0 && written) {
    written = false;
    writeErrno = errno;
  }
  if (!written) {
    ::unlink(temp.c_str());
    error = systemError("cannot write " + temp, writeErrno);
    return false;
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    int renameErrno = errno;
    ::unlink(temp.c_str());
    error = systemError("cannot rename " + temp + " to " + path, renameErrno);
    return false;
  }
  return true;
}

ReadResult readArtifact(const std::string &path, Artifact &out, std::string &error) {
  // O_NONBLOCK: a FIFO at the path must not hang the open; it is no artifact.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    int err = errno;
    error = systemError("cannot open " + path, err);
    return err == ENOENT || err == ENOTDIR ? ReadResult::NotFound : ReadResult::Unreadable;
  }
  FileCloser closer(fd);
  struct stat info {};
  if (::fstat(fd, &info) != 0)
    return readFailure(path, error);
  if (!S_ISREG(info.st_mode)) {
    error = path + " is not a regular file";
    return ReadResult::Unreadable;
  }
  uint64_t fileSize = static_cast<uint64_t>(info.st_size);
  if (fileSize < DLC_TRAILER_SIZE) {
    error = path + ": " + std::to_string(fileSize) + " bytes, too short for a dlc artifact";
    return ReadResult::Invalid;
  }

  std::string trailerBytes(DLC_TRAILER_SIZE, '\0');
  if (!readAt(fd, trailerBytes.data(), DLC_TRAILER_SIZE, fileSize - DLC_TRAILER_SIZE))
    return readFailure(path, error);
  dlc_trailer trailer{};
  std::string reason;
  if (!decodeTrailer(trailerBytes, fileSize, trailer, reason)) {
    error = path + ": " + reason;
    return ReadResult::Invalid;
  }
  if (trailer.metadata_size > kMaxMetadataBytes) {
    error = path + ": " + std::to_string(trailer.metadata_size) +
            " bytes of metadata, more than any model has";
    return ReadResult::Invalid;
  }

  std::string chunk(static_cast<size_t>(std::min<uint64_t>(kReadChunk, trailer.library_size)),
                    '\0');
  uint64_t hash = kFnv1a64Offset;
  for (uint64_t offset = 0; offset < trailer.library_size; offset += chunk.size()) {
    size_t size =
        static_cast<size_t>(std::min<uint64_t>(chunk.size(), trailer.library_size - offset));
    if (!readAt(fd, chunk.data(), size, offset))
      return readFailure(path, error);
    hash = fnv1a64(std::string_view(chunk.data(), size), hash);
  }
  std::string text(static_cast<size_t>(trailer.metadata_size), '\0');
  if (!readAt(fd, text.data(), text.size(), trailer.library_size))
    return readFailure(path, error);
  hash = fnv1a64(text, hash);
  if (hash != trailer.content_hash) {
    error = path + ": content hash mismatch (the file is corrupted)";
    return ReadResult::Invalid;
  }

  ModelMetadata metadata;
  if (!parseMetadata(text, metadata, reason)) {
    error = path + ": " + reason;
    return ReadResult::Invalid;
  }
  out.trailer = trailer;
  out.metadata = std::move(metadata);
  out.metadataDigest = metadataDigest(text);
  return ReadResult::Ok;
}

} // namespace dlc::artifact
