//===- VectorLanes.cpp - elementwise thread loops, four iterations a thread ===//
#include "passes/cuda/VectorLanes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringExtras.h"

#include <optional>

using namespace mlir;

namespace {
constexpr int64_t kLanes = 4;
constexpr int64_t kVectorBytes = 16;

std::optional<int64_t> number(const std::string &text) {
  int64_t value = 0;
  if (StringRef(text).getAsInteger(10, value))
    return std::nullopt;
  return value;
}

// The values of the body that vary along the run of dims from `runStart`.
llvm::DenseSet<Value> varying(scf::ParallelOp loop, unsigned runStart) {
  llvm::DenseSet<Value> values;
  for (Value iv : ValueRange(loop.getBody()->getArguments()).drop_front(runStart))
    values.insert(iv);
  for (Operation &op : loop.getBody()->without_terminator())
    if (llvm::any_of(op.getOperands(), [&](Value v) { return values.contains(v); }))
      values.insert(op.getResults().begin(), op.getResults().end());
  return values;
}

enum class Access { Uniform, Contiguous, Other };

// How an access walks the run whose induction variables are `run` and trip
// counts `trips`.
Access classify(Value memref, ValueRange indices, ValueRange run, ArrayRef<int64_t> trips,
                const llvm::DenseSet<Value> &varies, dlc::CudaKernelWriter &writer) {
  auto varying = [&](Value v) { return varies.contains(v); };
  if (llvm::none_of(indices, varying))
    return Access::Uniform;
  if (indices.size() < run.size() || !llvm::equal(indices.take_back(run.size()), run) ||
      llvm::any_of(indices.drop_back(run.size()), varying) ||
      !cast<MemRefType>(memref.getType()).getElementType().isF32())
    return Access::Other;
  FailureOr<dlc::CudaKernelWriter::View> view = writer.viewOf(memref);
  if (failed(view) || view->alignment == 0 || view->alignment % kVectorBytes)
    return Access::Other;
  std::optional<int64_t> offset = number(view->offset);
  if (!offset || *offset % kLanes)
    return Access::Other;
  // The run's dims step one element per iteration; the others keep the
  // first of four at a multiple of 4.
  size_t lead = view->strides.size() - run.size();
  int64_t step = 1;
  for (size_t i = view->strides.size(); i-- > 0;) {
    std::optional<int64_t> stride = number(view->strides[i]);
    if (!stride || (i >= lead ? *stride != step : *stride % kLanes != 0))
      return Access::Other;
    if (i >= lead)
      step *= trips[i - lead];
  }
  return Access::Contiguous;
}

// Whether the run from `runStart` takes four iterations a thread.
bool fits(scf::ParallelOp loop, unsigned runStart, ArrayRef<int64_t> trips,
          dlc::CudaKernelWriter &writer) {
  ValueRange run = ValueRange(loop.getBody()->getArguments()).drop_front(runStart);
  llvm::DenseSet<Value> varies = varying(loop, runStart);
  bool contiguous = false;
  for (Operation &op : loop.getBody()->without_terminator()) {
    if (auto load = dyn_cast<memref::LoadOp>(op)) {
      Access access = classify(load.getMemRef(), load.getIndices(), run, trips, varies, writer);
      if (access == Access::Other)
        return false;
      contiguous |= access == Access::Contiguous;
      continue;
    }
    if (auto store = dyn_cast<memref::StoreOp>(op)) {
      if (classify(store.getMemRef(), store.getIndices(), run, trips, varies, writer) !=
          Access::Contiguous)
        return false;
      contiguous = true;
      continue;
    }
    StringRef dialect = op.getDialect() ? op.getDialect()->getNamespace() : "";
    if (dialect != "arith" && dialect != "math")
      return false;
    // A thread knows its four iterations' indices only along one dim.
    if (run.size() > 1 &&
        llvm::any_of(op.getOperands(), [&](Value v) { return llvm::is_contained(run, v); }))
      return false;
  }
  return contiguous;
}
} // namespace

dlc::VectorPlan dlc::planVectorLanes(scf::ParallelOp loop, CudaKernelWriter &writer) {
  unsigned dims = loop.getNumLoops();
  SmallVector<int64_t> trips;
  int64_t product = 1;
  for (unsigned start = dims; start-- > 0;) {
    std::optional<int64_t> lb = getConstantIntValue(loop.getLowerBound()[start]);
    std::optional<int64_t> ub = getConstantIntValue(loop.getUpperBound()[start]);
    std::optional<int64_t> step = getConstantIntValue(loop.getStep()[start]);
    if (lb != 0 || step != 1 || !ub || *ub <= 0)
      break;
    trips.insert(trips.begin(), *ub);
    product *= *ub;
    // The shortest run whose iterations group by four.
    if (product % kLanes == 0)
      return fits(loop, start, trips, writer) ? VectorPlan{kLanes, start}
                                              : VectorPlan{1, dims - 1};
  }
  return VectorPlan{1, dims - 1};
}

LogicalResult dlc::writeVectorBody(scf::ParallelOp loop, const VectorPlan &plan,
                                   CudaKernelWriter &writer) {
  ValueRange run = ValueRange(loop.getBody()->getArguments()).drop_front(plan.runStart);
  llvm::DenseSet<Value> varies = varying(loop, plan.runStart);
  // The first iteration's indices, as the caller bound them.
  SmallVector<std::string> firsts;
  for (Value iv : run) {
    FailureOr<std::string> name = writer.nameOf(iv);
    if (failed(name))
      return failure();
    firsts.push_back(*name);
  }
  llvm::DenseMap<Value, SmallVector<std::string, kLanes>> lanes;
  // Only a run of one dim has ops that read its index (planVectorLanes).
  for (int64_t k = 0; k < kLanes; ++k)
    lanes[run.back()].push_back(k ? "(" + firsts.back() + " + " + std::to_string(k) + ")"
                                  : firsts.back());
  auto lane = [&](Value value, int64_t k) -> FailureOr<std::string> {
    return varies.contains(value) ? FailureOr<std::string>(lanes[value][k])
                                  : writer.nameOf(value);
  };
  // Iterations of an scf.parallel are independent, so the four may
  // interleave op by op.
  for (Operation &op : loop.getBody()->without_terminator()) {
    if (llvm::none_of(op.getOperands(), [&](Value v) { return varies.contains(v); })) {
      if (failed(writer.emit(&op)))
        return failure();
      continue;
    }
    if (isa<memref::LoadOp, memref::StoreOp>(op)) {
      for (auto [iv, first] : llvm::zip(run, firsts))
        writer.bindScalar(iv, first);
      auto load = dyn_cast<memref::LoadOp>(op);
      auto store = dyn_cast<memref::StoreOp>(op);
      FailureOr<std::string> at =
          load ? writer.elementOf(load.getMemRef(), load.getIndices())
               : writer.elementOf(store.getMemRef(), store.getIndices());
      if (failed(at))
        return failure();
      if (load) {
        std::string name = writer.fresh("w");
        writer.line() << "const float4 " << name << " = dlc_load4(&" << *at << ");\n";
        for (const char *part : {".x", ".y", ".z", ".w"})
          lanes[load.getResult()].push_back(name + part);
        continue;
      }
      SmallVector<std::string, kLanes> values;
      for (int64_t k = 0; k < kLanes; ++k) {
        FailureOr<std::string> value = lane(store.getValue(), k);
        if (failed(value))
          return failure();
        values.push_back(*value);
      }
      writer.line() << "dlc_store4(&" << *at << ", make_float4(" << llvm::join(values, ", ")
                    << "));\n";
      continue;
    }
    for (int64_t k = 0; k < kLanes; ++k) {
      for (Value operand : op.getOperands())
        if (varies.contains(operand))
          writer.bindScalar(operand, lanes[operand][k]);
      if (failed(writer.emit(&op)))
        return failure();
      for (Value result : op.getResults()) {
        FailureOr<std::string> name = writer.nameOf(result);
        if (failed(name))
          return failure();
        lanes[result].push_back(*name);
      }
    }
  }
  return success();
}
