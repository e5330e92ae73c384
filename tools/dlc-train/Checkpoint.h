//===- Checkpoint.h - dlc-train's checkpoint directory --------------------===//
//
// DIR/checkpoint.txt names the files of the newest checkpoint and says where
// training stands; it is replaced atomically after those files are written,
// so a run killed at any moment leaves the previous checkpoint intact:
//
//   dlc-train checkpoint 1
//   epoch 2                    completed epochs
//   batch 0                    batches done in the epoch after those
//   step 1876                  training steps taken in total
//   model step-1876.onnx       the model as --save writes it
//   state step-1876-state.onnx every state param (weights, optimizer state,
//                              optimizer.lr, optimizer.step) as initializers
//   option batch 64            options a resumed run must repeat
//   ...
//
//===----------------------------------------------------------------------===//
#ifndef DLC_TOOLS_DLC_TRAIN_CHECKPOINT_H
#define DLC_TOOLS_DLC_TRAIN_CHECKPOINT_H

#include <cstdint>
#include <map>
#include <string>

namespace dlc::train {

struct CheckpointInfo {
  int64_t epoch = 0;
  int64_t batch = 0;
  int64_t step = 0;
  std::string modelFile; ///< relative to the directory
  std::string stateFile; ///< relative to the directory
  std::map<std::string, std::string> options;
};

/// The text of checkpoint.txt.
std::string formatCheckpoint(const CheckpointInfo &info);
/// Parses the text of checkpoint.txt read from `path`.
bool parseCheckpoint(const std::string &text, const std::string &path, CheckpointInfo &out,
                     std::string &error);

/// The first option whose value in `saved` differs from `current` (or is
/// missing): false with one line in `error`.
bool checkOptionsMatch(const std::map<std::string, std::string> &saved,
                       const std::map<std::string, std::string> &current,
                       const std::string &dir, std::string &error);

} // namespace dlc::train

#endif // DLC_TOOLS_DLC_TRAIN_CHECKPOINT_H
