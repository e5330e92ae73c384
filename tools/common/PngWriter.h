//===- PngWriter.h - heat maps as PNG files, without zlib -----------------===//
#ifndef DLC_TOOLS_COMMON_PNGWRITER_H
#define DLC_TOOLS_COMMON_PNGWRITER_H

#include <cstdint>
#include <string>
#include <vector>

namespace dlc {

/// Writes `values` (height x width, row-major, any range) as an 8-bit RGB PNG
/// heat map: the smallest value black, rising through red and yellow to
/// white at the largest. Written to a temporary file and renamed, so a
/// reader never sees half an image. False with `error` on failure.
bool writeHeatMapPng(const std::string &path, const std::vector<float> &values,
                     int64_t height, int64_t width, std::string &error);

} // namespace dlc

#endif // DLC_TOOLS_COMMON_PNGWRITER_H
