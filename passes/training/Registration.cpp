//===- Registration.cpp - training pass registration ----------------------===//
#include "passes/training/Passes.h"

void dlc::registerDlcTrainingPasses() { registerDlcTraining_Passes(); }
