//===- ModelDescription.cpp - the artifact's metadata, read off the IR ----===//
#include "compiler/codegen/ModelDescription.h"

#include "compiler/import/TensorConversion.h"
#include "passes/memory/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace dlc;

namespace {
FailureOr<artifact::TensorSpec> describe(Location loc, StringRef name, Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  int32_t dtype = tensor ? onnxElementType(tensor.getElementType()) : 0;
  if (!tensor || !tensor.hasStaticShape() || dtype == 0)
    return emitError(loc) << "'" << name << "' has type " << type
                          << ", which the runtime cannot describe";
  artifact::TensorSpec spec;
  spec.name = name.str();
  spec.dtype = static_cast<dlc_dtype>(dtype);
  spec.dims.assign(tensor.getShape().begin(), tensor.getShape().end());
  return spec;
}

FailureOr<artifact::EntrySpec> describeEntry(func::FuncOp entry) {
  artifact::EntrySpec spec;
  spec.name = entry->getAttrOfType<StringAttr>(attr::kEntry).str();
  for (auto [index, type] : llvm::enumerate(entry.getArgumentTypes())) {
    auto name = entry.getArgAttrOfType<StringAttr>(index, attr::kName);
    FailureOr<artifact::TensorSpec> tensor =
        describe(entry.getLoc(), name ? name.strref() : "input", type);
    if (failed(tensor))
      return failure();
    spec.inputs.push_back(*tensor);
  }
  for (auto [index, type] : llvm::enumerate(entry.getResultTypes())) {
    if (auto update = entry.getResultAttrOfType<StringAttr>(index, attr::kUpdate)) {
      spec.updates.push_back(update.str());
      continue;
    }
    if (!spec.updates.empty())
      return entry.emitOpError("returns output ")
             << index << " after a param update; updates must come last";
    auto name = entry.getResultAttrOfType<StringAttr>(index, attr::kName);
    FailureOr<artifact::TensorSpec> tensor =
        describe(entry.getLoc(), name ? name.strref() : "output", type);
    if (failed(tensor))
      return failure();
    spec.outputs.push_back(*tensor);
  }
  return spec;
}
} // namespace

SmallVector<func::FuncOp> dlc::findEntries(ModuleOp module) {
  SmallVector<func::FuncOp> entries;
  for (auto func : module.getOps<func::FuncOp>())
    if (func->hasAttr(attr::kEntry))
      entries.push_back(func);
  return entries;
}

func::FuncOp dlc::findEntry(ModuleOp module) {
  for (func::FuncOp func : findEntries(module))
    if (func->getAttrOfType<StringAttr>(attr::kEntry).getValue() == "run")
      return func;
  return nullptr;
}

LogicalResult dlc::describeSignature(ModuleOp module, artifact::ModelMetadata &metadata) {
  func::FuncOp run = findEntry(module);
  if (!run)
    return module.emitError("no function is marked dlc.entry = \"run\"");
  SmallVector<func::FuncOp> entries{run};
  for (func::FuncOp entry : findEntries(module))
    if (entry != run)
      entries.push_back(entry);
  for (func::FuncOp entry : entries) {
    FailureOr<artifact::EntrySpec> spec = describeEntry(entry);
    if (failed(spec))
      return failure();
    metadata.entries.push_back(std::move(*spec));
  }
  return success();
}

FailureOr<std::string> dlc::layOutParams(ModuleOp lifted,
                                         artifact::ModelMetadata &metadata) {
  func::FuncOp entry = findEntry(lifted);
  if (!entry)
    return lifted.emitError("no function is marked dlc.entry = \"run\"");
  llvm::StringSet<> updated;
  for (const artifact::EntrySpec &spec : metadata.entries)
    for (const std::string &name : spec.updates)
      updated.insert(name);
  std::string blob;
  for (unsigned i = 0, e = entry.getNumArguments(); i < e; ++i) {
    auto name = entry.getArgAttrOfType<StringAttr>(i, attr::kParamName);
    auto value = entry.getArgAttrOfType<ElementsAttr>(i, attr::kParamValue);
    if (!name || !value)
      continue;
    FailureOr<artifact::TensorSpec> spec = describe(entry.getLoc(), name, value.getType());
    if (failed(spec))
      return failure();
    blob.resize(llvm::alignTo(blob.size(), DLC_PARAM_ALIGNMENT), '\0');
    spec->offset = blob.size();
    spec->writable = updated.contains(name.getValue());
    std::vector<char> bytes = elementsToBytes(value);
    if (bytes.empty() && cast<ShapedType>(value.getType()).getNumElements() != 0)
      return entry.emitError("the value of weight '") << name.getValue() << "' is missing";
    blob.append(bytes.begin(), bytes.end());
    metadata.params.push_back(*spec);
  }
  metadata.weightsBytes = blob.size();
  return blob;
}
