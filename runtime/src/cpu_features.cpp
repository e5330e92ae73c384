//===- cpu_features.cpp - CPU feature detection and the pre-load check ----===//
#include "cpu_features.hpp"

#include "status.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

namespace dlc::runtime {
namespace {

// Where CPUID reports each feature; leaf 7 sub-leaves count as their own leaf.
enum class Reg { Leaf1Ecx, Leaf7Ebx, Leaf7Ecx, Leaf7Edx, Leaf7Sub1Eax };
enum class OsState { None, Avx, Avx512 };

struct Feature {
  const char *name;
  Reg reg;
  unsigned bit;
  OsState state; // Register state the OS must save for the feature to be usable.
};

constexpr Feature kFeatures[] = {
    {"sse4.1", Reg::Leaf1Ecx, 19, OsState::None},
    {"sse4.2", Reg::Leaf1Ecx, 20, OsState::None},
    {"avx", Reg::Leaf1Ecx, 28, OsState::Avx},
    {"avx2", Reg::Leaf7Ebx, 5, OsState::Avx},
    {"fma", Reg::Leaf1Ecx, 12, OsState::Avx},
    {"f16c", Reg::Leaf1Ecx, 29, OsState::Avx},
    {"bmi", Reg::Leaf7Ebx, 3, OsState::None},
    {"bmi2", Reg::Leaf7Ebx, 8, OsState::None},
    {"avx512f", Reg::Leaf7Ebx, 16, OsState::Avx512},
    {"avx512bw", Reg::Leaf7Ebx, 30, OsState::Avx512},
    {"avx512dq", Reg::Leaf7Ebx, 17, OsState::Avx512},
    {"avx512vl", Reg::Leaf7Ebx, 31, OsState::Avx512},
    {"avx512cd", Reg::Leaf7Ebx, 28, OsState::Avx512},
    {"avx512vnni", Reg::Leaf7Ecx, 11, OsState::Avx512},
    {"avx512bf16", Reg::Leaf7Sub1Eax, 5, OsState::Avx512},
    {"avx512fp16", Reg::Leaf7Edx, 23, OsState::Avx512},
};
static_assert(sizeof(kFeatures) / sizeof(kFeatures[0]) <= 32, "CpuFeatureMask has 32 bits");

#if defined(__x86_64__) || defined(__i386__)
CpuFeatureMask detect() {
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx))
    return 0;
  unsigned regs[5] = {ecx, 0, 0, 0, 0};
  if (__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) {
    regs[1] = ebx;
    regs[2] = ecx;
    regs[3] = edx;
    if (eax >= 1 && __get_cpuid_count(7, 1, &eax, &ebx, &ecx, &edx))
      regs[4] = eax;
  }
  // A CPU may have AVX while the OS does not save its registers (XCR0): then
  // AVX code faults, so the feature counts as absent.
  bool avxState = false, avx512State = false;
  if (regs[0] & (1u << 27)) { // OSXSAVE
    unsigned xcr0Low = 0, xcr0High = 0;
    __asm__("xgetbv" : "=a"(xcr0Low), "=d"(xcr0High) : "c"(0));
    avxState = (xcr0Low & 0x6) == 0x6;                  // SSE and AVX state
    avx512State = avxState && (xcr0Low & 0xe0) == 0xe0; // opmask, ZMM_Hi256, Hi16_ZMM
  }
  CpuFeatureMask mask = 0;
  for (unsigned i = 0; i < sizeof(kFeatures) / sizeof(kFeatures[0]); ++i) {
    const Feature &f = kFeatures[i];
    bool usable = (regs[static_cast<int>(f.reg)] >> f.bit) & 1;
    if (f.state == OsState::Avx)
      usable = usable && avxState;
    else if (f.state == OsState::Avx512)
      usable = usable && avx512State;
    if (usable)
      mask |= CpuFeatureMask(1) << i;
  }
  return mask;
}
#else
// None of the features exist off x86, so only models that need none load.
CpuFeatureMask detect() { return 0; }
#endif

} // namespace

std::optional<CpuFeatureMask> cpuFeatureBit(std::string_view name) {
  for (unsigned i = 0; i < sizeof(kFeatures) / sizeof(kFeatures[0]); ++i)
    if (name == kFeatures[i].name)
      return CpuFeatureMask(1) << i;
  return std::nullopt;
}

CpuFeatureMask hostCpuFeatures() {
  static const CpuFeatureMask features = detect();
  return features;
}

dlc_status *checkCpuFeatures(const std::vector<std::string> &required, CpuFeatureMask available) {
  std::string missing, unknown;
  for (const std::string &name : required) {
    std::optional<CpuFeatureMask> bit = cpuFeatureBit(name);
    std::string &list = bit ? missing : unknown;
    if (bit && (available & *bit))
      continue;
    list += (list.empty() ? "" : ", ") + name;
  }
  if (missing.empty() && unknown.empty())
    return nullptr;
  std::string message = "the model needs CPU features";
  if (!missing.empty())
    message += " this machine lacks: " + missing;
  if (!unknown.empty())
    message += std::string(missing.empty() ? "" : ";") + " unknown to this runtime: " + unknown;
  return makeStatus(DLC_UNSUPPORTED, message);
}

} // namespace dlc::runtime
