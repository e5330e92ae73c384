//===- Registration.cpp - graph pass registration -------------------------===//
#include "passes/graph/Passes.h"

void dlc::registerDlcGraphPasses() { registerDlcGraph_Passes(); }
