//===- ImporterRegistry.cpp - the table of ONNX op handlers ---------------===//
#include "compiler/import/NodeImporter.h"

using namespace dlc;

namespace {
// ONNX spells the default domain "" or "ai.onnx".
llvm::StringRef canonicalDomain(llvm::StringRef domain) {
  return domain == "ai.onnx" ? llvm::StringRef() : domain;
}
} // namespace

void ImporterRegistry::addInDomain(llvm::StringRef domain, llvm::StringRef opType,
                                   ImportHandler handler,
                                   llvm::ArrayRef<int> constantOperands) {
  bool inserted =
      domains[canonicalDomain(domain)]
          .try_emplace(opType, Entry{std::move(handler), llvm::SmallVector<int>(
                                                             constantOperands)})
          .second;
  assert(inserted && "two handlers for one ONNX op type");
  (void)inserted;
}

const ImporterRegistry::Entry *ImporterRegistry::find(llvm::StringRef domain,
                                                      llvm::StringRef opType) const {
  auto ops = domains.find(canonicalDomain(domain));
  if (ops == domains.end())
    return nullptr;
  auto it = ops->second.find(opType);
  return it == ops->second.end() ? nullptr : &it->second;
}

const ImportHandler *ImporterRegistry::lookup(llvm::StringRef domain,
                                              llvm::StringRef opType) const {
  const Entry *entry = find(domain, opType);
  return entry ? &entry->handler : nullptr;
}

llvm::ArrayRef<int> ImporterRegistry::constantOperands(llvm::StringRef domain,
                                                       llvm::StringRef opType) const {
  const Entry *entry = find(domain, opType);
  return entry ? llvm::ArrayRef<int>(entry->constantOperands) : llvm::ArrayRef<int>();
}

std::vector<std::string> ImporterRegistry::opTypes(llvm::StringRef domain) const {
  std::vector<std::string> names;
  auto ops = domains.find(canonicalDomain(domain));
  if (ops != domains.end())
    for (const auto &entry : ops->second)
      names.push_back(entry.getKey().str());
  std::sort(names.begin(), names.end());
  return names;
}

const ImporterRegistry &ImporterRegistry::get() {
  static const ImporterRegistry registry = [] {
    ImporterRegistry r;
    registerCoreImporters(r);
    registerElementwiseImporters(r);
    registerConvImporters(r);
    registerPoolImporters(r);
    registerMatrixImporters(r);
    registerShapeImporters(r);
    registerReductionImporters(r);
    registerScanImporters(r);
    registerLossImporters(r);
    registerNormalizationImporters(r);
    registerIndexingImporters(r);
    registerLayoutImporters(r);
    registerGeneratorImporters(r);
    registerRecurrentImporters(r);
    registerResizeImporters(r);
    registerQuantizationImporters(r);
    registerTrainingImporters(r);
    registerSequenceImporters(r);
    registerSignalImporters(r);
    registerSamplingImporters(r);
    registerStringImporters(r);
    return r;
  }();
  return registry;
}
