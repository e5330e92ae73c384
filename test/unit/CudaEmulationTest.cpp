//===- CudaEmulationTest.cpp - the emulated CUDA roundings ----------------===//
//
// The tensor-core kernels round float32 operands with PTX's cvt; checking
// the kernels' numerics on the CPU relies on the emulation rounding as the
// GPU does, ties and the ends of each range included.
//
//===----------------------------------------------------------------------===//
#include "dlc/cuda_emulation.h"

#include <gtest/gtest.h>

#include <limits>

namespace {

uint32_t bf16(float x) { return dlc_pack_bf16x2(x, 0.0f); }
uint32_t f16(float x) { return dlc_pack_f16x2(x, 0.0f); }
float bitsOf(uint32_t bits) { return __uint_as_float(bits); }

TEST(CudaEmulation, PacksTheFirstValueLow) {
  EXPECT_EQ(dlc_pack_bf16x2(1.0f, -2.0f), 0xc0003f80u);
  EXPECT_EQ(dlc_pack_f16x2(1.0f, -2.0f), 0xc0003c00u);
}

TEST(CudaEmulation, Bf16RoundsToNearestEven) {
  EXPECT_EQ(bf16(1.0f), 0x3f80u);
  // Halfway between 1 and the next bfloat16: to the even one, 1.
  EXPECT_EQ(bf16(bitsOf(0x3f808000u)), 0x3f80u);
  // Halfway above an odd one: up.
  EXPECT_EQ(bf16(bitsOf(0x3f818000u)), 0x3f82u);
  EXPECT_EQ(bf16(bitsOf(0x3f808001u)), 0x3f81u);
  // The largest float rounds past bfloat16's largest: infinity.
  EXPECT_EQ(bf16(std::numeric_limits<float>::max()), 0x7f80u);
  EXPECT_EQ(bf16(-std::numeric_limits<float>::infinity()), 0xff80u);
  // Subnormals keep their bits.
  EXPECT_EQ(bf16(bitsOf(0x00010000u)), 0x0001u);
  uint32_t nan = bf16(std::numeric_limits<float>::quiet_NaN());
  EXPECT_EQ(nan & 0x7f80u, 0x7f80u);
  EXPECT_NE(nan & 0x7fu, 0u);
}

TEST(CudaEmulation, F16RoundsToNearestEven) {
  EXPECT_EQ(f16(1.0f), 0x3c00u);
  EXPECT_EQ(f16(-0.0f), 0x8000u);
  EXPECT_EQ(f16(65504.0f), 0x7bffu);
  // Below halfway to 65536 stays finite; halfway rounds to the even
  // neighbour, which is past the range: infinity.
  EXPECT_EQ(f16(65519.99f), 0x7bffu);
  EXPECT_EQ(f16(65520.0f), 0x7c00u);
  EXPECT_EQ(f16(-1e9f), 0xfc00u);
  // 1 + 2^-11 is halfway between 1 and 1 + 2^-10: to 1.
  EXPECT_EQ(f16(1.0f + 0x1p-11f), 0x3c00u);
  EXPECT_EQ(f16(1.0f + 0x1p-10f + 0x1p-11f), 0x3c02u);
  // Subnormal float16s are multiples of 2^-24, rounded the same way.
  EXPECT_EQ(f16(0x1p-24f), 0x0001u);
  EXPECT_EQ(f16(0x1p-25f), 0x0000u);
  EXPECT_EQ(f16(0x1.8p-24f), 0x0002u);
  EXPECT_EQ(f16(0x1p-14f - 0x1p-25f), 0x0400u);
  uint32_t nan = f16(std::numeric_limits<float>::quiet_NaN());
  EXPECT_EQ(nan & 0x7c00u, 0x7c00u);
  EXPECT_NE(nan & 0x3ffu, 0u);
}

TEST(CudaEmulation, EveryF16ValueRoundTrips) {
  for (uint32_t bits = 0; bits < 0x10000u; ++bits) {
    if ((bits & 0x7c00u) == 0x7c00u && (bits & 0x3ffu))
      continue;
    ASSERT_EQ(f16(dlc_emulation::halfToFloat(bits)), bits) << std::hex << bits;
  }
}

TEST(CudaEmulation, DoublesRoundOnceTo16Bits) {
  // Just above halfway between two float16 (bfloat16) values: rounded to a
  // float first it would be halfway, and round to the even one, below.
  double f16Above = 1.0 + 0x1p-11 + 0x1p-40, bf16Above = 1.0 + 0x1p-8 + 0x1p-30;
  EXPECT_EQ(dlc_to_f16(float(f16Above)), 0x3c00u);
  EXPECT_EQ(dlc_to_f16(dlc_round_odd_f32(f16Above)), 0x3c01u);
  EXPECT_EQ(dlc_to_bf16(dlc_round_odd_f32(bf16Above)), 0x3f81u);
  EXPECT_EQ(dlc_to_f16(dlc_round_odd_f32(-f16Above)), 0xbc01u);
  // Exact values and the ends of the range pass through.
  EXPECT_EQ(dlc_round_odd_f32(0.25), 0.25f);
  EXPECT_EQ(dlc_to_f16(dlc_round_odd_f32(1e300)), 0x7c00u);
  EXPECT_EQ(dlc_to_bf16(dlc_round_odd_f32(-1e300)), 0xff80u);
  EXPECT_TRUE(std::isnan(dlc_round_odd_f32(std::numeric_limits<double>::quiet_NaN())));
}

TEST(CudaEmulation, Tf32RoundsTiesAway) {
  EXPECT_EQ(dlc_to_tf32(bitsOf(0x3f801000u)), 0x3f802000u);
  EXPECT_EQ(dlc_to_tf32(bitsOf(0x3f800fffu)), 0x3f800000u);
}

} // namespace
