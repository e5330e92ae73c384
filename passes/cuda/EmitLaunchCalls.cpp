//===- EmitLaunchCalls.cpp - kernel launches through dlc_host_api ---------===//
#include "passes/cpu/Passes.h"
#include "passes/cuda/Passes.h"

namespace dlc {
#define GEN_PASS_DEF_DLCEMITLAUNCHCALLS
#include "passes/cuda/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc;

namespace {
struct EmitLaunchCallsPass : dlc::impl::DlcEmitLaunchCallsBase<EmitLaunchCallsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    auto ptr = LLVM::LLVMPointerType::get(ctx);
    auto i32 = IntegerType::get(ctx, 32);
    auto i64 = IntegerType::get(ctx, 64);
    SymbolTable symbols(module);
    LLVM::LLVMFuncOp service;
    SmallVector<LLVM::LLVMFuncOp> launches;
    for (auto func : module.getOps<LLVM::LLVMFuncOp>())
      if (func->hasAttr(attr::kLaunch))
        launches.push_back(func);
    WalkResult walk = module.walk([&](LLVM::CallOp call) {
      auto callee = call.getCallee() ? symbols.lookup<LLVM::LLVMFuncOp>(*call.getCallee())
                                     : LLVM::LLVMFuncOp();
      if (!callee || !callee->hasAttr(attr::kLaunch))
        return WalkResult::advance();
      if (!callee.isExternal() || call.getNumResults()) {
        call.emitOpError("calls a launch that was not rendered for the GPU");
        return WalkResult::interrupt();
      }
      if (!service) {
        OpBuilder top(module.getBodyRegion());
        service = top.create<LLVM::LLVMFuncOp>(
            call.getLoc(), "dlc_host_launch_kernel",
            LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(ctx), {i32, ptr}));
        service->setAttr(attr::kHostField, top.getI32IntegerAttr(kLaunchKernel));
      }
      Location loc = call.getLoc();
      // The slots live in the entry block: one array per call, not per iteration.
      Block &entry = call->getParentOfType<LLVM::LLVMFuncOp>().getBody().front();
      OpBuilder top(&entry, entry.begin());
      int64_t count = std::max<int64_t>(call.getArgOperands().size(), 1);
      Value slots = top.create<LLVM::AllocaOp>(
          loc, ptr, i64, top.create<LLVM::ConstantOp>(loc, i64, count), /*alignment=*/8);
      OpBuilder b(call);
      for (auto [i, arg] : llvm::enumerate(call.getArgOperands())) {
        Value slot = b.create<LLVM::GEPOp>(loc, ptr, i64, slots,
                                           ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(i)});
        b.create<LLVM::StoreOp>(loc, arg, slot);
      }
      auto index = callee->getAttrOfType<IntegerAttr>(attr::kLaunch);
      Value launch = b.create<LLVM::ConstantOp>(loc, i32, index.getInt());
      b.create<LLVM::CallOp>(loc, service, ValueRange{launch, slots});
      call.erase();
      return WalkResult::advance();
    });
    if (walk.wasInterrupted())
      return signalPassFailure();
    for (LLVM::LLVMFuncOp launch : launches)
      launch.erase();
  }
};
} // namespace
