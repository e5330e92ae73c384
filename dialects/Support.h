//===- Support.h - the MLIR vocabulary inside namespace dlc ---------------===//
//
// dlc's code lives in namespace dlc (not inside mlir, so the compiler, the
// runtime's C++ header and the tools share one name) yet speaks MLIR's types
// unqualified, as MLIR itself does with LLVM's (mlir/Support/LLVM.h).
//
//===----------------------------------------------------------------------===//
#ifndef DLC_DIALECTS_SUPPORT_H
#define DLC_DIALECTS_SUPPORT_H

#include "mlir/Support/LLVM.h"
#include "mlir/Support/LogicalResult.h"

namespace dlc {
using namespace mlir;
} // namespace dlc

#endif // DLC_DIALECTS_SUPPORT_H
