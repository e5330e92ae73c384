//===- EmitHostCalls.cpp - parallel loops and services through dlc_host_api ===//
#include "passes/cpu/Passes.h"
#include "passes/memory/Passes.h"

#include "llvm/ADT/SetVector.h"

namespace dlc {
#define GEN_PASS_DEF_DLCEMITHOSTCALLS
#include "passes/cpu/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc;

namespace {
// Every argument of a range function but the range travels in one 8-byte
// slot of an array on the caller's stack: pointers, integers and floats.
constexpr int64_t kSlotBytes = 8;

struct EmitHostCallsPass : dlc::impl::DlcEmitHostCallsBase<EmitHostCallsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    auto ptr = LLVM::LLVMPointerType::get(ctx);

    // Functions that need the host: those calling a range function or a
    // host service, and transitively their callers.
    llvm::SetVector<LLVM::LLVMFuncOp> needHost;
    DenseMap<LLVM::LLVMFuncOp, SmallVector<LLVM::CallOp>> callersOf;
    SymbolTable symbols(module);
    bool invalid = false;
    module.walk([&](LLVM::CallOp call) {
      auto callee = call.getCallee() ? symbols.lookup<LLVM::LLVMFuncOp>(*call.getCallee())
                                     : LLVM::LLVMFuncOp();
      if (!callee)
        return;
      auto caller = call->getParentOfType<LLVM::LLVMFuncOp>();
      bool service = callee->hasAttr(attr::kHostField);
      if (callee->hasAttr(attr::kParallelBody) || service) {
        // Worker threads get no host pointer.
        if (caller->hasAttr(attr::kParallelBody)) {
          call.emitOpError(service ? "calls a host service from a parallel range function"
                                   : "nests a parallel range function in another");
          invalid = true;
        }
        needHost.insert(caller);
      }
      callersOf[callee].push_back(call);
    });
    if (invalid)
      return signalPassFailure();
    for (size_t i = 0; i < needHost.size(); ++i)
      for (LLVM::CallOp call : callersOf.lookup(needHost[i]))
        needHost.insert(call->getParentOfType<LLVM::LLVMFuncOp>());

    // Each function gets the host pointer as a new last argument, which its
    // calls to other such functions pass on.
    DenseMap<LLVM::LLVMFuncOp, Value> hostOf;
    for (LLVM::LLVMFuncOp func : needHost) {
      if (func.isExternal()) {
        func.emitOpError("calls parallel code or host services but has no body to pass "
                         "the host to");
        return signalPassFailure();
      }
      LLVM::LLVMFunctionType type = func.getFunctionType();
      SmallVector<Type> params(type.getParams());
      params.push_back(ptr);
      func.setFunctionType(LLVM::LLVMFunctionType::get(type.getReturnType(), params,
                                                       type.isVarArg()));
      if (ArrayAttr argAttrs = func.getArgAttrsAttr()) {
        SmallVector<Attribute> extended(argAttrs.getValue());
        extended.push_back(DictionaryAttr::get(ctx));
        func.setArgAttrsAttr(ArrayAttr::get(ctx, extended));
      }
      hostOf[func] = func.getBody().front().addArgument(ptr, func.getLoc());
      func->setAttr(attr::kTakesHost, UnitAttr::get(ctx));
    }
    for (LLVM::LLVMFuncOp func : needHost)
      for (LLVM::CallOp call : callersOf.lookup(func)) {
        Value host = hostOf.lookup(call->getParentOfType<LLVM::LLVMFuncOp>());
        call.getCalleeOperandsMutable().append(host);
      }

    DenseMap<LLVM::LLVMFuncOp, LLVM::LLVMFuncOp> taskOf;
    for (LLVM::LLVMFuncOp func : needHost)
      for (LLVM::CallOp call : llvm::to_vector(func.getOps<LLVM::CallOp>())) {
        auto callee = call.getCallee() ? symbols.lookup<LLVM::LLVMFuncOp>(*call.getCallee())
                                       : LLVM::LLVMFuncOp();
        if (!callee)
          continue;
        if (auto field = callee->getAttrOfType<IntegerAttr>(attr::kHostField)) {
          emitServiceCall(call, static_cast<HostField>(field.getInt()), hostOf.lookup(func));
          continue;
        }
        if (!callee->hasAttr(attr::kParallelBody))
          continue;
        LLVM::LLVMFuncOp &task = taskOf[callee];
        if (!task)
          task = buildTask(module, callee, symbols);
        if (!task)
          return signalPassFailure();
        emitParallelFor(call, task, hostOf.lookup(func));
      }
    for (auto declaration : llvm::to_vector(module.getOps<LLVM::LLVMFuncOp>()))
      if (declaration->hasAttr(attr::kHostField))
        declaration.erase();
  }

  // host->FIELD, a pointer.
  Value loadField(OpBuilder &b, Location loc, Value host, HostField field) {
    MLIRContext *ctx = &getContext();
    auto ptr = LLVM::LLVMPointerType::get(ctx);
    SmallVector<Type> fields(kNumHostFields, ptr);
    fields[kAbiVersion] = IntegerType::get(ctx, 32);
    auto hostType = LLVM::LLVMStructType::getLiteral(ctx, fields);
    Value address = b.create<LLVM::GEPOp>(loc, ptr, hostType, host,
                                          ArrayRef<LLVM::GEPArg>{0, field});
    return b.create<LLVM::LoadOp>(loc, ptr, address);
  }

  // Replaces `call @service(args...)` by host->FIELD(host->context, args...).
  void emitServiceCall(LLVM::CallOp call, HostField field, Value host) {
    OpBuilder b(call);
    Location loc = call.getLoc();
    SmallVector<Value> operands = {loadField(b, loc, host, field),
                                   loadField(b, loc, host, kContext)};
    llvm::append_range(operands, call.getArgOperands());
    LLVM::LLVMFunctionType type = call.getCalleeFunctionType();
    SmallVector<Type> params = {LLVM::LLVMPointerType::get(&getContext())};
    llvm::append_range(params, type.getParams());
    auto indirect = b.create<LLVM::CallOp>(
        loc, LLVM::LLVMFunctionType::get(type.getReturnType(), params), operands);
    call.replaceAllUsesWith(indirect.getResults());
    call.erase();
  }

  // void NAME_task(ptr args, i64 begin, i64 end): unpacks the slots and calls
  // the range function, matching dlc_parallel_body.
  LLVM::LLVMFuncOp buildTask(ModuleOp module, LLVM::LLVMFuncOp body, SymbolTable &symbols) {
    MLIRContext *ctx = &getContext();
    Location loc = body.getLoc();
    auto ptr = LLVM::LLVMPointerType::get(ctx);
    auto i64 = IntegerType::get(ctx, 64);
    ArrayRef<Type> params = body.getFunctionType().getParams();
    if (params.size() < 2 || params.take_back(2) != ArrayRef<Type>{i64, i64}) {
      body.emitOpError("a parallel range function must end with (i64 begin, i64 end)");
      return {};
    }
    OpBuilder b(module.getBodyRegion());
    b.setInsertionPointAfter(body);
    auto type = LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(ctx), {ptr, i64, i64});
    auto task = b.create<LLVM::LLVMFuncOp>(loc, body.getName().str() + "_task", type,
                                           LLVM::Linkage::Internal);
    symbols.insert(task);
    Block *entry = task.addEntryBlock(b);
    b.setInsertionPointToStart(entry);
    SmallVector<Value> args;
    for (auto [i, param] : llvm::enumerate(params.drop_back(2))) {
      Value slot = b.create<LLVM::GEPOp>(loc, ptr, i64, entry->getArgument(0),
                                         ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(i)});
      args.push_back(b.create<LLVM::LoadOp>(loc, param, slot));
    }
    args.push_back(entry->getArgument(1));
    args.push_back(entry->getArgument(2));
    b.create<LLVM::CallOp>(loc, body, args);
    b.create<LLVM::ReturnOp>(loc, ValueRange{});
    return task;
  }

  // Replaces `call @body(args..., begin, end)` by
  // host->parallel_for(host->context, begin, end, @task, slots).
  void emitParallelFor(LLVM::CallOp call, LLVM::LLVMFuncOp task, Value host) {
    MLIRContext *ctx = &getContext();
    Location loc = call.getLoc();
    auto ptr = LLVM::LLVMPointerType::get(ctx);
    auto i64 = IntegerType::get(ctx, 64);
    OperandRange operands = call.getArgOperands();
    ValueRange captured = operands.drop_back(2);

    auto func = call->getParentOfType<LLVM::LLVMFuncOp>();
    OpBuilder b(ctx);
    b.setInsertionPointToStart(&func.getBody().front());
    Value count = b.create<LLVM::ConstantOp>(
        loc, i64, b.getI64IntegerAttr(std::max<int64_t>(captured.size(), 1)));
    Value slots = b.create<LLVM::AllocaOp>(loc, ptr, i64, count, kSlotBytes);

    b.setInsertionPoint(call);
    for (auto [i, value] : llvm::enumerate(captured)) {
      Value slot = b.create<LLVM::GEPOp>(loc, ptr, i64, slots,
                                         ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(i)});
      b.create<LLVM::StoreOp>(loc, value, slot);
    }
    Value context = loadField(b, loc, host, kContext);
    Value parallelFor = loadField(b, loc, host, kParallelFor);
    Value taskAddress = b.create<LLVM::AddressOfOp>(loc, task);
    auto forType = LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(ctx),
                                               {ptr, i64, i64, ptr, ptr});
    b.create<LLVM::CallOp>(loc, forType,
                           ValueRange{parallelFor, context, operands.drop_back(1).back(),
                                      operands.back(), taskAddress, slots});
    call.erase();
  }
};
} // namespace
