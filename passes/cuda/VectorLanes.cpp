//===- VectorLanes.cpp - elementwise thread loops, four iterations a thread ===//
#include "passes/cuda/VectorLanes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
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

// The values of the body that vary along the last dim.
llvm::DenseSet<Value> varying(scf::ParallelOp loop) {
  llvm::DenseSet<Value> values;
  values.insert(loop.getInductionVars().back());
  for (Operation &op : loop.getBody()->without_terminator())
    if (llvm::any_of(op.getOperands(), [&](Value v) { return values.contains(v); }))
      values.insert(op.getResults().begin(), op.getResults().end());
  return values;
}

enum class Access { Uniform, Contiguous, Other };

Access classify(Value memref, ValueRange indices, Value dim, const llvm::DenseSet<Value> &varies,
                dlc::CudaKernelWriter &writer) {
  auto varying = [&](Value v) { return varies.contains(v); };
  if (llvm::none_of(indices, varying))
    return Access::Uniform;
  if (indices.back() != dim || llvm::any_of(indices.drop_back(), varying) ||
      !cast<MemRefType>(memref.getType()).getElementType().isF32())
    return Access::Other;
  FailureOr<dlc::CudaKernelWriter::View> view = writer.viewOf(memref);
  if (failed(view) || view->alignment == 0 || view->alignment % kVectorBytes)
    return Access::Other;
  std::optional<int64_t> offset = number(view->offset);
  if (!offset || *offset % kLanes)
    return Access::Other;
  for (auto [i, text] : llvm::enumerate(view->strides)) {
    std::optional<int64_t> stride = number(text);
    bool last = i + 1 == view->strides.size();
    if (!stride || (last ? *stride != 1 : *stride % kLanes != 0))
      return Access::Other;
  }
  return Access::Contiguous;
}
} // namespace

int64_t dlc::vectorLanes(scf::ParallelOp loop, CudaKernelWriter &writer) {
  unsigned last = loop.getNumLoops() - 1;
  auto constant = [](Value v) { return getConstantIntValue(v); };
  std::optional<int64_t> lb = constant(loop.getLowerBound()[last]);
  std::optional<int64_t> ub = constant(loop.getUpperBound()[last]);
  std::optional<int64_t> step = constant(loop.getStep()[last]);
  if (lb != 0 || step != 1 || !ub || *ub % kLanes)
    return 1;
  Value dim = loop.getInductionVars().back();
  llvm::DenseSet<Value> varies = varying(loop);
  bool contiguous = false;
  for (Operation &op : loop.getBody()->without_terminator()) {
    if (auto load = dyn_cast<memref::LoadOp>(op)) {
      Access access = classify(load.getMemRef(), load.getIndices(), dim, varies, writer);
      if (access == Access::Other)
        return 1;
      contiguous |= access == Access::Contiguous;
      continue;
    }
    if (auto store = dyn_cast<memref::StoreOp>(op)) {
      if (classify(store.getMemRef(), store.getIndices(), dim, varies, writer) !=
          Access::Contiguous)
        return 1;
      contiguous = true;
      continue;
    }
    StringRef dialect = op.getDialect() ? op.getDialect()->getNamespace() : "";
    if (dialect != "arith" && dialect != "math")
      return 1;
  }
  return contiguous ? kLanes : 1;
}

LogicalResult dlc::writeVectorBody(scf::ParallelOp loop, CudaKernelWriter &writer,
                                   const std::string &first) {
  Value dim = loop.getInductionVars().back();
  llvm::DenseSet<Value> varies = varying(loop);
  llvm::DenseMap<Value, SmallVector<std::string, kLanes>> lanes;
  for (int64_t k = 0; k < kLanes; ++k)
    lanes[dim].push_back(k ? "(" + first + " + " + std::to_string(k) + ")" : first);
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
      writer.bindScalar(dim, first);
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
