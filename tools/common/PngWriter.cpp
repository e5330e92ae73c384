//===- PngWriter.cpp - heat maps as PNG files, without zlib ---------------===//
//
// The image data goes into stored (uncompressed) deflate blocks, which every
// PNG reader accepts: saliency maps are small, so size does not matter and
// the tools need no compression library.
//
//===----------------------------------------------------------------------===//
#include "tools/common/PngWriter.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <array>
#include <cmath>

using namespace dlc;

namespace {
uint32_t crc32(const std::string &bytes) {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t n = 0; n < 256; ++n) {
      uint32_t c = n;
      for (int k = 0; k < 8; ++k)
        c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
      t[n] = c;
    }
    return t;
  }();
  uint32_t crc = 0xffffffffu;
  for (unsigned char byte : bytes)
    crc = table[(crc ^ byte) & 0xff] ^ (crc >> 8);
  return crc ^ 0xffffffffu;
}

void appendBigEndian(std::string &out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((value >> shift) & 0xff));
}

void appendChunk(std::string &png, const char type[4], const std::string &data) {
  appendBigEndian(png, static_cast<uint32_t>(data.size()));
  std::string typed = std::string(type, 4) + data;
  png += typed;
  appendBigEndian(png, crc32(typed));
}

// A zlib stream of stored deflate blocks.
std::string zlibStored(const std::string &raw) {
  std::string out = "\x78\x01";
  size_t offset = 0;
  do {
    size_t length = std::min<size_t>(raw.size() - offset, 65535);
    bool last = offset + length == raw.size();
    out.push_back(last ? 1 : 0);
    out.push_back(static_cast<char>(length & 0xff));
    out.push_back(static_cast<char>(length >> 8));
    out.push_back(static_cast<char>(~length & 0xff));
    out.push_back(static_cast<char>((~length >> 8) & 0xff));
    out.append(raw, offset, length);
    offset += length;
  } while (offset < raw.size());
  uint32_t a = 1, b = 0;
  for (unsigned char byte : raw) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  appendBigEndian(out, (b << 16) | a);
  return out;
}

// Black -> red -> yellow -> white as t goes from 0 to 1.
std::array<uint8_t, 3> heat(float t) {
  auto channel = [](float v) {
    return static_cast<uint8_t>(std::lround(255.0f * std::clamp(v, 0.0f, 1.0f)));
  };
  return {channel(3 * t), channel(3 * t - 1), channel(3 * t - 2)};
}
} // namespace

bool dlc::writeHeatMapPng(const std::string &path, const std::vector<float> &values,
                          int64_t height, int64_t width, std::string &error) {
  if (height <= 0 || width <= 0 || height > (1 << 24) || width > (1 << 24) ||
      static_cast<size_t>(height * width) != values.size()) {
    error = "cannot draw " + std::to_string(values.size()) + " values as a " +
            std::to_string(height) + "x" + std::to_string(width) + " image";
    return false;
  }
  float lo = *std::min_element(values.begin(), values.end());
  float hi = *std::max_element(values.begin(), values.end());
  float range = hi > lo ? hi - lo : 1.0f;
  std::string raw;
  raw.reserve(static_cast<size_t>(height) * (1 + 3 * width));
  for (int64_t y = 0; y < height; ++y) {
    raw.push_back(0); // filter: none
    for (int64_t x = 0; x < width; ++x) {
      float v = values[y * width + x];
      std::array<uint8_t, 3> rgb = heat(std::isfinite(v) ? (v - lo) / range : 0.0f);
      raw.append(reinterpret_cast<const char *>(rgb.data()), 3);
    }
  }
  std::string header;
  appendBigEndian(header, static_cast<uint32_t>(width));
  appendBigEndian(header, static_cast<uint32_t>(height));
  header += std::string("\x08\x02\x00\x00\x00", 5); // 8-bit RGB, no interlace
  std::string png = "\x89PNG\r\n\x1a\n";
  appendChunk(png, "IHDR", header);
  appendChunk(png, "IDAT", zlibStored(raw));
  appendChunk(png, "IEND", "");

  std::string temporary = path + ".tmp";
  {
    std::error_code ec;
    llvm::raw_fd_ostream file(temporary, ec);
    if (ec) {
      error = "cannot write '" + path + "': " + ec.message();
      return false;
    }
    file << png;
    file.close();
    if (file.has_error()) {
      error = "cannot write '" + path + "': " + file.error().message();
      file.clear_error();
      llvm::sys::fs::remove(temporary);
      return false;
    }
  }
  if (std::error_code ec = llvm::sys::fs::rename(temporary, path)) {
    llvm::sys::fs::remove(temporary);
    error = "cannot write '" + path + "': " + ec.message();
    return false;
  }
  return true;
}
