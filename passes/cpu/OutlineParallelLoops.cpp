//===- OutlineParallelLoops.cpp - loop nests as range functions for threads ===//
#include "passes/cpu/Passes.h"
#include "dialects/kernel/KernelDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"

#include <limits>

namespace dlc {
#define GEN_PASS_DEF_DLCOUTLINEPARALLELLOOPS
#include "passes/cpu/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc;

namespace {
// Enough chunks for every core of a large host: the split dims are the
// outermost ones whose iteration count reaches this.
constexpr int64_t kMinChunks = 64;

// Product of two counts, capped at INT64_MAX.
int64_t mulSaturated(int64_t a, int64_t b) {
  return a != 0 && b > std::numeric_limits<int64_t>::max() / a
             ? std::numeric_limits<int64_t>::max()
             : a * b;
}

std::optional<int64_t> tripCount(Value lb, Value ub, Value step) {
  std::optional<int64_t> l = getConstantIntValue(lb), u = getConstantIntValue(ub),
                         s = getConstantIntValue(step);
  if (!l || !u || !s || *s <= 0)
    return std::nullopt;
  return *u > *l ? (*u - *l + *s - 1) / *s : 0;
}

// Iterations of the whole nest (parallel dims times every inner scf.for),
// a proxy for its work; nothing when a bound is not a constant.
std::optional<int64_t> nestIterations(scf::ParallelOp loop) {
  int64_t total = 1;
  for (auto [lb, ub, step] :
       llvm::zip(loop.getLowerBound(), loop.getUpperBound(), loop.getStep())) {
    std::optional<int64_t> count = tripCount(lb, ub, step);
    if (!count)
      return std::nullopt;
    total = mulSaturated(total, *count);
  }
  // The deepest chain of inner loops bounds the per-iteration work from below.
  int64_t inner = 1;
  loop.getBody()->walk([&](scf::ForOp nested) {
    int64_t chain = 1;
    for (Operation *op = nested; op != loop; op = op->getParentOp())
      if (auto forOp = dyn_cast<scf::ForOp>(op))
        if (std::optional<int64_t> count = tripCount(forOp.getLowerBound(),
                                                     forOp.getUpperBound(), forOp.getStep()))
          chain = mulSaturated(chain, *count);
    inner = std::max(inner, chain);
  });
  return mulSaturated(total, inner);
}

// Values a thread may receive by value: scalars, and buffers the bare-pointer
// convention passes as one pointer.
bool passable(Type type) {
  if (type.isIntOrIndexOrFloat())
    return true;
  auto memref = dyn_cast<MemRefType>(type);
  return memref && memref.hasStaticShape() && memref.getLayout().isIdentity();
}

struct OutlineParallelLoopsPass
    : dlc::impl::DlcOutlineParallelLoopsBase<OutlineParallelLoopsPass> {
  using DlcOutlineParallelLoopsBase::DlcOutlineParallelLoopsBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    SmallVector<scf::ParallelOp> loops;
    for (auto func : module.getOps<func::FuncOp>())
      if (!func.isExternal())
        for (auto loop : func.getBody().getOps<scf::ParallelOp>())
          loops.push_back(loop);
    for (scf::ParallelOp loop : loops)
      outline(loop, symbols);
  }

  // Collects the values the nest uses from outside, cloning side-effect-free
  // definitions (constants, views) into the new function instead of passing
  // them. False if some value can be neither passed nor cloned.
  bool collectInputs(scf::ParallelOp loop, SmallVectorImpl<Value> &passed,
                     SmallVectorImpl<Operation *> &cloned) {
    SetVector<Value> worklist;
    getUsedValuesDefinedAbove(loop.getRegion(), worklist);
    worklist.insert(loop->getOperands().begin(), loop->getOperands().end());
    SetVector<Value> passedSet;
    SetVector<Operation *> clonedSet;
    for (size_t i = 0; i < worklist.size(); ++i) {
      Value value = worklist[i];
      Operation *def = value.getDefiningOp();
      // Scratch that only the nest uses becomes each thread's own.
      bool privateScratch = isa_and_nonnull<memref::AllocaOp>(def) &&
                            llvm::all_of(def->getUsers(), [&](Operation *user) {
                              return loop->isProperAncestor(user);
                            });
      if (def && (privateScratch || (isMemoryEffectFree(def) && def->getNumRegions() == 0))) {
        if (clonedSet.insert(def))
          worklist.insert(def->getOperands().begin(), def->getOperands().end());
        continue;
      }
      if (!passable(value.getType()))
        return false;
      passedSet.insert(value);
    }
    passed.assign(passedSet.begin(), passedSet.end());
    // Function arguments first, in their order, so calls read like the caller.
    llvm::stable_sort(passed, [](Value a, Value b) {
      auto argA = dyn_cast<BlockArgument>(a), argB = dyn_cast<BlockArgument>(b);
      if (argA && argB)
        return argA.getArgNumber() < argB.getArgNumber();
      return argA && !argB;
    });
    cloned.assign(clonedSet.begin(), clonedSet.end());
    if (!llvm::all_of(cloned, [&](Operation *op) { return op->getBlock() == loop->getBlock(); }))
      return false;
    // Operands were discovered after their users: clone in program order.
    llvm::sort(cloned, [](Operation *a, Operation *b) { return a->isBeforeInBlock(b); });
    return true;
  }

  void outline(scf::ParallelOp loop, SymbolTable &symbols) {
    if (loop.getNumResults() != 0)
      return;
    // String kernels call the session's services, which serve one thread.
    bool callsHost = loop.getBody()
                         ->walk([](Operation *op) {
                           return isa<kernel::DlckDialect>(op->getDialect())
                                      ? WalkResult::interrupt()
                                      : WalkResult::advance();
                         })
                         .wasInterrupted();
    if (callsHost)
      return;
    std::optional<int64_t> work = nestIterations(loop);
    if (auto known = loop->getAttrOfType<IntegerAttr>(attr::kParallelWork))
      work = std::max(work.value_or(0), known.getInt());
    if (!work || *work < minIterations)
      return;
    SmallVector<int64_t> counts;
    for (auto [lb, ub, step] :
         llvm::zip(loop.getLowerBound(), loop.getUpperBound(), loop.getStep()))
      counts.push_back(*tripCount(lb, ub, step));
    // Split the outermost dims until there are enough chunks.
    size_t split = 0;
    int64_t chunks = 1;
    while (split < counts.size() && chunks < kMinChunks)
      chunks = mulSaturated(chunks, counts[split++]);
    if (chunks < 2)
      return;
    SmallVector<Value> passed;
    SmallVector<Operation *> cloned;
    if (!collectInputs(loop, passed, cloned))
      return;

    auto parentFunc = loop->getParentOfType<func::FuncOp>();
    MLIRContext *ctx = &getContext();
    Location loc = loop.getLoc();
    OpBuilder b(parentFunc);
    SmallVector<Type> argTypes;
    for (Value value : passed)
      argTypes.push_back(value.getType());
    IndexType index = b.getIndexType();
    argTypes.append({index, index});
    auto body = b.create<func::FuncOp>(loc, parentFunc.getName().str() + "_parallel",
                                       FunctionType::get(ctx, argTypes, {}));
    body.setPrivate();
    body->setAttr(attr::kParallelBody, UnitAttr::get(ctx));
    symbols.insert(body);

    Block *entry = body.addEntryBlock();
    IRMapping mapping;
    for (auto [value, arg] : llvm::zip(passed, entry->getArguments()))
      mapping.map(value, arg);
    b.setInsertionPointToStart(entry);
    for (Operation *op : cloned)
      b.clone(*op, mapping);
    Value one = b.create<arith::ConstantIndexOp>(loc, 1);
    auto chunkLoop = b.create<scf::ForOp>(loc, entry->getArgument(passed.size()),
                                          entry->getArgument(passed.size() + 1), one);
    b.setInsertionPointToStart(chunkLoop.getBody());
    // Row-major delinearization of the chunk index over the split dims.
    Value rest = chunkLoop.getInductionVar();
    SmallVector<Value> splitIndices(split);
    for (size_t d = split; d-- > 0;) {
      Value count = b.create<arith::ConstantIndexOp>(loc, counts[d]);
      Value position = d == 0 ? rest : b.create<arith::RemUIOp>(loc, rest, count);
      if (d > 0)
        rest = b.create<arith::DivUIOp>(loc, rest, count);
      Value step = b.create<arith::MulIOp>(loc, position, mapping.lookupOrDefault(loop.getStep()[d]));
      splitIndices[d] =
          b.create<arith::AddIOp>(loc, mapping.lookupOrDefault(loop.getLowerBound()[d]), step);
    }
    Block *original = loop.getBody();
    for (size_t d = 0; d < split; ++d)
      mapping.map(original->getArgument(d), splitIndices[d]);
    auto cloneBody = [&](OpBuilder &builder) {
      for (Operation &op : original->without_terminator())
        builder.clone(op, mapping);
    };
    if (split == counts.size()) {
      cloneBody(b);
    } else {
      auto lookup = [&](OperandRange range) {
        return llvm::to_vector(llvm::map_range(
            range.drop_front(split), [&](Value v) { return mapping.lookupOrDefault(v); }));
      };
      b.create<scf::ParallelOp>(
          loc, lookup(loop.getLowerBound()), lookup(loop.getUpperBound()),
          lookup(loop.getStep()), [&](OpBuilder &nested, Location, ValueRange ivs) {
            for (auto [arg, iv] : llvm::zip(original->getArguments().drop_front(split), ivs))
              mapping.map(arg, iv);
            cloneBody(nested);
          });
    }
    b.setInsertionPointToEnd(entry);
    b.create<func::ReturnOp>(loc);

    b.setInsertionPoint(loop);
    SmallVector<Value> operands(passed);
    operands.push_back(b.create<arith::ConstantIndexOp>(loc, 0));
    operands.push_back(b.create<arith::ConstantIndexOp>(loc, chunks));
    b.create<func::CallOp>(loc, body, operands);
    loop.erase();
  }
};
} // namespace
