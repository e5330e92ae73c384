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
// The param table: every distinct param of every entry, in module order.
// All entries take the whole table, so one params array serves them all.
struct ParamSlot {
  StringAttr name;
  ElementsAttr value;
  Location loc;
};

struct LiftParamsPass : dlc::impl::DlcLiftParamsBase<LiftParamsPass> {
  void runOnOperation() override {
    SmallVector<func::FuncOp> entries;
    getOperation().walk([&](func::FuncOp func) {
      if (func->hasAttr(attr::kEntry))
        entries.push_back(func);
    });
    SmallVector<ParamSlot> table;
    llvm::StringMap<size_t> slotOf;
    for (func::FuncOp entry : entries) {
      WalkResult result = entry.walk([&](ParamOp op) {
        auto [it, inserted] = slotOf.try_emplace(op.getName(), table.size());
        if (inserted) {
          table.push_back({op.getNameAttr(), op.getValue(), op.getLoc()});
          return WalkResult::advance();
        }
        if (table[it->second].value.getType() != op.getType()) {
          op.emitOpError("weight \"")
              << op.getName() << "\" is used with two types: "
              << table[it->second].value.getType() << " and " << op.getType();
          return WalkResult::interrupt();
        }
        return WalkResult::advance();
      });
      if (result.wasInterrupted())
        return signalPassFailure();
    }
    for (func::FuncOp entry : entries)
      lift(entry, table, slotOf);
  }

  void lift(func::FuncOp func, ArrayRef<ParamSlot> table,
            const llvm::StringMap<size_t> &slotOf) {
    Builder b(&getContext());
    unsigned numInputs = func.getNumArguments();
    for (const ParamSlot &slot : table) {
      NamedAttribute attrs[] = {b.getNamedAttr(attr::kParamName, slot.name),
                                b.getNamedAttr(attr::kParamValue, slot.value)};
      func.insertArgument(func.getNumArguments(), slot.value.getType(),
                          b.getDictionaryAttr(attrs), slot.loc);
    }
    SmallVector<ParamOp> params;
    func.walk([&](ParamOp op) { params.push_back(op); });
    for (ParamOp op : params) {
      op.replaceAllUsesWith(func.getArgument(numInputs + slotOf.lookup(op.getName())));
      op.erase();
    }
    for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
      func.setArgAttr(i, bufferization::BufferizationDialect::kWritableAttrName,
                      b.getBoolAttr(false));
    func->setAttr(attr::kNumInputs, b.getI64IntegerAttr(numInputs));
    func->setAttr(attr::kNumParams, b.getI64IntegerAttr(table.size()));
  }
};
} // namespace
