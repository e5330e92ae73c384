//===- Checkpoint.cpp - dlc-train's checkpoint directory ------------------===//
#include "tools/dlc-train/Checkpoint.h"

#include <charconv>
#include <system_error>

using namespace dlc;
using namespace dlc::train;

namespace {
constexpr const char *kHeader = "dlc-train checkpoint 1";

bool parseInt(const std::string &text, int64_t &out) {
  if (text.empty())
    return false;
  std::from_chars_result result = std::from_chars(text.data(), text.data() + text.size(), out);
  return result.ec == std::errc() && result.ptr == text.data() + text.size() && out >= 0;
}

bool plainFileName(const std::string &name) {
  return !name.empty() && name.find('/') == std::string::npos && name != "." && name != "..";
}
} // namespace

std::string train::formatCheckpoint(const CheckpointInfo &info) {
  std::string out = std::string(kHeader) + "\n";
  out += "epoch " + std::to_string(info.epoch) + "\n";
  out += "batch " + std::to_string(info.batch) + "\n";
  out += "step " + std::to_string(info.step) + "\n";
  out += "model " + info.modelFile + "\n";
  out += "state " + info.stateFile + "\n";
  for (const auto &[key, value] : info.options)
    out += "option " + key + " " + value + "\n";
  return out;
}

bool train::parseCheckpoint(const std::string &text, const std::string &path,
                            CheckpointInfo &out, std::string &error) {
  CheckpointInfo info;
  size_t start = 0;
  int line = 0;
  bool sawHeader = false, sawEpoch = false, sawBatch = false, sawStep = false;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    std::string row = text.substr(start, end == std::string::npos ? end : end - start);
    start = end == std::string::npos ? text.size() : end + 1;
    ++line;
    auto fail = [&](const std::string &why) {
      error = "'" + path + "':" + std::to_string(line) + ": " + why;
      return false;
    };
    if (line == 1) {
      if (row != kHeader)
        return fail("not a dlc-train checkpoint (expected '" + std::string(kHeader) + "')");
      sawHeader = true;
      continue;
    }
    if (row.empty())
      continue;
    size_t space = row.find(' ');
    std::string key = row.substr(0, space);
    std::string value = space == std::string::npos ? "" : row.substr(space + 1);
    if (key == "epoch" || key == "batch" || key == "step") {
      int64_t number;
      if (!parseInt(value, number))
        return fail(key + " '" + value + "' is not a non-negative integer");
      (key == "epoch" ? info.epoch : key == "batch" ? info.batch : info.step) = number;
      (key == "epoch" ? sawEpoch : key == "batch" ? sawBatch : sawStep) = true;
    } else if (key == "model" || key == "state") {
      if (!plainFileName(value))
        return fail(key + " '" + value + "' is not a file name in the checkpoint directory");
      (key == "model" ? info.modelFile : info.stateFile) = value;
    } else if (key == "option") {
      size_t split = value.find(' ');
      std::string name = value.substr(0, split);
      if (name.empty())
        return fail("an option without a name");
      info.options[name] = split == std::string::npos ? "" : value.substr(split + 1);
    } else {
      return fail("unknown entry '" + key + "'");
    }
  }
  if (!sawHeader) {
    error = "'" + path + "' is empty";
    return false;
  }
  if (!sawEpoch || !sawBatch || !sawStep || info.modelFile.empty() || info.stateFile.empty()) {
    error = "'" + path + "' is incomplete (it needs epoch, batch, step, model and state)";
    return false;
  }
  out = info;
  return true;
}

bool train::checkOptionsMatch(const std::map<std::string, std::string> &saved,
                              const std::map<std::string, std::string> &current,
                              const std::string &dir, std::string &error) {
  for (const auto &[key, value] : current) {
    auto it = saved.find(key);
    if (it == saved.end()) {
      error = "the checkpoint in '" + dir + "' does not record " + key;
      return false;
    }
    if (it->second != value) {
      error = "--resume '" + dir + "': " + key + " was '" + it->second +
              "' when the checkpoint was saved, now '" + value + "'";
      return false;
    }
  }
  return true;
}
