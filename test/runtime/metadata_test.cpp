//===- metadata_test.cpp - the metadata text: round trips and strictness --===//
#include "dlc/artifact.hpp"
#include "fixtures/fixture_metadata.hpp"

#include <random>

#include <gtest/gtest.h>

using namespace dlc::artifact;

namespace {

ModelMetadata fullMetadata() {
  ModelMetadata m = dlc::test::affineMetadata();
  m.producer = "dlc 0.1.0 (test  build %1)";
  m.cpuFeatures = {"avx", "avx2", "fma", "avx512f"};
  m.entries = {"run", "train_step"};
  m.params.push_back({"conv1.weight", DLC_DTYPE_BF16, {6, 3, 5, 5}, 128});
  m.weightsBytes = 128 + 6 * 3 * 5 * 5 * 2;
  return m;
}

// The text with `from` replaced by `to`, which must occur exactly once.
std::string replaced(std::string text, const std::string &from, const std::string &to) {
  size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  EXPECT_EQ(text.find(from, at + 1), std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

std::string parseError(const std::string &text) {
  ModelMetadata parsed;
  std::string error;
  EXPECT_FALSE(parseMetadata(text, parsed, error)) << text;
  return error;
}

TEST(Metadata, FormatsTheDocumentedText) {
  ModelMetadata m = dlc::test::negateMetadata();
  m.producer = "dlc 0.1.0";
  m.cpuFeatures = {"avx", "avx2"};
  m.params = {{"w", DLC_DTYPE_F32, {2}, 0}};
  m.weightsBytes = 8;
  EXPECT_EQ(formatMetadata(m), "dlc-metadata 1\n"
                               "producer dlc 0.1.0\n"
                               "target x86_64-unknown-linux-gnu\n"
                               "cpu-features avx,avx2\n"
                               "arena-bytes 0\n"
                               "weights-bytes 8\n"
                               "entry run\n"
                               "input a i64 1 3\n"
                               "output b i64 1 3\n"
                               "param w f32 1 2 0\n"
                               "end\n");
}

TEST(Metadata, RoundTripsEveryField) {
  ModelMetadata m = fullMetadata();
  ModelMetadata parsed;
  std::string error;
  ASSERT_TRUE(parseMetadata(formatMetadata(m), parsed, error)) << error;
  EXPECT_EQ(parsed, m);
}

TEST(Metadata, RoundTripsNamesWithSpacesPercentAndUnicode) {
  ModelMetadata m = dlc::test::negateMetadata();
  m.inputs[0].name = "input 1% \xE2\x88\x91 tab\there";
  m.outputs[0].name = std::string("nul\0byte\nnewline", 16);
  std::string text = formatMetadata(m);
  EXPECT_NE(text.find("input input%201%25%20%E2%88%91%20tab%09here i64"), std::string::npos)
      << text;
  ModelMetadata parsed;
  std::string error;
  ASSERT_TRUE(parseMetadata(text, parsed, error)) << error;
  EXPECT_EQ(parsed, m);
}

TEST(Metadata, EmptyFeatureListIsTheKeywordAlone) {
  ModelMetadata m = dlc::test::negateMetadata();
  std::string text = formatMetadata(m);
  EXPECT_NE(text.find("\ncpu-features\n"), std::string::npos);
  ModelMetadata parsed;
  std::string error;
  ASSERT_TRUE(parseMetadata(text, parsed, error)) << error;
  EXPECT_TRUE(parsed.cpuFeatures.empty());
}

TEST(Metadata, PercentDecodeRejectsMalformedEscapes) {
  std::string out;
  EXPECT_TRUE(percentDecode("a%2fb", out));
  EXPECT_EQ(out, "a/b");
  EXPECT_FALSE(percentDecode("a%2", out));
  EXPECT_FALSE(percentDecode("%", out));
  EXPECT_FALSE(percentDecode("%G0", out));
}

TEST(Metadata, RejectsDeviationsFromTheCanonicalText) {
  const std::string good = formatMetadata(fullMetadata());
  struct Case {
    const char *from;
    const char *to;
    const char *message;
  };
  const Case cases[] = {
      {"dlc-metadata 1\n", "dlc-metadata 2\n", "unsupported metadata version '2'"},
      {"dlc-metadata 1\n", "dlc-metadata\n", "'dlc-metadata' takes 1 field(s), got 0"},
      {"producer dlc", "producer %64lc", "not canonically percent-encoded"},
      {"target x86_64-unknown-linux-gnu\n", "", "expected 'target'"},
      {"arena-bytes 128", "arena-bytes 0128", "not a canonical decimal"},
      {"arena-bytes 128", "arena-bytes +128", "not a canonical decimal"},
      {"arena-bytes 128", "arena-bytes 18446744073709551616", "not a canonical decimal"},
      {"arena-bytes 128", "arena-bytes 9223372036854775808", "2^63 or more"},
      {"arena-bytes 128", "arena-bytes  128", "empty field"},
      {"cpu-features avx,avx2", "cpu-features avx,,avx2", "empty cpu feature"},
      {"cpu-features avx,avx2", "cpu-features avx avx2", "at most one"},
      {"entry train_step\n", "entry train_step\nentry run\n", "listed twice"},
      {"entry run\n", "entry 2run\n", "not a C identifier"},
      {"entry run\n", "", "there is no entry run"},
      {"input input%201%25 f32 2 4 8", "input input%201%25 f32 3 4 8", "rank 3 but 2 dims"},
      {"input input%201%25 f32", "input input%201%25 f31", "unknown dtype 'f31'"},
      {"input input%201%25", "input input%201%", "not canonically percent-encoded"},
      {"input input%201%25", "input input%201%2a", "not canonically percent-encoded"},
      {"input input%201%25", "input input%2A1%25", "not canonically percent-encoded"},
      {"param w f32 1 8 0", "param w f32 1 8 32", "not a multiple of 64"},
      {"param b f32 1 8 64", "param b f32 1 8 1024", "ends beyond weights-bytes"},
      {"param b f32 1 8 64", "param b f32 1 8", "rank 1 but 0 dims"},
      {"output y f32 2 4 8\n", "output y f32 2 4 8\ninput z f32 0\n", "'input' out of order"},
      {"end\n", "end\nend\n", "text after 'end'"},
      {"end\n", "end", "the last line has no newline"},
      {"end\n", "", "the text ends before 'end'"},
      {"end\n", "fin\n", "unexpected 'fin'"},
      {"entry run\n", "entry run \n", "empty field"},
  };
  for (const Case &c : cases) {
    std::string text = replaced(good, c.from, c.to);
    std::string error = parseError(text);
    EXPECT_NE(error.find(c.message), std::string::npos)
        << "replacing '" << c.from << "' by '" << c.to << "' gave: " << error;
    EXPECT_EQ(error.find('\n'), std::string::npos) << error;
  }
}

TEST(Metadata, RejectsATensorLineOutOfOrder) {
  // Moves the first output line before the input line.
  ModelMetadata m = dlc::test::negateMetadata();
  std::string text = replaced(formatMetadata(m), "input a i64 1 3\noutput b i64 1 3\n",
                              "output b i64 1 3\ninput a i64 1 3\n");
  EXPECT_NE(parseError(text).find("'input' out of order"), std::string::npos);
}

TEST(Metadata, ErrorsNameTheLine) {
  std::string text = replaced(formatMetadata(fullMetadata()), "weights-bytes", "weight-bytes");
  EXPECT_EQ(parseError(text).rfind("metadata line 6: expected 'weights-bytes'", 0), 0u);
}

TEST(Metadata, ValidateRejectsWhatTheTextCannotHold) {
  std::string error;
  ModelMetadata m = dlc::test::affineMetadata();
  ASSERT_TRUE(validateMetadata(m, error)) << error;

  ModelMetadata emptyName = m;
  emptyName.outputs[0].name.clear();
  EXPECT_FALSE(validateMetadata(emptyName, error));
  EXPECT_EQ(error, "output 0 has an empty name");

  ModelMetadata badDtype = m;
  badDtype.inputs[0].dtype = DLC_DTYPE_INVALID;
  EXPECT_FALSE(validateMetadata(badDtype, error));
  EXPECT_NE(error.find("unknown dtype 0"), std::string::npos) << error;

  ModelMetadata negativeDim = m;
  negativeDim.inputs[0].dims[1] = -1;
  EXPECT_FALSE(validateMetadata(negativeDim, error));

  ModelMetadata huge = m;
  huge.inputs[0].dims = {int64_t(1) << 40, int64_t(1) << 40};
  EXPECT_FALSE(validateMetadata(huge, error));
  EXPECT_NE(error.find("beyond 2^63"), std::string::npos) << error;

  ModelMetadata inputOffset = m;
  inputOffset.inputs[0].offset = 64;
  EXPECT_FALSE(validateMetadata(inputOffset, error));

  ModelMetadata badTarget = m;
  badTarget.target = "x86 64";
  EXPECT_FALSE(validateMetadata(badTarget, error));

  ModelMetadata badFeature = m;
  badFeature.cpuFeatures = {"avx,avx2"};
  EXPECT_FALSE(validateMetadata(badFeature, error));

  ModelMetadata noProducer = m;
  noProducer.producer.clear();
  EXPECT_FALSE(validateMetadata(noProducer, error));
}

TEST(Metadata, TensorByteSize) {
  EXPECT_EQ(tensorByteSize(DLC_DTYPE_F32, {}), 4u);
  EXPECT_EQ(tensorByteSize(DLC_DTYPE_BF16, {2, 3}), 12u);
  EXPECT_EQ(tensorByteSize(DLC_DTYPE_I64, {0, int64_t(1) << 62}), 0u);
  EXPECT_EQ(tensorByteSize(DLC_DTYPE_INVALID, {1}), std::nullopt);
  EXPECT_EQ(tensorByteSize(DLC_DTYPE_U8, {-1}), std::nullopt);
  EXPECT_EQ(tensorByteSize(DLC_DTYPE_U8, {int64_t(1) << 62, 2}), std::nullopt);
}

TEST(Metadata, EveryDtypeHasANameThatParses) {
  const dlc_dtype all[] = {DLC_DTYPE_F32, DLC_DTYPE_U8,  DLC_DTYPE_I8,  DLC_DTYPE_U16,
                           DLC_DTYPE_I16, DLC_DTYPE_I32, DLC_DTYPE_I64, DLC_DTYPE_BOOL,
                           DLC_DTYPE_F16, DLC_DTYPE_F64, DLC_DTYPE_U32, DLC_DTYPE_U64,
                           DLC_DTYPE_BF16};
  for (dlc_dtype dtype : all) {
    ASSERT_NE(dtypeName(dtype), nullptr) << dtype;
    EXPECT_EQ(parseDtype(dtypeName(dtype)), dtype);
    EXPECT_GT(dtypeSize(dtype), 0u);
  }
  EXPECT_EQ(dtypeName(DLC_DTYPE_INVALID), nullptr);
  EXPECT_EQ(parseDtype("float"), std::nullopt);
  EXPECT_EQ(dtypeFromValue(1), DLC_DTYPE_F32);
  EXPECT_EQ(dtypeFromValue(16), DLC_DTYPE_BF16);
  EXPECT_EQ(dtypeFromValue(8), std::nullopt); // ONNX string
  EXPECT_EQ(dtypeFromValue(0), std::nullopt);
  EXPECT_EQ(dtypeFromValue(1000), std::nullopt);
}

// Random edits of valid text must be rejected or parse into metadata that is
// valid and formats back to the same text; never crash or read out of bounds
// (run under ASan to see the latter).
TEST(Metadata, RandomMutationsNeverCrash) {
  const std::string good = formatMetadata(fullMetadata());
  const char interesting[] = {' ', '\n', '%', '0', '9', ',', '-', '\0', '\xff', 'A'};
  std::mt19937 random(12345);
  int accepted = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string text = good;
    int edits = 1 + static_cast<int>(random() % 4);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      size_t at = random() % text.size();
      char c =
          random() % 2 ? interesting[random() % sizeof(interesting)] : static_cast<char>(random());
      switch (random() % 4) {
      case 0:
        text[at] = c;
        break;
      case 1:
        text.insert(at, 1, c);
        break;
      case 2:
        text.erase(at, 1 + random() % 8);
        break;
      default:
        text.resize(at);
        break;
      }
    }
    ModelMetadata parsed;
    std::string error;
    if (parseMetadata(text, parsed, error)) {
      ++accepted;
      std::string revalidated;
      EXPECT_TRUE(validateMetadata(parsed, revalidated)) << revalidated;
      EXPECT_EQ(formatMetadata(parsed), text);
    } else {
      EXPECT_FALSE(error.empty());
      EXPECT_EQ(error.find('\n'), std::string::npos) << error;
    }
  }
  // Some edits (a digit for a digit, a letter in a name) keep the text valid.
  EXPECT_GT(accepted, 0);
}

} // namespace
