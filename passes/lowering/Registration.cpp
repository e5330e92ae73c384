//===- Registration.cpp - lowering pass registration ----------------------===//
#include "passes/lowering/Passes.h"

void dlc::registerDlcLoweringPasses() { registerDlcLowering_Passes(); }
