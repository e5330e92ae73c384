//===- HeaderWriter.h - a typed C header for one compiled model -----------===//
#ifndef DLC_COMPILER_CODEGEN_HEADERWRITER_H
#define DLC_COMPILER_CODEGEN_HEADERWRITER_H

#include "dlc/artifact.hpp"

#include <string>

namespace dlc {

/// A C header (valid C99 and C++, warning-free under -Wall -Wextra) with
/// `<prefix>_run(session, inputs..., outputs...)` taking typed pointers, and
/// macros for every tensor's rank, dims and element count. Tensor names
/// become valid, unique C identifiers.
std::string writeHeader(const artifact::ModelMetadata &metadata, const std::string &prefix,
                        const std::string &sourceName);

/// A valid C identifier made from `name` ("input.1" -> "input_1").
std::string toCIdentifier(const std::string &name);

} // namespace dlc

#endif // DLC_COMPILER_CODEGEN_HEADERWRITER_H
