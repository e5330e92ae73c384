//===- HeaderWriter.h - a typed C header for one compiled model -----------===//
#ifndef DLC_COMPILER_CODEGEN_HEADERWRITER_H
#define DLC_COMPILER_CODEGEN_HEADERWRITER_H

#include "dlc/artifact.hpp"

#include <string>

namespace dlc {

/// A C header (valid C99 and C++, warning-free under -Wall -Wextra) with one
/// function per entry, `<prefix>_<entry>(session, inputs..., outputs...)`
/// taking typed pointers (`<prefix>_run` calls dlc_session_run, the others
/// dlc_session_run_entry), and macros for every tensor's rank, dims and
/// element count: `<PREFIX>_<TENSOR>_RANK` for run's tensors,
/// `<PREFIX>_<ENTRY>_<TENSOR>_RANK` for the other entries'. Tensor names
/// become C identifiers unique within their function, and macro names are
/// unique in the header.
std::string writeHeader(const artifact::ModelMetadata &metadata, const std::string &prefix,
                        const std::string &sourceName);

} // namespace dlc

#endif // DLC_COMPILER_CODEGEN_HEADERWRITER_H
