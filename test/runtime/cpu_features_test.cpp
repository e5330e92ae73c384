//===- cpu_features_test.cpp - the pre-load CPU feature check -------------===//
#include "cpu_features.hpp"

#include <gtest/gtest.h>

using namespace dlc::runtime;

namespace {

// The list docs/artifact.md gives.
const char *const kDocumentedFeatures[] = {"sse4.1",   "sse4.2",     "avx",        "avx2",
                                           "fma",      "f16c",       "bmi",        "bmi2",
                                           "avx512f",  "avx512bw",   "avx512dq",   "avx512vl",
                                           "avx512cd", "avx512vnni", "avx512bf16", "avx512fp16"};

CpuFeatureMask maskOf(std::initializer_list<const char *> names) {
  CpuFeatureMask mask = 0;
  for (const char *name : names)
    mask |= cpuFeatureBit(name).value();
  return mask;
}

struct StatusDeleter {
  void operator()(dlc_status *status) const { dlc_status_free(status); }
};
using StatusPtr = std::unique_ptr<dlc_status, StatusDeleter>;

TEST(CpuFeatures, KnowsEveryDocumentedFeatureWithItsOwnBit) {
  CpuFeatureMask seen = 0;
  for (const char *name : kDocumentedFeatures) {
    std::optional<CpuFeatureMask> bit = cpuFeatureBit(name);
    ASSERT_TRUE(bit) << name;
    EXPECT_EQ(seen & *bit, 0u) << name;
    seen |= *bit;
  }
  EXPECT_EQ(cpuFeatureBit("avx512"), std::nullopt);
  EXPECT_EQ(cpuFeatureBit("AVX2"), std::nullopt);
}

TEST(CpuFeatures, AcceptsWhatIsAvailable) {
  EXPECT_EQ(checkCpuFeatures({}, 0), nullptr);
  EXPECT_EQ(checkCpuFeatures({"avx", "avx2"}, maskOf({"avx", "avx2", "fma"})), nullptr);
}

TEST(CpuFeatures, RejectsMissingFeaturesNamingEach) {
  StatusPtr status(
      checkCpuFeatures({"avx", "avx512f", "fma", "avx512fp16"}, maskOf({"avx", "fma"})));
  ASSERT_NE(status, nullptr);
  EXPECT_EQ(dlc_status_get_code(status.get()), DLC_UNSUPPORTED);
  EXPECT_STREQ(dlc_status_message(status.get()),
               "the model needs CPU features this machine lacks: avx512f, avx512fp16");
}

TEST(CpuFeatures, RejectsUnknownFeatures) {
  StatusPtr status(checkCpuFeatures({"avx", "amx-tile"}, ~CpuFeatureMask(0)));
  ASSERT_NE(status, nullptr);
  EXPECT_EQ(dlc_status_get_code(status.get()), DLC_UNSUPPORTED);
  EXPECT_STREQ(dlc_status_message(status.get()),
               "the model needs CPU features unknown to this runtime: amx-tile");

  StatusPtr both(checkCpuFeatures({"avx2", "amx-tile"}, 0));
  EXPECT_STREQ(dlc_status_message(both.get()),
               "the model needs CPU features this machine lacks: avx2; unknown to this "
               "runtime: amx-tile");
}

#if defined(__x86_64__) || defined(__i386__)
// The compiler's own detection (which also checks the OS's register state)
// must agree with the runtime's for the features it can test.
TEST(CpuFeatures, HostDetectionAgreesWithTheCompiler) {
  __builtin_cpu_init();
  CpuFeatureMask host = hostCpuFeatures();
  auto has = [&](const char *name) { return (host & cpuFeatureBit(name).value()) != 0; };
  EXPECT_EQ(has("sse4.1"), __builtin_cpu_supports("sse4.1") != 0);
  EXPECT_EQ(has("sse4.2"), __builtin_cpu_supports("sse4.2") != 0);
  EXPECT_EQ(has("avx"), __builtin_cpu_supports("avx") != 0);
  EXPECT_EQ(has("avx2"), __builtin_cpu_supports("avx2") != 0);
  EXPECT_EQ(has("fma"), __builtin_cpu_supports("fma") != 0);
  EXPECT_EQ(has("bmi"), __builtin_cpu_supports("bmi") != 0);
  EXPECT_EQ(has("bmi2"), __builtin_cpu_supports("bmi2") != 0);
  EXPECT_EQ(has("avx512f"), __builtin_cpu_supports("avx512f") != 0);
  EXPECT_EQ(has("avx512bw"), __builtin_cpu_supports("avx512bw") != 0);
  EXPECT_EQ(has("avx512dq"), __builtin_cpu_supports("avx512dq") != 0);
  EXPECT_EQ(has("avx512vl"), __builtin_cpu_supports("avx512vl") != 0);
  EXPECT_EQ(has("avx512cd"), __builtin_cpu_supports("avx512cd") != 0);
  EXPECT_EQ(has("avx512vnni"), __builtin_cpu_supports("avx512vnni") != 0);
  EXPECT_EQ(has("avx512bf16"), __builtin_cpu_supports("avx512bf16") != 0);
}
#endif

} // namespace
