//===- run_model_example_test.cpp - the plain-C example, run as a program -===//
#include "fixtures/fixture_metadata.hpp"
#include "test_support.hpp"

#include <vector>

#include <gtest/gtest.h>

using namespace dlc::test;

namespace {

int runExample(const TempDir &dir, const std::vector<std::string> &args, std::string &output) {
  return runProgram(DLC_TEST_RUN_MODEL_EXAMPLE, dir, args, output);
}

std::string floatBytes(const std::vector<float> &values) {
  return std::string(reinterpret_cast<const char *>(values.data()), values.size() * sizeof(float));
}

TEST(RunModelExample, RunsTheFixture) {
  TempDir dir;
  std::vector<float> x(AFFINE_ROWS * AFFINE_COLS);
  for (size_t i = 0; i < x.size(); ++i)
    x[i] = static_cast<float>(i);
  writeFile(dir.file("x.bin"), floatBytes(x));
  std::string output;
  ASSERT_EQ(runExample(dir, {kAffineArtifact, dir.file("x.bin"), "-o", dir.file("out_")}, output),
            0)
      << output;
  EXPECT_NE(output.find("input 0 \"input 1%\" f32 4x8 (128 bytes)"), std::string::npos) << output;
  EXPECT_NE(output.find("output 1 \"sum \xE2\x88\x91\" f32 scalar (4 bytes)"), std::string::npos)
      << output;

  std::vector<float> y(x.size());
  float sum = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    y[i] = x[i] * AFFINE_WEIGHT(i % AFFINE_COLS) + AFFINE_BIAS(i % AFFINE_COLS);
    sum += y[i];
  }
  EXPECT_EQ(readFile(dir.file("out_0.bin")), floatBytes(y));
  EXPECT_EQ(readFile(dir.file("out_1.bin")), floatBytes({sum}));

  ASSERT_EQ(runExample(dir, {kAffineArtifact, dir.file("x.bin")}, output), 0) << output;
  EXPECT_EQ(readFile(dir.file("output_0.bin")), floatBytes(y));
  EXPECT_NE(output.find("ran 1 input(s), wrote 2 output(s) to output_<N>.bin"), std::string::npos)
      << output;
}

TEST(RunModelExample, RejectsAnInputOfTheWrongSize) {
  TempDir dir;
  writeFile(dir.file("x.bin"), std::string(127, '\0'));
  std::string output;
  EXPECT_EQ(runExample(dir, {kAffineArtifact, dir.file("x.bin")}, output), 1);
  EXPECT_NE(output.find("does not hold exactly the 128 bytes"), std::string::npos) << output;
}

TEST(RunModelExample, ReportsABrokenModelInOneLine) {
  TempDir dir;
  std::string output;
  EXPECT_EQ(runExample(dir, {kAffineLibrary}, output), 1);
  EXPECT_EQ(output.rfind("run_model: cannot load the model: ", 0), 0u) << output;
  EXPECT_EQ(output.find('\n'), output.size() - 1) << output;
}

TEST(RunModelExample, CountsInputFiles) {
  TempDir dir;
  std::string output;
  EXPECT_EQ(runExample(dir, {kAffineArtifact}, output), 1);
  EXPECT_NE(output.find("0 input file(s) for 1 input(s)"), std::string::npos) << output;
  EXPECT_EQ(runExample(dir, {}, output), 2);
  EXPECT_NE(output.find("usage:"), std::string::npos) << output;
}

} // namespace
