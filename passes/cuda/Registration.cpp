//===- Registration.cpp - CUDA pass registration --------------------------===//
#include "passes/cuda/Passes.h"

void dlc::registerDlcCudaPasses() { registerDlcCuda_Passes(); }
