//===- ConvSupport.cpp - shared pieces of the convolution microkernels ---===//
#include "passes/cpu/ConvSupport.h"
#include "passes/cpu/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;

namespace dlc::cpu {
namespace {
// Adds `scale` times the coefficient of each loop dim in `expr` to
// `coefficients` and its constant terms to `constant`; false unless `expr`
// is a sum of dims times constants and constants.
bool linearTerms(AffineExpr expr, SmallVectorImpl<int64_t> &coefficients, int64_t &constant,
                 int64_t scale = 1) {
  if (auto dim = dyn_cast<AffineDimExpr>(expr)) {
    coefficients[dim.getPosition()] += scale;
    return true;
  }
  if (auto value = dyn_cast<AffineConstantExpr>(expr)) {
    constant += scale * value.getValue();
    return true;
  }
  auto binary = dyn_cast<AffineBinaryOpExpr>(expr);
  if (!binary)
    return false;
  if (expr.getKind() == AffineExprKind::Add)
    return linearTerms(binary.getLHS(), coefficients, constant, scale) &&
           linearTerms(binary.getRHS(), coefficients, constant, scale);
  if (expr.getKind() == AffineExprKind::Mul)
    if (auto factor = dyn_cast<AffineConstantExpr>(binary.getRHS()))
      return linearTerms(binary.getLHS(), coefficients, constant, scale * factor.getValue());
  return false;
}
} // namespace

std::optional<WindowIndex> matchWindowIndex(AffineExpr expr, unsigned numDims, unsigned outer,
                                            unsigned inner) {
  // Sizes and strides are far below 2^31, so no sum here can overflow.
  SmallVector<int64_t> coefficients(numDims, 0);
  int64_t constant = 0;
  if (!linearTerms(expr, coefficients, constant))
    return std::nullopt;
  for (unsigned d = 0; d < numDims; ++d)
    if (d != outer && d != inner && coefficients[d] != 0)
      return std::nullopt;
  if (coefficients[outer] < 1 || coefficients[inner] == 0)
    return std::nullopt;
  return WindowIndex{coefficients[outer], coefficients[inner], constant};
}

namespace {
bool isDenseF32(Value value) {
  auto type = dyn_cast<MemRefType>(value.getType());
  return type && type.hasStaticShape() && type.getLayout().isIdentity() &&
         type.getElementType().isF32() && type.getRank() == 4;
}
} // namespace

bool isMultiplyAccumulate(linalg::GenericOp op) {
  Block &body = op.getRegion().front();
  if (body.getNumArguments() != 3 || body.getOperations().size() != 3)
    return false;
  auto mul = dyn_cast<arith::MulFOp>(body.front());
  auto add = dyn_cast<arith::AddFOp>(*std::next(body.begin()));
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  if (!mul || !add || yield.getNumOperands() != 1 || yield.getOperand(0) != add.getResult())
    return false;
  Value lhs = body.getArgument(0), rhs = body.getArgument(1), out = body.getArgument(2);
  bool product = (mul.getLhs() == lhs && mul.getRhs() == rhs) ||
                 (mul.getLhs() == rhs && mul.getRhs() == lhs);
  bool sum = (add.getLhs() == out && add.getRhs() == mul.getResult()) ||
             (add.getLhs() == mul.getResult() && add.getRhs() == out);
  return product && sum;
}

bool isConvolutionLike(linalg::GenericOp op) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 ||
      op.getNumLoops() != 7 || !isMultiplyAccumulate(op))
    return false;
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  for (unsigned i = 0; i < 7; ++i)
    if ((i < 4) != (iterators[i] == utils::IteratorType::parallel))
      return false;
  return llvm::all_of(op->getOperands(), isDenseF32);
}

std::optional<int64_t> groupCount(int64_t inputChannels, int64_t groupChannels,
                                  int64_t filters) {
  if (groupChannels <= 0 || inputChannels % groupChannels != 0)
    return std::nullopt;
  int64_t groups = inputChannels / groupChannels;
  if (groups == 0 || filters % groups != 0)
    return std::nullopt;
  return groups;
}

Value firstGroupChannel(OpBuilder &b, Location loc, Value filter, int64_t groupFilters,
                        int64_t groupChannels) {
  Value group = b.create<arith::DivUIOp>(
      loc, filter, b.create<arith::ConstantIndexOp>(loc, groupFilters));
  if (groupChannels == 1)
    return group;
  return b.create<arith::MulIOp>(loc, group,
                                 b.create<arith::ConstantIndexOp>(loc, groupChannels));
}

void forEachTile(OpBuilder &b, Location loc, int64_t extent, int64_t step,
                 function_ref<void(Value, int64_t)> body) {
  auto index = [&](int64_t value) -> Value {
    return b.create<arith::ConstantIndexOp>(loc, value);
  };
  int64_t whole = extent - extent % step;
  if (whole > 0) {
    auto loop = b.create<scf::ForOp>(loc, index(0), index(whole), index(step));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    body(loop.getInductionVar(), step);
  }
  if (whole < extent)
    body(index(whole), extent - whole);
}

Operation *neighbourWithEffects(Operation *op, bool after) {
  Operation *next = after ? op->getNextNode() : op->getPrevNode();
  while (next && isMemoryEffectFree(next))
    next = after ? next->getNextNode() : next->getPrevNode();
  return next;
}

scf::ParallelOp buildParallelLoop(OpBuilder &b, Location loc, ArrayRef<int64_t> bounds,
                                  int64_t work) {
  SmallVector<Value> zeros, upper, ones;
  for (int64_t bound : bounds) {
    zeros.push_back(b.create<arith::ConstantIndexOp>(loc, 0));
    upper.push_back(b.create<arith::ConstantIndexOp>(loc, bound));
    ones.push_back(b.create<arith::ConstantIndexOp>(loc, 1));
  }
  auto loop = b.create<scf::ParallelOp>(loc, zeros, upper, ones);
  loop->setAttr(attr::kParallelWork, b.getI64IntegerAttr(work));
  return loop;
}

RowVectors::RowVectors(OpBuilder &builder, Location loc, int64_t width)
    : b(builder), loc(loc), width(width),
      vectorType(VectorType::get({width}, builder.getF32Type())) {}

Value RowVectors::index(int64_t value) { return b.create<arith::ConstantIndexOp>(loc, value); }

Value RowVectors::add(Value value, int64_t constant) {
  return constant == 0 ? value : add(value, index(constant));
}

Value RowVectors::add(Value lhs, Value rhs) { return b.create<arith::AddIOp>(loc, lhs, rhs); }

Value RowVectors::mul(Value value, int64_t constant) {
  if (constant == 1)
    return value;
  return b.create<arith::MulIOp>(loc, value, index(constant));
}

Value RowVectors::zeros() {
  return b.create<arith::ConstantOp>(loc, DenseElementsAttr::get(vectorType, 0.0f));
}

Value RowVectors::mask(int64_t lanes) {
  if (lanes >= width)
    return Value();
  return b.create<vector::CreateMaskOp>(loc, VectorType::get({width}, b.getI1Type()),
                                        ValueRange{index(lanes)});
}

Value RowVectors::load(Value base, ValueRange indices, int64_t lanes) {
  if (Value lanesMask = mask(lanes))
    return b.create<vector::MaskedLoadOp>(loc, vectorType, base, indices, lanesMask, zeros());
  return b.create<vector::LoadOp>(loc, vectorType, base, indices);
}

void RowVectors::store(Value vector, Value base, ValueRange indices, int64_t lanes) {
  if (Value lanesMask = mask(lanes))
    b.create<vector::MaskedStoreOp>(loc, base, indices, lanesMask, vector);
  else
    b.create<vector::StoreOp>(loc, vector, base, indices);
}

Value RowVectors::loadStrided(Value base, ValueRange indices, Value start, int64_t lanes,
                              int64_t stride) {
  SmallVector<Value> at(indices);
  at.push_back(start);
  if (stride == 1)
    return load(base, at, lanes);
  int64_t needed = 2 * (lanes - 1) + 1;
  Value low = load(base, at, needed);
  at.back() = add(start, width);
  Value high = needed > width ? load(base, at, needed - width) : zeros();
  SmallVector<int64_t> even;
  for (int64_t i = 0; i < width; ++i)
    even.push_back(2 * i);
  return b.create<vector::ShuffleOp>(loc, low, high, even);
}

} // namespace dlc::cpu
