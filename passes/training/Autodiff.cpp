//===- Autodiff.cpp - reverse-mode differentiation of a loss --------------===//
#include "dialects/graph/DlcDialect.h"
#include "passes/graph/Passes.h"
#include "passes/memory/Passes.h"
#include "passes/training/Passes.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/Support/Regex.h"

namespace dlc {
#define GEN_PASS_DEF_DLCAUTODIFF
#include "passes/training/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
bool isFloatTensor(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  return type && isa<FloatType>(type.getElementType());
}

/// A scalar constant 1 of `type` (the loss's own gradient).
Value createOne(OpBuilder &b, Location loc, RankedTensorType type) {
  Attribute one = b.getFloatAttr(type.getElementType(), 1.0);
  return b.create<ConstantOp>(loc, DenseElementsAttr::get(type, one));
}

class Differentiator {
public:
  Differentiator(func::FuncOp func, unsigned lossIndex, llvm::Regex *freeze)
      : func(func), lossIndex(lossIndex), freeze(freeze) {}

  LogicalResult run() {
    // A composite op without a gradient of its own is differentiated through
    // the smaller ops it decomposes into.
    if (failed(decomposeOps(func, [](Operation *op) { return !isa<GradientOpInterface>(op); })))
      return failure();
    Block &body = func.getBody().front();
    auto ret = cast<func::ReturnOp>(body.getTerminator());
    Value loss = ret.getOperand(lossIndex);
    auto lossType = dyn_cast<RankedTensorType>(loss.getType());
    if (!lossType || lossType.getNumElements() != 1 || !isFloatTensor(loss))
      return func.emitOpError("differentiates result ")
             << lossIndex << ", which must be a float scalar, found " << loss.getType();

    collectSources(body);
    if (sources.empty())
      return success();
    markActive(body, loss);

    OpBuilder b(ret);
    adjoints[loss] = createOne(b, loss.getLoc(), lossType);
    SmallVector<Operation *> forward = llvm::map_to_vector(
        body.without_terminator(), [](Operation &op) { return &op; });
    for (Operation *op : llvm::reverse(forward))
      if (active.contains(op) && failed(propagate(b, *op)))
        return failure();

    appendGradients(b, ret);
    eraseDeadOps(body);
    return success();
  }

private:
  // The values to differentiate with respect to: trainable params (grouped by
  // name, as several ops may name one weight) and arguments marked dlc.wrt.
  void collectSources(Block &body) {
    for (Operation &op : body) {
      auto param = dyn_cast<ParamOp>(op);
      if (!param || !isFloatTensor(param.getResult()) ||
          param->hasAttr(attr::kRunningStatistic))
        continue;
      if (freeze && freeze->match(param.getName()))
        continue;
      paramsByName[param.getNameAttr()].push_back(param.getResult());
      sources.insert(param.getResult());
    }
    for (BlockArgument arg : func.getArguments())
      if (func.getArgAttr(arg.getArgNumber(), attr::kWrt) && isFloatTensor(arg))
        sources.insert(arg);
  }

  // An op needs differentiating if a float value reaching the loss depends on
  // a source through it: forward reachability from the sources, then
  // backward reachability from the loss.
  void markActive(Block &body, Value loss) {
    llvm::DenseSet<Value> varied(sources.begin(), sources.end());
    llvm::DenseSet<Operation *> forward;
    for (Operation &op : body.without_terminator()) {
      if (!llvm::any_of(op.getOperands(), [&](Value v) { return varied.contains(v); }))
        continue;
      forward.insert(&op);
      for (Value result : op.getResults())
        if (isFloatTensor(result))
          varied.insert(result);
    }
    llvm::DenseSet<Value> useful{loss};
    for (Operation &op : llvm::reverse(body.without_terminator())) {
      if (!forward.contains(&op) ||
          !llvm::any_of(op.getResults(), [&](Value v) { return useful.contains(v); }))
        continue;
      active.insert(&op);
      for (Value operand : op.getOperands())
        if (varied.contains(operand))
          useful.insert(operand);
    }
    needsGradient = std::move(useful);
  }

  LogicalResult propagate(OpBuilder &b, Operation &op) {
    SmallVector<Value> resultGradients;
    bool any = false;
    for (Value result : op.getResults()) {
      Value gradient = adjoints.lookup(result);
      any |= static_cast<bool>(gradient);
      resultGradients.push_back(gradient);
    }
    if (!any)
      return success();
    auto differentiable = dyn_cast<GradientOpInterface>(op);
    if (!differentiable)
      return op.emitOpError("has no gradient: it is not a dlc graph op");
    SmallVector<Value> operandGradients;
    if (failed(differentiable.buildGradient(b, resultGradients, operandGradients)))
      return failure();
    if (operandGradients.size() != op.getNumOperands())
      return op.emitOpError("built ") << operandGradients.size() << " operand gradients for "
                                      << op.getNumOperands() << " operands";
    for (auto [operand, gradient] : llvm::zip(op.getOperands(), operandGradients)) {
      if (!gradient || !needsGradient.contains(operand))
        continue;
      if (gradient.getType() != operand.getType())
        return op.emitOpError("built a gradient of type ")
               << gradient.getType() << " for an operand of type " << operand.getType();
      accumulate(b, operand, gradient);
    }
    return success();
  }

  void accumulate(OpBuilder &b, Value value, Value gradient) {
    Value &slot = adjoints[value];
    slot = slot ? b.create<AddOp>(gradient.getLoc(), slot, gradient).getResult() : gradient;
  }

  void appendGradients(OpBuilder &b, func::ReturnOp ret) {
    SmallVector<Value> results(ret.getOperands());
    SmallVector<DictionaryAttr> attrs;
    // The loss is differentiated once: a later run of the pass leaves it.
    func.removeResultAttr(lossIndex, StringAttr::get(func.getContext(), attr::kLoss));
    for (unsigned i = 0, e = results.size(); i < e; ++i)
      attrs.push_back(func.getResultAttrDict(i));
    for (auto &[name, values] : paramsByName) {
      Value total;
      for (Value value : values)
        if (Value gradient = adjoints.lookup(value))
          total = total ? b.create<AddOp>(ret.getLoc(), total, gradient).getResult() : gradient;
      if (!total)
        continue;
      results.push_back(total);
      attrs.push_back(b.getDictionaryAttr(b.getNamedAttr(attr::kGradientOf, name)));
    }
    for (BlockArgument arg : func.getArguments()) {
      Value gradient = adjoints.lookup(arg);
      if (!sources.contains(arg) || !gradient)
        continue;
      results.push_back(gradient);
      attrs.push_back(b.getDictionaryAttr(
          b.getNamedAttr(attr::kGradientOfArg, b.getI64IntegerAttr(arg.getArgNumber()))));
    }
    ret->setOperands(results);
    func.setType(FunctionType::get(func.getContext(), func.getArgumentTypes(),
                                   ValueRange(results).getTypes()));
    func.setAllResultAttrs(attrs);
  }

  // Gradients no source needs (the first layer's input gradient, say).
  static void eraseDeadOps(Block &body) {
    SmallVector<Operation *> ops = llvm::map_to_vector(
        body.without_terminator(), [](Operation &op) { return &op; });
    for (Operation *op : llvm::reverse(ops))
      if (isOpTriviallyDead(op))
        op->erase();
  }

  func::FuncOp func;
  unsigned lossIndex;
  llvm::Regex *freeze;
  llvm::MapVector<StringAttr, SmallVector<Value>> paramsByName;
  llvm::SetVector<Value> sources;
  llvm::DenseSet<Operation *> active;
  llvm::DenseSet<Value> needsGradient;
  llvm::DenseMap<Value, Value> adjoints;
};

struct AutodiffPass : dlc::impl::DlcAutodiffBase<AutodiffPass> {
  using DlcAutodiffBase::DlcAutodiffBase;

  void runOnOperation() override {
    llvm::Regex pattern(freeze);
    std::string error;
    if (!freeze.empty() && !pattern.isValid(error)) {
      getOperation().emitError("invalid freeze pattern '") << freeze << "': " << error;
      return signalPassFailure();
    }
    for (auto func : llvm::to_vector(getOperation().getOps<func::FuncOp>())) {
      if (func.isExternal() || !llvm::hasSingleElement(func.getBody()))
        continue;
      for (unsigned i = 0, e = func.getNumResults(); i < e; ++i) {
        if (!func.getResultAttr(i, attr::kLoss))
          continue;
        if (failed(Differentiator(func, i, freeze.empty() ? nullptr : &pattern).run()))
          return signalPassFailure();
        break;
      }
    }
  }
};
} // namespace
