//===- TrainingMode.h - ops that behave differently in train_step ---------===//
#ifndef DLC_PASSES_TRAINING_TRAININGMODE_H
#define DLC_PASSES_TRAINING_TRAININGMODE_H

#include "dialects/Support.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <string>

namespace dlc {

/// A new value for a param (or piece of optimizer state), by name.
struct ParamUpdate {
  std::string name;
  Value value;
};

/// Switches the ops of `entry` that have a training mode to it, as PyTorch's
/// `model.train()` does: each `dlc.batch_norm` normalizes with the batch's
/// statistics and updates its running-statistic params (PyTorch's unbiased
/// running variance); each `dlc.dropout` draws a mask from the counter param
/// `dropout.step`, which counts the steps taken. Returns those updates, or
/// failure after an error at the op at fault. Dropout seeds derive from
/// `seed` and each op's position unless the ONNX node gave one.
FailureOr<SmallVector<ParamUpdate>> switchToTrainingMode(func::FuncOp entry, uint64_t seed);

} // namespace dlc

#endif // DLC_PASSES_TRAINING_TRAININGMODE_H
