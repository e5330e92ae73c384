//===- PlanMemory.cpp - every intermediate a view into one arena ----------===//
#include "passes/memory/Passes.h"
#include "dialects/graph/DlcDialect.h"
#include "dialects/graph/TypeInference.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "llvm/Support/MathExtras.h"

namespace dlc {
#define GEN_PASS_DEF_DLCPLANMEMORY
#include "passes/memory/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc;

namespace {
constexpr int64_t kAlignment = 64;

struct Buffer {
  memref::AllocOp alloc;
  int64_t bytes;
  unsigned firstUse;
  unsigned lastUse;
  int64_t offset = -1;
};

int64_t byteSize(MemRefType type) {
  int64_t elementBytes = graph::elementStorageBytes(type.getElementType());
  return llvm::alignTo(type.getNumElements() * elementBytes, kAlignment);
}

// The position in `block` of the op holding `op` (op itself, or an ancestor).
unsigned positionIn(Block &block, Operation *op,
                    const llvm::DenseMap<Operation *, unsigned> &order) {
  Operation *ancestor = block.findAncestorOpInBlock(*op);
  return order.lookup(ancestor);
}

// Last position at which `value`, or any memref derived from it (views,
// casts, reshapes), is used.
unsigned lastUse(Block &block, Value value,
                 const llvm::DenseMap<Operation *, unsigned> &order) {
  unsigned last = 0;
  SmallVector<Value> worklist{value};
  while (!worklist.empty()) {
    Value current = worklist.pop_back_val();
    for (Operation *user : current.getUsers()) {
      last = std::max(last, positionIn(block, user, order));
      for (Value result : user->getResults())
        if (isa<BaseMemRefType>(result.getType()))
          worklist.push_back(result);
    }
  }
  return last;
}

// Places buffers largest first, each at the lowest offset that overlaps no
// placed buffer whose lifetime intersects its own. Returns the total size.
int64_t placeBuffers(MutableArrayRef<Buffer> buffers) {
  SmallVector<Buffer *> bySize = llvm::map_to_vector(buffers, [](Buffer &b) { return &b; });
  llvm::stable_sort(bySize, [](Buffer *a, Buffer *b) { return a->bytes > b->bytes; });
  SmallVector<Buffer *> placed;
  int64_t total = 0;
  for (Buffer *buffer : bySize) {
    SmallVector<std::pair<int64_t, int64_t>> busy;
    for (Buffer *other : placed)
      if (other->firstUse <= buffer->lastUse && buffer->firstUse <= other->lastUse)
        busy.push_back({other->offset, other->offset + other->bytes});
    llvm::sort(busy);
    int64_t offset = 0;
    for (auto [begin, end] : busy) {
      if (offset + buffer->bytes <= begin)
        break;
      offset = std::max(offset, end);
    }
    buffer->offset = offset;
    total = std::max(total, offset + buffer->bytes);
    placed.push_back(buffer);
  }
  return total;
}

// Rewrites the allocations of `func` into views of a new trailing i8 argument
// and returns that argument's size (0 when nothing was allocated).
FailureOr<int64_t> planFunction(func::FuncOp func) {
  Block &block = func.getBody().front();
  llvm::DenseMap<Operation *, unsigned> order;
  for (auto [index, op] : llvm::enumerate(block))
    order[&op] = index;

  SmallVector<Buffer> buffers;
  WalkResult walk = func.walk([&](memref::AllocOp alloc) {
    MemRefType type = alloc.getType();
    if (!type.hasStaticShape() || !type.getLayout().isIdentity()) {
      alloc.emitOpError("cannot be placed in the arena: needs a static shape and "
                        "identity layout, got ")
          << type;
      return WalkResult::interrupt();
    }
    unsigned first = positionIn(block, alloc, order);
    buffers.push_back({alloc, byteSize(type), first,
                       std::max(first, lastUse(block, alloc.getResult(), order))});
    return WalkResult::advance();
  });
  if (walk.wasInterrupted())
    return failure();
  func.walk([](memref::DeallocOp dealloc) { dealloc.erase(); });

  int64_t total = llvm::alignTo(placeBuffers(buffers), kAlignment);
  if (total == 0)
    return 0;
  OpBuilder b(func.getContext());
  auto arenaType = MemRefType::get({total}, b.getI8Type());
  unsigned index = func.getNumArguments();
  func.insertArgument(index, arenaType, {}, func.getLoc());
  Value arena = func.getArgument(index);
  for (Buffer &buffer : buffers) {
    b.setInsertionPoint(buffer.alloc);
    Value offset = b.create<arith::ConstantIndexOp>(buffer.alloc.getLoc(), buffer.offset);
    Value view = b.create<memref::ViewOp>(buffer.alloc.getLoc(), buffer.alloc.getType(),
                                          arena, offset, ValueRange{});
    buffer.alloc.replaceAllUsesWith(view);
    buffer.alloc.erase();
  }
  return total;
}

// A buffer that is only copied into an output argument at the end can be
// that argument: the kernels then write the caller's memory directly.
void forwardOutputBuffers(func::FuncOp func) {
  SmallVector<linalg::CopyOp> copies;
  func.walk([&](linalg::CopyOp copy) { copies.push_back(copy); });
  for (linalg::CopyOp copy : copies) {
    auto alloc = copy.getInputs()[0].getDefiningOp<memref::AllocOp>();
    auto output = dyn_cast<BlockArgument>(copy.getOutputs()[0]);
    if (!alloc || !output || !output.hasOneUse() || output.getOwner() != alloc->getBlock() ||
        alloc.getType() != output.getType())
      continue;
    copy.erase();
    alloc.replaceAllUsesWith(output);
    alloc.erase();
  }
}

// The input a kernel may overwrite with its output: the kernel is one
// elementwise linalg.generic (all loops parallel) writing its output
// argument and reading this input argument of the same type, both through
// identity maps, so each element is read before the same element is
// written and never read again. Nothing otherwise.
std::optional<std::pair<unsigned, unsigned>> inPlaceOperands(func::FuncOp kernel) {
  if (kernel.isExternal())
    return std::nullopt;
  linalg::GenericOp generic;
  for (Operation &op : kernel.getBody().front().without_terminator()) {
    if (isMemoryEffectFree(&op))
      continue;
    if (generic || !isa<linalg::GenericOp>(op))
      return std::nullopt;
    generic = cast<linalg::GenericOp>(op);
  }
  if (!generic || !generic.hasPureBufferSemantics() || generic.getNumDpsInits() != 1 ||
      generic.getNumReductionLoops() != 0)
    return std::nullopt;
  OpOperand *init = generic.getDpsInitOperand(0);
  auto output = dyn_cast<BlockArgument>(init->get());
  if (!output || output.getOwner()->getParentOp() != kernel ||
      !generic.getMatchingIndexingMap(init).isIdentity())
    return std::nullopt;
  for (OpOperand *input : generic.getDpsInputOperands()) {
    auto argument = dyn_cast<BlockArgument>(input->get());
    if (argument && argument.getOwner()->getParentOp() == kernel &&
        argument.getType() == output.getType() && argument.hasOneUse() &&
        generic.getMatchingIndexingMap(input).isIdentity())
      return std::make_pair(argument.getArgNumber(), output.getArgNumber());
  }
  return std::nullopt;
}

// An elementwise kernel whose input buffer dies at the call writes its
// result over it: the output's allocation goes, and the input's buffer lives
// on as the result.
void shareElementwiseBuffers(func::FuncOp entry, ModuleOp module) {
  Block &block = entry.getBody().front();
  llvm::DenseMap<Operation *, unsigned> order;
  for (auto [index, op] : llvm::enumerate(block))
    order[&op] = index;
  SmallVector<func::CallOp> calls(block.getOps<func::CallOp>());
  for (func::CallOp call : calls) {
    auto kernel = module.lookupSymbol<func::FuncOp>(call.getCalleeAttr());
    if (!kernel || !kernel->hasAttr(attr::kKernel))
      continue;
    std::optional<std::pair<unsigned, unsigned>> operands = inPlaceOperands(kernel);
    if (!operands)
      continue;
    Value input = call.getOperand(operands->first), output = call.getOperand(operands->second);
    auto inputAlloc = input.getDefiningOp<memref::AllocOp>();
    auto outputAlloc = output.getDefiningOp<memref::AllocOp>();
    if (!inputAlloc || !outputAlloc || inputAlloc == outputAlloc ||
        inputAlloc->getBlock() != &block || outputAlloc->getBlock() != &block ||
        llvm::count(call.getOperands(), input) != 1 ||
        lastUse(block, input, order) != order.lookup(call))
      continue;
    outputAlloc.replaceAllUsesWith(inputAlloc.getResult());
    outputAlloc.erase();
  }
}

// A static buffer with no elements but not of shape [0].
bool isUnflatEmpty(Type type) {
  auto memref = dyn_cast<MemRefType>(type);
  return memref && memref.hasStaticShape() && memref.getNumElements() == 0 &&
         memref.getRank() != 1;
}

MemRefType flatEmpty(MemRefType type) { return MemRefType::get({0}, type.getElementType()); }

// No code reads or writes a buffer with no elements, yet MLIR finds no
// strides for one with a zero dim after its first, and the bare-pointer
// calling convention cannot pass it. So an empty buffer lives on the stack
// (zero bytes, never in the arena or the heap) and crosses calls as
// memref<0xT>: a function sees such an argument as an empty stack buffer of
// its own type, and a call passes any empty buffer.
void flattenEmptyBuffers(ModuleOp module) {
  SmallVector<memref::AllocOp> emptyAllocs;
  module.walk([&](memref::AllocOp alloc) {
    if (alloc.getType().hasStaticShape() && alloc.getType().getNumElements() == 0)
      emptyAllocs.push_back(alloc);
  });
  for (memref::AllocOp alloc : emptyAllocs) {
    OpBuilder b(alloc);
    alloc.replaceAllUsesWith(
        b.create<memref::AllocaOp>(alloc.getLoc(), alloc.getType()).getResult());
    alloc.erase();
  }
  for (auto func : module.getOps<func::FuncOp>()) {
    if (func.isExternal())
      continue;
    Block &body = func.getBody().front();
    auto b = OpBuilder::atBlockBegin(&body);
    for (BlockArgument arg : body.getArguments()) {
      if (!isUnflatEmpty(arg.getType()))
        continue;
      auto type = cast<MemRefType>(arg.getType());
      if (!arg.use_empty())
        arg.replaceAllUsesWith(b.create<memref::AllocaOp>(func.getLoc(), type).getResult());
      arg.setType(flatEmpty(type));
    }
    func.setType(FunctionType::get(func.getContext(), body.getArgumentTypes(),
                                   func.getResultTypes()));
  }
  module.walk([&](func::CallOp call) {
    auto callee = module.lookupSymbol<func::FuncOp>(call.getCalleeAttr());
    if (!callee)
      return;
    for (auto [operand, expected] :
         llvm::zip(call->getOpOperands(), callee.getArgumentTypes())) {
      if (operand.get().getType() == expected || !isUnflatEmpty(operand.get().getType()))
        continue;
      OpBuilder b(call);
      operand.set(b.create<memref::AllocaOp>(call.getLoc(), cast<MemRefType>(expected)));
    }
  });
}

struct PlanMemoryPass : dlc::impl::DlcPlanMemoryBase<PlanMemoryPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    flattenEmptyBuffers(module);
    // Kernels first: each call then allocates its callee's scratch, which
    // the entry's plan places like any other buffer.
    for (auto func : module.getOps<func::FuncOp>()) {
      if (!func->hasAttr(attr::kKernel) || func.isExternal())
        continue;
      FailureOr<int64_t> scratch = planFunction(func);
      if (failed(scratch))
        return signalPassFailure();
      if (*scratch == 0)
        continue;
      auto scratchType = cast<MemRefType>(func.getArgumentTypes().back());
      std::optional<SymbolTable::UseRange> uses = func.getSymbolUses(module);
      for (SymbolTable::SymbolUse use : *uses) {
        auto call = dyn_cast<func::CallOp>(use.getUser());
        if (!call) {
          use.getUser()->emitOpError("uses kernel @")
              << func.getSymName() << " other than by a call";
          return signalPassFailure();
        }
        OpBuilder b(call);
        Value buffer = b.create<memref::AllocOp>(call.getLoc(), scratchType);
        call->insertOperands(call.getNumOperands(), buffer);
      }
    }
    for (auto func : module.getOps<func::FuncOp>()) {
      if (!func->hasAttr(attr::kEntry))
        continue;
      forwardOutputBuffers(func);
      shareElementwiseBuffers(func, module);
      FailureOr<int64_t> arena = planFunction(func);
      if (failed(arena))
        return signalPassFailure();
      // The entry ABI always passes an arena; give it a size even if unused.
      if (*arena == 0)
        func.insertArgument(
            func.getNumArguments(),
            MemRefType::get({kAlignment}, IntegerType::get(&getContext(), 8)), {},
            func.getLoc());
      func->setAttr(attr::kArenaBytes,
                    IntegerAttr::get(IntegerType::get(&getContext(), 64), *arena));
    }
  }
};
} // namespace
