//===- CIdentifiers.cpp - model names as safe C and C++ identifiers ------===//
#include "compiler/codegen/CIdentifiers.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <cctype>

using namespace dlc;

namespace {
// Keywords of C23 and C++20 (alternative operator tokens included), and the
// names <stddef.h> defines that are not typedefs.
const llvm::StringSet<> kReserved = {
    "alignas",      "alignof",   "and",          "and_eq",        "asm",
    "auto",         "bitand",    "bitor",        "bool",          "break",
    "case",         "catch",     "char",         "char8_t",       "char16_t",
    "char32_t",     "class",     "co_await",     "co_return",     "co_yield",
    "compl",        "concept",   "const",        "const_cast",    "consteval",
    "constexpr",    "constinit", "continue",     "decltype",      "default",
    "delete",       "do",        "double",       "dynamic_cast",  "else",
    "enum",         "explicit",  "export",       "extern",        "false",
    "float",        "for",       "friend",       "goto",          "if",
    "inline",       "int",       "long",         "mutable",       "namespace",
    "new",          "noexcept",  "not",          "not_eq",        "nullptr",
    "operator",     "or",        "or_eq",        "private",       "protected",
    "public",       "register",  "reinterpret_cast", "requires",  "restrict",
    "return",       "short",     "signed",       "sizeof",        "static",
    "static_assert", "static_cast", "struct",    "switch",        "template",
    "this",         "thread_local", "throw",     "true",          "try",
    "typedef",      "typeid",    "typename",     "typeof",        "typeof_unqual",
    "union",        "unsigned",  "using",        "virtual",       "void",
    "volatile",     "wchar_t",   "while",        "xor",           "xor_eq",
    "NULL",         "offsetof",  "unreachable"};

// Typedefs end in "_t" (POSIX reserves the suffix) and <stdint.h>'s macros
// are upper case ending in _MIN, _MAX, _WIDTH or _C.
bool looksStandard(llvm::StringRef id) {
  if (id.ends_with("_t"))
    return true;
  bool upperCase = llvm::all_of(id, [](char c) { return !std::islower(static_cast<unsigned char>(c)); });
  return upperCase && (id.ends_with("_MIN") || id.ends_with("_MAX") ||
                       id.ends_with("_WIDTH") || id.ends_with("_C"));
}

bool isDlcName(llvm::StringRef id) {
  return id.equals_insensitive("dlc") || id.starts_with_insensitive("dlc_");
}
} // namespace

std::string dlc::toCIdentifier(const std::string &name) {
  std::string id;
  for (char c : name) {
    char mapped = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    // A double underscore anywhere is reserved in C++.
    if (mapped == '_' && !id.empty() && id.back() == '_')
      continue;
    id += mapped;
  }
  // A leading digit is invalid, a leading underscore reserved.
  if (id.empty() || std::isdigit(static_cast<unsigned char>(id[0])) || id[0] == '_' ||
      isDlcName(id))
    id = (id.empty() || id[0] != '_' ? "t_" : "t") + id;
  if (kReserved.contains(id) || looksStandard(id))
    id += "_";
  return id;
}

std::string dlc::toCommentText(const std::string &text) {
  std::string out;
  llvm::raw_string_ostream os(out);
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x7f) {
      os << llvm::format("\\x%02x", byte);
      continue;
    }
    char last = out.empty() ? '\0' : out.back();
    if ((last == '*' && c == '/') || (last == '/' && c == '*') || (last == '?' && c == '?'))
      os << ' ';
    os << c;
  }
  return out;
}
