//===- LowerStrings.cpp - string ops as calls of the host's services ------===//
#include "passes/cpu/Passes.h"
#include "dialects/kernel/KernelDialect.h"

#include "mlir/IR/AttrTypeSubElements.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "dlc/abi.h"

namespace dlc {
#define GEN_PASS_DEF_DLCLOWERSTRINGS
#include "passes/cpu/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc;

namespace {
namespace dlck = dlc::kernel;

/// The dlc_dtype of a number the string services read or write.
int32_t dtypeOf(Type type, bool isUnsigned) {
  if (type.isF32())
    return DLC_DTYPE_F32;
  if (type.isF64())
    return DLC_DTYPE_F64;
  switch (type.getIntOrFloatBitWidth()) {
  case 8: return isUnsigned ? DLC_DTYPE_U8 : DLC_DTYPE_I8;
  case 16: return isUnsigned ? DLC_DTYPE_U16 : DLC_DTYPE_I16;
  case 32: return isUnsigned ? DLC_DTYPE_U32 : DLC_DTYPE_I32;
  default: return isUnsigned ? DLC_DTYPE_U64 : DLC_DTYPE_I64;
  }
}

class StringLowering {
public:
  explicit StringLowering(ModuleOp module)
      : module(module), ctx(module.getContext()), ptr(LLVM::LLVMPointerType::get(ctx)),
        i32(IntegerType::get(ctx, 32)), i64(IntegerType::get(ctx, 64)),
        handle(LLVM::LLVMStructType::getLiteral(ctx, {i64, i64})) {}

  void run() {
    SmallVector<Operation *> ops;
    module.walk([&](Operation *op) {
      if (isa<dlck::FormatOp, dlck::ParseOp, dlck::ChangeCaseOp, dlck::StringsEqualOp,
              dlck::StringLiteralOp, dlck::ReportErrorOp>(op))
        ops.push_back(op);
    });
    for (Operation *op : ops) {
      OpBuilder b(op);
      if (Value result = lower(b, op))
        op->getResult(0).replaceAllUsesWith(result);
      op->erase();
    }
    AttrTypeReplacer replacer;
    replacer.addReplacement([&](graph::StringType) -> Type { return ComplexType::get(i64); });
    replacer.recursivelyReplaceElementsIn(module, /*replaceAttrs=*/true, /*replaceLocs=*/false,
                                          /*replaceTypes=*/true);
  }

private:
  Value lower(OpBuilder &b, Operation *op) {
    Location loc = op->getLoc();
    if (auto format = dyn_cast<dlck::FormatOp>(op)) {
      Value value = format.getValue();
      Value in = slotFor(op, value.getType()), out = slotFor(op, handle);
      b.create<LLVM::StoreOp>(loc, value, in);
      call(b, loc, kFormatNumber,
           {constant(b, loc, dtypeOf(value.getType(), format.getIsUnsigned())), in, out});
      return fromHandle(b, loc, b.create<LLVM::LoadOp>(loc, handle, out));
    }
    if (auto parse = dyn_cast<dlck::ParseOp>(op)) {
      Type type = parse.getType();
      Value in = storeHandle(b, loc, op, parse.getText()), out = slotFor(op, type);
      call(b, loc, kParseNumber,
           {in, constant(b, loc, dtypeOf(type, parse.getIsUnsigned())), out});
      return b.create<LLVM::LoadOp>(loc, type, out);
    }
    if (auto change = dyn_cast<dlck::ChangeCaseOp>(op)) {
      Value in = storeHandle(b, loc, op, change.getText()), out = slotFor(op, handle);
      call(b, loc, kChangeCase, {in, constant(b, loc, change.getUpper()), out});
      return fromHandle(b, loc, b.create<LLVM::LoadOp>(loc, handle, out));
    }
    if (auto equal = dyn_cast<dlck::StringsEqualOp>(op)) {
      Value lhs = storeHandle(b, loc, op, equal.getLhs());
      Value rhs = storeHandle(b, loc, op, equal.getRhs());
      Value same =
          call(b, loc, kStringsEqual, {lhs, rhs, constant(b, loc, equal.getIgnoreCase())});
      return b.create<LLVM::ICmpOp>(loc, LLVM::ICmpPredicate::ne, same, constant(b, loc, 0));
    }
    if (auto literal = dyn_cast<dlck::StringLiteralOp>(op)) {
      StringRef text = literal.getValue();
      Value address = text.empty()
                          ? Value(b.create<LLVM::ConstantOp>(loc, i64, 0))
                          : Value(b.create<LLVM::PtrToIntOp>(loc, i64, addressOf(b, loc, text)));
      Value value = b.create<LLVM::UndefOp>(loc, handle);
      value = b.create<LLVM::InsertValueOp>(loc, value, address, 0);
      value = b.create<LLVM::InsertValueOp>(
          loc, value, b.create<LLVM::ConstantOp>(loc, i64, text.size()), 1);
      return fromHandle(b, loc, value);
    }
    auto report = cast<dlck::ReportErrorOp>(op);
    std::string message = report.getMessage().str();
    message.push_back('\0');
    call(b, loc, kReportError, {addressOf(b, loc, message)});
    return nullptr;
  }

  Value constant(OpBuilder &b, Location loc, int32_t value) {
    return b.create<LLVM::ConstantOp>(loc, i32, value);
  }

  // Slots live in the entry block: one per op, not one per loop iteration.
  Value slotFor(Operation *op, Type type) {
    Block &entry = op->getParentOfType<FunctionOpInterface>().getFunctionBody().front();
    OpBuilder b(&entry, entry.begin());
    Value one = b.create<LLVM::ConstantOp>(op->getLoc(), i64, 1);
    return b.create<LLVM::AllocaOp>(op->getLoc(), ptr, type, one, /*alignment=*/8);
  }

  Value storeHandle(OpBuilder &b, Location loc, Operation *op, Value string) {
    Value slot = slotFor(op, handle);
    Value value = b.create<UnrealizedConversionCastOp>(loc, handle, string).getResult(0);
    b.create<LLVM::StoreOp>(loc, value, slot);
    return slot;
  }

  Value fromHandle(OpBuilder &b, Location loc, Value value) {
    return b.create<UnrealizedConversionCastOp>(loc, graph::StringType::get(ctx), value)
        .getResult(0);
  }

  // The address of a constant global holding `bytes`, one per distinct text.
  Value addressOf(OpBuilder &b, Location loc, StringRef bytes) {
    LLVM::GlobalOp &global = globals[bytes];
    if (!global) {
      OpBuilder top(module.getBodyRegion());
      auto type = LLVM::LLVMArrayType::get(IntegerType::get(ctx, 8), bytes.size());
      global = top.create<LLVM::GlobalOp>(loc, type, /*isConstant=*/true,
                                          LLVM::Linkage::Internal,
                                          "dlc_text_" + std::to_string(globals.size()),
                                          b.getStringAttr(bytes));
    }
    return b.create<LLVM::AddressOfOp>(loc, global);
  }

  // A call of host field `field`, through a declaration that
  // dlc-emit-host-calls resolves.
  Value call(OpBuilder &b, Location loc, HostField field, ArrayRef<Value> args) {
    LLVM::LLVMFuncOp &callee = services[field];
    if (!callee) {
      static constexpr const char *kNames[kNumHostFields] = {
          nullptr,        nullptr,         nullptr,          "format_number",
          "parse_number", "change_case",   "strings_equal",  "report_error",
          "launch_kernel"};
      SmallVector<Type> params;
      for (Value arg : args)
        params.push_back(arg.getType());
      Type result = field == kStringsEqual ? Type(i32) : LLVM::LLVMVoidType::get(ctx);
      OpBuilder top(module.getBodyRegion());
      callee = top.create<LLVM::LLVMFuncOp>(loc, std::string("dlc_host_") + kNames[field],
                                            LLVM::LLVMFunctionType::get(result, params));
      callee->setAttr(attr::kHostField, top.getI32IntegerAttr(field));
    }
    auto op = b.create<LLVM::CallOp>(loc, callee, args);
    return op.getNumResults() ? op.getResult() : Value();
  }

  ModuleOp module;
  MLIRContext *ctx;
  Type ptr, i32, i64;
  LLVM::LLVMStructType handle;
  llvm::StringMap<LLVM::GlobalOp> globals;
  DenseMap<int32_t, LLVM::LLVMFuncOp> services;
};

struct LowerStringsPass : dlc::impl::DlcLowerStringsBase<LowerStringsPass> {
  void runOnOperation() override { StringLowering(getOperation()).run(); }
};
} // namespace
