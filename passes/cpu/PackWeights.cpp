//===- PackWeights.cpp - constant weights in their kernels' layouts -------===//
#include "dialects/graph/DlcDialect.h"
#include "passes/cpu/Passes.h"
#include "passes/memory/ConstantParams.h"

#include "llvm/ADT/SetVector.h"

#include <map>

namespace dlc {
#define GEN_PASS_DEF_DLCPACKWEIGHTS
#include "passes/cpu/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
// Multiply-adds per output over which 2 gathers and 2 scatters per tile of
// accumulators cost about 1%.
constexpr int64_t kLongReduction = 256;

// The share of lanes doing work when `extent` elements fill vectors of
// `width` lanes.
double laneUse(int64_t extent, int64_t width) {
  return static_cast<double>(extent) /
         static_cast<double>(llvm::divideCeil(extent, width) * width);
}

struct PackWeightsPass : dlc::impl::DlcPackWeightsBase<PackWeightsPass> {
  using DlcPackWeightsBase::DlcPackWeightsBase;

  void runOnOperation() override {
    if (vectorWidth < 1) {
      getOperation().emitError("vector-width must be positive");
      return signalPassFailure();
    }
    ConstantParams constants(getOperation());
    params = &constants;
    packedOf.clear();
    getOperation().walk([&](Operation *op) {
      if (auto gemm = dyn_cast<GemmOp>(op)) {
        if (gemm.getTransB() == 0)
          return;
        if (Value packed = permuted(gemm.getB(), {1, 0}, ".transposed")) {
          gemm.getBMutable().assign(packed);
          gemm.setTransBAttr(IntegerAttr::get(gemm.getTransBAttr().getType(), 0));
        }
      } else if (auto conv = dyn_cast<ConvOp>(op); conv && worthPacking(conv)) {
        if (Value packed = permuted(conv.getWeight(), {1, 2, 3, 0}, ".channels_last")) {
          conv.getWeightMutable().assign(packed);
          conv.setFilterChannelsLast(true);
        }
      }
    });
    llvm::SetVector<Operation *> originals;
    for (auto &entry : packedOf)
      originals.insert(entry.first.first);
    for (Operation *param : originals)
      if (param->use_empty())
        param->erase();
  }

  bool worthPacking(ConvOp conv) {
    auto weight = cast<RankedTensorType>(conv.getWeight().getType());
    auto result = cast<RankedTensorType>(conv.getType());
    if (conv.getFilterChannelsLast() || conv.getGroup() != 1 || weight.getRank() != 4 ||
        result.getNumElements() == 0)
      return false;
    // Across channels each tile's accumulators are gathered and scattered
    // once. That pays off where output columns would leave at least half of
    // every vector idle, or where channels fill more lanes than columns do
    // and a long reduction hides the gathers.
    double columns = laneUse(result.getDimSize(3), vectorWidth);
    if (laneUse(result.getDimSize(1), vectorWidth) <= columns)
      return false;
    int64_t reduction = weight.getDimSize(1) * weight.getDimSize(2) * weight.getDimSize(3);
    return columns <= 0.5 || reduction >= kLongReduction;
  }

  // A param holding `weight`'s float32 value transposed by `perm`, named
  // with `suffix`; null unless `weight` is a param no entry updates whose
  // value can be read. Each param is permuted once per permutation.
  Value permuted(Value weight, ArrayRef<int64_t> perm, StringRef suffix) {
    auto param = weight.getDefiningOp<ParamOp>();
    auto type = dyn_cast<RankedTensorType>(weight.getType());
    if (!param || !type || type.getRank() != static_cast<int64_t>(perm.size()) ||
        type.getNumElements() == 0)
      return Value();
    Value &packed = packedOf[{param.getOperation(), suffix.str()}];
    if (packed)
      return packed;
    SmallVector<float> storage;
    std::optional<ArrayRef<float>> values = params->read(weight, storage);
    if (!values)
      return Value();

    ArrayRef<int64_t> shape = type.getShape();
    SmallVector<int64_t> strides(shape.size(), 1), packedShape;
    for (int64_t d = static_cast<int64_t>(shape.size()) - 2; d >= 0; --d)
      strides[d] = strides[d + 1] * shape[d + 1];
    for (int64_t axis : perm)
      packedShape.push_back(shape[axis]);
    // Walk the packed tensor in order, keeping its index and the source
    // offset it reads.
    SmallVector<float> data(values->size());
    SmallVector<int64_t> index(perm.size(), 0);
    int64_t source = 0;
    for (float &element : data) {
      element = (*values)[source];
      for (int64_t d = static_cast<int64_t>(perm.size()) - 1; d >= 0; --d) {
        source += strides[perm[d]];
        if (++index[d] < packedShape[d])
          break;
        source -= strides[perm[d]] * packedShape[d];
        index[d] = 0;
      }
    }

    OpBuilder b(param);
    packed = params->create(b, param, (param.getName() + suffix).str(), packedShape, data);
    return packed;
  }

  ConstantParams *params = nullptr;
  // Keyed by the original param and the suffix naming the layout.
  std::map<std::pair<Operation *, std::string>, Value> packedOf;
};
} // namespace
