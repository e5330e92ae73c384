//===- ImporterRegistry.cpp - the table of ONNX op handlers ---------------===//
#include "compiler/import/NodeImporter.h"

using namespace dlc;

void ImporterRegistry::add(llvm::StringRef opType, ImportHandler handler,
                           llvm::ArrayRef<int> constantOperands) {
  bool inserted =
      entries
          .try_emplace(opType, Entry{std::move(handler), llvm::SmallVector<int>(
                                                             constantOperands)})
          .second;
  assert(inserted && "two handlers for one ONNX op type");
  (void)inserted;
}

const ImportHandler *ImporterRegistry::lookup(llvm::StringRef opType) const {
  auto it = entries.find(opType);
  return it == entries.end() ? nullptr : &it->second.handler;
}

llvm::ArrayRef<int> ImporterRegistry::constantOperands(llvm::StringRef opType) const {
  auto it = entries.find(opType);
  return it == entries.end() ? llvm::ArrayRef<int>() : it->second.constantOperands;
}

std::vector<std::string> ImporterRegistry::opTypes() const {
  std::vector<std::string> names;
  for (const auto &entry : entries)
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
    registerLossImporters(r);
    registerNormalizationImporters(r);
    return r;
  }();
  return registry;
}
