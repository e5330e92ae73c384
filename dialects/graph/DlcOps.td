//===- DlcOps.td - every op of the dlc graph dialect ----------------------===//
// One file per family of ops; each family's C++ lives in the .cpp of the
// same name.
#ifndef DLC_GRAPH_OPS
#define DLC_GRAPH_OPS

include "dialects/graph/DlcBase.td"
include "dialects/graph/CoreOps.td"
include "dialects/graph/ElementwiseOps.td"
include "dialects/graph/ConvOps.td"
include "dialects/graph/PoolOps.td"
include "dialects/graph/MatrixOps.td"
include "dialects/graph/ShapeOps.td"
include "dialects/graph/ReductionOps.td"
include "dialects/graph/LossOps.td"
include "dialects/graph/NormalizationOps.td"
include "dialects/graph/IndexingOps.td"
include "dialects/graph/ScanOps.td"
include "dialects/graph/LayoutOps.td"
include "dialects/graph/SamplingOps.td"
include "dialects/graph/StringOps.td"

#endif // DLC_GRAPH_OPS
