//===- BuildTrainingEntries.cpp - train_step and eval around run's output -===//
#include "dialects/graph/DlcDialect.h"
#include "passes/memory/Passes.h"
#include "passes/training/Passes.h"
#include "passes/training/TrainingMode.h"
#include "passes/training/TrainingSpec.h"

#include "mlir/IR/Builders.h"

namespace dlc {
#define GEN_PASS_DEF_DLCBUILDTRAININGENTRIES
#include "passes/training/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
SmallVector<int64_t> allAxes(int64_t rank) {
  return llvm::to_vector(llvm::seq<int64_t>(0, rank));
}

class LossBuilder {
public:
  LossBuilder(OpBuilder &b, Location loc, const LossSpec &spec) : b(b), loc(loc), spec(spec) {}

  /// The labels argument's type for an output of `outputType`: class indices
  /// [N, d...] for classification losses, the output's type for mse.
  RankedTensorType labelsType(RankedTensorType outputType) {
    if (spec.kind == LossKind::MSE)
      return outputType;
    SmallVector<int64_t> shape{outputType.getDimSize(0)};
    shape.append(outputType.getShape().begin() + 2, outputType.getShape().end());
    return RankedTensorType::get(shape, b.getI64Type());
  }

  /// The mean loss of the batch, a scalar of the output's element type.
  Value loss(Value output, Value labels) {
    auto type = cast<RankedTensorType>(output.getType());
    if (spec.kind == LossKind::MSE) {
      Value diff = b.create<SubOp>(loc, output, labels);
      Value total = sumAll(b.create<MulOp>(loc, diff, diff));
      return b.create<DivOp>(loc, total, scalar(type, type.getNumElements()));
    }
    Value logProb = output;
    if (spec.kind == LossKind::CrossEntropy)
      logProb = b.create<LogSoftmaxOp>(loc, output, b.getI64IntegerAttr(1));
    Value weights = classWeights(type);
    Value nll = nllLoss(logProb, labels, weights, "mean");
    if (spec.labelSmoothing == 0.0)
      return nll;
    // PyTorch's label smoothing: (1 - e) * nll + e / C * mean(-sum_c w_c logp_c),
    // the mean taken like the nll's (weighted by the targets' class weights).
    int64_t classes = type.getDimSize(1);
    Value weighted = weights ? b.create<MulOp>(loc, logProb, broadcastable(weights, type))
                             : logProb;
    Value smooth = b.create<NegOp>(loc, sumAll(weighted));
    Value divisor;
    if (weights) {
      // sum of the targets' class weights: the nll of log-probabilities -1.
      Value minusOnes = b.create<ConstantOp>(
          loc, DenseElementsAttr::get(type, b.getFloatAttr(type.getElementType(), -1.0)));
      divisor = nllLoss(minusOnes, labels, weights, "sum");
    } else {
      divisor = scalar(type, type.getNumElements() / classes);
    }
    Value smoothMean = b.create<DivOp>(loc, smooth, divisor);
    double e = spec.labelSmoothing;
    Value keep = b.create<MulOp>(loc, scalar(type, 1.0 - e), nll);
    return b.create<AddOp>(loc, keep,
                           b.create<MulOp>(loc, scalar(type, e / classes), smoothMean));
  }

  /// How many positions' arg-max class along dim 1 is their label (i64).
  Value correct(Value output, Value labels) {
    Value predicted = argMax(output);
    Value expected = spec.kind == LossKind::MSE ? argMax(labels) : labels;
    Value hits = b.create<EqualOp>(loc, ValueRange{predicted, expected},
                                   ArrayRef<NamedAttribute>{});
    Value counts = b.create<CastOp>(
        loc, ValueRange{hits},
        ArrayRef<NamedAttribute>{b.getNamedAttr("to", TypeAttr::get(b.getI64Type()))});
    return sumAll(counts);
  }

private:
  Value scalar(RankedTensorType like, double value) {
    auto type = RankedTensorType::get({}, like.getElementType());
    return b.create<ConstantOp>(
        loc, DenseElementsAttr::get(type, b.getFloatAttr(like.getElementType(), value)));
  }

  Value sumAll(Value value) {
    int64_t rank = cast<RankedTensorType>(value.getType()).getRank();
    return b.create<ReduceSumOp>(loc, value, b.getDenseI64ArrayAttr(allAxes(rank)),
                                 b.getBoolAttr(false));
  }

  Value argMax(Value value) {
    return b.create<ArgMaxOp>(
        loc, ValueRange{value},
        ArrayRef<NamedAttribute>{b.getNamedAttr("axis", b.getI64IntegerAttr(1)),
                                 b.getNamedAttr("keepdims", b.getBoolAttr(false))});
  }

  Value classWeights(RankedTensorType outputType) {
    if (spec.classWeights.empty())
      return Value();
    Type element = outputType.getElementType();
    SmallVector<Attribute> values;
    for (double w : spec.classWeights)
      values.push_back(b.getFloatAttr(element, w));
    auto type = RankedTensorType::get({static_cast<int64_t>(values.size())}, element);
    return b.create<ConstantOp>(loc, DenseElementsAttr::get(type, values));
  }

  // Class weights [C] as [1, C, 1, ...], to scale class scores [N, C, ...].
  Value broadcastable(Value weights, RankedTensorType scoresType) {
    SmallVector<int64_t> shape(scoresType.getRank(), 1);
    shape[1] = scoresType.getDimSize(1);
    return b.create<ReshapeOp>(loc, weights, b.getDenseI64ArrayAttr(shape),
                               b.getI64IntegerAttr(0));
  }

  Value nllLoss(Value logProb, Value labels, Value weights, StringRef reduction) {
    SmallVector<Value> operands{logProb, labels};
    if (weights)
      operands.push_back(weights);
    return b.create<NllLossOp>(
        loc, operands,
        ArrayRef<NamedAttribute>{b.getNamedAttr("reduction", b.getStringAttr(reduction))});
  }

  OpBuilder &b;
  Location loc;
  const LossSpec &spec;
};

struct BuildTrainingEntriesPass
    : dlc::impl::DlcBuildTrainingEntriesBase<BuildTrainingEntriesPass> {
  using DlcBuildTrainingEntriesBase::DlcBuildTrainingEntriesBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    LossSpec spec;
    std::string error;
    if (!parseLossKind(loss, spec.kind, error)) {
      module.emitError(error);
      return signalPassFailure();
    }
    spec.labelSmoothing = labelSmoothing;
    spec.classWeights.assign(classWeights.begin(), classWeights.end());

    func::FuncOp run;
    for (auto func : module.getOps<func::FuncOp>()) {
      auto entry = func->getAttrOfType<StringAttr>(attr::kEntry);
      if (entry && entry.getValue() == "run")
        run = func;
      if (entry && (entry.getValue() == "train_step" || entry.getValue() == "eval")) {
        func.emitOpError("already is the ") << entry << " entry";
        return signalPassFailure();
      }
    }
    if (!run) {
      module.emitError("no function is marked dlc.entry = \"run\"");
      return signalPassFailure();
    }
    if (failed(checkOutput(run, spec)))
      return signalPassFailure();
    if (failed(buildEntry(run, spec, "train_step")) || failed(buildEntry(run, spec, "eval")))
      return signalPassFailure();
  }

  LogicalResult checkOutput(func::FuncOp run, const LossSpec &spec) {
    if (run.getNumResults() == 0)
      return run.emitOpError("has no output to take a loss on");
    auto type = dyn_cast<RankedTensorType>(run.getResultTypes()[0]);
    auto name = run.getResultAttrOfType<StringAttr>(0, attr::kName);
    std::string what = "the model output '" + (name ? name.str() : std::string("0")) + "'";
    if (!type || !isa<FloatType>(type.getElementType()))
      return run.emitOpError() << what << " has type " << run.getResultTypes()[0]
                               << ", expected a float tensor for the " << loss << " loss";
    if (spec.kind != LossKind::MSE && type.getRank() < 2)
      return run.emitOpError() << what << " has type " << type
                               << ", expected [N, classes] for the " << loss << " loss";
    if (spec.labelSmoothing < 0.0 || spec.labelSmoothing > 1.0)
      return run.emitOpError("expected label smoothing in [0, 1], found ")
             << spec.labelSmoothing;
    if (spec.labelSmoothing != 0.0 && spec.kind != LossKind::CrossEntropy)
      return run.emitOpError("label smoothing applies to the cross_entropy loss only");
    if (!spec.classWeights.empty()) {
      if (spec.kind == LossKind::MSE)
        return run.emitOpError("class weights apply to cross_entropy and nll only");
      if (static_cast<int64_t>(spec.classWeights.size()) != type.getDimSize(1))
        return run.emitOpError("expected ")
               << type.getDimSize(1) << " class weights (one per class of " << what
               << "), found " << spec.classWeights.size();
    }
    return success();
  }

  LogicalResult buildEntry(func::FuncOp run, const LossSpec &spec, StringRef name) {
    OpBuilder b(run->getContext());
    func::FuncOp entry = run.clone();
    entry.setSymName(name);
    entry->setAttr(attr::kEntry, b.getStringAttr(name));
    getOperation().push_back(entry);
    SmallVector<ParamUpdate> updates;
    if (name == "train_step") {
      FailureOr<SmallVector<ParamUpdate>> trainingUpdates = switchToTrainingMode(entry, seed);
      if (failed(trainingUpdates))
        return failure();
      updates = std::move(*trainingUpdates);
    }

    auto ret = cast<func::ReturnOp>(entry.getBody().front().getTerminator());
    Value output = ret.getOperand(0);
    Location loc = output.getLoc();
    b.setInsertionPoint(ret);
    LossBuilder losses(b, loc, spec);
    RankedTensorType labelsType =
        losses.labelsType(cast<RankedTensorType>(output.getType()));
    unsigned labelsIndex = entry.getNumArguments();
    entry.insertArgument(labelsIndex, labelsType,
                         b.getDictionaryAttr(b.getNamedAttr(attr::kName, b.getStringAttr("labels"))),
                         entry.getLoc());
    Value labels = entry.getArgument(labelsIndex);

    SmallVector<Value> results{losses.loss(output, labels)};
    SmallVector<NamedAttribute> lossAttrs{b.getNamedAttr(attr::kName, b.getStringAttr("loss"))};
    if (name == "train_step")
      lossAttrs.push_back(b.getNamedAttr(attr::kLoss, b.getUnitAttr()));
    SmallVector<DictionaryAttr> resultAttrs{b.getDictionaryAttr(lossAttrs)};
    if (name == "eval") {
      results.push_back(losses.correct(output, labels));
      resultAttrs.push_back(
          b.getDictionaryAttr(b.getNamedAttr(attr::kName, b.getStringAttr("correct"))));
    }
    for (ParamUpdate &update : updates) {
      results.push_back(update.value);
      resultAttrs.push_back(
          b.getDictionaryAttr(b.getNamedAttr(attr::kUpdate, b.getStringAttr(update.name))));
    }
    b.create<func::ReturnOp>(ret.getLoc(), results);
    ret.erase();
    entry.setType(FunctionType::get(entry.getContext(), entry.getArgumentTypes(),
                                    ValueRange(results).getTypes()));
    entry.setAllResultAttrs(resultAttrs);
    // The rest of run's outputs are not needed here.
    SmallVector<Operation *> ops = llvm::map_to_vector(
        entry.getBody().front().without_terminator(), [](Operation &op) { return &op; });
    for (Operation *op : llvm::reverse(ops))
      if (isOpTriviallyDead(op))
        op->erase();
    return success();
  }
};
} // namespace
