//===- Registration.cpp - CPU pass registration ---------------------------===//
#include "passes/cpu/Passes.h"

void dlc::registerDlcCpuPasses() { registerDlcCpu_Passes(); }
