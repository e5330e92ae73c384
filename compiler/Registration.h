//===- Registration.h - the one registration function of all dlc tools ---===//
#ifndef DLC_COMPILER_REGISTRATION_H
#define DLC_COMPILER_REGISTRATION_H

#include "mlir/IR/DialectRegistry.h"

namespace dlc {

/// Registers every dialect (dlc's and the upstream ones the pipelines reach),
/// their external interface models, all dlc passes and named pipelines, and
/// the upstream passes dlc uses. dlc-opt, dlc-compile and dlc-run call only
/// this.
void registerAllDlc(mlir::DialectRegistry &registry);

} // namespace dlc

#endif // DLC_COMPILER_REGISTRATION_H
