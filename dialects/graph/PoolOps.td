//===- PoolOps.td ---------------------------------------------------------===//
#ifndef DLC_GRAPH_POOL_OPS
#define DLC_GRAPH_POOL_OPS

include "dialects/graph/DlcBase.td"

#endif // DLC_GRAPH_POOL_OPS
