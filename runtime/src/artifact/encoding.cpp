//===- encoding.cpp - percent-encoding of names in the metadata text ------===//
#include "artifact/encoding.hpp"

#include "dlc/artifact.hpp"

namespace dlc::artifact {

std::string encodeText(std::string_view raw, bool keepSpace) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(raw.size());
  for (char c : raw) {
    auto byte = static_cast<unsigned char>(c);
    if ((byte > ' ' && byte <= '~' && byte != '%') || (keepSpace && byte == ' ')) {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 15];
    }
  }
  return out;
}

std::string percentEncode(std::string_view raw) { return encodeText(raw, false); }

bool percentDecode(std::string_view encoded, std::string &out) {
  auto hexValue = [](char c) -> int {
    if (c >= '0' && c <= '9')
      return c - '0';
    if (c >= 'A' && c <= 'F')
      return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
      return c - 'a' + 10;
    return -1;
  };
  std::string decoded;
  decoded.reserve(encoded.size());
  for (size_t i = 0; i < encoded.size(); ++i) {
    if (encoded[i] != '%') {
      decoded += encoded[i];
      continue;
    }
    if (encoded.size() - i < 3)
      return false;
    int high = hexValue(encoded[i + 1]), low = hexValue(encoded[i + 2]);
    if (high < 0 || low < 0)
      return false;
    decoded += static_cast<char>(high * 16 + low);
    i += 2;
  }
  out = std::move(decoded);
  return true;
}

} // namespace dlc::artifact
