//===- BuildSaliencyEntry.cpp - the top class's gradient w.r.t. the input -===//
#include "dialects/graph/DlcDialect.h"
#include "passes/memory/Passes.h"
#include "passes/training/Passes.h"

#include "mlir/IR/Builders.h"
#include "mlir/Pass/PassManager.h"

namespace dlc {
#define GEN_PASS_DEF_DLCBUILDSALIENCYENTRY
#include "passes/training/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
struct BuildSaliencyEntryPass
    : dlc::impl::DlcBuildSaliencyEntryBase<BuildSaliencyEntryPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    func::FuncOp run;
    for (auto func : module.getOps<func::FuncOp>()) {
      auto entry = func->getAttrOfType<StringAttr>(attr::kEntry);
      if (entry && entry.getValue() == "run")
        run = func;
    }
    if (!run) {
      module.emitError("no function is marked dlc.entry = \"run\"");
      return signalPassFailure();
    }
    auto inputType = run.getNumArguments() == 0
                         ? RankedTensorType()
                         : dyn_cast<RankedTensorType>(run.getArgumentTypes()[0]);
    auto outputType = run.getNumResults() == 0
                          ? RankedTensorType()
                          : dyn_cast<RankedTensorType>(run.getResultTypes()[0]);
    if (!inputType || !isa<FloatType>(inputType.getElementType()) || !outputType ||
        !isa<FloatType>(outputType.getElementType()) || outputType.getRank() < 2) {
      run.emitOpError("needs a float first input and a float first output [N, classes, "
                      "...] for a saliency map");
      return signalPassFailure();
    }

    OpBuilder b(&getContext());
    func::FuncOp entry = run.clone();
    entry.setSymName("saliency");
    entry->setAttr(attr::kEntry, b.getStringAttr("saliency"));
    module.push_back(entry);
    auto ret = cast<func::ReturnOp>(entry.getBody().front().getTerminator());
    b.setInsertionPoint(ret);
    Location loc = ret.getLoc();
    Value scores = ret.getOperand(0);
    // Each sample's top score (the max over dims 1..), summed over the batch.
    SmallVector<int64_t> classAxes =
        llvm::to_vector(llvm::seq<int64_t>(1, outputType.getRank()));
    Value top = b.create<ReduceMaxOp>(loc, scores, b.getDenseI64ArrayAttr(classAxes),
                                      b.getBoolAttr(false));
    Value total = b.create<ReduceSumOp>(loc, top, b.getDenseI64ArrayAttr({0}),
                                        b.getBoolAttr(false));
    b.create<func::ReturnOp>(loc, total);
    ret.erase();
    entry.setType(FunctionType::get(&getContext(), entry.getArgumentTypes(),
                                    {total.getType()}));
    entry.setResultAttrs(0, b.getDictionaryAttr(b.getNamedAttr(attr::kLoss, b.getUnitAttr())));
    entry.setArgAttr(0, attr::kWrt, b.getUnitAttr());

    // Differentiate with respect to the input only; the weights stay fixed.
    OpPassManager pm(ModuleOp::getOperationName());
    DlcAutodiffOptions autodiff;
    autodiff.freeze = ".*";
    pm.addPass(createDlcAutodiff(autodiff));
    if (failed(runPipeline(pm, module)))
      return signalPassFailure();

    // Keep only the gradient, named for the runtime.
    ret = cast<func::ReturnOp>(entry.getBody().front().getTerminator());
    if (entry.getNumResults() != 2) {
      entry.emitOpError("the top score does not depend on input 0");
      return signalPassFailure();
    }
    Value gradient = ret.getOperand(1);
    b.setInsertionPoint(ret);
    b.create<func::ReturnOp>(ret.getLoc(), gradient);
    ret.erase();
    entry.setType(FunctionType::get(&getContext(), entry.getArgumentTypes(),
                                    {gradient.getType()}));
    entry.setResultAttrs(
        0, b.getDictionaryAttr(b.getNamedAttr(attr::kName, b.getStringAttr("saliency"))));
    entry.removeArgAttr(0, attr::kWrt);
  }
};
} // namespace
