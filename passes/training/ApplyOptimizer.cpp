//===- ApplyOptimizer.cpp - one optimizer step per parameter gradient -----===//
#include "dialects/graph/DlcDialect.h"
#include "passes/memory/Passes.h"
#include "passes/training/Passes.h"
#include "passes/training/TrainingMode.h"
#include "passes/training/TrainingSpec.h"

#include "mlir/IR/Builders.h"

namespace dlc {
#define GEN_PASS_DEF_DLCAPPLYOPTIMIZER
#include "passes/training/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
constexpr llvm::StringLiteral kLearningRate = "optimizer.lr";
constexpr llvm::StringLiteral kStep = "optimizer.step";

// Builds torch.optim's update rules from dlc graph ops. Hyperparameters are
// literals, folded into the kernels; the learning rate and the step count are
// params, so a schedule or a resumed run changes them without recompiling.
class RuleBuilder {
public:
  RuleBuilder(OpBuilder &b, Location loc, const OptimizerSpec &spec, Value lr, Value step)
      : b(b), loc(loc), spec(spec), lr(lr), step(step) {}

  /// The updates of param `name` (value `p`, gradient `g`).
  SmallVector<ParamUpdate> build(StringRef name, Value p, Value g) {
    SmallVector<ParamUpdate> updates;
    switch (spec.kind) {
    case OptimizerKind::SGD:
      sgd(name, p, g, updates);
      break;
    case OptimizerKind::Adam:
    case OptimizerKind::AdamW:
      adam(name, p, g, updates);
      break;
    case OptimizerKind::RMSProp:
      rmsprop(name, p, g, updates);
      break;
    case OptimizerKind::Adagrad:
      adagrad(name, p, g, updates);
      break;
    }
    return updates;
  }

private:
  Value scalar(double value) {
    auto type = RankedTensorType::get({}, b.getF32Type());
    return b.create<ConstantOp>(loc, DenseElementsAttr::get(type, b.getF32FloatAttr(value)));
  }
  Value add(Value x, Value y) { return b.create<AddOp>(loc, x, y); }
  Value sub(Value x, Value y) { return b.create<SubOp>(loc, x, y); }
  Value mul(Value x, Value y) { return b.create<MulOp>(loc, x, y); }
  Value div(Value x, Value y) { return b.create<DivOp>(loc, x, y); }
  Value mul(double k, Value x) { return k == 1.0 ? x : mul(scalar(k), x); }
  Value sqrt(Value x) { return b.create<SqrtOp>(loc, x); }

  /// State that starts at `initial` everywhere, shaped like `like`.
  Value state(StringRef name, Value like, double initial = 0.0) {
    auto type = cast<RankedTensorType>(like.getType());
    Attribute value = b.getFloatAttr(type.getElementType(), initial);
    return b.create<ParamOp>(loc, type, b.getStringAttr(name),
                             DenseElementsAttr::get(type, value));
  }

  /// `g + weight_decay * p`: the L2 penalty torch.optim folds into gradients.
  Value decayed(Value p, Value g) {
    return spec.weightDecay == 0.0 ? g : add(g, mul(spec.weightDecay, p));
  }

  // 1 on the first step, 0 after: max(0, 1 - step).
  Value firstStep() { return b.create<MaxOp>(loc, scalar(0.0), sub(scalar(1.0), step)); }

  void sgd(StringRef name, Value p, Value g, SmallVectorImpl<ParamUpdate> &updates) {
    g = decayed(p, g);
    if (spec.momentum != 0.0) {
      // torch.optim.SGD starts the buffer as the first gradient, undamped:
      // with the buffer at zero that is a gradient weight of 1 on step one.
      std::string bufName = (name + ".momentum_buffer").str();
      Value buf = state(bufName, p);
      Value damped = g;
      if (spec.dampening != 0.0) {
        Value dampening = scalar(spec.dampening);
        damped = mul(sub(scalar(1.0), sub(dampening, mul(dampening, firstStep()))), g);
      }
      Value next = add(mul(spec.momentum, buf), damped);
      updates.push_back({bufName, next});
      g = spec.nesterov ? add(g, mul(spec.momentum, next)) : next;
    }
    updates.push_back({name.str(), sub(p, mul(lr, g))});
  }

  void adam(StringRef name, Value p, Value g, SmallVectorImpl<ParamUpdate> &updates) {
    if (spec.kind == OptimizerKind::AdamW)
      p = mul(sub(scalar(1.0), mul(spec.weightDecay, lr)), p);
    else
      g = decayed(p, g);
    std::string mName = (name + ".exp_avg").str(), vName = (name + ".exp_avg_sq").str();
    Value m = add(mul(spec.beta1, state(mName, p)), mul(1.0 - spec.beta1, g));
    Value v = add(mul(spec.beta2, state(vName, p)), mul(1.0 - spec.beta2, mul(g, g)));
    Value t = add(step, scalar(1.0));
    Value correction1 = sub(scalar(1.0), b.create<PowOp>(loc, scalar(spec.beta1), t));
    Value correction2 = sub(scalar(1.0), b.create<PowOp>(loc, scalar(spec.beta2), t));
    Value denom = add(div(sqrt(v), sqrt(correction2)), scalar(spec.eps));
    Value stepSize = div(lr, correction1);
    updates.push_back({mName, m});
    updates.push_back({vName, v});
    updates.push_back({name.str(), sub(p, mul(stepSize, div(m, denom)))});
  }

  void rmsprop(StringRef name, Value p, Value g, SmallVectorImpl<ParamUpdate> &updates) {
    g = decayed(p, g);
    std::string sqName = (name + ".square_avg").str();
    Value squareAvg = add(mul(spec.alpha, state(sqName, p)), mul(1.0 - spec.alpha, mul(g, g)));
    updates.push_back({sqName, squareAvg});
    Value avg = squareAvg;
    if (spec.centered) {
      std::string gaName = (name + ".grad_avg").str();
      Value gradAvg = add(mul(spec.alpha, state(gaName, p)), mul(1.0 - spec.alpha, g));
      updates.push_back({gaName, gradAvg});
      avg = sub(avg, mul(gradAvg, gradAvg));
    }
    avg = add(sqrt(avg), scalar(spec.eps));
    Value direction = div(g, avg);
    if (spec.momentum != 0.0) {
      std::string bufName = (name + ".momentum_buffer").str();
      direction = add(mul(spec.momentum, state(bufName, p)), direction);
      updates.push_back({bufName, direction});
    }
    updates.push_back({name.str(), sub(p, mul(lr, direction))});
  }

  void adagrad(StringRef name, Value p, Value g, SmallVectorImpl<ParamUpdate> &updates) {
    g = decayed(p, g);
    std::string sumName = (name + ".sum").str();
    Value sum = add(state(sumName, p, spec.initialAccumulator), mul(g, g));
    Value clr = div(lr, add(scalar(1.0), mul(spec.lrDecay, step)));
    updates.push_back({sumName, sum});
    updates.push_back(
        {name.str(), sub(p, mul(clr, div(g, add(sqrt(sum), scalar(spec.eps)))))});
  }

  OpBuilder &b;
  Location loc;
  const OptimizerSpec &spec;
  Value lr;
  Value step;
};

struct ApplyOptimizerPass : dlc::impl::DlcApplyOptimizerBase<ApplyOptimizerPass> {
  using DlcApplyOptimizerBase::DlcApplyOptimizerBase;

  void runOnOperation() override {
    OptimizerSpec spec;
    std::string error;
    if (!parseOptimizerSpec(optimizer, spec, error)) {
      getOperation().emitError(error);
      return signalPassFailure();
    }
    for (auto func : llvm::to_vector(getOperation().getOps<func::FuncOp>()))
      if (!func.isExternal() && failed(apply(func, spec)))
        return signalPassFailure();
  }

  LogicalResult apply(func::FuncOp func, const OptimizerSpec &spec) {
    Block &body = func.getBody().front();
    auto ret = cast<func::ReturnOp>(body.getTerminator());
    SmallVector<unsigned> gradientResults;
    for (unsigned i = 0, e = func.getNumResults(); i < e; ++i)
      if (func.getResultAttr(i, attr::kGradientOf))
        gradientResults.push_back(i);
    if (gradientResults.empty())
      return success();

    llvm::StringMap<Value> params;
    for (auto param : body.getOps<ParamOp>())
      params.try_emplace(param.getName(), param.getResult());

    OpBuilder b(ret);
    Location loc = func.getLoc();
    auto scalarType = RankedTensorType::get({}, b.getF32Type());
    Value lr = b.create<ParamOp>(loc, scalarType, b.getStringAttr(kLearningRate),
                                 DenseElementsAttr::get(scalarType, b.getF32FloatAttr(spec.lr)));
    Value step = b.create<ParamOp>(loc, scalarType, b.getStringAttr(kStep),
                                   DenseElementsAttr::get(scalarType, b.getF32FloatAttr(0.0)));
    RuleBuilder rules(b, loc, spec, lr, step);

    SmallVector<Value> results;
    SmallVector<DictionaryAttr> attrs;
    for (unsigned i = 0, e = func.getNumResults(); i < e; ++i) {
      if (func.getResultAttr(i, attr::kGradientOf))
        continue;
      results.push_back(ret.getOperand(i));
      attrs.push_back(func.getResultAttrDict(i));
    }
    for (unsigned i : gradientResults) {
      auto name = func.getResultAttrOfType<StringAttr>(i, attr::kGradientOf);
      Value p = params.lookup(name.getValue());
      if (!p)
        return func.emitOpError("returns the gradient of '")
               << name.getValue() << "', which is not one of its params";
      if (cast<RankedTensorType>(p.getType()).getElementType() != b.getF32Type())
        return func.emitOpError("trains f32 params only, found '")
               << name.getValue() << "' of type " << p.getType();
      for (ParamUpdate &update : rules.build(name.getValue(), p, ret.getOperand(i))) {
        results.push_back(update.value);
        attrs.push_back(b.getDictionaryAttr(
            b.getNamedAttr(attr::kUpdate, b.getStringAttr(update.name))));
      }
    }
    results.push_back(b.create<AddOp>(loc, step, b.create<ConstantOp>(
        loc, DenseElementsAttr::get(scalarType, b.getF32FloatAttr(1.0)))));
    attrs.push_back(b.getDictionaryAttr(b.getNamedAttr(attr::kUpdate, b.getStringAttr(kStep))));

    ret->setOperands(results);
    func.setType(FunctionType::get(func.getContext(), func.getArgumentTypes(),
                                   ValueRange(results).getTypes()));
    func.setAllResultAttrs(attrs);
    return success();
  }
};
} // namespace
