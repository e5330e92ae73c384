//===- IsolatedTest.cpp - code run in a child process ---------------------===//
#include "compiler/support/Isolated.h"

#include <cstdlib>
#include <unistd.h>

#include <gtest/gtest.h>

namespace {

TEST(Isolated, ReturnsTheChildsResult) {
  std::string output, error;
  std::string big(1 << 20, 'x');
  ASSERT_TRUE(dlc::runIsolated([&] { return big + "!"; }, 10, output, error)) << error;
  EXPECT_EQ(output.size(), big.size() + 1);
  EXPECT_EQ(output.back(), '!');
}

// The child's memory is its own: what it changes stays there.
TEST(Isolated, ChangesNothingInTheParent) {
  int value = 1;
  std::string output, error;
  ASSERT_TRUE(dlc::runIsolated([&] { value = 2; return std::string("done"); }, 10, output,
                               error));
  EXPECT_EQ(value, 1);
  EXPECT_EQ(output, "done");
}

TEST(Isolated, ACrashIsAnError) {
  std::string output = "untouched", error;
  EXPECT_FALSE(dlc::runIsolated([]() -> std::string { std::abort(); }, 10, output, error));
  EXPECT_EQ(error, "crashed with signal 6 (Aborted)");
  EXPECT_EQ(output, "untouched");
}

TEST(Isolated, AChildThatExitsEarlyIsAnError) {
  std::string output, error;
  EXPECT_FALSE(dlc::runIsolated([]() -> std::string { ::_exit(3); }, 10, output, error));
  EXPECT_EQ(error, "exited without its result");
}

TEST(Isolated, AHangIsKilled) {
  std::string output, error;
  EXPECT_FALSE(dlc::runIsolated([]() -> std::string { for (;;) ::pause(); }, 1, output, error));
  EXPECT_EQ(error, "did not finish in 1 s");
}

} // namespace
