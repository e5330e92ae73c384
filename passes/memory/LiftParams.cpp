//===- LiftParams.cpp - weights become entry-function arguments -----------===//
#include "dialects/graph/DlcDialect.h"
#include "passes/memory/Passes.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/StringMap.h"

namespace dlc {
#define GEN_PASS_DEF_DLCLIFTPARAMS
#include "passes/memory/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
struct LiftParamsPass : dlc::impl::DlcLiftParamsBase<LiftParamsPass> {
  void runOnOperation() override {
    getOperation().walk([&](func::FuncOp func) {
      if (func->hasAttr(attr::kEntry))
        lift(func);
    });
  }

  void lift(func::FuncOp func) {
    Builder b(&getContext());
    unsigned numInputs = func.getNumArguments();
    llvm::StringMap<BlockArgument> byName;
    SmallVector<ParamOp> params;
    func.walk([&](ParamOp op) { params.push_back(op); });
    for (ParamOp op : params) {
      auto [it, inserted] = byName.try_emplace(op.getName(), BlockArgument());
      if (inserted) {
        NamedAttribute attrs[] = {
            b.getNamedAttr(attr::kParamName, op.getNameAttr()),
            b.getNamedAttr(attr::kParamValue, op.getValue())};
        unsigned index = func.getNumArguments();
        func.insertArgument(index, op.getType(), b.getDictionaryAttr(attrs), op.getLoc());
        it->second = func.getArgument(index);
      } else if (it->second.getType() != op.getType()) {
        op.emitOpError("weight \"") << op.getName() << "\" is used with two types: "
                                    << it->second.getType() << " and " << op.getType();
        return signalPassFailure();
      }
      op.replaceAllUsesWith(it->second);
      op.erase();
    }
    for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
      func.setArgAttr(i, bufferization::BufferizationDialect::kWritableAttrName,
                      b.getBoolAttr(false));
    func->setAttr(attr::kNumInputs, b.getI64IntegerAttr(numInputs));
    func->setAttr(attr::kNumParams, b.getI64IntegerAttr(byName.size()));
  }
};
} // namespace
