//===- FormTiledLaunches.cpp - contractions and row groups into launches --===//
#include "passes/cuda/ContractionKernel.h"
#include "passes/cuda/OutlineLaunch.h"
#include "passes/cuda/Passes.h"
#include "passes/cuda/RowKernel.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/SetVector.h"

namespace dlc {
#define GEN_PASS_DEF_DLCFORMTILEDLAUNCHES
#include "passes/cuda/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc;

namespace {
// A group of ops one tiled launch computes, what its launch is called, and
// where the call goes: at the contraction, after a split contraction's
// prologue that runs on its own.
struct Group {
  SmallVector<Operation *> ops;
  Operation *at = nullptr;
  StringRef kind;
};

struct FormTiledLaunchesPass : dlc::impl::DlcFormTiledLaunchesBase<FormTiledLaunchesPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    SmallVector<func::FuncOp> funcs(module.getOps<func::FuncOp>());
    for (func::FuncOp func : funcs) {
      if (func.isExternal() || func->hasAttr(attr::kLaunch))
        continue;
      SmallVector<Group> groups;
      llvm::SmallPtrSet<Operation *, 8> taken;
      for (Operation &op : func.getBody().front()) {
        auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
        if (!linalgOp || taken.contains(&op))
          continue;
        Group group;
        std::optional<ContractionGroup> contraction;
        if (tensorCores && (contraction = matchContractionGroup(linalgOp))) {
          group.ops = contraction->ops();
          group.at = linalgOp;
          group.kind = "contraction";
        } else if (std::optional<RowGroup> rows = matchRowGroup(linalgOp)) {
          for (linalg::LinalgOp member : rows->ops)
            group.ops.push_back(member);
          group.at = group.ops.front();
          group.kind = "rows";
        } else {
          continue;
        }
        if (readsOnlyArguments(func, group.ops) &&
            llvm::none_of(group.ops, [&](Operation *o) { return taken.contains(o); })) {
          taken.insert(group.ops.begin(), group.ops.end());
          groups.push_back(std::move(group));
        }
      }
      llvm::StringMap<unsigned> counts;
      for (const Group &group : groups)
        outline(func, group.ops, group.at, (group.kind + Twine(counts[group.kind]++)).str(),
                symbols);
    }
  }

  // What `ops` read from outside: their operands and what their bodies use,
  // but for what one of them defines (a padded input's subview).
  static SmallVector<Value> readValues(ArrayRef<Operation *> ops) {
    SmallVector<Value> values;
    for (Operation *op : ops) {
      llvm::SetVector<Value> read(op->getOperands().begin(), op->getOperands().end());
      getUsedValuesDefinedAbove(op->getRegions(), read);
      for (Value value : read)
        if (!llvm::is_contained(ops, value.getDefiningOp()))
          values.push_back(value);
    }
    return values;
  }

  static bool isArgument(Value value, func::FuncOp func) {
    auto argument = dyn_cast<BlockArgument>(value);
    return argument && argument.getOwner() == &func.getBody().front();
  }

  // What a launch can make itself: a constant (a scalar, or an array the
  // GPU holds its own copy of), or a typed view at a constant offset into an
  // argument (scratch the kernel's caller planned).
  static bool isCopyable(Value value, func::FuncOp func) {
    if (value.getDefiningOp<arith::ConstantOp>() || value.getDefiningOp<memref::GetGlobalOp>())
      return true;
    auto view = value.getDefiningOp<memref::ViewOp>();
    return view && view.getSizes().empty() && isArgument(view.getSource(), func) &&
           view.getByteShift().getDefiningOp<arith::ConstantOp>();
  }

  // Whether everything `ops` read is the function's argument or copyable.
  static bool readsOnlyArguments(func::FuncOp func, ArrayRef<Operation *> ops) {
    return llvm::all_of(readValues(ops), [&](Value operand) {
      return isArgument(operand, func) || isCopyable(operand, func);
    });
  }

  void outline(func::FuncOp func, ArrayRef<Operation *> ops, Operation *at,
               const std::string &suffix, SymbolTable &symbols) {
    llvm::SetVector<BlockArgument> arguments;
    llvm::SetVector<Operation *> copied;
    SmallVector<Value> worklist = readValues(ops);
    while (!worklist.empty()) {
      Value value = worklist.pop_back_val();
      if (isArgument(value, func)) {
        arguments.insert(cast<BlockArgument>(value));
      } else if (copied.insert(value.getDefiningOp())) {
        llvm::append_range(worklist, value.getDefiningOp()->getOperands());
      }
    }
    SmallVector<Operation *> prologue(copied.begin(), copied.end());
    llvm::sort(prologue, [](Operation *a, Operation *b) { return a->isBeforeInBlock(b); });
    SmallVector<BlockArgument> sorted(arguments.begin(), arguments.end());
    llvm::sort(sorted, [](BlockArgument a, BlockArgument b) {
      return a.getArgNumber() < b.getArgNumber();
    });
    SmallVector<Value> operands(sorted.begin(), sorted.end());
    Location loc = FusedLoc::get(func.getContext(), llvm::map_to_vector(ops, [](Operation *op) {
                                   return op->getLoc();
                                 }));
    outlineLaunch(func, (func.getSymName() + "_" + suffix).str(), launches++, operands, prologue,
                  ops, at, loc, symbols);
    for (Operation *op : llvm::reverse(ops))
      op->erase();
  }

  int64_t launches = 0;
};
} // namespace
