//===- CIdentifiers.h - model names as safe C and C++ identifiers --------===//
#ifndef DLC_COMPILER_CODEGEN_CIDENTIFIERS_H
#define DLC_COMPILER_CODEGEN_CIDENTIFIERS_H

#include <string>

namespace dlc {

/// A valid C and C++ identifier made from `name` ("input.1" -> "input_1")
/// that no C or C++ keyword, no name of <stddef.h> or <stdint.h>, no name
/// the implementation reserves (leading or double underscores, a `_t`
/// suffix) and no name of dlc's API (`dlc_*`, `DLC_*`) can be.
std::string toCIdentifier(const std::string &name);

/// `text` safe inside a C block comment: printable ASCII with "*/", "/*"
/// and "??" (a trigraph) broken apart, other bytes written as \xNN.
std::string toCommentText(const std::string &text);

} // namespace dlc

#endif // DLC_COMPILER_CODEGEN_CIDENTIFIERS_H
