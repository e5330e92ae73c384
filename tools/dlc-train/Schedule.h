//===- Schedule.h - learning-rate schedules of dlc-train ------------------===//
//
// --schedule PART[+PART]: one of `constant` (the default),
// `step:step_size=E,gamma=G` (torch.optim.lr_scheduler.StepLR, per epoch) or
// `cosine:t_max=E,eta_min=X` (CosineAnnealingLR, per epoch, closed form),
// optionally combined with a linear warm-up `warmup:steps=S` that scales the
// rate by (step + 1) / S over the first S training steps.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_TOOLS_DLC_TRAIN_SCHEDULE_H
#define DLC_TOOLS_DLC_TRAIN_SCHEDULE_H

#include <cstdint>
#include <string>

namespace dlc::train {

struct Schedule {
  enum class Kind { Constant, Step, Cosine };
  Kind kind = Kind::Constant;
  int64_t stepSize = 0;   ///< step: epochs between decays (> 0)
  double gamma = 0.1;     ///< step: the decay factor
  int64_t tMax = 0;       ///< cosine: epochs of one half period (> 0)
  double etaMin = 0.0;    ///< cosine: the lowest rate
  int64_t warmupSteps = 0; ///< 0: no warm-up

  /// The rate for training step `step` (0-based, counted over the whole
  /// run) in epoch `epoch` (0-based), from the optimizer's rate `base`.
  double rate(double base, int64_t epoch, int64_t step) const;
};

/// Parses --schedule; `epochs` is cosine's default t_max. False with one line
/// in `error` on an unknown schedule or key, a missing key or a bad value.
bool parseSchedule(const std::string &text, int64_t epochs, Schedule &out, std::string &error);

/// The canonical text of `schedule` (every key), which parseSchedule reads
/// back to the same schedule.
std::string formatSchedule(const Schedule &schedule);

} // namespace dlc::train

#endif // DLC_TOOLS_DLC_TRAIN_SCHEDULE_H
