//===- TrainingSpec.cpp - parse and print losses and optimizers -----------===//
//
// "NAME:key=value,..." as dlc-train's --optimizer takes it, with PyTorch's
// names, defaults and range checks (torch.optim 2.x).
//
//===----------------------------------------------------------------------===//
#include "passes/training/TrainingSpec.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <set>
#include <system_error>

using namespace dlc;

namespace {

struct OptimizerInfo {
  const char *name;
  OptimizerKind kind;
  std::vector<std::string> keys; ///< in the order --help and errors list them
};

const std::vector<OptimizerInfo> &optimizers() {
  static const std::vector<OptimizerInfo> infos = {
      {"sgd", OptimizerKind::SGD, {"lr", "momentum", "dampening", "weight_decay", "nesterov"}},
      {"adam",
       OptimizerKind::Adam,
       {"lr", "betas", "beta1", "beta2", "eps", "weight_decay"}},
      {"adamw",
       OptimizerKind::AdamW,
       {"lr", "betas", "beta1", "beta2", "eps", "weight_decay"}},
      {"rmsprop",
       OptimizerKind::RMSProp,
       {"lr", "alpha", "eps", "weight_decay", "momentum", "centered"}},
      {"adagrad",
       OptimizerKind::Adagrad,
       {"lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps"}},
  };
  return infos;
}

const OptimizerInfo &infoFor(OptimizerKind kind) {
  for (const OptimizerInfo &info : optimizers())
    if (info.kind == kind)
      return info;
  return optimizers().front();
}

/// PyTorch's defaults for `kind` (torch.optim, 2.x).
OptimizerSpec defaults(OptimizerKind kind) {
  OptimizerSpec spec;
  spec.kind = kind;
  switch (kind) {
  case OptimizerKind::SGD:
    spec.lr = 1e-3;
    break;
  case OptimizerKind::Adam:
    spec.lr = 1e-3;
    break;
  case OptimizerKind::AdamW:
    spec.lr = 1e-3;
    spec.weightDecay = 1e-2;
    break;
  case OptimizerKind::RMSProp:
    spec.lr = 1e-2;
    spec.alpha = 0.99;
    spec.eps = 1e-8;
    break;
  case OptimizerKind::Adagrad:
    spec.lr = 1e-2;
    spec.eps = 1e-10;
    break;
  }
  return spec;
}

std::string join(const std::vector<std::string> &items) {
  std::string out;
  for (const std::string &item : items)
    out += (out.empty() ? "" : ", ") + item;
  return out;
}

std::string lower(std::string text) {
  for (char &c : text)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string trim(const std::string &text) {
  size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos)
    return "";
  size_t end = text.find_last_not_of(" \t");
  return text.substr(begin, end - begin + 1);
}

/// The shortest decimal text that reads back as exactly `value`.
std::string formatNumber(double value) {
  char buffer[64];
  std::to_chars_result result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  if (result.ec != std::errc())
    return "nan";
  return std::string(buffer, result.ptr);
}

class Parser {
public:
  Parser(const std::string &optimizer, std::string &error)
      : optimizer(optimizer), error(error) {}

  bool fail(const std::string &message) {
    error = message;
    return false;
  }

  /// A finite number; `key` names it in errors.
  bool number(const std::string &key, const std::string &text, double &out) {
    if (text.empty())
      return fail("optimizer '" + optimizer + "': " + key + " has an empty value");
    const char *begin = text.c_str();
    char *end = nullptr;
    double value = std::strtod(begin, &end);
    if (end == begin || *end != '\0')
      return fail("optimizer '" + optimizer + "': " + key + " '" + text +
                  "' is not a number");
    if (!std::isfinite(value))
      return fail("optimizer '" + optimizer + "': " + key + " must be a finite number, got '" +
                  text + "'");
    out = value;
    return true;
  }

  bool boolean(const std::string &key, const std::string &text, bool &out) {
    std::string value = lower(text);
    if (value == "true" || value == "1") {
      out = true;
      return true;
    }
    if (value == "false" || value == "0") {
      out = false;
      return true;
    }
    return fail("optimizer '" + optimizer + "': " + key + " '" + text +
                "' is not a boolean (true, false, 1 or 0)");
  }

  /// Checks lo <= value (or lo < value) and value < hi (or <= hi).
  bool range(const std::string &key, double value, double lo, bool loOpen, double hi,
             bool hiOpen) {
    bool ok = (loOpen ? value > lo : value >= lo) && (hiOpen ? value < hi : value <= hi);
    if (ok)
      return true;
    std::string bound;
    if (std::isinf(hi))
      bound = std::string(loOpen ? "> " : ">= ") + formatNumber(lo);
    else
      bound = std::string("in ") + (loOpen ? "(" : "[") + formatNumber(lo) + ", " +
              formatNumber(hi) + (hiOpen ? ")" : "]");
    return fail("optimizer '" + optimizer + "': " + key + " must be " + bound + ", got " +
                formatNumber(value));
  }

private:
  std::string optimizer;
  std::string &error;
};

constexpr double kInf = INFINITY;

} // namespace

bool dlc::parseOptimizerSpec(const std::string &text, OptimizerSpec &out, std::string &error) {
  std::string spec = trim(text);
  size_t colon = spec.find(':');
  std::string name = lower(trim(spec.substr(0, colon)));
  std::string rest = colon == std::string::npos ? "" : spec.substr(colon + 1);

  const OptimizerInfo *info = nullptr;
  std::vector<std::string> names;
  for (const OptimizerInfo &candidate : optimizers()) {
    names.push_back(candidate.name);
    if (name == candidate.name)
      info = &candidate;
  }
  if (name.empty()) {
    error = "the optimizer '" + text + "' has no name (expected NAME:key=value,..., NAME one of " +
            join(names) + ")";
    return false;
  }
  if (!info) {
    error = "unknown optimizer '" + name + "' (optimizers: " + join(names) + ")";
    return false;
  }

  OptimizerSpec result = defaults(info->kind);
  Parser parser(name, error);
  std::set<std::string> seen;
  size_t start = 0;
  while (start <= rest.size() && !trim(rest).empty()) {
    size_t comma = rest.find(',', start);
    std::string item = trim(rest.substr(start, comma == std::string::npos ? std::string::npos
                                                                          : comma - start));
    start = comma == std::string::npos ? rest.size() + 1 : comma + 1;
    if (item.empty())
      return parser.fail("optimizer '" + name + "': empty key in '" + text +
                         "' (expected key=value,...)");
    size_t eq = item.find('=');
    std::string key = trim(item.substr(0, eq));
    if (std::find(info->keys.begin(), info->keys.end(), key) == info->keys.end())
      return parser.fail("optimizer '" + name + "' has no key '" + key + "' (keys: " +
                         join(info->keys) + ")");
    if (eq == std::string::npos)
      return parser.fail("optimizer '" + name + "': key '" + key +
                         "' has no value (expected " + key + "=VALUE)");
    std::string value = trim(item.substr(eq + 1));
    // betas sets beta1 and beta2: each may be given once, either way.
    std::vector<std::string> sets = {key};
    if (key == "betas")
      sets = {"beta1", "beta2"};
    for (const std::string &set : sets)
      if (!seen.insert(set).second)
        return parser.fail("optimizer '" + name + "': " + set + " is given twice");

    if (key == "lr") {
      if (!parser.number(key, value, result.lr) ||
          !parser.range(key, result.lr, 0, true, kInf, false))
        return false;
    } else if (key == "weight_decay") {
      if (!parser.number(key, value, result.weightDecay) ||
          !parser.range(key, result.weightDecay, 0, false, kInf, false))
        return false;
    } else if (key == "momentum") {
      if (!parser.number(key, value, result.momentum) ||
          !parser.range(key, result.momentum, 0, false, 1, true))
        return false;
    } else if (key == "dampening") {
      if (!parser.number(key, value, result.dampening) ||
          !parser.range(key, result.dampening, 0, false, 1, false))
        return false;
    } else if (key == "nesterov") {
      if (!parser.boolean(key, value, result.nesterov))
        return false;
    } else if (key == "betas") {
      size_t slash = value.find('/');
      if (slash == std::string::npos)
        return parser.fail("optimizer '" + name + "': betas '" + value +
                           "' is not BETA1/BETA2 (e.g. betas=0.9/0.999)");
      if (!parser.number("beta1", trim(value.substr(0, slash)), result.beta1) ||
          !parser.range("beta1", result.beta1, 0, false, 1, true) ||
          !parser.number("beta2", trim(value.substr(slash + 1)), result.beta2) ||
          !parser.range("beta2", result.beta2, 0, false, 1, true))
        return false;
    } else if (key == "beta1") {
      if (!parser.number(key, value, result.beta1) ||
          !parser.range(key, result.beta1, 0, false, 1, true))
        return false;
    } else if (key == "beta2") {
      if (!parser.number(key, value, result.beta2) ||
          !parser.range(key, result.beta2, 0, false, 1, true))
        return false;
    } else if (key == "eps") {
      if (!parser.number(key, value, result.eps) ||
          !parser.range(key, result.eps, 0, false, kInf, false))
        return false;
    } else if (key == "alpha") {
      if (!parser.number(key, value, result.alpha) ||
          !parser.range(key, result.alpha, 0, false, 1, false))
        return false;
    } else if (key == "centered") {
      if (!parser.boolean(key, value, result.centered))
        return false;
    } else if (key == "lr_decay") {
      if (!parser.number(key, value, result.lrDecay) ||
          !parser.range(key, result.lrDecay, 0, false, kInf, false))
        return false;
    } else if (key == "initial_accumulator_value") {
      if (!parser.number(key, value, result.initialAccumulator) ||
          !parser.range(key, result.initialAccumulator, 0, false, kInf, false))
        return false;
    }
  }
  if (result.nesterov && (result.momentum <= 0 || result.dampening != 0))
    return parser.fail("optimizer '" + name +
                       "': nesterov needs momentum > 0 and dampening 0 (as PyTorch requires)");
  out = result;
  return true;
}

bool dlc::parseLossKind(const std::string &text, LossKind &out, std::string &error) {
  std::string name = trim(text);
  if (name == "cross_entropy")
    out = LossKind::CrossEntropy;
  else if (name == "nll")
    out = LossKind::NLL;
  else if (name == "mse")
    out = LossKind::MSE;
  else {
    error = "unknown loss '" + text + "' (losses: cross_entropy, nll, mse)";
    return false;
  }
  return true;
}

std::string dlc::formatOptimizerSpec(const OptimizerSpec &spec) {
  const OptimizerInfo &info = infoFor(spec.kind);
  std::string out = std::string(info.name) + ":lr=" + formatNumber(spec.lr);
  auto add = [&](const char *key, const std::string &value) {
    out += std::string(",") + key + "=" + value;
  };
  auto boolean = [](bool value) { return std::string(value ? "true" : "false"); };
  switch (spec.kind) {
  case OptimizerKind::SGD:
    add("momentum", formatNumber(spec.momentum));
    add("dampening", formatNumber(spec.dampening));
    add("weight_decay", formatNumber(spec.weightDecay));
    add("nesterov", boolean(spec.nesterov));
    break;
  case OptimizerKind::Adam:
  case OptimizerKind::AdamW:
    add("betas", formatNumber(spec.beta1) + "/" + formatNumber(spec.beta2));
    add("eps", formatNumber(spec.eps));
    add("weight_decay", formatNumber(spec.weightDecay));
    break;
  case OptimizerKind::RMSProp:
    add("alpha", formatNumber(spec.alpha));
    add("eps", formatNumber(spec.eps));
    add("weight_decay", formatNumber(spec.weightDecay));
    add("momentum", formatNumber(spec.momentum));
    add("centered", boolean(spec.centered));
    break;
  case OptimizerKind::Adagrad:
    add("lr_decay", formatNumber(spec.lrDecay));
    add("weight_decay", formatNumber(spec.weightDecay));
    add("initial_accumulator_value", formatNumber(spec.initialAccumulator));
    add("eps", formatNumber(spec.eps));
    break;
  }
  return out;
}
