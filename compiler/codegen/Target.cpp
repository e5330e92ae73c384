//===- Target.cpp - the CPU a model library is compiled for ---------------===//
#include "compiler/codegen/Target.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/Host.h"

using namespace dlc;

namespace {
// Features whose absence makes generated code fault; the runtime knows each.
constexpr const char *kCheckedFeatures[] = {
    "avx",        "avx2",     "avx512bf16", "avx512bw",   "avx512cd", "avx512dq",
    "avx512f",    "avx512fp16", "avx512vl", "avx512vnni", "bmi",      "bmi2",
    "f16c",       "fma",      "sse4.1",     "sse4.2"};

std::string hostFeatures() {
  std::vector<std::string> enabled;
  for (const auto &feature : llvm::sys::getHostCPUFeatures())
    enabled.push_back((feature.getValue() ? "+" : "-") + feature.getKey().str());
  std::sort(enabled.begin(), enabled.end());
  return llvm::join(enabled, ",");
}

// LLVM only warns about an unknown CPU or feature, once per subtarget it
// makes, and then ignores it: check both against the target's tables first.
bool checkCpuAndFeatures(const llvm::Target &target, const std::string &triple,
                         const std::string &cpu, const std::string &features,
                         std::string &error) {
  std::unique_ptr<llvm::MCSubtargetInfo> info(target.createMCSubtargetInfo(triple, "", ""));
  if (!info) {
    error = "cannot describe the subtargets of " + triple;
    return false;
  }
  if (!cpu.empty() && !info->isCPUStringValid(cpu)) {
    error = "unknown CPU '" + cpu + "' for " + triple;
    return false;
  }
  llvm::SmallVector<llvm::StringRef> parts;
  llvm::StringRef(features).split(parts, ',', -1, false);
  for (llvm::StringRef part : parts) {
    llvm::StringRef name = part.trim();
    if (!name.consume_front("+") && !name.consume_front("-")) {
      error = "feature '" + part.str() + "' does not start with + or -";
      return false;
    }
    if (llvm::none_of(info->getAllProcessorFeatures(),
                      [&](const llvm::SubtargetFeatureKV &kv) { return name == kv.Key; })) {
      error = "unknown CPU feature '" + name.str() + "' for " + triple;
      return false;
    }
  }
  return true;
}
} // namespace

bool dlc::isGpuPrecision(const std::string &name) {
  return name == "fp32" || name == "tf32" || name == "bf16" || name == "fp16";
}

std::unique_ptr<llvm::TargetMachine> dlc::createTargetMachine(const TargetSpec &spec,
                                                              std::string &error) {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  std::string triple = llvm::sys::getProcessTriple();
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return nullptr;
  std::string cpu = spec.cpu.empty() ? llvm::sys::getHostCPUName().str() : spec.cpu;
  if (!checkCpuAndFeatures(*target, triple, spec.cpu, spec.features, error))
    return nullptr;
  std::string features = spec.features.empty() && spec.cpu.empty() ? hostFeatures()
                                                                    : spec.features;
  // Multiply-adds become FMAs: one rounding instead of two, half the
  // instructions in every dot product and convolution.
  llvm::TargetOptions targetOptions;
  targetOptions.AllowFPOpFusion = llvm::FPOpFusion::Fast;
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      triple, cpu, features, targetOptions, llvm::Reloc::PIC_, std::nullopt,
      llvm::CodeGenOptLevel::Aggressive));
  if (!machine) {
    error = "cannot create a target machine for " + triple;
    return nullptr;
  }
  return machine;
}

std::vector<std::string> dlc::requiredCpuFeatures(const llvm::TargetMachine &machine) {
  const llvm::MCSubtargetInfo *info = machine.getMCSubtargetInfo();
  std::vector<std::string> required;
  for (const char *feature : kCheckedFeatures)
    if (info->checkFeatures(std::string("+") + feature))
      required.push_back(feature);
  return required;
}
