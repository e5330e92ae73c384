//===- tensor_check.hpp - caller tensors against what the model expects ---===//
#ifndef DLC_RUNTIME_SRC_TENSOR_CHECK_HPP
#define DLC_RUNTIME_SRC_TENSOR_CHECK_HPP

#include "api.hpp"

#include <vector>

namespace dlc::runtime {

/// NULL if `given` (count tensors) matches `expected` in count, dtype, rank,
/// dims and byte_size, with data where a tensor has bytes; otherwise a
/// DLC_INVALID_ARGUMENT status naming the first bad tensor, e.g.
/// input 0 ("x"): expected dims 1x3x32x32, got 1x3x32x31
/// `kind` is "input" or "output".
dlc_status *checkTensors(const char *kind, const std::vector<dlc_tensor_info> &expected,
                         const dlc_tensor *given, size_t count);

} // namespace dlc::runtime

#endif // DLC_RUNTIME_SRC_TENSOR_CHECK_HPP
