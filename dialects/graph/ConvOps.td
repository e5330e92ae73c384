//===- ConvOps.td ---------------------------------------------------------===//
#ifndef DLC_GRAPH_CONV_OPS
#define DLC_GRAPH_CONV_OPS

include "dialects/graph/DlcBase.td"

#endif // DLC_GRAPH_CONV_OPS
