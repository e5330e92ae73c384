//===- LiteralFolding.h - elementwise ops on literals fold ----------------===//
#ifndef DLC_DIALECTS_GRAPH_LITERALFOLDING_H
#define DLC_DIALECTS_GRAPH_LITERALFOLDING_H

#include "dialects/graph/DlcDialect.h"

namespace dlc::graph {
/// Lets the elementwise ops whose operands are all literals fold to a literal
/// (through the dialect's fold hook, so canonicalize and import both use it).
void addLiteralFolding(DlcDialect &dialect);
} // namespace dlc::graph

#endif // DLC_DIALECTS_GRAPH_LITERALFOLDING_H
