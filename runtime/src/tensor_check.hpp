//===- tensor_check.hpp - caller tensors against what the model expects ---===//
#ifndef DLC_RUNTIME_SRC_TENSOR_CHECK_HPP
#define DLC_RUNTIME_SRC_TENSOR_CHECK_HPP

#include "api.hpp"

#include <string>
#include <vector>

namespace dlc::runtime {

/// NULL if `given` (count tensors) matches `expected` in count, dtype, rank,
/// dims and byte_size, with data where a tensor has bytes; otherwise a
/// DLC_INVALID_ARGUMENT status naming the first bad tensor, e.g.
/// input 0 ("x"): expected dims 1x3x32x32, got 1x3x32x31
/// `kind` is "input" or "output" and `entry` the entry they are for; messages
/// about entries other than "run" name it ("entry eval input 0 ...").
dlc_status *checkTensors(const char *entry, const char *kind,
                         const std::vector<dlc_tensor_info> &expected, const dlc_tensor *given,
                         size_t count);

/// NULL if `given` matches `expected` as checkTensors checks each tensor;
/// otherwise DLC_INVALID_ARGUMENT "<what>: <reason>", e.g.
/// param "w": expected dims 3x2, got 2x3
dlc_status *checkTensor(const std::string &what, const dlc_tensor_info &expected,
                        const dlc_tensor &given);

} // namespace dlc::runtime

#endif // DLC_RUNTIME_SRC_TENSOR_CHECK_HPP
