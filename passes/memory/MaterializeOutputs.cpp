//===- MaterializeOutputs.cpp - a tensor of its own for every output ------===//
#include "passes/memory/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/DenseSet.h"

namespace dlc {
#define GEN_PASS_DEF_DLCMATERIALIZEOUTPUTS
#include "passes/memory/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc;

namespace {
// A kernel whose body folded away (x * 1 after canonicalization) returns one
// of its arguments: its callers read that operand instead, and calls and
// kernels left without a use are erased.
void forwardReturnedArguments(ModuleOp module) {
  SymbolTable symbols(module);
  for (auto kernel : llvm::to_vector(module.getOps<func::FuncOp>())) {
    if (!kernel->hasAttr(attr::kKernel) || kernel.isExternal())
      continue;
    auto ret = cast<func::ReturnOp>(kernel.getBody().front().getTerminator());
    SmallVector<std::pair<unsigned, unsigned>> forwarded;
    for (auto [index, value] : llvm::enumerate(ret.getOperands()))
      if (auto arg = dyn_cast<BlockArgument>(value))
        forwarded.emplace_back(index, arg.getArgNumber());
    if (forwarded.empty())
      continue;
    std::optional<SymbolTable::UseRange> uses = kernel.getSymbolUses(module);
    if (!uses)
      continue;
    for (const SymbolTable::SymbolUse &use : llvm::to_vector(*uses)) {
      auto call = dyn_cast<func::CallOp>(use.getUser());
      if (!call)
        continue;
      for (auto [result, operand] : forwarded)
        call.getResult(result).replaceAllUsesWith(call.getOperand(operand));
      if (call->use_empty())
        call->erase();
    }
    if (kernel.symbolKnownUseEmpty(module))
      symbols.erase(kernel);
  }
}

struct MaterializeOutputsPass
    : dlc::impl::DlcMaterializeOutputsBase<MaterializeOutputsPass> {
  void runOnOperation() override {
    forwardReturnedArguments(getOperation());
    // Results still returned as arguments (a kernel with other live results)
    // or twice get a copy: bufferization writes each into memory of its own.
    getOperation().walk([](func::ReturnOp ret) {
      auto func = ret->getParentOfType<func::FuncOp>();
      if (!func->hasAttr(attr::kEntry) && !func->hasAttr(attr::kKernel))
        return;
      llvm::DenseSet<Value> seen;
      OpBuilder b(ret);
      for (OpOperand &operand : ret->getOpOperands()) {
        Value value = operand.get();
        auto type = dyn_cast<RankedTensorType>(value.getType());
        bool shared = isa<BlockArgument>(value) || !seen.insert(value).second;
        if (!type || !shared)
          continue;
        Value empty = b.create<tensor::EmptyOp>(ret.getLoc(), type.getShape(),
                                                type.getElementType());
        operand.set(b.create<linalg::CopyOp>(ret.getLoc(), value, empty).getResult(0));
      }
    });
  }
};
} // namespace
