//===- metadata_test.cpp - the metadata text: round trips and strictness --===//
#include "dlc/artifact.hpp"
#include "fixtures/fixture_metadata.hpp"

#include <random>

#include <gtest/gtest.h>

using namespace dlc::artifact;

namespace {

// Every kind of line: read-only and state params interleaved, several
// entries, one with updates and one with neither inputs nor outputs.
ModelMetadata fullMetadata() {
  ModelMetadata m = dlc::test::linearMetadata();
  m.producer = "dlc 0.1.0 (test  build %1)";
  m.cpuFeatures = {"avx", "avx2", "fma", "avx512f"};
  m.params.push_back({"conv1.weight", DLC_DTYPE_BF16, {6, 3, 5, 5}, 320});
  m.params.push_back({"conv1 momentum%", DLC_DTYPE_BF16, {6, 3, 5, 5}, 1280, true});
  m.weightsBytes = 1280 + 6 * 3 * 5 * 5 * 2;
  m.entries[1].updates.push_back("conv1 momentum%");
  m.entries.push_back({"reset", {}, {}, {"optimizer.step"}});
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
  m.params = {{"w", DLC_DTYPE_F32, {2}, 0}, {"optimizer.lr", DLC_DTYPE_F32, {}, 64, true}};
  m.weightsBytes = 68;
  m.entries.push_back({"train_step",
                       {{"a", DLC_DTYPE_I64, {3}}, {"labels", DLC_DTYPE_I64, {3}}},
                       {{"loss", DLC_DTYPE_F32, {}}},
                       {"optimizer.lr"}});
  EXPECT_EQ(formatMetadata(m), "dlc-metadata 2\n"
                               "producer dlc 0.1.0\n"
                               "target x86_64-unknown-linux-gnu\n"
                               "cpu-features avx,avx2\n"
                               "arena-bytes 0\n"
                               "weights-bytes 68\n"
                               "param w f32 1 2 0\n"
                               "state optimizer.lr f32 0 64\n"
                               "entry run\n"
                               "input a i64 1 3\n"
                               "output b i64 1 3\n"
                               "entry train_step\n"
                               "input a i64 1 3\n"
                               "input labels i64 1 3\n"
                               "output loss f32 0\n"
                               "update optimizer.lr\n"
                               "end\n");
}

TEST(Metadata, RoundTripsEveryField) {
  ModelMetadata m = fullMetadata();
  ModelMetadata parsed;
  std::string error;
  ASSERT_TRUE(parseMetadata(formatMetadata(m), parsed, error)) << error;
  EXPECT_EQ(parsed, m);
  EXPECT_TRUE(parsed.params[0].writable);
  EXPECT_FALSE(parsed.params[1].writable);
  ASSERT_EQ(parsed.entries.size(), 4u);
  EXPECT_EQ(parsed.entries[1].updates,
            (std::vector<std::string>{"w", "b", "optimizer.step", "conv1 momentum%"}));
  EXPECT_TRUE(parsed.entries[3].inputs.empty());
}

TEST(Metadata, EqualityLooksAtEveryField) {
  const ModelMetadata m = fullMetadata();
  ModelMetadata writable = m;
  writable.params[1].writable = true;
  EXPECT_NE(writable, m);
  ModelMetadata update = m;
  update.entries[1].updates.pop_back();
  EXPECT_NE(update, m);
  ModelMetadata entryName = m;
  entryName.entries[2].name = "evaluate";
  EXPECT_NE(entryName, m);
  ModelMetadata output = m;
  output.entries[2].outputs[1].dtype = DLC_DTYPE_I32;
  EXPECT_NE(output, m);
}

TEST(Metadata, FindsEntriesAndParamsByName) {
  const ModelMetadata m = fullMetadata();
  ASSERT_NE(m.findEntry("eval"), nullptr);
  EXPECT_EQ(m.findEntry("eval"), &m.entries[2]);
  EXPECT_EQ(m.findEntry("Eval"), nullptr);
  ASSERT_NE(m.findParam("conv1 momentum%"), nullptr);
  EXPECT_TRUE(m.findParam("conv1 momentum%")->writable);
  EXPECT_EQ(m.findParam("optimizer"), nullptr);
}

TEST(Metadata, RoundTripsNamesWithSpacesPercentAndUnicode) {
  ModelMetadata m = dlc::test::negateMetadata();
  m.entries[0].inputs[0].name = "input 1% \xE2\x88\x91 tab\there";
  m.entries[0].outputs[0].name = std::string("nul\0byte\nnewline", 16);
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
      {"dlc-metadata 2\n", "dlc-metadata 1\n", "unsupported metadata version '1'"},
      {"dlc-metadata 2\n", "dlc-metadata\n", "'dlc-metadata' takes 1 field(s), got 0"},
      {"producer dlc", "producer %64lc", "not canonically percent-encoded"},
      {"target x86_64-unknown-linux-gnu\n", "", "expected 'target'"},
      {"arena-bytes 32", "arena-bytes 032", "not a canonical decimal"},
      {"arena-bytes 32", "arena-bytes +32", "not a canonical decimal"},
      {"arena-bytes 32", "arena-bytes 18446744073709551616", "not a canonical decimal"},
      {"arena-bytes 32", "arena-bytes 9223372036854775808", "2^63 or more"},
      {"arena-bytes 32", "arena-bytes  32", "empty field"},
      {"cpu-features avx,avx2", "cpu-features avx,,avx2", "empty cpu feature"},
      {"cpu-features avx,avx2", "cpu-features avx avx2", "at most one"},
      // Params and state.
      {"state w f32 2 3 2 0", "state w f32 2 3 2 32", "not a multiple of 64"},
      {"param input_scale f32 1 3 64", "param input_scale f32 1 3 4096",
       "ends beyond weights-bytes"},
      {"param input_scale f32 1 3 64", "param input_scale f32 1 3", "rank 1 but 0 dims"},
      {"state b f32 1 2 128", "state b f32 1 2", "rank 1 but 0 dims"},
      {"state b f32 1 2 128", "state b f32 1 2 128 0", "rank 1 but 2 dims"},
      {"state b f32 1 2 128", "state b f32", "needs a name, dtype, rank, dims and offset"},
      {"state b f32 1 2 128", "state  b f32 1 2 128", "empty field"},
      {"state b f32 1 2 128", "State b f32 1 2 128", "unexpected 'State'"},
      {"state b f32 1 2 128", "state w f32 1 2 128", "has the name of param 0"},
      {"param input_scale f32 1 3 64", "param w f32 1 3 64", "has the name of param 0"},
      {"state b f32 1 2 128", "state b%2e f32 1 2 128", "not canonically percent-encoded"},
      // Entries.
      {"entry eval\n", "entry train_step\n", "entry train_step is listed twice"},
      {"entry eval\n", "entry 2eval\n", "\"2eval\" is not a C identifier"},
      {"entry eval\n", "entry ev%41l\n", "\"ev%2541l\" is not a C identifier"},
      {"entry eval\n", "entry eval x\n", "'entry' takes 1 field(s), got 2"},
      {"entry eval\n", "entry\n", "'entry' takes 1 field(s), got 0"},
      {"entry run\n", "entry Run\n", "the first entry is Run, but run must come first"},
      {"entry run\n", "entry go\n", "the first entry is go, but run must come first"},
      {"input x f32 2 4 3\noutput logits", "input x f32 2 4 3\ninput x f32 3 4 3\noutput logits",
       "rank 3 but 2 dims"},
      {"output logits f32", "output logits f31", "unknown dtype 'f31'"},
      {"output logits", "output logits%", "not canonically percent-encoded"},
      {"output logits", "output logits%2a", "not canonically percent-encoded"},
      {"output logits", "output %6Cogits", "not canonically percent-encoded"},
      {"output logits f32 2 4 2\n", "output logits f32 2 4 2 0\n", "rank 2 but 3 dims"},
      // Updates.
      {"update b\n", "update input_scale\n",
       "entry train_step update \"input_scale\" names a read-only param, not state"},
      {"update b\n", "update c\n", "entry train_step update \"c\" names no param"},
      {"update b\n", "update w\n", "entry train_step update \"w\" is listed twice"},
      {"update b\n", "update b%\n", "not canonically percent-encoded"},
      {"update b\n", "update\n", "'update' takes 1 field(s), got 0"},
      {"update b\n", "update b b\n", "'update' takes 1 field(s), got 2"},
      {"update b\n", "update b \n", "empty field"},
      {"update conv1%20momentum%25\n", "update conv1 momentum%25\n",
       "'update' takes 1 field(s), got 2"},
      // Order.
      {"entry run\n", "update w\nentry run\n", "'update' before the first 'entry'"},
      {"entry run\n", "input x f32 0\nentry run\n", "'input' before the first 'entry'"},
      {"entry eval\n", "entry eval\nstate z f32 0 0\n", "'state' out of order"},
      {"entry eval\n", "param z f32 0 0\nentry eval\n", "'param' out of order"},
      {"output loss f32 0\nupdate w\n", "update w\noutput loss f32 0\n", "'output' out of order"},
      {"update w\n", "update w\ninput y f32 0\n", "'input' out of order"},
      {"output logits f32 2 4 2\n", "output logits f32 2 4 2\ninput z f32 0\n",
       "'input' out of order"},
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

TEST(Metadata, AnEntryLineStartsTheNextEntry) {
  // An entry without lines, then one with only updates: both parse.
  ModelMetadata m = fullMetadata();
  m.entries.insert(m.entries.begin() + 1, {"noop", {}, {}, {}});
  std::string text = formatMetadata(m);
  EXPECT_NE(text.find("entry noop\nentry train_step\n"), std::string::npos) << text;
  EXPECT_NE(text.find("entry reset\nupdate optimizer.step\nend\n"), std::string::npos) << text;
  ModelMetadata parsed;
  std::string error;
  ASSERT_TRUE(parseMetadata(text, parsed, error)) << error;
  EXPECT_EQ(parsed, m);
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
  emptyName.entries[0].outputs[0].name.clear();
  EXPECT_FALSE(validateMetadata(emptyName, error));
  EXPECT_EQ(error, "entry run output 0 has an empty name");

  ModelMetadata emptyParamName = m;
  emptyParamName.params[1].name.clear();
  EXPECT_FALSE(validateMetadata(emptyParamName, error));
  EXPECT_EQ(error, "param 1 has an empty name");

  ModelMetadata badDtype = m;
  badDtype.entries[0].inputs[0].dtype = DLC_DTYPE_INVALID;
  EXPECT_FALSE(validateMetadata(badDtype, error));
  EXPECT_EQ(error, "entry run input 0 (\"input 1%25\") has unknown dtype 0");

  ModelMetadata stringParam = m;
  stringParam.params[1].dtype = DLC_DTYPE_STRING;
  EXPECT_FALSE(validateMetadata(stringParam, error));
  EXPECT_EQ(error, "param 1 (\"b\") has dtype string, which params cannot have");

  ModelMetadata negativeDim = m;
  negativeDim.entries[0].inputs[0].dims[1] = -1;
  EXPECT_FALSE(validateMetadata(negativeDim, error));

  ModelMetadata huge = m;
  huge.params[0].dims = {int64_t(1) << 40, int64_t(1) << 40};
  EXPECT_FALSE(validateMetadata(huge, error));
  EXPECT_NE(error.find("beyond 2^63"), std::string::npos) << error;

  ModelMetadata inputOffset = m;
  inputOffset.entries[0].inputs[0].offset = 64;
  EXPECT_FALSE(validateMetadata(inputOffset, error));
  EXPECT_NE(error.find("has an offset, which only params have"), std::string::npos) << error;

  ModelMetadata writableOutput = m;
  writableOutput.entries[0].outputs[1].writable = true;
  EXPECT_FALSE(validateMetadata(writableOutput, error));
  EXPECT_NE(error.find("is writable, which only params can be"), std::string::npos) << error;

  ModelMetadata noEntries = m;
  noEntries.entries.clear();
  EXPECT_FALSE(validateMetadata(noEntries, error));
  EXPECT_EQ(error, "there is no entry run");

  ModelMetadata emptyEntryName = m;
  emptyEntryName.entries.push_back({"", {}, {}, {}});
  EXPECT_FALSE(validateMetadata(emptyEntryName, error));
  EXPECT_EQ(error, "entry \"\" is not a C identifier");

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

TEST(Metadata, ValidateChecksEveryUpdate) {
  std::string error;
  ModelMetadata m = dlc::test::linearMetadata();
  ASSERT_TRUE(validateMetadata(m, error)) << error;

  ModelMetadata readOnly = m;
  readOnly.params[0].writable = false;
  EXPECT_FALSE(validateMetadata(readOnly, error));
  EXPECT_EQ(error, "entry train_step update \"w\" names a read-only param, not state");

  // Each entry may update a param once, and several entries may update it.
  ModelMetadata twice = m;
  twice.entries[2].updates = {"w"};
  ASSERT_TRUE(validateMetadata(twice, error)) << error;
  twice.entries[2].updates = {"w", "b", "w"};
  EXPECT_FALSE(validateMetadata(twice, error));
  EXPECT_EQ(error, "entry eval update \"w\" is listed twice");

  ModelMetadata missing = m;
  missing.entries[1].updates.push_back("optimizer.momentum");
  EXPECT_FALSE(validateMetadata(missing, error));
  EXPECT_EQ(error, "entry train_step update \"optimizer.momentum\" names no param");

  ModelMetadata duplicateParam = m;
  duplicateParam.params[3].name = "b";
  EXPECT_FALSE(validateMetadata(duplicateParam, error));
  EXPECT_EQ(error, "param 3 (\"b\") has the name of param 2");

  ModelMetadata runNotFirst = m;
  std::swap(runNotFirst.entries[0], runNotFirst.entries[1]);
  EXPECT_FALSE(validateMetadata(runNotFirst, error));
  EXPECT_EQ(error, "the first entry is train_step, but run must come first");
}

TEST(Metadata, TensorByteSize) {
  EXPECT_EQ(tensorByteSize(DLC_DTYPE_F32, {}), 4u);
  EXPECT_EQ(tensorByteSize(DLC_DTYPE_BF16, {2, 3}), 12u);
  EXPECT_EQ(tensorByteSize(DLC_DTYPE_I64, {0, int64_t(1) << 59}), 0u);
  // Found by dlc-tensor-file-fuzzer: a zero dim after dims whose product
  // overflows was accepted, or not, depending on the order.
  EXPECT_EQ(tensorByteSize(DLC_DTYPE_I64, {0, int64_t(1) << 62}), std::nullopt);
  EXPECT_EQ(tensorByteSize(DLC_DTYPE_F32, {int64_t(1) << 40, int64_t(1) << 40, 0}), std::nullopt);
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
  EXPECT_EQ(dtypeFromValue(8), DLC_DTYPE_STRING);
  EXPECT_EQ(dtypeFromValue(14), std::nullopt); // ONNX complex64
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
