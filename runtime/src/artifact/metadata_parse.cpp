//===- metadata_parse.cpp - the strict reader of the metadata text --------===//
#include "dlc/artifact.hpp"

#include "artifact/encoding.hpp"

namespace dlc::artifact {
namespace {

// Line order: the param table, then each entry with its input, output and
// update lines; a line may only follow lines of its own stage or earlier, and
// an entry line starts the next entry's stages over.
enum class Stage { Params, Entry, Input, Output, Update };

class Parser {
public:
  Parser(std::string_view text, std::string &error) : rest_(text), error_(error) {}

  bool parse(ModelMetadata &m) {
    if (!next() || !expectFields("dlc-metadata", 2))
      return false;
    if (fields_[1] != std::to_string(kMetadataVersion))
      return fail("unsupported metadata version '" + quoted(fields_[1]) + "'");
    if (!next(false) || !parseProducer(m.producer))
      return false;
    if (!next() || !expectFields("target", 2))
      return false;
    m.target = std::string(fields_[1]);
    if (!next() || !parseFeatures(m.cpuFeatures))
      return false;
    if (!next())
      return false;
    if (fields_[0] == "device") {
      if (!expectFields("device", 3))
        return false;
      m.device = std::string(fields_[1]) + " " + std::string(fields_[2]);
      if (!next())
        return false;
    }
    if (!expectFields("arena-bytes", 2) || !parseNumber(fields_[1], m.arenaBytes))
      return false;
    if (!next() || !expectFields("weights-bytes", 2) || !parseNumber(fields_[1], m.weightsBytes))
      return false;
    if (!parseBody(m))
      return false;
    if (!rest_.empty())
      return fail("text after 'end'");
    std::string invalid;
    if (!validateMetadata(m, invalid)) {
      error_ = "metadata: " + invalid;
      return false;
    }
    return true;
  }

private:
  bool parseBody(ModelMetadata &m) {
    Stage stage = Stage::Params;
    while (next()) {
      std::string_view keyword = fields_[0];
      if (keyword == "end")
        return expectFields("end", 1);
      if (keyword == "param" || keyword == "state") {
        if (!expectStage(stage, Stage::Params))
          return false;
        TensorSpec &param = m.params.emplace_back();
        param.writable = keyword == "state";
        if (!parseTensor(true, param))
          return false;
      } else if (keyword == "entry") {
        // May follow any line: it ends the param table or the previous entry.
        if (!expectFields("entry", 2))
          return false;
        stage = Stage::Entry;
        m.entries.emplace_back().name = std::string(fields_[1]);
      } else if (keyword == "input" || keyword == "output") {
        bool isInput = keyword == "input";
        if (!expectStage(stage, isInput ? Stage::Input : Stage::Output))
          return false;
        EntrySpec &entry = m.entries.back();
        TensorSpec &t = (isInput ? entry.inputs : entry.outputs).emplace_back();
        if (!parseTensor(false, t))
          return false;
      } else if (keyword == "update") {
        if (!expectStage(stage, Stage::Update) || !expectFields("update", 2))
          return false;
        if (!parseName(fields_[1], m.entries.back().updates.emplace_back()))
          return false;
      } else {
        return fail("unexpected '" + quoted(keyword) + "'");
      }
    }
    return false; // next() has reported the missing "end".
  }

  // NAME DTYPE RANK DIMS... [OFFSET]
  bool parseTensor(bool isParam, TensorSpec &t) {
    size_t fixed = isParam ? 5 : 4;
    if (fields_.size() < fixed)
      return fail("'" + std::string(fields_[0]) + "' needs a name, dtype, rank" +
                  (isParam ? ", dims and offset" : " and dims"));
    if (!parseName(fields_[1], t.name))
      return false;
    std::optional<dlc_dtype> dtype = parseDtype(fields_[2]);
    if (!dtype)
      return fail("unknown dtype '" + quoted(fields_[2]) + "'");
    t.dtype = *dtype;
    uint64_t rank = 0;
    if (!parseNumber(fields_[3], rank))
      return false;
    if (rank != fields_.size() - fixed)
      return fail("rank " + std::to_string(rank) + " but " +
                  std::to_string(fields_.size() - fixed) + " dims");
    for (size_t i = 4; i < 4 + rank; ++i) {
      uint64_t dim = 0;
      if (!parseNumber(fields_[i], dim))
        return false;
      if (dim > static_cast<uint64_t>(INT64_MAX))
        return fail("dim " + std::string(fields_[i]) + " is too large");
      t.dims.push_back(static_cast<int64_t>(dim));
    }
    return !isParam || parseNumber(fields_.back(), t.offset);
  }

  bool parseName(std::string_view field, std::string &out) {
    if (!percentDecode(field, out) || percentEncode(out) != field)
      return fail("name '" + quoted(field) + "' is not canonically percent-encoded");
    return true;
  }

  bool parseProducer(std::string &out) {
    constexpr std::string_view kPrefix = "producer ";
    if (line_.substr(0, kPrefix.size()) != kPrefix)
      return fail("expected 'producer'");
    std::string_view text = line_.substr(kPrefix.size());
    if (!percentDecode(text, out) || encodeText(out, true) != text)
      return fail("producer is not canonically percent-encoded");
    return true;
  }

  bool parseFeatures(std::vector<std::string> &out) {
    if (fields_[0] != "cpu-features" || fields_.size() > 2)
      return fail("expected 'cpu-features' and at most one comma-separated list");
    if (fields_.size() == 1)
      return true;
    std::string_view list = fields_[1];
    while (true) {
      size_t comma = list.find(',');
      std::string_view feature = list.substr(0, comma);
      if (feature.empty())
        return fail("empty cpu feature in '" + quoted(fields_[1]) + "'");
      out.emplace_back(feature);
      if (comma == std::string_view::npos)
        return true;
      list.remove_prefix(comma + 1);
    }
  }

  // Canonical decimal: digits only, no leading zero, no overflow.
  bool parseNumber(std::string_view field, uint64_t &out) {
    bool canonical = !field.empty() && field.size() <= 20 && (field == "0" || field[0] != '0');
    uint64_t value = 0;
    for (char c : field) {
      if (!canonical || c < '0' || c > '9') {
        canonical = false;
        break;
      }
      uint64_t digit = static_cast<uint64_t>(c - '0');
      if (value > (UINT64_MAX - digit) / 10) {
        canonical = false;
        break;
      }
      value = value * 10 + digit;
    }
    if (!canonical)
      return fail("'" + quoted(field) + "' is not a canonical decimal number");
    out = value;
    return true;
  }

  bool expectStage(Stage &current, Stage line) {
    if (line < current)
      return fail("'" + std::string(fields_[0]) +
                  "' out of order: the param and state lines come first, then each entry "
                  "line with its input, output and update lines in this order");
    if (current == Stage::Params && line != Stage::Params)
      return fail("'" + std::string(fields_[0]) + "' before the first 'entry'");
    current = line;
    return true;
  }

  bool expectFields(std::string_view keyword, size_t count) {
    if (fields_[0] != keyword)
      return fail("expected '" + std::string(keyword) + "', got '" + quoted(fields_[0]) + "'");
    if (fields_.size() != count)
      return fail("'" + std::string(keyword) + "' takes " + std::to_string(count - 1) +
                  " field(s), got " + std::to_string(fields_.size() - 1));
    return true;
  }

  // Moves to the next line and, unless it is free text, splits it at single spaces.
  bool next(bool split = true) {
    size_t newline = rest_.find('\n');
    ++lineNumber_;
    if (newline == std::string_view::npos)
      return fail(rest_.empty() ? "the text ends before 'end'" : "the last line has no newline");
    line_ = rest_.substr(0, newline);
    rest_.remove_prefix(newline + 1);
    fields_.clear();
    if (!split)
      return true;
    std::string_view line = line_;
    while (true) {
      size_t space = line.find(' ');
      fields_.push_back(line.substr(0, space));
      if (fields_.back().empty())
        return fail("empty field (double, leading or trailing space, or an empty line)");
      if (space == std::string_view::npos)
        return true;
      line.remove_prefix(space + 1);
    }
  }

  static std::string quoted(std::string_view field) {
    constexpr size_t kMax = 40;
    std::string text = encodeText(field.substr(0, kMax), true);
    return field.size() > kMax ? text + "..." : text;
  }

  bool fail(const std::string &message) {
    error_ = "metadata line " + std::to_string(lineNumber_) + ": " + message;
    return false;
  }

  std::string_view rest_;
  std::string_view line_;
  std::vector<std::string_view> fields_;
  size_t lineNumber_ = 0;
  std::string &error_;
};

} // namespace

bool parseMetadata(std::string_view text, ModelMetadata &out, std::string &error) {
  ModelMetadata parsed;
  if (!Parser(text, error).parse(parsed))
    return false;
  out = std::move(parsed);
  return true;
}

} // namespace dlc::artifact
