//===- status.hpp - creating dlc_status values inside the runtime ---------===//
#ifndef DLC_RUNTIME_SRC_STATUS_HPP
#define DLC_RUNTIME_SRC_STATUS_HPP

#include "api.hpp"

#include <string>
#include <string_view>

namespace dlc::runtime {

/// A failure with `message`; line breaks become spaces so that every message
/// is one line. Never returns NULL: without memory for the message it returns
/// a shared out-of-memory status (dlc_status_free ignores it).
dlc_status *makeStatus(dlc_status_code code, std::string_view message);

/// `name` in double quotes, control bytes as \xNN, for messages.
std::string quoteName(std::string_view name);

} // namespace dlc::runtime

#endif // DLC_RUNTIME_SRC_STATUS_HPP
