//===- strings.cpp - the string services of dlc_host_api ------------------===//
#include "strings.hpp"

#include "dlc/artifact.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <optional>
#include <string_view>
#include <type_traits>

#include <locale.h>
#include <wctype.h>

namespace dlc::runtime {

// ---- StringHeap ----

namespace {
constexpr int64_t kChunkBytes = int64_t(64) << 10;
// Larger strings get their own block, so that a chunk never wastes more than
// this at its end.
constexpr int64_t kLargeBytes = kChunkBytes / 4;
} // namespace

// The header of a chunk or a large block; its bytes follow it.
struct StringHeap::Block {
  Block *next;
  char *bytes() { return reinterpret_cast<char *>(this + 1); }
};

StringHeap::~StringHeap() {
  reset();
  while (chunks_) {
    Block *next = chunks_->next;
    std::free(chunks_);
    chunks_ = next;
  }
}

char *StringHeap::allocate(int64_t bytes) {
  // Not null, so that callers need not tell an empty string from a failure.
  static char empty[1];
  if (bytes <= 0)
    return bytes == 0 ? empty : nullptr;
  if (bytes > kLargeBytes)
    return allocateLarge(bytes);
  if ((!current_ || used_ + bytes > kChunkBytes) && !nextChunk())
    return nullptr;
  char *result = current_->bytes() + used_;
  used_ += bytes;
  return result;
}

void StringHeap::reset() {
  while (large_) {
    Block *next = large_->next;
    std::free(large_);
    large_ = next;
  }
  current_ = nullptr;
  used_ = 0;
}

// Moves on to the chunk after current_, reusing one an earlier run filled.
bool StringHeap::nextChunk() {
  Block *&link = current_ ? current_->next : chunks_;
  if (!link) {
    auto *chunk = static_cast<Block *>(std::malloc(sizeof(Block) + kChunkBytes));
    if (!chunk)
      return false;
    chunk->next = nullptr;
    link = chunk;
  }
  current_ = link;
  used_ = 0;
  return true;
}

char *StringHeap::allocateLarge(int64_t bytes) {
  // Sizes past PTRDIFF_MAX, which malloc refuses anyway, are refused before
  // the header is added, so that the sum cannot wrap.
  if (static_cast<uint64_t>(bytes) > static_cast<uint64_t>(PTRDIFF_MAX) - sizeof(Block))
    return nullptr;
  auto *block = static_cast<Block *>(std::malloc(sizeof(Block) + static_cast<size_t>(bytes)));
  if (!block)
    return nullptr;
  block->next = large_;
  large_ = block;
  return block->bytes();
}

// ---- StringErrors ----

void StringErrors::report(const char *message) {
  if (failed_)
    return;
  failed_ = true;
  message_ = message;
}

void StringErrors::reset() {
  failed_ = false;
  message_.clear();
}

namespace {

// ---- helpers ----

std::string_view view(const dlc_string &text) {
  if (text.size <= 0)
    return {};
  return {text.data, static_cast<size_t>(text.size)};
}

// `bytes` of heap memory for the string `out`, or null with the failure
// reported and `out` set to the empty string.
char *allocateString(StringHeap &heap, StringErrors &errors, size_t bytes, dlc_string *out) {
  char *result = heap.allocate(static_cast<int64_t>(bytes));
  if (!result) {
    errors.report("out of memory for a string");
    *out = {nullptr, 0};
    return nullptr;
  }
  *out = {result, static_cast<int64_t>(bytes)};
  return result;
}

template <typename T> T load(const void *value) {
  T result;
  std::memcpy(&result, value, sizeof result);
  return result;
}

// ---- formatNumber ----

// Longer than any text below: "-2.2250738585072014e-308" has 24 bytes.
constexpr size_t kNumberTextBytes = 32;

template <typename T> size_t floatText(T value, char *buffer) {
  const char *special = nullptr;
  if (std::isnan(value))
    special = "NaN";
  else if (std::isinf(value))
    special = value < 0 ? "-INF" : "INF";
  if (special) {
    size_t length = std::strlen(special);
    std::memcpy(buffer, special, length);
    return length;
  }
  return static_cast<size_t>(std::to_chars(buffer, buffer + kNumberTextBytes, value).ptr - buffer);
}

template <typename T> size_t integerText(T value, char *buffer) {
  return static_cast<size_t>(std::to_chars(buffer, buffer + kNumberTextBytes, value).ptr - buffer);
}

// The text of the element at `value` in `buffer`, or nullopt for a dtype
// without one.
std::optional<size_t> numberText(int32_t dtype, const void *value, char *buffer) {
  switch (dtype) {
  case DLC_DTYPE_F32:
    return floatText(load<float>(value), buffer);
  case DLC_DTYPE_F64:
    return floatText(load<double>(value), buffer);
  case DLC_DTYPE_I8:
    return integerText(load<int8_t>(value), buffer);
  case DLC_DTYPE_I16:
    return integerText(load<int16_t>(value), buffer);
  case DLC_DTYPE_I32:
    return integerText(load<int32_t>(value), buffer);
  case DLC_DTYPE_I64:
    return integerText(load<int64_t>(value), buffer);
  case DLC_DTYPE_U8:
    return integerText(load<uint8_t>(value), buffer);
  case DLC_DTYPE_U16:
    return integerText(load<uint16_t>(value), buffer);
  case DLC_DTYPE_U32:
    return integerText(load<uint32_t>(value), buffer);
  case DLC_DTYPE_U64:
    return integerText(load<uint64_t>(value), buffer);
  default:
    return std::nullopt;
  }
}

// ---- parseNumber ----

bool isAsciiSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && isAsciiSpace(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && isAsciiSpace(text.back()))
    text.remove_suffix(1);
  return text;
}

// Whatever the process's locale, numbers are read with a '.' decimal point.
// glibc hands out its static C locale for this request, so it cannot fail;
// it is never freed, as sessions may run during static destruction.
locale_t cLocale() {
  static locale_t locale = newlocale(LC_ALL_MASK, "C", locale_t{});
  return locale;
}

template <typename T> bool readFloat(std::string_view text, T &value) {
  // strtod reads a NUL-terminated copy, in which an embedded NUL would end
  // the number early.
  locale_t locale = cLocale();
  if (!locale || text.empty() || text.find('\0') != std::string_view::npos)
    return false;
  char small[64];
  char *copy = small;
  if (text.size() >= sizeof small) {
    copy = static_cast<char *>(std::malloc(text.size() + 1));
    if (!copy)
      return false;
  }
  std::memcpy(copy, text.data(), text.size());
  copy[text.size()] = '\0';
  char *end = nullptr;
  // Values beyond the range become infinity or zero (ERANGE is ignored), as
  // numpy casts them.
  if constexpr (std::is_same_v<T, float>)
    value = strtof_l(copy, &end, locale);
  else
    value = strtod_l(copy, &end, locale);
  bool whole = end == copy + text.size();
  if (copy != small)
    std::free(copy);
  return whole;
}

// A decimal integer as its sign and magnitude; false for anything else or a
// magnitude beyond 64 bits.
bool readDecimal(std::string_view text, bool &negative, uint64_t &magnitude) {
  negative = false;
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  if (text.empty())
    return false;
  magnitude = 0;
  for (char c : text) {
    if (c < '0' || c > '9')
      return false;
    auto digit = static_cast<uint64_t>(c - '0');
    if (magnitude > (UINT64_MAX - digit) / 10)
      return false;
    magnitude = magnitude * 10 + digit;
  }
  return true;
}

template <typename T> bool readInteger(std::string_view text, T &value) {
  bool negative;
  uint64_t magnitude;
  if (!readDecimal(text, negative, magnitude))
    return false;
  auto max = static_cast<uint64_t>(std::numeric_limits<T>::max());
  if constexpr (std::is_unsigned_v<T>) {
    if (magnitude > max || (negative && magnitude != 0))
      return false;
  } else {
    if (magnitude > max + (negative ? 1 : 0))
      return false;
  }
  // Two's complement wrap-around gives the negative values, min included.
  value = static_cast<T>(negative ? 0 - magnitude : magnitude);
  return true;
}

// Writes the value of `text`, or zero when it has none, to `out`.
template <typename T> bool readNumber(std::string_view text, void *out) {
  T value{};
  bool ok;
  if constexpr (std::is_floating_point_v<T>)
    ok = readFloat(text, value);
  else
    ok = readInteger(text, value);
  if (!ok)
    value = T{};
  std::memcpy(out, &value, sizeof value);
  return ok;
}

std::optional<bool> readAs(int32_t dtype, std::string_view text, void *out) {
  switch (dtype) {
  case DLC_DTYPE_F32:
    return readNumber<float>(text, out);
  case DLC_DTYPE_F64:
    return readNumber<double>(text, out);
  case DLC_DTYPE_I8:
    return readNumber<int8_t>(text, out);
  case DLC_DTYPE_I16:
    return readNumber<int16_t>(text, out);
  case DLC_DTYPE_I32:
    return readNumber<int32_t>(text, out);
  case DLC_DTYPE_I64:
    return readNumber<int64_t>(text, out);
  case DLC_DTYPE_U8:
    return readNumber<uint8_t>(text, out);
  case DLC_DTYPE_U16:
    return readNumber<uint16_t>(text, out);
  case DLC_DTYPE_U32:
    return readNumber<uint32_t>(text, out);
  case DLC_DTYPE_U64:
    return readNumber<uint64_t>(text, out);
  default:
    return std::nullopt;
  }
}

// `text` for an error message: one line of printable ASCII, cut short.
std::string escaped(std::string_view text) {
  constexpr size_t kLimit = 40;
  static const char kHex[] = "0123456789abcdef";
  std::string result;
  for (unsigned char c : text) {
    char piece[4];
    size_t length = 0;
    if (c == '"' || c == '\\') {
      piece[length++] = '\\';
      piece[length++] = static_cast<char>(c);
    } else if (c >= 0x20 && c < 0x7f) {
      piece[length++] = static_cast<char>(c);
    } else {
      piece[length++] = '\\';
      piece[length++] = 'x';
      piece[length++] = kHex[c >> 4];
      piece[length++] = kHex[c & 15];
    }
    if (result.size() + length > kLimit)
      return result + "...";
    result.append(piece, length);
  }
  return result;
}

// ---- case mapping ----

// Unicode's simple case mappings, which glibc's C locale lacks: it maps
// ASCII only. Never freed, like cLocale().
locale_t utf8Locale() {
  static locale_t locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", locale_t{});
  return locale;
}

uint32_t mapCase(uint32_t c, bool upper) {
  if (c < 0x80) {
    if (upper && c >= 'a' && c <= 'z')
      return c - 'a' + 'A';
    if (!upper && c >= 'A' && c <= 'Z')
      return c - 'A' + 'a';
    return c;
  }
  locale_t locale = utf8Locale();
  if (!locale)
    return c;
  auto mapped = static_cast<uint32_t>(upper ? towupper_l(c, locale) : towlower_l(c, locale));
  // A mapping that could not be encoded back would lose the character.
  bool encodable = mapped <= 0x10ffff && (mapped < 0xd800 || mapped > 0xdfff);
  return encodable ? mapped : c;
}

// One step through UTF-8 text: a code point, or a byte that begins no valid
// sequence (valid false, value the byte, length 1).
struct Utf8Step {
  uint32_t value;
  int length;
  bool valid;
};

Utf8Step decodeUtf8(const unsigned char *bytes, int64_t available) {
  unsigned char lead = bytes[0];
  Utf8Step invalid{lead, 1, false};
  if (lead < 0x80)
    return {lead, 1, true};
  int length;
  uint32_t value, min;
  if ((lead & 0xe0) == 0xc0) {
    length = 2;
    value = lead & 0x1f;
    min = 0x80;
  } else if ((lead & 0xf0) == 0xe0) {
    length = 3;
    value = lead & 0x0f;
    min = 0x800;
  } else if ((lead & 0xf8) == 0xf0) {
    length = 4;
    value = lead & 0x07;
    min = 0x10000;
  } else {
    return invalid;
  }
  if (available < length)
    return invalid;
  for (int i = 1; i < length; ++i) {
    if ((bytes[i] & 0xc0) != 0x80)
      return invalid;
    value = value << 6 | (bytes[i] & 0x3f);
  }
  // Overlong forms, surrogates and values past Unicode are not UTF-8.
  if (value < min || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff))
    return invalid;
  return {value, length, true};
}

size_t encodeUtf8(uint32_t c, char *out) {
  auto byte = [](uint32_t bits) { return static_cast<char>(bits); };
  if (c < 0x80) {
    out[0] = byte(c);
    return 1;
  }
  if (c < 0x800) {
    out[0] = byte(0xc0 | c >> 6);
    out[1] = byte(0x80 | (c & 0x3f));
    return 2;
  }
  if (c < 0x10000) {
    out[0] = byte(0xe0 | c >> 12);
    out[1] = byte(0x80 | (c >> 6 & 0x3f));
    out[2] = byte(0x80 | (c & 0x3f));
    return 3;
  }
  out[0] = byte(0xf0 | c >> 18);
  out[1] = byte(0x80 | (c >> 12 & 0x3f));
  out[2] = byte(0x80 | (c >> 6 & 0x3f));
  out[3] = byte(0x80 | (c & 0x3f));
  return 4;
}

// Calls sink(bytes, length) on the pieces of `text` case-mapped. Mapping can
// change a character's encoded length, so changeCase runs this twice: to
// measure, then to write.
template <typename Sink> void forEachMapped(std::string_view text, bool upper, Sink &&sink) {
  auto *bytes = reinterpret_cast<const unsigned char *>(text.data());
  auto size = static_cast<int64_t>(text.size());
  for (int64_t i = 0; i < size;) {
    Utf8Step step = decodeUtf8(bytes + i, size - i);
    if (step.valid) {
      char encoded[4];
      sink(encoded, encodeUtf8(mapCase(step.value, upper), encoded));
    } else {
      sink(text.data() + i, size_t(1));
    }
    i += step.length;
  }
}

// The code point at `offset` lower-cased, advancing `offset`; a byte that is
// not UTF-8 becomes a value above Unicode's, so that it equals only itself.
uint32_t nextLowered(std::string_view text, size_t &offset) {
  Utf8Step step = decodeUtf8(reinterpret_cast<const unsigned char *>(text.data()) + offset,
                             static_cast<int64_t>(text.size() - offset));
  offset += static_cast<size_t>(step.length);
  return step.valid ? mapCase(step.value, /*upper=*/false) : 0x110000 + step.value;
}

} // namespace

// ---- the services ----

void formatNumber(StringHeap &heap, StringErrors &errors, int32_t dtype, const void *value,
                  dlc_string *out) {
  char text[kNumberTextBytes];
  std::optional<size_t> length = numberText(dtype, value, text);
  if (!length) {
    errors.report(("cannot format dtype " + std::to_string(dtype) + " as a string").c_str());
    *out = {nullptr, 0};
    return;
  }
  if (char *result = allocateString(heap, errors, *length, out))
    std::memcpy(result, text, *length);
}

void parseNumber(StringErrors &errors, const dlc_string *text, int32_t dtype, void *out) {
  std::string_view all = view(*text);
  std::optional<bool> ok = readAs(dtype, trimmed(all), out);
  if (!ok) {
    // Still zero the element where its size is known, as the ABI promises.
    if (std::optional<dlc_dtype> known = artifact::dtypeFromValue(dtype))
      std::memset(out, 0, artifact::dtypeSize(*known));
    errors.report(("cannot read a string as dtype " + std::to_string(dtype)).c_str());
    return;
  }
  // readAs knew the dtype, so it is one of the enum's values.
  const char *name = artifact::dtypeName(static_cast<dlc_dtype>(dtype));
  if (!*ok && !errors.failed())
    errors.report(("cannot read \"" + escaped(all) + "\" as " + name).c_str());
}

void changeCase(StringHeap &heap, StringErrors &errors, const dlc_string *text, bool upper,
                dlc_string *out) {
  std::string_view input = view(*text);
  size_t length = 0;
  forEachMapped(input, upper, [&](const char *, size_t n) { length += n; });
  char *result = allocateString(heap, errors, length, out);
  if (!result)
    return;
  forEachMapped(input, upper, [&](const char *bytes, size_t n) {
    std::memcpy(result, bytes, n);
    result += n;
  });
}

bool stringsEqual(const dlc_string *a, const dlc_string *b, bool ignoreCase) {
  std::string_view x = view(*a), y = view(*b);
  if (x == y)
    return true;
  if (!ignoreCase)
    return false;
  size_t i = 0, j = 0;
  while (i < x.size() && j < y.size())
    if (nextLowered(x, i) != nextLowered(y, j))
      return false;
  return i == x.size() && j == y.size();
}

bool hasUnicodeCaseMapping() { return utf8Locale() != nullptr; }

} // namespace dlc::runtime
