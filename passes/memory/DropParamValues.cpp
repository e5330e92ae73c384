//===- DropParamValues.cpp - weights leave the IR once laid out -----------===//
#include "passes/memory/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace dlc {
#define GEN_PASS_DEF_DLCDROPPARAMVALUES
#include "passes/memory/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc;

namespace {
struct DropParamValuesPass : dlc::impl::DlcDropParamValuesBase<DropParamValuesPass> {
  void runOnOperation() override {
    for (auto func : getOperation().getOps<func::FuncOp>())
      if (func->hasAttr(attr::kEntry))
        for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
          func.removeArgAttr(i, attr::kParamValue);
  }
};
} // namespace
