//===- ConstantParams.cpp - weights whose values the compiler may rewrite -===//
#include "passes/memory/ConstantParams.h"

#include "passes/memory/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectResourceBlobManager.h"

using namespace mlir;
using namespace dlc;

ConstantParams::ConstantParams(ModuleOp module) {
  module.walk([&](Operation *op) {
    if (auto func = dyn_cast<func::FuncOp>(op)) {
      for (unsigned i = 0, e = func.getNumResults(); i < e; ++i)
        if (auto name = func.getResultAttrOfType<StringAttr>(i, attr::kUpdate))
          updated.insert(name.getValue());
    } else if (auto param = dyn_cast<graph::ParamOp>(op)) {
      names.insert(param.getName());
    }
  });
}

std::optional<ArrayRef<float>> ConstantParams::read(Value value,
                                                    SmallVectorImpl<float> &storage) const {
  auto param = value.getDefiningOp<graph::ParamOp>();
  if (!param || updated.contains(param.getName()))
    return std::nullopt;
  auto type = dyn_cast<RankedTensorType>(param.getType());
  if (!type || !type.getElementType().isF32() || !type.hasStaticShape())
    return std::nullopt;
  std::optional<ArrayRef<float>> values;
  if (auto resource = dyn_cast<DenseF32ResourceElementsAttr>(param.getValue())) {
    values = resource.tryGetAsArrayRef();
  } else if (auto dense = dyn_cast<DenseElementsAttr>(param.getValue());
             dense && dense.getElementType().isF32()) {
    storage.assign(dense.getValues<float>().begin(), dense.getValues<float>().end());
    values = ArrayRef<float>(storage);
  }
  if (!values || static_cast<int64_t>(values->size()) != type.getNumElements())
    return std::nullopt;
  return values;
}

graph::ParamOp ConstantParams::create(OpBuilder &b, Operation *after, StringRef name,
                                      ArrayRef<int64_t> shape, ArrayRef<float> values) {
  std::string unique = name.str();
  for (unsigned suffix = 1; names.contains(unique); ++suffix)
    unique = (name + "." + Twine(suffix)).str();
  names.insert(unique);
  auto type = RankedTensorType::get(shape, b.getF32Type());
  AsmResourceBlob blob = HeapAsmResourceBlob::allocateAndCopyWithAlign(
      ArrayRef<char>(reinterpret_cast<const char *>(values.data()),
                     values.size() * sizeof(float)),
      alignof(float));
  auto value = DenseResourceElementsAttr::get(type, unique, std::move(blob));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointAfter(after);
  return b.create<graph::ParamOp>(after->getLoc(), type, b.getStringAttr(unique),
                                  cast<ElementsAttr>(value));
}
