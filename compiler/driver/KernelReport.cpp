//===- KernelReport.cpp - what each kernel computes, for dlc-compile --report ===//
#include "compiler/driver/KernelReport.h"

#include "compiler/codegen/ModelDescription.h"
#include "dialects/graph/OnnxLocations.h"
#include "dialects/graph/TypeInference.h"
#include "passes/memory/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "llvm/Support/Format.h"

#include <set>

using namespace mlir;
using namespace dlc;

namespace {
uint64_t typeBytes(Type type) {
  auto shaped = dyn_cast<ShapedType>(type);
  if (!shaped || !shaped.hasStaticShape())
    return 0;
  return static_cast<uint64_t>(shaped.getNumElements()) *
         graph::elementStorageBytes(shaped.getElementType());
}

uint64_t linalgFlops(linalg::LinalgOp op) {
  std::optional<SmallVector<int64_t, 4>> ranges = op.getStaticLoopRanges();
  uint64_t iterations = 1;
  for (int64_t range : ranges ? *ranges : SmallVector<int64_t, 4>{0})
    iterations *= range < 0 ? 0 : static_cast<uint64_t>(range);
  uint64_t perIteration = 0;
  for (Operation &nested : op->getRegion(0).front().without_terminator())
    if (nested.getDialect() && nested.getDialect()->getNamespace() == "arith" &&
        !isa<arith::ConstantOp, arith::IndexCastOp>(nested))
      ++perIteration;
  return iterations * perIteration;
}
} // namespace

std::vector<KernelStats> dlc::describeKernels(ModuleOp module) {
  std::vector<KernelStats> kernels;
  for (auto func : module.getOps<func::FuncOp>()) {
    if (!func->hasAttr(attr::kKernel))
      continue;
    KernelStats stats;
    stats.name = func.getName().str();
    for (Type type : func.getFunctionType().getInputs())
      stats.bytes += typeBytes(type);
    for (Type type : func.getFunctionType().getResults())
      stats.bytes += typeBytes(type);
    stats.nodes = onnxNodesIn(func);
    func.walk([&](linalg::LinalgOp op) { stats.flops += linalgFlops(op); });
    kernels.push_back(std::move(stats));
  }
  return kernels;
}

std::vector<ExposedKernelResult> dlc::describeExposedResults(ModuleOp module) {
  std::vector<ExposedKernelResult> exposed;
  func::FuncOp run = findEntry(module);
  if (!run)
    return exposed;
  auto ret = cast<func::ReturnOp>(run.getBody().back().getTerminator());
  for (auto [index, value] : llvm::enumerate(ret.getOperands())) {
    auto name = run.getResultAttrOfType<StringAttr>(index, attr::kName);
    if (!name || !name.getValue().starts_with("dlc.kernel."))
      continue;
    ExposedKernelResult result;
    result.output = name.str();
    if (auto call = value.getDefiningOp<func::CallOp>()) {
      result.kernel = call.getCallee().str();
      result.result = cast<OpResult>(value).getResultNumber();
    }
    exposed.push_back(std::move(result));
  }
  return exposed;
}

uint64_t dlc::intermediateBytes(ModuleOp module) {
  uint64_t total = 0;
  module.walk([&](func::CallOp call) {
    auto callee = module.lookupSymbol<func::FuncOp>(call.getCallee());
    if (callee && callee->hasAttr(attr::kKernel))
      for (Type type : call.getResultTypes())
        total += typeBytes(type);
  });
  return total;
}

void dlc::printKernelReport(llvm::raw_ostream &os, const std::vector<KernelStats> &kernels) {
  for (const KernelStats &kernel : kernels) {
    double intensity = kernel.bytes ? static_cast<double>(kernel.flops) / kernel.bytes : 0;
    os << "kernel " << kernel.name << ": " << kernel.flops << " flops, " << kernel.bytes
       << " bytes, " << llvm::format("%.2f", intensity) << " flops/byte, nodes";
    for (const std::string &node : kernel.nodes)
      os << " " << node;
    os << "\n";
  }
}
