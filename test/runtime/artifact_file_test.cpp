//===- artifact_file_test.cpp - trailer, hash, writing and reading files --===//
#include "dlc/artifact.hpp"
#include "fixtures/fixture_metadata.hpp"
#include "test_support.hpp"

#include <filesystem>

#include <sys/stat.h>

#include <gtest/gtest.h>

using namespace dlc::artifact;
using dlc::test::readFile;
using dlc::test::TempDir;
using dlc::test::writeFile;

namespace {

const std::string kLibrary = "\x7f"
                             "ELF pretend library bytes";

TEST(ArtifactFile, Fnv1a64KnownValues) {
  EXPECT_EQ(fnv1a64(""), 0xcbf29ce484222325ull);
  EXPECT_EQ(fnv1a64("a"), 0xaf63dc4c8601ec8cull);
  EXPECT_EQ(fnv1a64("foobar"), 0x85944171f73967e8ull);
  EXPECT_EQ(fnv1a64("bar", fnv1a64("foo")), fnv1a64("foobar"));
}

TEST(ArtifactFile, TrailerIsLittleEndianAndRoundTrips) {
  dlc_trailer trailer{};
  trailer.library_size = 0x0102030405060708ull;
  trailer.metadata_size = 5;
  trailer.content_hash = 0xfedcba9876543210ull;
  trailer.abi_version = DLC_ABI_VERSION;
  std::memcpy(trailer.magic, DLC_TRAILER_MAGIC, 8);
  std::string bytes = encodeTrailer(trailer);
  ASSERT_EQ(bytes.size(), size_t(DLC_TRAILER_SIZE));
  EXPECT_EQ(bytes.substr(0, 2), "\x08\x07");
  EXPECT_EQ(bytes.substr(32), "DLCMODEL");

  dlc_trailer decoded{};
  std::string error;
  uint64_t fileSize = trailer.library_size + 5 + DLC_TRAILER_SIZE;
  ASSERT_TRUE(decodeTrailer(bytes, fileSize, decoded, error)) << error;
  EXPECT_EQ(decoded.library_size, trailer.library_size);
  EXPECT_EQ(decoded.content_hash, trailer.content_hash);
  EXPECT_FALSE(decodeTrailer(bytes, fileSize - 1, decoded, error));
  EXPECT_NE(error.find("truncated or appended to"), std::string::npos) << error;
}

TEST(ArtifactFile, TrailerSizesCannotOverflow) {
  dlc_trailer trailer{};
  trailer.library_size = ~uint64_t(0);
  trailer.metadata_size = 100;
  trailer.abi_version = DLC_ABI_VERSION;
  std::memcpy(trailer.magic, DLC_TRAILER_MAGIC, 8);
  dlc_trailer decoded{};
  std::string error;
  EXPECT_FALSE(decodeTrailer(encodeTrailer(trailer), 99 + DLC_TRAILER_SIZE, decoded, error));
}

TEST(ArtifactFile, WriteThenReadRoundTrips) {
  TempDir dir;
  std::string path = dir.file("model.so");
  ModelMetadata metadata = dlc::test::affineMetadata();
  std::string error;
  ASSERT_TRUE(writeArtifact(path, kLibrary, metadata, error)) << error;

  std::string bytes = readFile(path);
  std::string text = formatMetadata(metadata);
  ASSERT_EQ(bytes.size(), kLibrary.size() + text.size() + DLC_TRAILER_SIZE);
  EXPECT_EQ(bytes.substr(0, kLibrary.size()), kLibrary);
  EXPECT_EQ(bytes.substr(kLibrary.size(), text.size()), text);

  Artifact artifact;
  ASSERT_EQ(readArtifact(path, artifact, error), ReadResult::Ok) << error;
  EXPECT_EQ(artifact.metadata, metadata);
  EXPECT_EQ(artifact.trailer.library_size, kLibrary.size());
  EXPECT_EQ(artifact.trailer.content_hash, fnv1a64(bytes.substr(0, bytes.size() - 40)));
}

TEST(ArtifactFile, WriteReplacesAnExistingFileAndLeavesNoTemporary) {
  TempDir dir;
  std::string path = dir.file("model.so");
  writeFile(path, "old contents");
  std::string error;
  ASSERT_TRUE(writeArtifact(path, kLibrary, dlc::test::negateMetadata(), error)) << error;
  EXPECT_EQ(readFile(path).substr(0, kLibrary.size()), kLibrary);
  size_t files = 0;
  for (const auto &entry :
       std::filesystem::directory_iterator(std::filesystem::path(path).parent_path())) {
    (void)entry;
    ++files;
  }
  EXPECT_EQ(files, 1u);
}

TEST(ArtifactFile, WriteRefusesInvalidMetadata) {
  TempDir dir;
  ModelMetadata metadata = dlc::test::affineMetadata();
  metadata.params[1].offset = 8;
  std::string error;
  EXPECT_FALSE(writeArtifact(dir.file("model.so"), kLibrary, metadata, error));
  EXPECT_NE(error.find("not a multiple of 64"), std::string::npos) << error;
  EXPECT_FALSE(std::filesystem::exists(dir.file("model.so")));
}

TEST(ArtifactFile, WriteReportsAMissingDirectory) {
  TempDir dir;
  std::string error;
  EXPECT_FALSE(writeArtifact(dir.file("no/such/dir/model.so"), kLibrary,
                             dlc::test::negateMetadata(), error));
  EXPECT_NE(error.find("No such file or directory"), std::string::npos) << error;
}

TEST(ArtifactFile, ReadClassifiesFailures) {
  TempDir dir;
  Artifact artifact;
  std::string error;
  EXPECT_EQ(readArtifact(dir.file("missing.so"), artifact, error), ReadResult::NotFound);
  EXPECT_EQ(readArtifact(dir.file(""), artifact, error), ReadResult::Unreadable);
  EXPECT_NE(error.find("not a regular file"), std::string::npos) << error;

  ASSERT_EQ(::mkfifo(dir.file("fifo.so").c_str(), 0600), 0);
  EXPECT_EQ(readArtifact(dir.file("fifo.so"), artifact, error), ReadResult::Unreadable);

  writeFile(dir.file("short.so"), "tiny");
  EXPECT_EQ(readArtifact(dir.file("short.so"), artifact, error), ReadResult::Invalid);
  EXPECT_NE(error.find("too short"), std::string::npos) << error;

  writeFile(dir.file("plain.so"), std::string(4096, 'x'));
  EXPECT_EQ(readArtifact(dir.file("plain.so"), artifact, error), ReadResult::Invalid);
  EXPECT_NE(error.find("no dlc trailer"), std::string::npos) << error;
}

TEST(ArtifactFile, ReadChecksTheHashOfEveryByte) {
  TempDir dir;
  std::string path = dir.file("model.so");
  std::string error;
  ASSERT_TRUE(writeArtifact(path, kLibrary, dlc::test::negateMetadata(), error)) << error;
  const std::string good = readFile(path);
  for (size_t at = 0; at < good.size() - DLC_TRAILER_SIZE; ++at) {
    std::string bad = good;
    bad[at] ^= 0x20;
    writeFile(path, bad);
    Artifact artifact;
    EXPECT_EQ(readArtifact(path, artifact, error), ReadResult::Invalid) << "byte " << at;
    EXPECT_NE(error.find("content hash mismatch"), std::string::npos) << error;
  }
}

TEST(ArtifactFile, ReadReportsBadMetadataBehindAGoodHash) {
  TempDir dir;
  std::string path = dir.file("model.so");
  writeFile(path, dlc::test::assembleArtifact(kLibrary, "dlc-metadata 2\nproducer x\n"));
  Artifact artifact;
  std::string error;
  EXPECT_EQ(readArtifact(path, artifact, error), ReadResult::Invalid);
  EXPECT_NE(error.find("metadata line 3"), std::string::npos) << error;
}

} // namespace
