//===- strings_test.cpp - the string services behind dlc_host_api ---------===//
#include "strings.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

using namespace dlc::runtime;

namespace {

dlc_string str(std::string_view text) { return {text.data(), static_cast<int64_t>(text.size())}; }

std::string text(const dlc_string &s) {
  return s.size == 0 ? std::string() : std::string(s.data, static_cast<size_t>(s.size));
}

// ---- StringHeap ----

TEST(StringHeap, RefusesNegativeSizes) {
  StringHeap heap;
  EXPECT_EQ(heap.allocate(-1), nullptr);
  EXPECT_EQ(heap.allocate(std::numeric_limits<int64_t>::min()), nullptr);
  EXPECT_NE(heap.allocate(0), nullptr);
}

TEST(StringHeap, RefusesSizesNoMemoryHolds) {
  StringHeap heap;
  EXPECT_EQ(heap.allocate(std::numeric_limits<int64_t>::max()), nullptr);
  EXPECT_EQ(heap.allocate(std::numeric_limits<int64_t>::max() - 1), nullptr);
  EXPECT_NE(heap.allocate(16), nullptr);
}

// Fills many strings over several chunks, then checks that none overwrote
// another.
TEST(StringHeap, AllocationsAreDisjoint) {
  StringHeap heap;
  struct Piece {
    char *bytes;
    int64_t size;
    char fill;
  };
  std::vector<Piece> pieces;
  int64_t total = 0;
  for (int i = 0; total < (int64_t(1) << 20); ++i) {
    int64_t size = i % 7 == 0 ? 20000 + i : 1 + i % 300;
    char *bytes = heap.allocate(size);
    ASSERT_NE(bytes, nullptr);
    char fill = static_cast<char>(i);
    std::memset(bytes, fill, static_cast<size_t>(size));
    pieces.push_back({bytes, size, fill});
    total += size;
  }
  for (const Piece &piece : pieces)
    for (int64_t i = 0; i < piece.size; ++i)
      ASSERT_EQ(piece.bytes[i], piece.fill);
}

TEST(StringHeap, ResetReusesTheChunks) {
  StringHeap heap;
  char *first = heap.allocate(10);
  ASSERT_NE(first, nullptr);
  for (int i = 0; i < 1000; ++i)
    ASSERT_NE(heap.allocate(200), nullptr);
  heap.reset();
  EXPECT_EQ(heap.allocate(10), first);
  heap.reset();
  heap.reset();
  EXPECT_EQ(heap.allocate(10), first);
}

TEST(StringHeap, LargeStringsGetTheirOwnBlocks) {
  StringHeap heap;
  for (int run = 0; run < 3; ++run) {
    char *small = heap.allocate(5);
    ASSERT_NE(small, nullptr);
    std::memcpy(small, "small", 5);
    for (int64_t size : {int64_t(16385), int64_t(65536), int64_t(1) << 20, int64_t(10) << 20}) {
      char *large = heap.allocate(size);
      ASSERT_NE(large, nullptr) << size;
      std::memset(large, 'x', static_cast<size_t>(size));
      EXPECT_EQ(large[size - 1], 'x');
    }
    char *next = heap.allocate(5);
    ASSERT_NE(next, nullptr);
    // Still in the first chunk, right after the first small string.
    EXPECT_EQ(next, small + 5);
    EXPECT_EQ(std::string(small, 5), "small");
    heap.reset();
  }
}

// ---- StringErrors ----

TEST(StringErrors, KeepsTheFirstReportUntilReset) {
  StringErrors errors;
  EXPECT_FALSE(errors.failed());
  errors.report("first");
  errors.report("second");
  EXPECT_TRUE(errors.failed());
  EXPECT_EQ(errors.message(), "first");
  errors.reset();
  EXPECT_FALSE(errors.failed());
  EXPECT_EQ(errors.message(), "");
  errors.report("third");
  EXPECT_EQ(errors.message(), "third");
}

// ---- formatNumber ----

class Strings : public ::testing::Test {
protected:
  template <typename T> std::string format(int32_t dtype, T value) {
    dlc_string out{"garbage", 7};
    formatNumber(heap, errors, dtype, &value, &out);
    return text(out);
  }

  template <typename T> T parse(int32_t dtype, std::string_view input) {
    dlc_string s = str(input);
    T out;
    std::memset(&out, 0x5a, sizeof out);
    parseNumber(errors, &s, dtype, &out);
    return out;
  }

  std::string changed(std::string_view input, bool upper) {
    dlc_string s = str(input), out{"garbage", 7};
    changeCase(heap, errors, &s, upper, &out);
    return text(out);
  }

  bool equal(std::string_view a, std::string_view b, bool ignoreCase) {
    dlc_string x = str(a), y = str(b);
    return stringsEqual(&x, &y, ignoreCase);
  }

  void skipWithoutUnicode() {
    if (!hasUnicodeCaseMapping())
      GTEST_SKIP() << "no C.UTF-8 locale: case mapping is ASCII only";
  }

  StringHeap heap;
  StringErrors errors;
};

TEST_F(Strings, FormatsFloatsShortest) {
  EXPECT_EQ(format(DLC_DTYPE_F32, 0.039187793f), "0.039187793");
  EXPECT_EQ(format(DLC_DTYPE_F32, 0.9767611f), "0.9767611");
  EXPECT_EQ(format(DLC_DTYPE_F32, 0.1f), "0.1");
  EXPECT_EQ(format(DLC_DTYPE_F32, 1.0f), "1");
  EXPECT_EQ(format(DLC_DTYPE_F32, -2.5f), "-2.5");
  EXPECT_EQ(format(DLC_DTYPE_F32, -0.0f), "-0");
  EXPECT_EQ(format(DLC_DTYPE_F32, 1e20f), "1e+20");
  EXPECT_EQ(format(DLC_DTYPE_F32, std::numeric_limits<float>::max()), "3.4028235e+38");
  EXPECT_EQ(format(DLC_DTYPE_F32, std::numeric_limits<float>::denorm_min()), "1e-45");
  EXPECT_EQ(format(DLC_DTYPE_F64, 0.1), "0.1");
  EXPECT_EQ(format(DLC_DTYPE_F64, 1.0 / 3), "0.3333333333333333");
  EXPECT_EQ(format(DLC_DTYPE_F64, double(0.1f)), "0.10000000149011612");
  EXPECT_EQ(format(DLC_DTYPE_F64, -std::numeric_limits<double>::min()), "-2.2250738585072014e-308");
  EXPECT_FALSE(errors.failed());
}

TEST_F(Strings, FormatsSpecialFloatsAsOnnxSpellsThem) {
  EXPECT_EQ(format(DLC_DTYPE_F32, std::numeric_limits<float>::quiet_NaN()), "NaN");
  EXPECT_EQ(format(DLC_DTYPE_F32, -std::numeric_limits<float>::quiet_NaN()), "NaN");
  EXPECT_EQ(format(DLC_DTYPE_F32, std::numeric_limits<float>::infinity()), "INF");
  EXPECT_EQ(format(DLC_DTYPE_F32, -std::numeric_limits<float>::infinity()), "-INF");
  EXPECT_EQ(format(DLC_DTYPE_F64, std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(format(DLC_DTYPE_F64, std::numeric_limits<double>::infinity()), "INF");
  EXPECT_EQ(format(DLC_DTYPE_F64, -std::numeric_limits<double>::infinity()), "-INF");
  EXPECT_FALSE(errors.failed());
}

TEST_F(Strings, FormatsIntegers) {
  EXPECT_EQ(format(DLC_DTYPE_I8, int8_t(-128)), "-128");
  EXPECT_EQ(format(DLC_DTYPE_I8, int8_t(127)), "127");
  EXPECT_EQ(format(DLC_DTYPE_U8, uint8_t(255)), "255");
  EXPECT_EQ(format(DLC_DTYPE_I16, int16_t(-32768)), "-32768");
  EXPECT_EQ(format(DLC_DTYPE_U16, uint16_t(65535)), "65535");
  EXPECT_EQ(format(DLC_DTYPE_I32, int32_t(0)), "0");
  EXPECT_EQ(format(DLC_DTYPE_I32, int32_t(-42)), "-42");
  EXPECT_EQ(format(DLC_DTYPE_U32, uint32_t(4294967295u)), "4294967295");
  EXPECT_EQ(format(DLC_DTYPE_I64, std::numeric_limits<int64_t>::min()), "-9223372036854775808");
  EXPECT_EQ(format(DLC_DTYPE_I64, std::numeric_limits<int64_t>::max()), "9223372036854775807");
  EXPECT_EQ(format(DLC_DTYPE_U64, std::numeric_limits<uint64_t>::max()), "18446744073709551615");
  EXPECT_FALSE(errors.failed());
}

TEST_F(Strings, FormattingOtherDtypesFails) {
  dlc_string out{"garbage", 7};
  uint8_t flag = 1;
  formatNumber(heap, errors, DLC_DTYPE_BOOL, &flag, &out);
  EXPECT_EQ(out.data, nullptr);
  EXPECT_EQ(out.size, 0);
  EXPECT_EQ(errors.message(), "cannot format dtype 9 as a string");
  errors.reset();
  uint64_t bits = 0;
  for (int32_t dtype : {0, 8, 10, 16, 99, -1}) {
    formatNumber(heap, errors, dtype, &bits, &out);
    EXPECT_EQ(out.size, 0);
    EXPECT_EQ(errors.message(), "cannot format dtype " + std::to_string(dtype) + " as a string");
    errors.reset();
  }
}

TEST_F(Strings, FormattedTextsStayValidUntilReset) {
  std::vector<dlc_string> texts;
  for (int32_t i = 0; i < 20000; ++i) {
    dlc_string out;
    formatNumber(heap, errors, DLC_DTYPE_I32, &i, &out);
    texts.push_back(out);
  }
  for (int32_t i = 0; i < 20000; ++i)
    ASSERT_EQ(text(texts[static_cast<size_t>(i)]), std::to_string(i));
}

TEST_F(Strings, FloatsRoundTrip) {
  std::mt19937 random(7);
  for (int i = 0; i < 20000; ++i) {
    uint32_t bits = static_cast<uint32_t>(random());
    float value;
    std::memcpy(&value, &bits, sizeof value);
    if (std::isnan(value))
      continue;
    std::string formatted = format(DLC_DTYPE_F32, value);
    float back = parse<float>(DLC_DTYPE_F32, formatted);
    ASSERT_EQ(std::memcmp(&back, &value, sizeof value), 0) << formatted;
    uint64_t wide = (uint64_t(random()) << 32) | random();
    double wideValue;
    std::memcpy(&wideValue, &wide, sizeof wideValue);
    if (std::isnan(wideValue))
      continue;
    formatted = format(DLC_DTYPE_F64, wideValue);
    double wideBack = parse<double>(DLC_DTYPE_F64, formatted);
    ASSERT_EQ(std::memcmp(&wideBack, &wideValue, sizeof wideValue), 0) << formatted;
  }
  EXPECT_FALSE(errors.failed()) << errors.message();
}

// ---- parseNumber ----

TEST_F(Strings, ParsesFloats) {
  EXPECT_EQ(parse<float>(DLC_DTYPE_F32, "1.5"), 1.5f);
  EXPECT_EQ(parse<float>(DLC_DTYPE_F32, " 1.5 "), 1.5f);
  EXPECT_EQ(parse<float>(DLC_DTYPE_F32, "\t\n1.5\r\v\f"), 1.5f);
  EXPECT_EQ(parse<float>(DLC_DTYPE_F32, "1e3"), 1000.0f);
  EXPECT_EQ(parse<float>(DLC_DTYPE_F32, "1E8"), 1e8f);
  EXPECT_EQ(parse<float>(DLC_DTYPE_F32, "-0.25"), -0.25f);
  EXPECT_EQ(parse<float>(DLC_DTYPE_F32, "+2"), 2.0f);
  EXPECT_EQ(parse<float>(DLC_DTYPE_F32, ".5"), 0.5f);
  EXPECT_EQ(parse<float>(DLC_DTYPE_F32, "5."), 5.0f);
  EXPECT_EQ(parse<float>(DLC_DTYPE_F32, "0x1p4"), 16.0f);
  EXPECT_TRUE(std::signbit(parse<float>(DLC_DTYPE_F32, "-0")));
  // Rounded once, from the decimal, not through a double.
  EXPECT_EQ(parse<float>(DLC_DTYPE_F32, "0.1"), 0.1f);
  EXPECT_EQ(parse<float>(DLC_DTYPE_F32, "1.00000005960464477539062500001"), 1.0000001f);
  EXPECT_EQ(parse<double>(DLC_DTYPE_F64, "0.1"), 0.1);
  EXPECT_EQ(parse<double>(DLC_DTYPE_F64, " -1e-300 "), -1e-300);
  std::string longText = "0." + std::string(500, '0') + "1e501";
  EXPECT_EQ(parse<double>(DLC_DTYPE_F64, longText), 1.0);
  EXPECT_FALSE(errors.failed()) << errors.message();
}

TEST_F(Strings, ParsesSpecialFloatsInAnyCase) {
  for (const char *nan : {"NaN", "nan", "NAN", "-NaN", " nan "}) {
    EXPECT_TRUE(std::isnan(parse<float>(DLC_DTYPE_F32, nan))) << nan;
    EXPECT_TRUE(std::isnan(parse<double>(DLC_DTYPE_F64, nan))) << nan;
  }
  float inf = std::numeric_limits<float>::infinity();
  for (const char *positive : {"INF", "+INF", "inf", "Inf", "infinity", "+Infinity", "INFINITY"}) {
    EXPECT_EQ(parse<float>(DLC_DTYPE_F32, positive), inf) << positive;
    EXPECT_EQ(parse<double>(DLC_DTYPE_F64, positive), double(inf)) << positive;
  }
  for (const char *negative : {"-INF", "-inf", "-Infinity"}) {
    EXPECT_EQ(parse<float>(DLC_DTYPE_F32, negative), -inf) << negative;
    EXPECT_EQ(parse<double>(DLC_DTYPE_F64, negative), -double(inf)) << negative;
  }
  EXPECT_FALSE(errors.failed()) << errors.message();
}

TEST_F(Strings, FloatsBeyondTheRangeSaturate) {
  EXPECT_EQ(parse<float>(DLC_DTYPE_F32, "1e39"), std::numeric_limits<float>::infinity());
  EXPECT_EQ(parse<float>(DLC_DTYPE_F32, "-1e39"), -std::numeric_limits<float>::infinity());
  EXPECT_EQ(parse<float>(DLC_DTYPE_F32, "1e-50"), 0.0f);
  EXPECT_EQ(parse<double>(DLC_DTYPE_F64, "1e999"), std::numeric_limits<double>::infinity());
  EXPECT_FALSE(errors.failed()) << errors.message();
}

TEST_F(Strings, RejectsTextsThatAreNotFloats) {
  for (std::string_view bad :
       {"abc", "12abc", "", "   ", "1.5 x", "1,5", "1 5", "e5", "--1", "+-1", "INFX", "NaN!"}) {
    errors.reset();
    EXPECT_EQ(parse<float>(DLC_DTYPE_F32, bad), 0.0f) << bad;
    EXPECT_EQ(errors.message(), "cannot read \"" + std::string(bad) + "\" as f32") << bad;
    errors.reset();
    EXPECT_EQ(parse<double>(DLC_DTYPE_F64, bad), 0.0) << bad;
    EXPECT_EQ(errors.message(), "cannot read \"" + std::string(bad) + "\" as f64") << bad;
  }
}

TEST_F(Strings, AnEmbeddedNulIsNoNumber) {
  EXPECT_EQ(parse<float>(DLC_DTYPE_F32, std::string_view("1\0", 2)), 0.0f);
  EXPECT_EQ(errors.message(), "cannot read \"1\\x00\" as f32");
  errors.reset();
  EXPECT_EQ(parse<double>(DLC_DTYPE_F64, std::string_view("1.5\0"
                                                          "7",
                                                          5)),
            0.0);
  EXPECT_TRUE(errors.failed());
  errors.reset();
  EXPECT_EQ(parse<int32_t>(DLC_DTYPE_I32, std::string_view("\0"
                                                           "12",
                                                           3)),
            0);
  EXPECT_EQ(errors.message(), "cannot read \"\\x0012\" as i32");
}

TEST_F(Strings, ParsesIntegers) {
  EXPECT_EQ(parse<int32_t>(DLC_DTYPE_I32, "42"), 42);
  EXPECT_EQ(parse<int32_t>(DLC_DTYPE_I32, "-42"), -42);
  EXPECT_EQ(parse<int32_t>(DLC_DTYPE_I32, "+7"), 7);
  EXPECT_EQ(parse<int32_t>(DLC_DTYPE_I32, " 12\n"), 12);
  EXPECT_EQ(parse<int32_t>(DLC_DTYPE_I32, "007"), 7);
  EXPECT_EQ(parse<int8_t>(DLC_DTYPE_I8, "127"), 127);
  EXPECT_EQ(parse<int8_t>(DLC_DTYPE_I8, "-128"), -128);
  EXPECT_EQ(parse<uint8_t>(DLC_DTYPE_U8, "255"), 255);
  EXPECT_EQ(parse<uint8_t>(DLC_DTYPE_U8, "-0"), 0);
  EXPECT_EQ(parse<int16_t>(DLC_DTYPE_I16, "-32768"), -32768);
  EXPECT_EQ(parse<uint16_t>(DLC_DTYPE_U16, "65535"), 65535);
  EXPECT_EQ(parse<uint32_t>(DLC_DTYPE_U32, "4294967295"), 4294967295u);
  EXPECT_EQ(parse<int64_t>(DLC_DTYPE_I64, "-9223372036854775808"),
            std::numeric_limits<int64_t>::min());
  EXPECT_EQ(parse<int64_t>(DLC_DTYPE_I64, "9223372036854775807"),
            std::numeric_limits<int64_t>::max());
  EXPECT_EQ(parse<uint64_t>(DLC_DTYPE_U64, "18446744073709551615"),
            std::numeric_limits<uint64_t>::max());
  EXPECT_EQ(parse<uint64_t>(DLC_DTYPE_U64, "000000000000000000000000000001"), 1u);
  EXPECT_FALSE(errors.failed()) << errors.message();
}

TEST_F(Strings, RejectsIntegersOutOfRange) {
  // Takes the result of parsing `input`, so it resets the errors afterwards.
  auto expectFails = [&](auto value, const char *input, const char *name) {
    EXPECT_EQ(value, 0) << input;
    EXPECT_EQ(errors.message(), std::string("cannot read \"") + input + "\" as " + name);
    errors.reset();
  };
  expectFails(parse<int8_t>(DLC_DTYPE_I8, "200"), "200", "i8");
  expectFails(parse<int8_t>(DLC_DTYPE_I8, "128"), "128", "i8");
  expectFails(parse<int8_t>(DLC_DTYPE_I8, "-129"), "-129", "i8");
  expectFails(parse<uint8_t>(DLC_DTYPE_U8, "256"), "256", "u8");
  expectFails(parse<uint8_t>(DLC_DTYPE_U8, "-1"), "-1", "u8");
  expectFails(parse<int16_t>(DLC_DTYPE_I16, "32768"), "32768", "i16");
  expectFails(parse<uint16_t>(DLC_DTYPE_U16, "65536"), "65536", "u16");
  expectFails(parse<int32_t>(DLC_DTYPE_I32, "2147483648"), "2147483648", "i32");
  expectFails(parse<uint32_t>(DLC_DTYPE_U32, "4294967296"), "4294967296", "u32");
  expectFails(parse<int64_t>(DLC_DTYPE_I64, "9223372036854775808"), "9223372036854775808", "i64");
  expectFails(parse<int64_t>(DLC_DTYPE_I64, "-9223372036854775809"), "-9223372036854775809", "i64");
  expectFails(parse<uint64_t>(DLC_DTYPE_U64, "18446744073709551616"), "18446744073709551616",
              "u64");
  expectFails(parse<uint64_t>(DLC_DTYPE_U64, "99999999999999999999999"), "99999999999999999999999",
              "u64");
}

TEST_F(Strings, RejectsTextsThatAreNotIntegers) {
  for (std::string_view bad :
       {"", " ", "-", "+", "1.5", "1e3", "0x10", "12abc", "1 2", "--1", "NaN", "INF", "١٢"}) {
    errors.reset();
    EXPECT_EQ(parse<int64_t>(DLC_DTYPE_I64, bad), 0) << bad;
    EXPECT_TRUE(errors.failed()) << bad;
  }
}

TEST_F(Strings, EscapesAndShortensTheTextInMessages) {
  parse<float>(DLC_DTYPE_F32, "a\"b\\c\xff\t");
  EXPECT_EQ(errors.message(), "cannot read \"a\\\"b\\\\c\\xff\\x09\" as f32");
  errors.reset();
  parse<double>(DLC_DTYPE_F64, std::string(100, 'z'));
  EXPECT_EQ(errors.message(), "cannot read \"" + std::string(40, 'z') + "...\" as f64");
  errors.reset();
  parse<double>(DLC_DTYPE_F64, std::string(40, 'z'));
  EXPECT_EQ(errors.message(), "cannot read \"" + std::string(40, 'z') + "\" as f64");
  errors.reset();
  // An escape is not cut in half.
  parse<double>(DLC_DTYPE_F64, std::string(38, 'z') + "\x01z");
  EXPECT_EQ(errors.message(), "cannot read \"" + std::string(38, 'z') + "...\" as f64");
}

TEST_F(Strings, TheFirstParseErrorWins) {
  parse<int32_t>(DLC_DTYPE_I32, "one");
  parse<int32_t>(DLC_DTYPE_I32, "two");
  EXPECT_EQ(parse<int32_t>(DLC_DTYPE_I32, "3"), 3);
  EXPECT_EQ(errors.message(), "cannot read \"one\" as i32");
}

TEST_F(Strings, ParsingIntoOtherDtypesFails) {
  EXPECT_EQ(parse<uint8_t>(DLC_DTYPE_BOOL, "1"), 0);
  EXPECT_EQ(errors.message(), "cannot read a string as dtype 9");
  errors.reset();
  dlc_string element = parse<dlc_string>(DLC_DTYPE_STRING, "1");
  EXPECT_EQ(element.size, 0);
  EXPECT_EQ(errors.message(), "cannot read a string as dtype 8");
  errors.reset();
  uint64_t untouched = 7;
  dlc_string input = str("1");
  parseNumber(errors, &input, 99, &untouched);
  EXPECT_EQ(untouched, 7u);
  EXPECT_EQ(errors.message(), "cannot read a string as dtype 99");
}

// ---- changeCase ----

TEST_F(Strings, ChangesTheCaseOfAscii) {
  EXPECT_EQ(changed("Hello, World 123_@[`{~", true), "HELLO, WORLD 123_@[`{~");
  EXPECT_EQ(changed("Hello, World 123_@[`{~", false), "hello, world 123_@[`{~");
  EXPECT_EQ(changed(std::string_view("a\0b", 3), true), std::string("A\0B", 3));
  EXPECT_FALSE(errors.failed());
}

TEST_F(Strings, ChangesTheCaseOfNothing) {
  dlc_string empty{nullptr, 0}, out{"garbage", 7};
  changeCase(heap, errors, &empty, true, &out);
  EXPECT_EQ(out.size, 0);
  changeCase(heap, errors, &empty, false, &out);
  EXPECT_EQ(out.size, 0);
  EXPECT_FALSE(errors.failed());
}

TEST_F(Strings, ChangesTheCaseBeyondAscii) {
  skipWithoutUnicode();
  // Simple mappings only: "ß" has no single upper-case code point.
  EXPECT_EQ(changed("straße", true), "STRAßE");
  EXPECT_EQ(changed("ÉCOLE", false), "école");
  EXPECT_EQ(changed("école", true), "ÉCOLE");
  EXPECT_EQ(changed("ǅ", true), "Ǆ");
  EXPECT_EQ(changed("ǅ", false), "ǆ");
  EXPECT_EQ(changed("ΣΊΣΥΦΟΣ", false), "σίσυφοσ");
  EXPECT_EQ(changed("привет", true), "ПРИВЕТ");
  // Mappings that change the encoded length: 2 bytes to 1, 2 to 3.
  EXPECT_EQ(changed("ıſ", true), "IS");
  EXPECT_EQ(changed("Ⱥ", false), "ⱥ");
  EXPECT_EQ(changed("ⱥȺ", true), "ȺȺ");
  // Beyond the BMP.
  EXPECT_EQ(changed("𐐨", true), "𐐀");
  EXPECT_EQ(changed("日本 🙂", true), "日本 🙂");
  EXPECT_FALSE(errors.failed());
}

TEST_F(Strings, CopiesInvalidUtf8AsItIs) {
  // A stray continuation byte, a lone lead byte, an overlong '/', an encoded
  // surrogate, a value past U+10FFFF and a sequence cut short at the end.
  std::string bad = "a\x80"
                    "b\xc3"
                    "c\xc0\xaf"
                    "d\xed\xa0\x80"
                    "e\xf4\x90\x80\x80"
                    "f\xff\xe2\x82";
  std::string upper = "A\x80"
                      "B\xc3"
                      "C\xc0\xaf"
                      "D\xed\xa0\x80"
                      "E\xf4\x90\x80\x80"
                      "F\xff\xe2\x82";
  EXPECT_EQ(changed(bad, true), upper);
  EXPECT_EQ(changed(upper, false), bad);
  EXPECT_FALSE(errors.failed());
}

TEST_F(Strings, CaseChangedTextsStayValidUntilReset) {
  std::string large(100000, 'q');
  std::string first = changed("first", true);
  dlc_string input = str(large), out;
  changeCase(heap, errors, &input, true, &out);
  ASSERT_EQ(out.size, 100000);
  EXPECT_EQ(text(out), std::string(100000, 'Q'));
  EXPECT_EQ(first, "FIRST");
  heap.reset();
  EXPECT_EQ(changed("again", true), "AGAIN");
}

// ---- stringsEqual ----

TEST_F(Strings, ComparesBytes) {
  EXPECT_TRUE(equal("Monday", "Monday", false));
  EXPECT_FALSE(equal("Monday", "monday", false));
  EXPECT_FALSE(equal("abc", "abcd", false));
  EXPECT_TRUE(equal(std::string_view("a\0b", 3), std::string_view("a\0b", 3), false));
  EXPECT_FALSE(equal(std::string_view("a\0b", 3), std::string_view("a\0c", 3), false));
  EXPECT_FALSE(equal("a", "", false));
  dlc_string empty{nullptr, 0}, alsoEmpty{"", 0};
  EXPECT_TRUE(stringsEqual(&empty, &alsoEmpty, false));
  EXPECT_TRUE(stringsEqual(&empty, &alsoEmpty, true));
}

TEST_F(Strings, ComparesIgnoringCase) {
  EXPECT_TRUE(equal("Monday", "monday", true));
  EXPECT_TRUE(equal("MONDAY", "monday", true));
  EXPECT_FALSE(equal("Monday", "Mondays", true));
  EXPECT_FALSE(equal("Monday", "Tuesday", true));
  EXPECT_FALSE(equal("", "a", true));
  EXPECT_TRUE(equal(std::string_view("A\0b", 3), std::string_view("a\0B", 3), true));
}

TEST_F(Strings, ComparesIgnoringCaseBeyondAscii) {
  skipWithoutUnicode();
  EXPECT_TRUE(equal("ÉCOLE", "école", true));
  EXPECT_TRUE(equal("ǅ", "ǆ", true));
  EXPECT_TRUE(equal("Ǆ", "ǅ", true));
  EXPECT_TRUE(equal("Ⱥ", "ⱥ", true));
  EXPECT_TRUE(equal("𐐀", "𐐨", true));
  EXPECT_FALSE(equal("ı", "i", true));
  EXPECT_FALSE(equal("straße", "STRASSE", true));
}

TEST_F(Strings, InvalidBytesEqualOnlyThemselves) {
  EXPECT_TRUE(equal("\xff", "\xff", true));
  EXPECT_TRUE(equal("A\xc3", "a\xc3", true));
  // U+00FF is "\xc3\xbf"; the byte 0xff is not it, nor "\xc3" with "\xbf".
  EXPECT_FALSE(equal("\xff", "\xc3\xbf", true));
  EXPECT_FALSE(equal("\xc3", "\xc3\xbf", true));
  EXPECT_FALSE(equal("\xe2\x82", "\xe2\x82\xac", true));
}

} // namespace
