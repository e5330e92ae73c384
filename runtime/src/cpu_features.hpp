//===- cpu_features.hpp - which CPU features a model needs and the host has -===//
#ifndef DLC_RUNTIME_SRC_CPU_FEATURES_HPP
#define DLC_RUNTIME_SRC_CPU_FEATURES_HPP

#include "api.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dlc::runtime {

/// One bit per feature docs/artifact.md lists.
using CpuFeatureMask = uint32_t;

/// The bit of a feature named as LLVM names it ("avx512f"); nullopt if the
/// runtime does not know it.
std::optional<CpuFeatureMask> cpuFeatureBit(std::string_view name);

/// What this CPU and OS support (AVX state saved by the OS included).
CpuFeatureMask hostCpuFeatures();

/// NULL if every required feature is known and in `available`; otherwise a
/// DLC_UNSUPPORTED status naming each missing or unknown feature.
dlc_status *checkCpuFeatures(const std::vector<std::string> &required, CpuFeatureMask available);

} // namespace dlc::runtime

#endif // DLC_RUNTIME_SRC_CPU_FEATURES_HPP
