//===- Linker.h - object files to a shared library ------------------------===//
#ifndef DLC_COMPILER_CODEGEN_LINKER_H
#define DLC_COMPILER_CODEGEN_LINKER_H

#include <string>
#include <vector>

namespace dlc {

/// Links `objects` (object file contents) into a shared library with the
/// system C compiler driver (`cc`, libm and libc only) and returns its bytes.
bool linkSharedLibrary(const std::vector<std::string> &objects, std::string &library,
                       std::string &error);

} // namespace dlc

#endif // DLC_COMPILER_CODEGEN_LINKER_H
