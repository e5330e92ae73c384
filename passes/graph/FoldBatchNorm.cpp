//===- FoldBatchNorm.cpp - inference batch norm into the conv's weights ---===//
#include "dialects/graph/DlcDialect.h"
#include "passes/graph/Passes.h"
#include "passes/memory/ConstantParams.h"

#include "llvm/ADT/SetVector.h"

#include <cmath>

namespace dlc {
#define GEN_PASS_DEF_DLCFOLDBATCHNORM
#include "passes/graph/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
struct FoldBatchNormPass : dlc::impl::DlcFoldBatchNormBase<FoldBatchNormPass> {
  void runOnOperation() override {
    ConstantParams params(getOperation());
    SmallVector<BatchNormOp> norms;
    getOperation().walk([&](BatchNormOp norm) { norms.push_back(norm); });
    for (BatchNormOp norm : norms)
      fold(norm, params);
  }

  static void fold(BatchNormOp norm, ConstantParams &params) {
    auto conv = norm.getInput().getDefiningOp<ConvOp>();
    if (!conv || !conv->hasOneUse() || conv.getFilterChannelsLast())
      return;
    auto weightType = cast<RankedTensorType>(conv.getWeight().getType());
    if (!weightType.hasStaticShape() || weightType.getNumElements() == 0)
      return;
    int64_t channels = weightType.getDimSize(0);
    SmallVector<float> storage[6];
    auto read = [&](Value value, unsigned slot, int64_t size) -> std::optional<ArrayRef<float>> {
      std::optional<ArrayRef<float>> values = params.read(value, storage[slot]);
      if (!values || static_cast<int64_t>(values->size()) != size)
        return std::nullopt;
      return values;
    };
    std::optional<ArrayRef<float>> weight = read(conv.getWeight(), 0, weightType.getNumElements());
    std::optional<ArrayRef<float>> scale = read(norm.getScale(), 1, channels);
    std::optional<ArrayRef<float>> shift = read(norm.getBias(), 2, channels);
    std::optional<ArrayRef<float>> mean = read(norm.getMean(), 3, channels);
    std::optional<ArrayRef<float>> var = read(norm.getVar(), 4, channels);
    std::optional<ArrayRef<float>> convBias;
    if (conv.getBias())
      convBias = read(conv.getBias(), 5, channels);
    if (!weight || !scale || !shift || !mean || !var || (conv.getBias() && !convBias))
      return;

    // In double, so the folded weights round once, as float32 storage must.
    double epsilon = norm.getEpsilon().convertToDouble();
    int64_t perChannel = weightType.getNumElements() / channels;
    SmallVector<float> foldedWeight(weight->size()), foldedBias(channels);
    for (int64_t m = 0; m < channels; ++m) {
      double s = (*scale)[m] / std::sqrt(static_cast<double>((*var)[m]) + epsilon);
      double b = convBias ? (*convBias)[m] : 0.0;
      foldedBias[m] = static_cast<float>((b - (*mean)[m]) * s + (*shift)[m]);
      for (int64_t i = m * perChannel; i < (m + 1) * perChannel; ++i)
        foldedWeight[i] = static_cast<float>((*weight)[i] * s);
    }

    auto weightParam = conv.getWeight().getDefiningOp<ParamOp>();
    auto biasParam = norm.getBias().getDefiningOp<ParamOp>();
    OpBuilder b(conv);
    ParamOp newWeight = params.create(b, weightParam, (weightParam.getName() + ".bn_folded").str(),
                                      weightType.getShape(), foldedWeight);
    ParamOp newBias = params.create(b, newWeight, (biasParam.getName() + ".bn_folded").str(),
                                    {channels}, foldedBias);
    b.setInsertionPoint(norm);
    auto folded = b.create<ConvOp>(
        FusedLoc::get(b.getContext(), {conv.getLoc(), norm.getLoc()}), norm.getType(),
        ValueRange{conv.getInput(), newWeight, newBias}, conv->getAttrs());
    norm.replaceAllUsesWith(folded.getResult());
    llvm::SetVector<Operation *> inputs;
    for (Operation *op : {conv.getOperation(), norm.getOperation()})
      for (Value operand : op->getOperands())
        if (auto param = operand.getDefiningOp<ParamOp>())
          inputs.insert(param);
    norm.erase();
    conv.erase();
    for (Operation *param : inputs)
      if (param->use_empty())
        param->erase();
  }
};
} // namespace
