//===- pack_fixture.cpp - turns a fixture library into a dlc artifact -----===//
//
// usage: pack_fixture affine|negate|linear LIBRARY OUT
// What dlc-compile's last step does, for the hand-written fixture libraries.
//
//===----------------------------------------------------------------------===//
#include "fixtures/fixture_metadata.hpp"

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

int main(int argc, char **argv) {
  std::string model = argc == 4 ? argv[1] : "";
  if (model != "affine" && model != "negate" && model != "linear") {
    std::fprintf(stderr, "usage: pack_fixture affine|negate|linear LIBRARY OUT\n");
    return 2;
  }
  std::ifstream in(argv[2], std::ios::binary);
  std::string library((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.is_open() || library.empty()) {
    std::fprintf(stderr, "pack_fixture: cannot read %s\n", argv[2]);
    return 1;
  }
  dlc::artifact::ModelMetadata metadata = model == "affine"   ? dlc::test::affineMetadata()
                                          : model == "negate" ? dlc::test::negateMetadata()
                                                              : dlc::test::linearMetadata();
  std::string error;
  if (!dlc::artifact::writeArtifact(argv[3], library, metadata, error)) {
    std::fprintf(stderr, "pack_fixture: %s\n", error.c_str());
    return 1;
  }
  return 0;
}
