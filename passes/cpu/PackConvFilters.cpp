//===- PackConvFilters.cpp - constant filters output-channels-last --------===//
#include "dialects/graph/DlcDialect.h"
#include "passes/cpu/Passes.h"
#include "passes/memory/Passes.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/StringSet.h"

namespace dlc {
#define GEN_PASS_DEF_DLCPACKCONVFILTERS
#include "passes/cpu/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
// The share of lanes doing work when `extent` elements fill vectors of
// `width` lanes.
double laneUse(int64_t extent, int64_t width) {
  return static_cast<double>(extent) /
         static_cast<double>(llvm::divideCeil(extent, width) * width);
}

std::optional<ArrayRef<float>> floatValues(ElementsAttr value,
                                           SmallVectorImpl<float> &storage) {
  if (auto resource = dyn_cast<DenseF32ResourceElementsAttr>(value))
    return resource.tryGetAsArrayRef();
  if (auto dense = dyn_cast<DenseElementsAttr>(value);
      dense && dense.getElementType().isF32()) {
    storage.assign(dense.getValues<float>().begin(), dense.getValues<float>().end());
    return ArrayRef<float>(storage);
  }
  return std::nullopt;
}

struct PackConvFiltersPass : dlc::impl::DlcPackConvFiltersBase<PackConvFiltersPass> {
  using DlcPackConvFiltersBase::DlcPackConvFiltersBase;

  void runOnOperation() override {
    if (vectorWidth < 1) {
      getOperation().emitError("vector-width must be positive");
      return signalPassFailure();
    }
    llvm::StringSet<> updated;
    getOperation().walk([&](func::FuncOp func) {
      for (unsigned i = 0, e = func.getNumResults(); i < e; ++i)
        if (auto name = func.getResultAttrOfType<StringAttr>(i, attr::kUpdate))
          updated.insert(name.getValue());
    });
    DenseMap<Operation *, Value> packedOf;
    getOperation().walk([&](ConvOp conv) {
      auto param = conv.getWeight().getDefiningOp<ParamOp>();
      if (!param || updated.contains(param.getName()) || !worthPacking(conv))
        return;
      Value &packed = packedOf[param];
      if (!packed)
        packed = pack(param);
      if (!packed)
        return;
      conv.getWeightMutable().assign(packed);
      conv.setFilterChannelsLast(true);
    });
    for (auto &[param, packed] : packedOf)
      if (param->use_empty())
        param->erase();
  }

  bool worthPacking(ConvOp conv) {
    RankedTensorType weight = conv.getWeight().getType();
    RankedTensorType result = conv.getType();
    if (conv.getFilterChannelsLast() || conv.getGroup() != 1 || weight.getRank() != 4 ||
        !weight.getElementType().isF32() || result.getNumElements() == 0)
      return false;
    // Across channels each tile's accumulators are gathered and scattered
    // once, which pays off only where output columns would leave at least
    // half of every vector idle.
    double columns = laneUse(result.getDimSize(3), vectorWidth);
    return columns <= 0.5 && laneUse(result.getDimSize(1), vectorWidth) > columns;
  }

  // A param holding `param`'s [M, C, KH, KW] filter as [C, KH, KW, M]; null
  // when its value cannot be read.
  Value pack(ParamOp param) {
    SmallVector<float> storage;
    std::optional<ArrayRef<float>> values = floatValues(param.getValue(), storage);
    auto type = cast<RankedTensorType>(param.getType());
    if (!values || static_cast<int64_t>(values->size()) != type.getNumElements())
      return Value();
    ArrayRef<int64_t> shape = type.getShape();
    int64_t filters = shape[0], inner = shape[1] * shape[2] * shape[3];
    SmallVector<float> transposed(values->size());
    for (int64_t m = 0; m < filters; ++m)
      for (int64_t i = 0; i < inner; ++i)
        transposed[i * filters + m] = (*values)[m * inner + i];

    std::string name = (param.getName() + ".channels_last").str();
    auto packedType =
        RankedTensorType::get({shape[1], shape[2], shape[3], shape[0]}, type.getElementType());
    AsmResourceBlob blob = HeapAsmResourceBlob::allocateAndCopyWithAlign(
        ArrayRef<char>(reinterpret_cast<const char *>(transposed.data()),
                       transposed.size() * sizeof(float)),
        alignof(float));
    auto value = DenseResourceElementsAttr::get(packedType, name, std::move(blob));
    OpBuilder b(param);
    b.setInsertionPointAfter(param);
    return b.create<ParamOp>(param.getLoc(), packedType, b.getStringAttr(name),
                             cast<ElementsAttr>(value));
  }
};
} // namespace
