//===- Registration.cpp - memory pass registration ------------------------===//
#include "passes/memory/Passes.h"

void dlc::registerDlcMemoryPasses() { registerDlcMemory_Passes(); }
