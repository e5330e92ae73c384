//===- FormKernels.cpp - group graph ops into dlck.kernel regions ---------===//
#include "dialects/graph/DlcDialect.h"
#include "passes/kernels/Passes.h"
#include "passes/memory/Passes.h"

#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/SetVector.h"

namespace dlc {
#define GEN_PASS_DEF_DLCFORMKERNELS
#include "passes/kernels/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
// Literals up to this many elements are copied into each kernel that reads
// them, so they fold into its body instead of becoming a buffer.
constexpr int64_t kInlineConstantElements = 64;

bool isInlinableConstant(Value value) {
  auto constant = value.getDefiningOp<ConstantOp>();
  return constant &&
         cast<ShapedType>(constant.getType()).getNumElements() <= kInlineConstantElements;
}

// Ops that stay outside kernels: weights, constants, and ops that only give
// a buffer another shape.
bool staysOutside(Operation *op) {
  return isa<ParamOp, ConstantOp, IdentityOp>(op) ||
         op->getName().getStringRef() == "dlc.reshape" ||
         op->getName().getStringRef() == "dlc.flatten";
}

// A kernel fuses at most this many ops. Fusing its body and bufferizing it in
// place cost more than linear time in the kernel's size, so an unbounded
// kernel makes a long elementwise chain compile in quadratic time.
constexpr size_t kMaxKernelOps = 64;

std::string kernelName(Operation *anchor, unsigned index) {
  StringRef name = anchor->getName().stripDialect();
  return (name + "_" + Twine(index)).str();
}

class KernelFormer {
public:
  KernelFormer(bool fuseElementwise) : fuseElementwise(fuseElementwise) {}

  // Forms the kernels of `block`; with `exposed`, also collects each
  // kernel's results named by the position of their op among the block's
  // computing ops, which is the same whatever the fusion policy.
  void formIn(Block &block,
              SmallVectorImpl<std::pair<Value, std::string>> *exposed = nullptr) {
    SmallVector<Operation *> ops;
    for (Operation &op : block)
      if (isa<DlcDialect>(op.getDialect()) && !staysOutside(&op))
        ops.push_back(&op);
    llvm::DenseMap<Operation *, unsigned> position;
    for (auto [index, op] : llvm::enumerate(ops))
      position[op] = index;
    llvm::DenseSet<Operation *> grouped;
    for (Operation *op : ops) {
      if (grouped.contains(op))
        continue;
      SmallVector<Operation *> group = growGroup(op);
      grouped.insert(group.begin(), group.end());
      unsigned last = position.lookup(group.back());
      auto kernel = outline(group);
      if (exposed)
        for (OpResult result : kernel->getResults())
          exposed->push_back({result, ("dlc.kernel." + Twine(last) + "." +
                                       Twine(result.getResultNumber()))
                                          .str()});
    }
  }

private:
  // Extends a group from `anchor` along elementwise consumers that are
  // their producer's only user (x * x included). While the group is
  // elementwise only, it may also take in the op whose prologue operand it
  // computes (a reduction), and then goes on with that op's consumers as
  // its epilogue.
  SmallVector<Operation *> growGroup(Operation *anchor) {
    SmallVector<Operation *> group{anchor};
    if (!fuseElementwise)
      return group;
    bool prologue = isa<ScalarComputeOpInterface>(anchor);
    Operation *last = anchor;
    while (group.size() < kMaxKernelOps && last->getNumResults() == 1 &&
           !last->getResult(0).use_empty()) {
      Value result = last->getResult(0);
      Operation *user = *result.getUsers().begin();
      if (!llvm::all_of(result.getUsers(), [&](Operation *other) { return other == user; }) ||
          user->getBlock() != last->getBlock())
        break;
      auto fusing = dyn_cast<PrologueFusionOpInterface>(user);
      if (fusing && prologue && result.hasOneUse() &&
          fusing.getPrologueOperand().get() == result)
        prologue = false;
      else if (!isa<ScalarComputeOpInterface>(user))
        break;
      group.push_back(user);
      last = user;
    }
    return group;
  }

  dlc::kernel::KernelOp outline(ArrayRef<Operation *> group) {
    Operation *last = group.back();
    llvm::SmallPtrSet<Operation *, 8> members(group.begin(), group.end());
    llvm::SetVector<Value> inputs;
    for (Operation *op : group)
      for (Value operand : op->getOperands())
        if (!members.contains(operand.getDefiningOp()) && !isInlinableConstant(operand))
          inputs.insert(operand);

    OpBuilder builder(last);
    auto kernel = builder.create<dlc::kernel::KernelOp>(
        group.front()->getLoc(), kernelName(group.front(), counter++),
        last->getResultTypes(), inputs.getArrayRef());
    Block &body = kernel.getBody().front();
    IRMapping mapping;
    mapping.map(inputs.getArrayRef(), body.getArguments());
    OpBuilder inner = OpBuilder::atBlockEnd(&body);
    for (Operation *op : group)
      for (Value operand : op->getOperands())
        if (!mapping.contains(operand) && isInlinableConstant(operand))
          mapping.map(operand, inner.clone(*operand.getDefiningOp())->getResult(0));
    for (Operation *op : group)
      inner.clone(*op, mapping);
    inner.create<dlc::kernel::YieldOp>(last->getLoc(),
                                llvm::map_to_vector(last->getResults(), [&](Value v) {
                                  return mapping.lookup(v);
                                }));
    last->replaceAllUsesWith(kernel.getResults());
    for (Operation *op : llvm::reverse(group))
      op->erase();
    return kernel;
  }

  bool fuseElementwise;
  unsigned counter = 0;
};

struct FormKernelsPass : dlc::impl::DlcFormKernelsBase<FormKernelsPass> {
  using DlcFormKernelsBase::DlcFormKernelsBase;

  void runOnOperation() override {
    KernelFormer former(fuseElementwise);
    getOperation().walk([&](func::FuncOp func) {
      auto entry = func->getAttrOfType<StringAttr>(attr::kEntry);
      if (exposeResults && entry && entry.getValue() == "run" && func.getBody().hasOneBlock())
        return exposeKernelResults(former, func);
      for (Block &block : func.getBody())
        former.formIn(block);
    });
    // Constants now copied into every kernel that reads them may be dead.
    getOperation().walk([](ConstantOp op) {
      if (op->use_empty() && !op->getParentOfType<dlc::kernel::KernelOp>())
        op->erase();
    });
  }

  // Returns every kernel result after the entry's own outputs, so that a
  // build can be compared with another kernel by kernel.
  void exposeKernelResults(KernelFormer &former, func::FuncOp entry) {
    SmallVector<std::pair<Value, std::string>> exposed;
    former.formIn(entry.getBody().front(), &exposed);
    auto ret = cast<func::ReturnOp>(entry.getBody().front().getTerminator());
    for (auto &[value, name] : exposed) {
      unsigned index = entry.getNumResults();
      ret->insertOperands(index, value);
      entry.insertResult(index, value.getType(),
                         DictionaryAttr::get(&getContext(),
                                             NamedAttribute(StringAttr::get(&getContext(), attr::kName),
                                                            StringAttr::get(&getContext(), name))));
    }
  }
};
} // namespace
