//===- EmitEntry.cpp - the uniform C entry point of a model library -------===//
#include "passes/cpu/Passes.h"
#include "passes/memory/Passes.h"

namespace dlc {
#define GEN_PASS_DEF_DLCEMITENTRY
#include "passes/cpu/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc;

namespace {
struct EmitEntryPass : dlc::impl::DlcEmitEntryBase<EmitEntryPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<LLVM::LLVMFuncOp> entries;
    for (auto func : module.getOps<LLVM::LLVMFuncOp>()) {
      if (!func.isExternal()) {
        func.setLinkage(LLVM::Linkage::Internal);
        markBuffersNoAlias(func);
      }
      if (func->hasAttr(attr::kEntry))
        entries.push_back(func);
    }
    for (LLVM::LLVMFuncOp entry : entries)
      if (failed(wrap(module, entry)))
        return signalPassFailure();
  }

  // Buffers a function writes never overlap the others it gets: the memory
  // planner gives simultaneously live values disjoint arena ranges, updated
  // state is written to second buffers, and callers must pass distinct
  // inputs and outputs. Saying so lets LLVM keep accumulators in registers
  // and vectorize without runtime overlap checks.
  void markBuffersNoAlias(LLVM::LLVMFuncOp func) {
    auto noalias = StringAttr::get(&getContext(), LLVM::LLVMDialect::getNoAliasAttrName());
    for (auto [i, type] : llvm::enumerate(func.getFunctionType().getParams()))
      if (isa<LLVM::LLVMPointerType>(type))
        func.setArgAttr(i, noalias, UnitAttr::get(&getContext()));
  }

  LogicalResult wrap(ModuleOp module, LLVM::LLVMFuncOp impl) {
    auto name = impl->getAttrOfType<StringAttr>(attr::kEntry);
    auto numInputs = impl->getAttrOfType<IntegerAttr>(attr::kNumInputs);
    auto numParams = impl->getAttrOfType<IntegerAttr>(attr::kNumParams);
    if (!name || !numInputs || !numParams)
      return impl.emitOpError("entry lacks dlc.num_inputs / dlc.num_params; run "
                              "dlc-lift-params first");
    LLVM::LLVMFunctionType implType = impl.getFunctionType();
    auto ptr = LLVM::LLVMPointerType::get(&getContext());
    if (!llvm::all_of(implType.getParams(), [&](Type t) { return t == ptr; }) ||
        !isa<LLVM::LLVMVoidType>(implType.getReturnType()))
      return impl.emitOpError("entry must take only pointers and return nothing "
                              "(bare-pointer memrefs with results as out-params)");
    bool takesHost = impl->hasAttr(attr::kTakesHost);
    int64_t total = implType.getNumParams() - (takesHost ? 1 : 0);
    int64_t inputs = numInputs.getInt(), params = numParams.getInt();
    int64_t outputs = total - inputs - params - 1; // the last one is the arena
    if (outputs < 0)
      return impl.emitOpError("has ") << total << " arguments, fewer than its "
                                      << inputs << " inputs, " << params
                                      << " params and arena";

    OpBuilder b(module.getBodyRegion());
    b.setInsertionPointToEnd(module.getBody());
    Location loc = impl.getLoc();
    auto i32 = b.getI32Type();
    auto type = LLVM::LLVMFunctionType::get(i32, {ptr, ptr, ptr, ptr, ptr});
    auto wrapper = b.create<LLVM::LLVMFuncOp>(loc, "dlc_entry_" + name.str(), type);
    Block *block = wrapper.addEntryBlock(b);
    b.setInsertionPointToStart(block);
    SmallVector<Value> args;
    auto loadEach = [&](Value array, int64_t count) {
      for (int64_t i = 0; i < count; ++i) {
        Value slot = b.create<LLVM::GEPOp>(loc, ptr, ptr, array,
                                           ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(i)});
        args.push_back(b.create<LLVM::LoadOp>(loc, ptr, slot));
      }
    };
    loadEach(block->getArgument(1), inputs);
    loadEach(block->getArgument(3), params);
    loadEach(block->getArgument(2), outputs);
    args.push_back(block->getArgument(4));
    if (takesHost)
      args.push_back(block->getArgument(0));
    b.create<LLVM::CallOp>(loc, impl, args);
    Value ok = b.create<LLVM::ConstantOp>(loc, i32, b.getI32IntegerAttr(0));
    b.create<LLVM::ReturnOp>(loc, ok);
    return success();
  }
};
} // namespace
