//===- OutlineKernels.cpp - one function per dlck.kernel ------------------===//
#include "passes/kernels/Passes.h"
#include "dialects/graph/DlcAttributes.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/SymbolTable.h"

namespace dlc {
#define GEN_PASS_DEF_DLCOUTLINEKERNELS
#include "passes/kernels/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc;

namespace {
// Canonicalization can leave a kernel yielding one of its own inputs (a
// multiplication by one, an identity generic). Such a kernel computes
// nothing: its users read the input instead. A function returning its own
// argument would also trip up bufferization's results-as-out-params, so a
// kernel that still computes other results copies the forwarded one.
// Returns true if the kernel is gone.
bool forwardYieldedInputs(dlc::kernel::KernelOp kernel) {
  Block &body = kernel.getBody().front();
  auto yield = cast<dlc::kernel::YieldOp>(body.getTerminator());
  auto isInput = [&](Value v) {
    auto arg = dyn_cast<BlockArgument>(v);
    return arg && arg.getOwner() == &body;
  };
  if (llvm::all_of(yield.getValues(), isInput)) {
    for (auto [result, value] : llvm::zip(kernel.getResults(), yield.getValues()))
      result.replaceAllUsesWith(
          kernel.getInputs()[cast<BlockArgument>(value).getArgNumber()]);
    kernel.erase();
    return true;
  }
  OpBuilder b(yield);
  for (OpOperand &operand : yield->getOpOperands()) {
    if (!isInput(operand.get()))
      continue;
    auto type = cast<RankedTensorType>(operand.get().getType());
    Value empty = b.create<tensor::EmptyOp>(yield.getLoc(), type.getShape(),
                                            type.getElementType());
    operand.set(b.create<linalg::CopyOp>(yield.getLoc(), operand.get(), empty).getResult(0));
  }
  return false;
}

struct OutlineKernelsPass : dlc::impl::DlcOutlineKernelsBase<OutlineKernelsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    SmallVector<dlc::kernel::KernelOp> kernels;
    module.walk([&](dlc::kernel::KernelOp kernel) { kernels.push_back(kernel); });
    for (dlc::kernel::KernelOp kernel : kernels) {
      if (forwardYieldedInputs(kernel))
        continue;
      auto parent = kernel->getParentOfType<func::FuncOp>();
      OpBuilder builder(parent);
      auto type = builder.getFunctionType(kernel.getInputs().getTypes(),
                                          kernel.getResultTypes());
      auto func = builder.create<func::FuncOp>(kernel.getLoc(), kernel.getSymName(), type);
      func.setPrivate();
      func->setAttr(attr::kKernel, builder.getUnitAttr());
      // Inlined back into its caller, every kernel of a long graph would
      // make one function of unbounded size, on which LLVM takes time that
      // grows faster than linearly with its length.
      func->setAttr("no_inline", builder.getUnitAttr());
      // A kernel's inputs belong to its caller (they may be weights in
      // read-only memory): bufferization must copy rather than write them.
      for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
        func.setArgAttr(i, bufferization::BufferizationDialect::kWritableAttrName,
                        builder.getBoolAttr(false));
      func.getBody().takeBody(kernel.getBody());
      auto yield = cast<dlc::kernel::YieldOp>(func.getBody().front().getTerminator());
      OpBuilder(yield).create<func::ReturnOp>(yield.getLoc(), yield.getValues());
      yield.erase();
      // insert() renames on a clash, so the call must use the final name.
      StringAttr name = symbols.insert(func);
      builder.setInsertionPoint(kernel);
      auto call = builder.create<func::CallOp>(kernel.getLoc(), name,
                                               kernel.getResultTypes(), kernel.getInputs());
      kernel.replaceAllUsesWith(call.getResults());
      kernel.erase();
    }
  }
};
} // namespace
