//===- ReductionImporters.cpp -----------------------------------------------===//
#include "compiler/import/NodeImporter.h"
#include "dialects/graph/DlcDialect.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

void dlc::registerReductionImporters(ImporterRegistry &registry) {}
