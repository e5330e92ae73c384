//===- MatrixOps.td ---------------------------------------------------------===//
#ifndef DLC_GRAPH_MATRIX_OPS
#define DLC_GRAPH_MATRIX_OPS

include "dialects/graph/DlcBase.td"

#endif // DLC_GRAPH_MATRIX_OPS
