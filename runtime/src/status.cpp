//===- status.cpp - the one error type of the C API -----------------------===//
#include "status.hpp"

#include <cstdlib>
#include <cstring>

struct dlc_status {
  dlc_status_code code;
  const char *message; // Points just past the struct, in the same allocation.
};

namespace {
dlc_status outOfMemory{DLC_RESOURCE_EXHAUSTED, "out of memory while reporting an error"};
} // namespace

namespace dlc::runtime {

dlc_status *makeStatus(dlc_status_code code, std::string_view message) {
  auto *status = static_cast<dlc_status *>(std::malloc(sizeof(dlc_status) + message.size() + 1));
  if (!status)
    return &outOfMemory;
  char *text = reinterpret_cast<char *>(status + 1);
  for (size_t i = 0; i < message.size(); ++i)
    text[i] = message[i] == '\n' || message[i] == '\r' ? ' ' : message[i];
  text[message.size()] = '\0';
  status->code = code;
  status->message = text;
  return status;
}

std::string quoteName(std::string_view name) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (char c : name) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 15];
    } else {
      out += c;
    }
  }
  return out + "\"";
}

} // namespace dlc::runtime

extern "C" {

dlc_status_code dlc_status_get_code(const dlc_status *status) {
  return status ? status->code : DLC_OK;
}

const char *dlc_status_message(const dlc_status *status) { return status ? status->message : ""; }

void dlc_status_free(dlc_status *status) {
  if (status != &outOfMemory)
    std::free(status);
}

} // extern "C"
