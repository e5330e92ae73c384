//===- MaterializeOutputs.cpp - a tensor of its own for every output ------===//
#include "passes/memory/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/ADT/DenseSet.h"

namespace dlc {
#define GEN_PASS_DEF_DLCMATERIALIZEOUTPUTS
#include "passes/memory/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc;

namespace {
struct MaterializeOutputsPass
    : dlc::impl::DlcMaterializeOutputsBase<MaterializeOutputsPass> {
  void runOnOperation() override {
    getOperation().walk([](func::ReturnOp ret) {
      auto func = ret->getParentOfType<func::FuncOp>();
      if (!func->hasAttr(attr::kEntry))
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
