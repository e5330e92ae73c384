//===- ReductionOps.td ---------------------------------------------------------===//
#ifndef DLC_GRAPH_REDUCTION_OPS
#define DLC_GRAPH_REDUCTION_OPS

include "dialects/graph/DlcBase.td"

#endif // DLC_GRAPH_REDUCTION_OPS
