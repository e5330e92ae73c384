//===- ReverseSweep.cpp - reverse-mode differentiation over one block -----===//
#include "dialects/graph/ReverseSweep.h"

#include "dialects/graph/DlcDialect.h"
#include "dialects/graph/GradientUtils.h"

#include "llvm/ADT/DenseSet.h"

using namespace mlir;
using namespace dlc::graph;

namespace {
class Sweep {
public:
  Sweep(ArrayRef<Operation *> forward, ArrayRef<Value> sources)
      : forward(forward), sources(sources.begin(), sources.end()) {}

  FailureOr<llvm::DenseMap<Value, Value>> run(OpBuilder &b, Value target, Value seed) {
    markActive(target);
    adjoints[target] = seed;
    for (Operation *op : llvm::reverse(forward))
      if (active.contains(op) && failed(propagate(b, *op)))
        return failure();
    llvm::DenseMap<Value, Value> result;
    for (Value source : sources)
      if (Value adjoint = adjoints.lookup(source))
        result[source] = adjoint;
    return result;
  }

private:
  // An op needs differentiating if a float value reaching the target depends
  // on a source through it: forward reachability from the sources, then
  // backward reachability from the target.
  void markActive(Value target) {
    llvm::DenseSet<Value> varied(sources.begin(), sources.end());
    llvm::DenseSet<Operation *> reached;
    for (Operation *op : forward) {
      if (!llvm::any_of(op->getOperands(), [&](Value v) { return varied.contains(v); }))
        continue;
      reached.insert(op);
      for (Value result : op->getResults())
        if (isFloatTensor(result))
          varied.insert(result);
    }
    llvm::DenseSet<Value> useful{target};
    for (Operation *op : llvm::reverse(forward)) {
      if (!reached.contains(op) ||
          !llvm::any_of(op->getResults(), [&](Value v) { return useful.contains(v); }))
        continue;
      active.insert(op);
      for (Value operand : op->getOperands())
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
      Value &slot = adjoints[operand];
      slot = slot ? b.create<AddOp>(gradient.getLoc(), slot, gradient).getResult() : gradient;
    }
    return success();
  }

  ArrayRef<Operation *> forward;
  SmallVector<Value> sources;
  llvm::DenseSet<Operation *> active;
  llvm::DenseSet<Value> needsGradient;
  llvm::DenseMap<Value, Value> adjoints;
};
} // namespace

FailureOr<llvm::DenseMap<Value, Value>>
dlc::graph::sweepReverse(OpBuilder &b, Value target, Value seed, ArrayRef<Value> sources) {
  Block *block = b.getInsertionBlock();
  SmallVector<Operation *> forward;
  for (Operation &op : llvm::make_range(block->begin(), b.getInsertionPoint()))
    forward.push_back(&op);
  return Sweep(forward, sources).run(b, target, seed);
}
