//===- FormLaunches.cpp - device work into kernel-launch functions --------===//
#include "passes/cuda/OutlineLaunch.h"
#include "passes/cuda/Passes.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/SetVector.h"

namespace dlc {
#define GEN_PASS_DEF_DLCFORMLAUNCHES
#include "passes/cuda/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc;

namespace {
// A launch recomputes these from its arguments instead of receiving them:
// they neither touch memory nor hold code.
bool isCopyable(Operation *op) {
  return op->getNumRegions() == 0 && isMemoryEffectFree(op);
}

// Calls stay host code, and so does a buffer of no elements (which the
// memory plan leaves out of the arena): nothing ever reads it.
bool isHostOp(Operation *op) {
  if (auto alloca = dyn_cast<memref::AllocaOp>(op))
    return alloca.getType().hasStaticShape() && alloca.getType().getNumElements() == 0;
  return isa<func::CallOp, func::ReturnOp>(op);
}

struct FormLaunchesPass : dlc::impl::DlcFormLaunchesBase<FormLaunchesPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    launches = llvm::count_if(module.getOps<func::FuncOp>(),
                              [](func::FuncOp func) { return func->hasAttr(attr::kLaunch); });
    sinkConstants(module, symbols);
    SmallVector<func::FuncOp> funcs(module.getOps<func::FuncOp>());
    for (func::FuncOp func : funcs)
      if (!func.isExternal() && !func->hasAttr(attr::kLaunch) &&
          failed(formLaunches(func, symbols)))
        return signalPassFailure();
  }

  // A constant the host passes to a function moves into (a copy of) it, so
  // that its launches read their own device copy of the constant, never the
  // host's. A function that passes it on (to a tiled launch) passes the copy
  // on in turn, until no call passes one.
  void sinkConstants(ModuleOp module, SymbolTable &symbols) {
    while (true) {
      SmallVector<func::CallOp> calls;
      module.walk([&](func::CallOp call) {
        if (llvm::any_of(call.getOperands(),
                         [](Value v) { return v.getDefiningOp<memref::GetGlobalOp>(); }))
          calls.push_back(call);
      });
      if (calls.empty())
        return;
      sinkInto(calls, module, symbols);
    }
  }

  void sinkInto(ArrayRef<func::CallOp> calls, ModuleOp module, SymbolTable &symbols) {
    for (func::CallOp call : calls) {
      auto callee = symbols.lookup<func::FuncOp>(call.getCallee());
      if (!callee || callee.isExternal())
        continue;
      std::optional<SymbolTable::UseRange> uses = SymbolTable::getSymbolUses(callee, module);
      func::FuncOp target = callee;
      if (!uses || !llvm::hasSingleElement(*uses)) {
        target = callee.clone();
        module.getBody()->getOperations().insertAfter(callee->getIterator(), target);
        symbols.insert(target);
      }
      OpBuilder builder(target.getBody());
      llvm::BitVector sunk(target.getNumArguments());
      SmallVector<Value> kept;
      for (auto [i, operand] : llvm::enumerate(call.getOperands())) {
        auto global = operand.getDefiningOp<memref::GetGlobalOp>();
        if (!global) {
          kept.push_back(operand);
          continue;
        }
        Value local = builder.create<memref::GetGlobalOp>(global.getLoc(), global.getType(),
                                                          global.getName());
        target.getArgument(i).replaceAllUsesWith(local);
        sunk.set(i);
      }
      target.eraseArguments(sunk);
      builder.setInsertionPoint(call);
      builder.create<func::CallOp>(call.getLoc(), target, kept);
      call.erase();
    }
  }

  // Launches are numbered across the module: their rows in the launch table.
  int64_t launches = 0;

  LogicalResult formLaunches(func::FuncOp func, SymbolTable &symbols) {
    if (!func.getBody().hasOneBlock())
      return func.emitOpError("has branches between blocks; GPU code needs structured loops");
    SmallVector<Operation *> ops;
    DenseMap<Operation *, size_t> position;
    for (Operation &op : func.front()) {
      position[&op] = ops.size();
      ops.push_back(&op);
    }
    // Each device op starts a range that runs to the last user of any value
    // computed from it, so that values never cross launches.
    SmallVector<std::pair<size_t, size_t>> ranges;
    llvm::SmallPtrSet<Operation *, 16> moved;
    for (size_t i = 0; i < ops.size(); ++i) {
      if (isHostOp(ops[i]) || isCopyable(ops[i]))
        continue;
      size_t end = i;
      for (size_t j = i; j <= end; ++j) {
        Operation *op = ops[j];
        bool derived = llvm::any_of(op->getOperands(), [&](Value operand) {
          return moved.contains(operand.getDefiningOp());
        });
        if (isCopyable(op) && !derived)
          continue;
        if (isHostOp(op))
          return op->emitOpError("runs between device ops whose values it would need to "
                                 "share; GPU code cannot call host functions");
        moved.insert(op);
        for (Operation *user : op->getUsers()) {
          Operation *top = func.front().findAncestorOpInBlock(*user);
          end = std::max(end, position.lookup(top));
        }
      }
      ranges.emplace_back(i, end);
      i = end;
    }
    for (auto [index, range] : llvm::enumerate(ranges))
      if (failed(outline(func, ArrayRef(ops).slice(range.first, range.second - range.first + 1),
                         position, moved, index, symbols)))
        return failure();
    return success();
  }

  LogicalResult outline(func::FuncOp func, ArrayRef<Operation *> range,
                        const DenseMap<Operation *, size_t> &position,
                        const llvm::SmallPtrSetImpl<Operation *> &moved, size_t index,
                        SymbolTable &symbols) {
    llvm::SmallPtrSet<Operation *, 16> inRange(range.begin(), range.end());
    llvm::SetVector<BlockArgument> arguments;
    llvm::SetVector<Operation *> copied;
    SmallVector<Value> worklist;
    for (Operation *op : range) {
      llvm::append_range(worklist, op->getOperands());
      SetVector<Value> above;
      getUsedValuesDefinedAbove(op->getRegions(), above);
      llvm::append_range(worklist, above);
    }
    while (!worklist.empty()) {
      Value value = worklist.pop_back_val();
      Operation *def = value.getDefiningOp();
      if (!def) {
        if (value.getParentBlock() == &func.front())
          arguments.insert(cast<BlockArgument>(value));
        continue;
      }
      if (inRange.contains(def) || def->getBlock() != &func.front())
        continue;
      if (!isCopyable(def))
        return def->emitOpError("computes a value that device code needs but only the host has");
      if (copied.insert(def))
        llvm::append_range(worklist, def->getOperands());
    }
    SmallVector<Value> operands(arguments.begin(), arguments.end());
    llvm::sort(operands, [](Value a, Value b) {
      return cast<BlockArgument>(a).getArgNumber() < cast<BlockArgument>(b).getArgNumber();
    });
    SmallVector<Operation *> prologue(copied.begin(), copied.end());
    llvm::sort(prologue, [&](Operation *a, Operation *b) {
      return position.lookup(a) < position.lookup(b);
    });

    outlineLaunch(func, (func.getSymName() + "_launch" + Twine(index)).str(), launches++,
                  operands, prologue, range, range.front(), range.front()->getLoc(), symbols);
    // Copyable ops of the range that depend on no device op may still serve
    // the host or later launches.
    for (Operation *op : llvm::reverse(range))
      if (moved.contains(op))
        op->erase();
    return success();
  }
};
} // namespace
