//===- Autodiff.cpp - reverse-mode differentiation of a loss --------------===//
#include "dialects/graph/Decomposition.h"
#include "dialects/graph/DlcDialect.h"
#include "dialects/graph/GradientUtils.h"
#include "dialects/graph/ReverseSweep.h"
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
    OpBuilder b(ret);
    FailureOr<llvm::DenseMap<Value, Value>> gradients = sweepReverse(
        b, loss, createSplat(b, loss.getLoc(), lossType, 1.0), sources.getArrayRef());
    if (failed(gradients))
      return failure();
    adjoints = std::move(*gradients);
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
  /// The gradient of the loss for each source that it depends on.
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
