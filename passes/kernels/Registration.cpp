//===- Registration.cpp - kernel pass registration ------------------------===//
#include "passes/kernels/Passes.h"

void dlc::registerDlcKernelPasses() { registerDlcKernels_Passes(); }
