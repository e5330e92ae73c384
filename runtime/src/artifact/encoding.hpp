//===- encoding.hpp - percent-encoding shared by the metadata reader and writer -===//
#ifndef DLC_RUNTIME_SRC_ARTIFACT_ENCODING_HPP
#define DLC_RUNTIME_SRC_ARTIFACT_ENCODING_HPP

#include <string>
#include <string_view>

namespace dlc::artifact {

/// percentEncode, optionally keeping spaces literal: the producer runs to the
/// end of its line, so a space in it separates nothing. Messages quote names
/// with keepSpace too, which keeps them one line.
std::string encodeText(std::string_view raw, bool keepSpace);

} // namespace dlc::artifact

#endif // DLC_RUNTIME_SRC_ARTIFACT_ENCODING_HPP
