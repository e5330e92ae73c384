//===- Passes.h - graph-level rewrites before kernel formation ------------===//
#ifndef DLC_PASSES_GRAPH_PASSES_H
#define DLC_PASSES_GRAPH_PASSES_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace dlc {

#define GEN_PASS_DECL
#include "passes/graph/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/graph/Passes.h.inc"

/// Registers this library's passes.
void registerDlcGraphPasses();

} // namespace dlc

#endif // DLC_PASSES_GRAPH_PASSES_H
