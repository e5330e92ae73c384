//===- ModelDescription.cpp - the artifact's metadata, read off the IR ----===//
#include "compiler/codegen/ModelDescription.h"

#include "compiler/import/TensorConversion.h"
#include "passes/memory/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace dlc;

namespace {
constexpr llvm::StringLiteral kNameAttr = "dlc.name";

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
} // namespace

func::FuncOp dlc::findEntry(ModuleOp module) {
  for (auto func : module.getOps<func::FuncOp>())
    if (func->hasAttr(attr::kEntry))
      return func;
  return nullptr;
}

LogicalResult dlc::describeSignature(ModuleOp imported, artifact::ModelMetadata &metadata) {
  func::FuncOp entry = findEntry(imported);
  if (!entry)
    return imported.emitError("no function is marked dlc.entry");
  metadata.entries = {entry->getAttrOfType<StringAttr>(attr::kEntry).str()};
  for (auto [index, type] : llvm::enumerate(entry.getArgumentTypes())) {
    auto name = entry.getArgAttrOfType<StringAttr>(index, kNameAttr);
    FailureOr<artifact::TensorSpec> spec =
        describe(entry.getLoc(), name ? name.strref() : "input", type);
    if (failed(spec))
      return failure();
    metadata.inputs.push_back(*spec);
  }
  for (auto [index, type] : llvm::enumerate(entry.getResultTypes())) {
    auto name = entry.getResultAttrOfType<StringAttr>(index, kNameAttr);
    FailureOr<artifact::TensorSpec> spec =
        describe(entry.getLoc(), name ? name.strref() : "output", type);
    if (failed(spec))
      return failure();
    metadata.outputs.push_back(*spec);
  }
  return success();
}

FailureOr<std::string> dlc::layOutParams(ModuleOp lifted,
                                         artifact::ModelMetadata &metadata) {
  func::FuncOp entry = findEntry(lifted);
  if (!entry)
    return lifted.emitError("no function is marked dlc.entry");
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
    std::vector<char> bytes = elementsToBytes(value);
    if (bytes.empty() && cast<ShapedType>(value.getType()).getNumElements() != 0)
      return entry.emitError("the value of weight '") << name.getValue() << "' is missing";
    blob.append(bytes.begin(), bytes.end());
    metadata.params.push_back(*spec);
  }
  metadata.weightsBytes = blob.size();
  return blob;
}
