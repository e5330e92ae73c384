//===- model_test.cpp - loading artifacts: good, broken and foreign -------===//
#include "dlc/runtime.h"
#include "fixtures/fixture_metadata.hpp"
#include "test_support.hpp"

#include <optional>
#include <random>

#include <unistd.h>

#include <gtest/gtest.h>

using namespace dlc::test;

namespace {

// The outcome of dlc_model_load, with the model released at the end.
struct Load {
  dlc_status_code code = DLC_OK;
  std::string message;
  dlc_model *model = nullptr;

  explicit Load(const std::string &path) {
    dlc_status *status = dlc_model_load(path.c_str(), &model);
    code = dlc_status_get_code(status);
    message = dlc_status_message(status);
    dlc_status_free(status);
  }
  Load(const Load &) = delete;
  Load &operator=(const Load &) = delete;
  ~Load() { dlc_model_release(model); }
};

std::string dimsOf(const dlc_tensor_info &info) {
  std::string out;
  for (int32_t i = 0; i < info.rank; ++i)
    out += (i ? "x" : "") + std::to_string(info.dims[i]);
  return out;
}

TEST(ModelLoad, DescribesTheFixture) {
  Load load(kAffineArtifact);
  ASSERT_EQ(load.code, DLC_OK) << load.message;
  dlc_model *model = load.model;
  ASSERT_EQ(dlc_model_input_count(model), 1u);
  ASSERT_EQ(dlc_model_output_count(model), 2u);
  ASSERT_EQ(dlc_model_param_count(model), 2u);
  EXPECT_EQ(dlc_model_arena_bytes(model), size_t(AFFINE_ARENA_BYTES));
  std::string bytes = readFile(kAffineArtifact);
  EXPECT_EQ(dlc_model_content_hash(model),
            dlc::artifact::fnv1a64(bytes.substr(0, bytes.size() - DLC_TRAILER_SIZE)));

  dlc_tensor_info info{};
  ASSERT_EQ(dlc_model_input_info(model, 0, &info), nullptr);
  EXPECT_STREQ(info.name, kAffineInputName);
  EXPECT_EQ(info.dtype, DLC_DTYPE_F32);
  EXPECT_EQ(dimsOf(info), "4x8");
  EXPECT_EQ(info.byte_size, size_t(AFFINE_ROWS * AFFINE_COLS * 4));

  ASSERT_EQ(dlc_model_output_info(model, 1, &info), nullptr);
  EXPECT_STREQ(info.name, kAffineSumName);
  EXPECT_EQ(info.rank, 0);
  EXPECT_EQ(info.byte_size, 4u);

  ASSERT_EQ(dlc_model_param_info(model, 1, &info), nullptr);
  EXPECT_STREQ(info.name, "b");
  EXPECT_EQ(info.byte_size, size_t(AFFINE_COLS * 4));
}

TEST(ModelLoad, InfoIndexOutOfRange) {
  Load load(kAffineArtifact);
  ASSERT_EQ(load.code, DLC_OK) << load.message;
  dlc_tensor_info info{};
  dlc_status *status = dlc_model_output_info(load.model, 2, &info);
  EXPECT_EQ(dlc_status_get_code(status), DLC_INVALID_ARGUMENT);
  EXPECT_STREQ(dlc_status_message(status), "output index 2 is out of range: the model has 2");
  dlc_status_free(status);
  status = dlc_model_input_info(load.model, 0, nullptr);
  EXPECT_EQ(dlc_status_get_code(status), DLC_INVALID_ARGUMENT);
  dlc_status_free(status);
}

TEST(ModelLoad, NullArguments) {
  dlc_model *model = nullptr;
  dlc_status *status = dlc_model_load(nullptr, &model);
  EXPECT_EQ(dlc_status_get_code(status), DLC_INVALID_ARGUMENT);
  dlc_status_free(status);
  status = dlc_model_load(kAffineArtifact.c_str(), nullptr);
  EXPECT_EQ(dlc_status_get_code(status), DLC_INVALID_ARGUMENT);
  dlc_status_free(status);
  EXPECT_EQ(dlc_model_input_count(nullptr), 0u);
  dlc_model_release(nullptr);
}

TEST(ModelLoad, MissingFile) {
  TempDir dir;
  Load load(dir.file("missing.so"));
  EXPECT_EQ(load.code, DLC_NOT_FOUND);
  EXPECT_NE(load.message.find("missing.so: No such file or directory"), std::string::npos)
      << load.message;
  EXPECT_EQ(load.model, nullptr);
}

TEST(ModelLoad, DirectoryIsNotAModel) {
  TempDir dir;
  Load load(dir.file(""));
  EXPECT_EQ(load.code, DLC_INVALID_ARGUMENT) << load.message;
}

// Every cut, also inside the ELF part where dlopen would fault, is refused
// before dlopen.
TEST(ModelLoad, TruncatedArtifacts) {
  const std::string good = readFile(kAffineArtifact);
  TempDir dir;
  std::string path = dir.file("cut.so");
  for (size_t length : {size_t(0), size_t(1), size_t(39), size_t(40), size_t(64), size_t(4096),
                        good.size() / 2, good.size() - 200, good.size() - 41, good.size() - 1}) {
    writeFile(path, good.substr(0, length));
    Load load(path);
    EXPECT_EQ(load.code, DLC_INVALID_ARTIFACT) << length << ": " << load.message;
    EXPECT_EQ(load.model, nullptr);
  }
}

TEST(ModelLoad, FlippedBytesFailTheHash) {
  const std::string good = readFile(kAffineArtifact);
  TempDir dir;
  std::string path = dir.file("flipped.so");
  size_t library = good.size() - DLC_TRAILER_SIZE - formatMetadata(affineMetadata()).size();
  for (size_t at : {size_t(0), size_t(100), library / 2, library - 1, library + 3,
                    good.size() - DLC_TRAILER_SIZE - 2}) {
    std::string bad = good;
    bad[at] ^= 1;
    writeFile(path, bad);
    Load load(path);
    EXPECT_EQ(load.code, DLC_INVALID_ARTIFACT) << at;
    EXPECT_NE(load.message.find("content hash mismatch"), std::string::npos) << load.message;
  }
}

TEST(ModelLoad, ForeignSharedLibrary) {
  Load load(kAffineLibrary);
  EXPECT_EQ(load.code, DLC_INVALID_ARTIFACT);
  EXPECT_NE(load.message.find("no dlc trailer"), std::string::npos) << load.message;
}

TEST(ModelLoad, WrongAbiVersion) {
  TempDir dir;
  std::string path = dir.file("abi.so");
  writeFile(path, assembleArtifact(readFile(kAffineLibrary), formatMetadata(affineMetadata()),
                                   DLC_ABI_VERSION + 1));
  Load load(path);
  EXPECT_EQ(load.code, DLC_INVALID_ARTIFACT);
  EXPECT_NE(load.message.find("made for dlc ABI version " + std::to_string(DLC_ABI_VERSION + 1) +
                              ", expected " + std::to_string(DLC_ABI_VERSION)),
            std::string::npos)
      << load.message;
}

TEST(ModelLoad, UnknownOrMissingCpuFeature) {
  TempDir dir;
  std::string path = dir.file("features.so");
  dlc::artifact::ModelMetadata metadata = affineMetadata();
  metadata.cpuFeatures = {"sse4.1", "quantum-fma"};
  std::string error;
  ASSERT_TRUE(dlc::artifact::writeArtifact(path, readFile(kAffineLibrary), metadata, error))
      << error;
  Load load(path);
  EXPECT_EQ(load.code, DLC_UNSUPPORTED);
  EXPECT_NE(load.message.find("unknown to this runtime: quantum-fma"), std::string::npos)
      << load.message;
}

TEST(ModelLoad, ParamsWithoutWeightsSymbol) {
  TempDir dir;
  std::string path = dir.file("noweights.so");
  std::string error;
  ASSERT_TRUE(dlc::artifact::writeArtifact(path, readFile(kNegateLibrary), affineMetadata(), error))
      << error;
  Load load(path);
  EXPECT_EQ(load.code, DLC_INVALID_ARTIFACT);
  EXPECT_NE(load.message.find("lacks dlc_weights"), std::string::npos) << load.message;
}

TEST(ModelLoad, WeightsSymbolSmallerThanTheMetadataSays) {
  TempDir dir;
  std::string path = dir.file("small.so");
  dlc::artifact::ModelMetadata metadata = affineMetadata();
  metadata.weightsBytes = 4096;
  std::string error;
  ASSERT_TRUE(dlc::artifact::writeArtifact(path, readFile(kAffineLibrary), metadata, error))
      << error;
  Load load(path);
  EXPECT_EQ(load.code, DLC_INVALID_ARTIFACT);
  EXPECT_NE(load.message.find("dlc_weights has 96 bytes, the metadata says 4096"),
            std::string::npos)
      << load.message;
}

TEST(ModelLoad, MissingEntrySymbol) {
  TempDir dir;
  std::string path = dir.file("noentry.so");
  dlc::artifact::ModelMetadata metadata = negateMetadata();
  metadata.entries.push_back({"train_step", {}, {}, {}});
  std::string error;
  ASSERT_TRUE(dlc::artifact::writeArtifact(path, readFile(kNegateLibrary), metadata, error))
      << error;
  Load load(path);
  EXPECT_EQ(load.code, DLC_INVALID_ARTIFACT);
  EXPECT_NE(load.message.find("lacks dlc_entry_train_step"), std::string::npos) << load.message;
}

// Metadata edited behind a recomputed hash would make the code overrun its
// arena or its callers' buffers; the library's digest refuses every such
// edit before the first run.
Load loadWithMetadata(const TempDir &dir, const std::string &library,
                      const dlc::artifact::ModelMetadata &metadata) {
  static int count = 0;
  std::string path = dir.file("edited" + std::to_string(count++) + ".so");
  std::string error;
  EXPECT_TRUE(dlc::artifact::writeArtifact(path, readFile(library), metadata, error)) << error;
  return Load(path);
}

void expectUnbound(const Load &load) {
  EXPECT_EQ(load.code, DLC_INVALID_ARTIFACT);
  EXPECT_NE(load.message.find("the metadata does not belong to this library"), std::string::npos)
      << load.message;
  EXPECT_EQ(load.model, nullptr);
}

TEST(ModelBinding, ZeroArena) {
  TempDir dir;
  dlc::artifact::ModelMetadata metadata = affineMetadata();
  metadata.arenaBytes = 0;
  expectUnbound(loadWithMetadata(dir, kAffineLibrary, metadata));
}

TEST(ModelBinding, SmallerOutputDims) {
  TempDir dir;
  dlc::artifact::ModelMetadata metadata = affineMetadata();
  metadata.entries[0].outputs[0].dims = {AFFINE_ROWS - 1, AFFINE_COLS};
  expectUnbound(loadWithMetadata(dir, kAffineLibrary, metadata));
}

TEST(ModelBinding, MissingInputLine) {
  TempDir dir;
  dlc::artifact::ModelMetadata metadata = negateMetadata();
  metadata.entries[0].inputs.clear();
  expectUnbound(loadWithMetadata(dir, kNegateLibrary, metadata));
}

TEST(ModelBinding, AnotherModelsMetadata) {
  TempDir dir;
  expectUnbound(loadWithMetadata(dir, kAffineLibrary, negateMetadata()));
}

TEST(ModelBinding, OnlyTheProducerEdited) {
  TempDir dir;
  dlc::artifact::ModelMetadata metadata = negateMetadata();
  metadata.producer += " (edited)";
  expectUnbound(loadWithMetadata(dir, kNegateLibrary, metadata));
}

TEST(ModelBinding, LibraryWithoutDigest) {
  TempDir dir;
  Load load = loadWithMetadata(dir, kUndigestedLibrary, negateMetadata());
  EXPECT_EQ(load.code, DLC_INVALID_ARTIFACT);
  EXPECT_NE(load.message.find("the library lacks a 64-bit dlc_metadata_digest"),
            std::string::npos)
      << load.message;
}

TEST(ModelBinding, TheFixturesAreBound) {
  for (const std::string &path : {kAffineArtifact, kNegateArtifact, kLinearArtifact}) {
    Load load(path);
    EXPECT_EQ(load.code, DLC_OK) << load.message;
  }
}

TEST(ModelLoad, ValidTrailerAroundANonElfLibrary) {
  TempDir dir;
  std::string path = dir.file("text.so");
  writeFile(path, assembleArtifact(std::string(8192, 'x'), formatMetadata(negateMetadata())));
  Load load(path);
  EXPECT_EQ(load.code, DLC_INVALID_ARTIFACT);
  EXPECT_NE(load.message.find("dlopen failed"), std::string::npos) << load.message;
}

// Random edits of the metadata behind a correct hash reach the parser through
// the whole load path: none may crash, and every refusal is one line.
TEST(ModelLoad, MutatedMetadataNeverCrashes) {
  const std::string library = readFile(kNegateLibrary);
  const std::string text = formatMetadata(negateMetadata());
  TempDir dir;
  std::mt19937 random(7);
  for (int round = 0; round < 300; ++round) {
    // A fresh file each time: rewriting a library in place while it is
    // mapped would corrupt the mapping.
    std::string path = dir.file("mutated" + std::to_string(round) + ".so");
    std::string bad = text;
    size_t at = random() % bad.size();
    if (random() % 2)
      bad[at] = static_cast<char>(random());
    else
      bad.erase(at, 1 + random() % 5);
    writeFile(path, assembleArtifact(library, bad));
    Load load(path);
    if (load.code == DLC_OK)
      EXPECT_EQ(dlc_model_input_count(load.model), 1u);
    else
      EXPECT_EQ(load.message.find('\n'), std::string::npos) << load.message;
  }
}

TEST(ModelLoad, SamePathTwiceGivesTwoModels) {
  Load first(kAffineArtifact);
  Load second(kAffineArtifact);
  ASSERT_EQ(first.code, DLC_OK) << first.message;
  ASSERT_EQ(second.code, DLC_OK) << second.message;
  EXPECT_NE(first.model, second.model);
}

TEST(ModelLoad, RelativePathWithoutSlash) {
  TempDir dir;
  std::string path = dir.file("model.so");
  writeFile(path, readFile(kNegateArtifact));
  char previous[4096];
  ASSERT_NE(getcwd(previous, sizeof previous), nullptr);
  ASSERT_EQ(chdir(path.substr(0, path.rfind('/')).c_str()), 0);
  {
    Load load("model.so");
    EXPECT_EQ(load.code, DLC_OK) << load.message;
  }
  ASSERT_EQ(chdir(previous), 0);
}

// dlopen would hand back the library still loaded from the old file; the
// runtime notices the content changed instead of pairing old code with new
// metadata.
TEST(ModelLoad, ReplacedFileWhileLoaded) {
  TempDir dir;
  std::string path = dir.file("model.so");
  std::string error;
  ASSERT_TRUE(
      dlc::artifact::writeArtifact(path, readFile(kAffineLibrary), affineMetadata(), error));
  std::optional<Load> first(std::in_place, path);
  ASSERT_EQ(first->code, DLC_OK) << first->message;
  ASSERT_TRUE(
      dlc::artifact::writeArtifact(path, readFile(kNegateLibrary), negateMetadata(), error));
  {
    Load stale(path);
    EXPECT_EQ(stale.code, DLC_INVALID_ARGUMENT);
    EXPECT_NE(stale.message.find("release that model first"), std::string::npos) << stale.message;
  }
  first.reset();
  Load fresh(path);
  ASSERT_EQ(fresh.code, DLC_OK) << fresh.message;
  EXPECT_EQ(dlc_model_param_count(fresh.model), 0u);
}

// A library linked -z nodelete stays mapped after its model is released, and
// dlopen would hand back that mapping for the path even after the file is
// replaced.
TEST(ModelLoad, ReplacedFileOfAResidentLibrary) {
  TempDir dir;
  std::string path = dir.file("model.so");
  writeFile(path, readFile(kResidentArtifact));
  {
    Load first(path);
    ASSERT_EQ(first.code, DLC_OK) << first.message;
  }
  {
    Load again(path);
    EXPECT_EQ(again.code, DLC_OK) << again.message;
  }
  std::string error;
  ASSERT_TRUE(
      dlc::artifact::writeArtifact(path, readFile(kNegateLibrary), negateMetadata(), error));
  Load replaced(path);
  EXPECT_EQ(replaced.code, DLC_INVALID_ARGUMENT);
  EXPECT_NE(replaced.message.find("stays mapped in this process"), std::string::npos)
      << replaced.message;
}

} // namespace
