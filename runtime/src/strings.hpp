//===- strings.hpp - the string services of dlc_host_api ------------------===//
//
// What the format_number, parse_number, change_case and strings_equal
// callbacks do, apart from the session that offers them: a session owns one
// StringHeap and one StringErrors, resets both at the start of every run and
// wraps these functions into the C callbacks.
//
// None of this is thread-safe: a session runs on one thread at a time, and
// generated code calls the string kernels only outside parallel loops.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_SRC_STRINGS_HPP
#define DLC_RUNTIME_SRC_STRINGS_HPP

#include "dlc/abi.h"

#include <cstdint>
#include <string>

namespace dlc::runtime {

/// The bytes of the strings one run computes, handed out from 64 KiB chunks
/// (a large string gets a block of its own) and all released at once.
class StringHeap {
public:
  StringHeap() = default;
  StringHeap(const StringHeap &) = delete;
  StringHeap &operator=(const StringHeap &) = delete;
  ~StringHeap();

  /// `bytes` bytes, unaligned, valid until reset(); nullptr when `bytes` is
  /// negative or memory is short, never for zero bytes. Never throws.
  char *allocate(int64_t bytes);
  /// Invalidates everything allocated. Keeps the chunks for the next run,
  /// which likely computes as many strings; frees the large blocks.
  void reset();

private:
  struct Block;
  bool nextChunk();
  char *allocateLarge(int64_t bytes);

  Block *chunks_ = nullptr;  // Every chunk, in the order they are filled.
  Block *current_ = nullptr; // The chunk being filled; null before the first.
  int64_t used_ = 0;         // Bytes of current_ handed out.
  Block *large_ = nullptr;   // Blocks of single large strings.
};

/// The first failure of a run, which fails the run once the entry returns.
class StringErrors {
public:
  /// Keeps `message` unless an earlier one is kept.
  void report(const char *message);
  void reset();
  bool failed() const { return failed_; }
  const std::string &message() const { return message_; }

private:
  bool failed_ = false;
  std::string message_;
};

/// The decimal text of one element of `dtype` at `value`: for f32 and f64 the
/// shortest that reads back as the same value, or "NaN", "INF", "-INF" as
/// ONNX's Cast spells them; integers as they are. Other dtypes, and a full
/// heap, are reported and give an empty string.
void formatNumber(StringHeap &heap, StringErrors &errors, int32_t dtype, const void *value,
                  dlc_string *out);

/// Reads `text`, with optional ASCII white space around it, as one element of
/// `dtype` into `out`. f32 and f64 take what strtod takes in the C locale
/// (so also "NaN", "INF", "-INF", "infinity", in any case), rounding values
/// beyond the range to infinity or zero; integers are decimal with an
/// optional sign and must fit. Anything else is reported and reads as zero.
void parseNumber(StringErrors &errors, const dlc_string *text, int32_t dtype, void *out);

/// `text` with every code point upper- or lower-cased by the Unicode simple
/// case mapping (ASCII only where the system lacks a C.UTF-8 locale). Bytes
/// that are not valid UTF-8 are copied as they are. A full heap is reported
/// and gives an empty string.
void changeCase(StringHeap &heap, StringErrors &errors, const dlc_string *text, bool upper,
                dlc_string *out);

/// Byte equality, or with `ignoreCase` equality of the lower-cased texts as
/// changeCase lower-cases them.
bool stringsEqual(const dlc_string *a, const dlc_string *b, bool ignoreCase);

/// Whether changeCase and stringsEqual map beyond ASCII on this system.
bool hasUnicodeCaseMapping();

} // namespace dlc::runtime

#endif // DLC_RUNTIME_SRC_STRINGS_HPP
