//===- Schedule.cpp - learning-rate schedules of dlc-train ----------------===//
#include "tools/dlc-train/Schedule.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>
#include <system_error>
#include <vector>

using namespace dlc;
using namespace dlc::train;

namespace {
std::string formatNumber(double value) {
  char buffer[64];
  std::to_chars_result result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return result.ec == std::errc() ? std::string(buffer, result.ptr) : "nan";
}

std::vector<std::string> split(const std::string &text, char separator) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (;;) {
    size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string::npos ? end : end - start));
    if (end == std::string::npos)
      return parts;
    start = end + 1;
  }
}

std::string join(const std::vector<std::string> &items) {
  std::string out;
  for (const std::string &item : items)
    out += (out.empty() ? "" : ", ") + item;
  return out;
}

bool parseNumber(const std::string &text, double &out) {
  if (text.empty())
    return false;
  char *end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || *end != '\0' || !std::isfinite(value))
    return false;
  out = value;
  return true;
}

bool parseCount(const std::string &text, int64_t &out) {
  if (text.empty())
    return false;
  int64_t value = 0;
  std::from_chars_result result = std::from_chars(text.data(), text.data() + text.size(), value);
  if (result.ec != std::errc() || result.ptr != text.data() + text.size())
    return false;
  out = value;
  return true;
}
} // namespace

double Schedule::rate(double base, int64_t epoch, int64_t step) const {
  double lr = base;
  switch (kind) {
  case Kind::Constant:
    break;
  case Kind::Step:
    lr = base * std::pow(gamma, static_cast<double>(epoch / stepSize));
    break;
  case Kind::Cosine:
    lr = etaMin + (base - etaMin) *
                      (1.0 + std::cos(M_PI * static_cast<double>(epoch) /
                                      static_cast<double>(tMax))) /
                      2.0;
    break;
  }
  if (warmupSteps > 0 && step < warmupSteps)
    lr *= static_cast<double>(step + 1) / static_cast<double>(warmupSteps);
  return lr;
}

bool train::parseSchedule(const std::string &text, int64_t epochs, Schedule &out,
                          std::string &error) {
  static const std::map<std::string, std::vector<std::string>> keys = {
      {"constant", {}},
      {"step", {"step_size", "gamma"}},
      {"cosine", {"t_max", "eta_min"}},
      {"warmup", {"steps"}},
  };
  Schedule result;
  bool haveBase = false, haveWarmup = false;
  for (const std::string &part : split(text, '+')) {
    size_t colon = part.find(':');
    std::string name = part.substr(0, colon);
    auto known = keys.find(name);
    if (known == keys.end()) {
      error = "unknown schedule '" + name + "' in --schedule '" + text +
              "' (schedules: constant, step, cosine, each optionally +warmup:steps=S)";
      return false;
    }
    if (name == "warmup" ? haveWarmup : haveBase) {
      error = "--schedule '" + text + "' has two " +
              (name == "warmup" ? std::string("warm-ups") : std::string("schedules")) +
              " (combine one of constant, step, cosine with at most one warmup)";
      return false;
    }
    (name == "warmup" ? haveWarmup : haveBase) = true;
    std::map<std::string, std::string> values;
    if (colon != std::string::npos && colon + 1 < part.size()) {
      for (const std::string &item : split(part.substr(colon + 1), ',')) {
        size_t eq = item.find('=');
        std::string key = item.substr(0, eq);
        const std::vector<std::string> &allowed = known->second;
        bool ok = false;
        for (const std::string &candidate : allowed)
          ok |= candidate == key;
        if (!ok) {
          error = "schedule '" + name + "' has no key '" + key + "'" +
                  (allowed.empty() ? std::string(" (it takes none)")
                                   : " (keys: " + join(allowed) + ")");
          return false;
        }
        if (eq == std::string::npos) {
          error = "schedule '" + name + "': key '" + key + "' has no value (expected " + key +
                  "=VALUE)";
          return false;
        }
        if (!values.emplace(key, item.substr(eq + 1)).second) {
          error = "schedule '" + name + "': " + key + " is given twice";
          return false;
        }
      }
    } else if (colon != std::string::npos && name != "constant") {
      error = "schedule '" + name + "' has an empty key list";
      return false;
    }
    auto count = [&](const char *key, int64_t &target, bool required) {
      auto it = values.find(key);
      if (it == values.end()) {
        if (required)
          error = "schedule '" + name + "' needs " + key + "=N";
        return !required;
      }
      if (!parseCount(it->second, target) || target <= 0) {
        error = "schedule '" + name + "': " + key + " must be a positive integer, got '" +
                it->second + "'";
        return false;
      }
      return true;
    };
    auto number = [&](const char *key, double &target, double lo, double hi) {
      auto it = values.find(key);
      if (it == values.end())
        return true;
      if (!parseNumber(it->second, target) || target < lo || target > hi) {
        error = "schedule '" + name + "': " + key + " must be a number in [" +
                formatNumber(lo) + ", " + formatNumber(hi) + "], got '" + it->second + "'";
        return false;
      }
      return true;
    };
    if (name == "step") {
      result.kind = Schedule::Kind::Step;
      if (!count("step_size", result.stepSize, true) || !number("gamma", result.gamma, 0, 1))
        return false;
    } else if (name == "cosine") {
      result.kind = Schedule::Kind::Cosine;
      result.tMax = epochs > 0 ? epochs : 1;
      if (!count("t_max", result.tMax, false) ||
          !number("eta_min", result.etaMin, 0, 1e300))
        return false;
    } else if (name == "warmup") {
      if (!count("steps", result.warmupSteps, true))
        return false;
    }
  }
  out = result;
  return true;
}

std::string train::formatSchedule(const Schedule &schedule) {
  std::string out;
  switch (schedule.kind) {
  case Schedule::Kind::Constant:
    out = "constant";
    break;
  case Schedule::Kind::Step:
    out = "step:step_size=" + std::to_string(schedule.stepSize) +
          ",gamma=" + formatNumber(schedule.gamma);
    break;
  case Schedule::Kind::Cosine:
    out = "cosine:t_max=" + std::to_string(schedule.tMax) +
          ",eta_min=" + formatNumber(schedule.etaMin);
    break;
  }
  if (schedule.warmupSteps > 0)
    out += "+warmup:steps=" + std::to_string(schedule.warmupSteps);
  return out;
}
