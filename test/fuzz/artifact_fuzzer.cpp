//===- artifact_fuzzer.cpp - bytes through the runtime's artifact reader --===//
//
// Any bytes as metadata text, behind a trailer with a correct hash (which a
// fuzzer would never find by chance), read by the runtime's readArtifact; and
// the same bytes' end as a trailer. The reader accepts exactly the texts the
// writer produces, so an accepted text must format back to itself.
//
//===----------------------------------------------------------------------===//
#include "FuzzSupport.h"

#include "dlc/artifact.hpp"

#include <string_view>

using namespace dlc::artifact;

namespace {
std::string artifactAround(std::string_view text) {
  // Not loaded, only read: any bytes do for the library part.
  static const std::string library(4096, '\0');
  return library + std::string(text) + encodeTrailer(makeTrailer(library, text));
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const std::string path = dlc::fuzz::scratchPath("model.so");
  std::string_view text(reinterpret_cast<const char *>(data), size);
  std::string error;

  ModelMetadata parsed;
  bool parses = parseMetadata(text, parsed, error);
  if (!parses)
    dlc::fuzz::checkOneLine(error);
  else if (formatMetadata(parsed) != text)
    dlc::fuzz::fail("an accepted metadata text that formats differently", std::string(text));

  std::string file = artifactAround(text);
  dlc::fuzz::writeScratch(path, reinterpret_cast<const uint8_t *>(file.data()), file.size());
  Artifact artifact;
  error.clear();
  ReadResult result = readArtifact(path, artifact, error);
  if (result != ReadResult::Ok)
    dlc::fuzz::checkOneLine(error);
  if ((result == ReadResult::Ok) != parses || (parses && artifact.metadata != parsed))
    dlc::fuzz::fail("readArtifact and parseMetadata disagree", error);

  if (size >= DLC_TRAILER_SIZE) {
    dlc_trailer trailer{};
    error.clear();
    if (!decodeTrailer(text.substr(size - DLC_TRAILER_SIZE), size, trailer, error))
      dlc::fuzz::checkOneLine(error);
    else if (trailer.library_size + trailer.metadata_size + DLC_TRAILER_SIZE != size)
      dlc::fuzz::fail("a trailer whose sizes do not add up was accepted", "");
  }
  return 0;
}
