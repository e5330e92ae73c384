//===- TrainingSpec.h - losses and optimizers as the training passes see them -===//
//
// What a user asks for on dlc-train's command line (`--loss cross_entropy`,
// `--optimizer sgd:lr=0.001,momentum=0.9`), parsed once here and shared by
// the passes that build the training graph, the compiler driver and the tools.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_PASSES_TRAINING_TRAININGSPEC_H
#define DLC_PASSES_TRAINING_TRAININGSPEC_H

#include <string>
#include <vector>

namespace dlc {

enum class LossKind {
  CrossEntropy, ///< softmax cross-entropy on logits [N, C, ...] with class indices
  NLL,          ///< negative log-likelihood on log-probabilities with class indices
  MSE,          ///< mean squared error against targets shaped like the output
};

struct LossSpec {
  LossKind kind = LossKind::CrossEntropy;
  double labelSmoothing = 0.0;     ///< cross_entropy only, in [0, 1]
  std::vector<double> classWeights; ///< empty, or one per class (cross_entropy, nll)
};

/// The update rules of torch.optim, named as PyTorch names them.
enum class OptimizerKind { SGD, Adam, AdamW, RMSProp, Adagrad };

struct OptimizerSpec {
  OptimizerKind kind = OptimizerKind::SGD;
  double lr = 0.01;
  double weightDecay = 0.0; ///< L2 penalty added to the gradient (AdamW: decoupled)
  // SGD
  double momentum = 0.0;
  double dampening = 0.0;
  bool nesterov = false;
  // Adam, AdamW
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  // RMSProp
  double alpha = 0.99;
  bool centered = false;
  // Adagrad
  double lrDecay = 0.0;
  double initialAccumulator = 0.0;
};

/// Parses "NAME:key=value,..." (NAME: sgd, adam, adamw, rmsprop, adagrad;
/// keys: lr, weight_decay, momentum, dampening, nesterov, beta1, beta2,
/// betas (b1/b2), eps, alpha, centered, lr_decay, initial_accumulator_value).
/// Applies PyTorch's defaults (AdamW's weight_decay is 0.01; RMSProp's eps is
/// 1e-8, Adagrad's 1e-10). False with one line in `error` on an unknown name
/// or key, a key the optimizer does not take, or a bad value.
bool parseOptimizerSpec(const std::string &text, OptimizerSpec &out, std::string &error);

/// Parses "cross_entropy", "nll" or "mse"; false with `error` otherwise.
bool parseLossKind(const std::string &text, LossKind &out, std::string &error);

/// The canonical "NAME:key=value,..." text of `spec` (every key), which
/// parseOptimizerSpec reads back to the same spec.
std::string formatOptimizerSpec(const OptimizerSpec &spec);

} // namespace dlc

#endif // DLC_PASSES_TRAINING_TRAININGSPEC_H
