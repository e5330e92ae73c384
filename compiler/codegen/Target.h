//===- Target.h - the CPU a model library is compiled for -----------------===//
#ifndef DLC_COMPILER_CODEGEN_TARGET_H
#define DLC_COMPILER_CODEGEN_TARGET_H

#include "llvm/Target/TargetMachine.h"

#include <memory>
#include <string>
#include <vector>

namespace dlc {

struct TargetSpec {
  /// "cpu" or "cuda": which backend makes the code.
  std::string kind = "cpu";
  /// The GPU architecture of a CUDA build ("sm_90").
  std::string gpuArch = "sm_90";
  /// How a CUDA build's tensor cores multiply float32: "fp32" (3xTF32,
  /// float32-exact), "tf32" (one product of rounded operands), "bf16" or
  /// "fp16" (one product of operands rounded to 16 bits); sums stay float32.
  std::string gpuPrecision = "fp32";
  /// An LLVM CPU name (of the host code, for CUDA); empty means this machine's CPU.
  std::string cpu;
  /// LLVM feature string ("+avx2,-avx512f"); empty means this machine's.
  std::string features;
};

/// TargetSpec::gpuPrecision's values, as errors list them.
inline constexpr const char kGpuPrecisions[] = "fp32, tf32, bf16 or fp16";

/// Whether `name` is one of kGpuPrecisions.
bool isGpuPrecision(const std::string &name);

/// A position-independent TargetMachine for `spec`; null with `error` set if
/// the CPU or features are unknown.
std::unique_ptr<llvm::TargetMachine> createTargetMachine(const TargetSpec &spec,
                                                         std::string &error);

/// The features enabled in `machine` that the runtime checks before loading
/// (docs/artifact.md lists them), sorted.
std::vector<std::string> requiredCpuFeatures(const llvm::TargetMachine &machine);

} // namespace dlc

#endif // DLC_COMPILER_CODEGEN_TARGET_H
