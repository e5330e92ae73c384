//===- ConvOps.cpp -------------------------------------------------------===//
#include "dialects/graph/DlcDialect.h"
#include "dialects/graph/TypeInference.h"

using namespace mlir;
using namespace dlc::graph;
