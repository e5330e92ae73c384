//===- TrainingMode.cpp - batch statistics and dropout masks in train_step -===//
#include "passes/training/TrainingMode.h"

#include "dialects/graph/DlcDialect.h"
#include "dialects/graph/GradientUtils.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
constexpr llvm::StringLiteral kDropoutStep = "dropout.step";

class TrainingModeSwitch {
public:
  TrainingModeSwitch(func::FuncOp entry, uint64_t seed) : entry(entry), seed(seed) {}

  FailureOr<SmallVector<ParamUpdate>> run() {
    SmallVector<Operation *> ops;
    entry.walk([&](Operation *op) {
      if (isa<BatchNormOp, DropoutOp>(op))
        ops.push_back(op);
    });
    for (Operation *op : ops) {
      LogicalResult switched = success();
      if (auto bn = dyn_cast<BatchNormOp>(op))
        switched = switchBatchNorm(bn);
      else
        switched = switchDropout(cast<DropoutOp>(op));
      if (failed(switched))
        return failure();
    }
    if (counter) {
      OpBuilder b(entry.getBody().front().getTerminator());
      Value one = b.create<ConstantOp>(
          entry.getLoc(), DenseElementsAttr::get(RankedTensorType::get({}, b.getI64Type()),
                                                 b.getI64IntegerAttr(1)));
      updates.push_back({kDropoutStep.str(), b.create<AddOp>(entry.getLoc(), counter, one)});
    }
    return updates;
  }

private:
  LogicalResult switchBatchNorm(BatchNormOp bn) {
    OpBuilder b(bn);
    auto training = b.create<BatchNormTrainingOp>(
        bn.getLoc(), bn.getOperands(),
        ArrayRef<NamedAttribute>{b.getNamedAttr("epsilon", bn.getEpsilonAttr()),
                                 b.getNamedAttr("momentum", bn.getMomentumAttr()),
                                 b.getNamedAttr("unbiased_running_var", b.getBoolAttr(true))});
    bn.replaceAllUsesWith(training.getResult());
    for (auto [statistic, updated] :
         {std::pair{bn.getMean(), training.getNewRunningMean()},
          std::pair{bn.getVar(), training.getNewRunningVar()}}) {
      auto param = statistic.getDefiningOp<ParamOp>();
      if (!param)
        continue;
      if (!updatedNames.insert(param.getName()).second)
        return bn.emitOpError("shares the running statistic '")
               << param.getName() << "' with another batch normalization";
      updates.push_back({param.getName().str(), updated});
    }
    bn.erase();
    return success();
  }

  LogicalResult switchDropout(DropoutOp dropout) {
    OpBuilder b(dropout);
    std::optional<uint64_t> given = dropout.getSeed();
    uint64_t opSeed =
        given ? *given : RandomUniformOp::mix(seed ^ RandomUniformOp::mix(dropouts));
    ++dropouts;
    auto training = b.create<DropoutTrainingOp>(
        dropout.getLoc(), ValueRange{dropout.getInput(), stepCounter()},
        ArrayRef<NamedAttribute>{b.getNamedAttr("ratio", dropout.getRatioAttr()),
                                 b.getNamedAttr("seed", b.getI64IntegerAttr(opSeed))});
    dropout.replaceAllUsesWith(training.getResult());
    dropout.erase();
    return success();
  }

  /// The param counting train_step's calls, created on first use.
  Value stepCounter() {
    if (counter)
      return counter;
    OpBuilder b = OpBuilder::atBlockBegin(&entry.getBody().front());
    auto type = RankedTensorType::get({}, b.getI64Type());
    counter = b.create<ParamOp>(entry.getLoc(), type, b.getStringAttr(kDropoutStep),
                                DenseElementsAttr::get(type, b.getI64IntegerAttr(0)));
    return counter;
  }

  func::FuncOp entry;
  uint64_t seed;
  uint64_t dropouts = 0;
  Value counter;
  llvm::StringSet<> updatedNames;
  SmallVector<ParamUpdate> updates;
};
} // namespace

FailureOr<SmallVector<ParamUpdate>> dlc::switchToTrainingMode(func::FuncOp entry,
                                                               uint64_t seed) {
  return TrainingModeSwitch(entry, seed).run();
}
