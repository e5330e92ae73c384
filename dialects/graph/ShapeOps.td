//===- ShapeOps.td ---------------------------------------------------------===//
#ifndef DLC_GRAPH_SHAPE_OPS
#define DLC_GRAPH_SHAPE_OPS

include "dialects/graph/DlcBase.td"

#endif // DLC_GRAPH_SHAPE_OPS
