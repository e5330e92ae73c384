//===- ConvLowering.cpp ------------------------------------------------===//
#include "dialects/graph/DlcDialect.h"
#include "passes/lowering/LoweringUtils.h"
#include "passes/lowering/Patterns.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

void dlc::populateConvLoweringPatterns(const TypeConverter &converter,
                                  RewritePatternSet &patterns) {}
