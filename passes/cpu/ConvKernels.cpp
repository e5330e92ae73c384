//===- ConvKernels.cpp - matching a convolution and its neighbours -------===//
#include "passes/cpu/ConvKernels.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"

using namespace mlir;

namespace dlc::cpu {
namespace {
bool isIdentityOver(linalg::GenericOp op, unsigned rank) {
  return op.hasPureBufferSemantics() && op.getNumLoops() == rank &&
         llvm::all_of(op.getIteratorTypesArray(),
                      [](utils::IteratorType t) { return t == utils::IteratorType::parallel; });
}

// Sets conv.init from the op that fills the output before the convolution.
void matchInit(Conv &conv) {
  Operation *before = neighbourWithEffects(conv.op, /*after=*/false);
  if (auto fill = dyn_cast_or_null<linalg::FillOp>(before)) {
    if (fill.hasPureBufferSemantics() && fill.getDpsInitOperand(0)->get() == conv.output &&
        fill.getDpsInputOperand(0)->get().getType().isF32()) {
      conv.init = fill;
      conv.fillValue = fill.getDpsInputOperand(0)->get();
    }
    return;
  }
  auto broadcast = dyn_cast_or_null<linalg::GenericOp>(before);
  if (!broadcast || !isIdentityOver(broadcast, 4) || broadcast.getNumDpsInputs() != 1 ||
      broadcast.getNumDpsInits() != 1 || broadcast.getDpsInitOperand(0)->get() != conv.output)
    return;
  MLIRContext *ctx = conv.op.getContext();
  SmallVector<AffineMap> maps = broadcast.getIndexingMapsArray();
  Block &body = broadcast.getRegion().front();
  auto bias = dyn_cast<MemRefType>(broadcast.getDpsInputOperand(0)->get().getType());
  if (!bias || bias.getRank() != 1 || !bias.getElementType().isF32() ||
      maps[0] != AffineMap::get(4, 0, {getAffineDimExpr(1, ctx)}, ctx) ||
      !maps[1].isIdentity() || body.getOperations().size() != 1 ||
      body.getTerminator()->getOperand(0) != body.getArgument(0))
    return;
  conv.init = broadcast;
  conv.bias = broadcast.getDpsInputOperand(0)->get();
}

// Whether `op` works on vectors as it does on scalars and its vector form
// lowers to instructions: arith and math.absf. The pipeline sends other math
// ops to libm (sqrt included), whose vector form becomes per-lane calls
// after the vector dialect is already lowered.
bool vectorizes(Operation &op) {
  auto vectorizable = [](Type type) { return type.isF32() || type.isInteger(1); };
  return op.hasTrait<OpTrait::Elementwise>() && op.getNumRegions() == 0 &&
         op.getNumResults() == 1 &&
         (isa<arith::ArithDialect>(op.getDialect()) ||
          isa<math::AbsFOp>(op)) &&
         llvm::all_of(op.getOperandTypes(), vectorizable) &&
         llvm::all_of(op.getResultTypes(), vectorizable);
}

// Sets conv.epilogue from an elementwise generic over the output (and
// inputs of its shape) right after the convolution whose body vectorizes.
void matchEpilogue(Conv &conv) {
  auto epilogue =
      dyn_cast_or_null<linalg::GenericOp>(neighbourWithEffects(conv.op, /*after=*/true));
  if (!epilogue || !isIdentityOver(epilogue, 4) || epilogue.getNumDpsInits() != 1 ||
      epilogue.getDpsInitOperand(0)->get() != conv.output ||
      !llvm::all_of(epilogue.getIndexingMapsArray(),
                    [](AffineMap map) { return map.isIdentity(); }))
    return;
  for (OpOperand *input : epilogue.getDpsInputOperands())
    if (input->get().getType() != conv.output.getType())
      return;
  for (Operation &op : epilogue.getRegion().front().without_terminator())
    if (!vectorizes(op))
      return;
  conv.epilogue = epilogue;
}

} // namespace

// The input gradient is a convolution of the spread output gradient with
// the kernel walked backwards.
std::optional<Conv> matchConv(linalg::GenericOp op) {
  if (!isConvolutionLike(op))
    return std::nullopt;
  Conv conv;
  conv.op = op;
  conv.input = op.getDpsInputOperand(0)->get();
  conv.weight = op.getDpsInputOperand(1)->get();
  conv.output = op.getDpsInitOperand(0)->get();
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  MLIRContext *ctx = op.getContext();
  auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  if (maps[2] != AffineMap::get(7, 0, {d(0), d(1), d(2), d(3)}, ctx))
    return std::nullopt;
  if (maps[1] == AffineMap::get(7, 0, {d(4), d(1), d(5), d(6)}, ctx))
    conv.transposedWeight = true;
  else if (maps[1] == AffineMap::get(7, 0, {d(4), d(5), d(6), d(1)}, ctx))
    conv.channelsLastWeight = true;
  else if (maps[1] != AffineMap::get(7, 0, {d(1), d(4), d(5), d(6)}, ctx))
    return std::nullopt;
  AffineMap in = maps[0];
  if (in.getNumResults() != 4 || in.getResult(0) != d(0))
    return std::nullopt;
  auto rows = matchWindowIndex(in.getResult(2), 7, 2, 5);
  auto columns = matchWindowIndex(in.getResult(3), 7, 3, 6);
  // Consecutive output columns read consecutive input columns, or every
  // other one (loaded as two vectors and deinterleaved); across channels
  // each input element is broadcast, so any stride will do.
  if (!rows || !columns || (columns->stride > 2 && !conv.channelsLastWeight))
    return std::nullopt;
  conv.rows = *rows;
  conv.columns = *columns;
  ArrayRef<int64_t> out = cast<MemRefType>(conv.output.getType()).getShape();
  ArrayRef<int64_t> weight = cast<MemRefType>(conv.weight.getType()).getShape();
  conv.batch = out[0];
  conv.filters = out[1];
  conv.outH = out[2];
  conv.outW = out[3];
  bool channelsFirst = conv.transposedWeight || conv.channelsLastWeight;
  conv.channels = weight[channelsFirst ? 0 : 1];
  conv.kernelH = weight[conv.channelsLastWeight ? 1 : 2];
  conv.kernelW = weight[conv.channelsLastWeight ? 2 : 3];
  if (conv.batch == 0 || conv.filters == 0 || conv.outH == 0 || conv.outW == 0 ||
      conv.channels == 0 || conv.kernelH == 0 || conv.kernelW == 0)
    return std::nullopt;
  // Grouped (depthwise included): the channel expression ConvLowering builds.
  std::optional<int64_t> groups = groupCount(
      cast<MemRefType>(conv.input.getType()).getShape()[1], conv.channels, conv.filters);
  if (!groups || (channelsFirst && *groups != 1))
    return std::nullopt;
  conv.groupFilters = conv.filters / *groups;
  conv.grouped = *groups > 1;
  AffineExpr channel = conv.grouped ? d(1).floorDiv(conv.groupFilters) * conv.channels + d(4) : d(4);
  if (in.getResult(1) != channel)
    return std::nullopt;
  // The channels-last kernel keeps its own order of stores.
  if (!conv.channelsLastWeight) {
    matchInit(conv);
    matchEpilogue(conv);
  }
  return conv;
}
Value initialAccumulator(OpBuilder &b, RowVectors &vectors, Conv &conv, Value filter) {
  Location loc = conv.op.getLoc();
  if (conv.bias)
    return b.create<vector::BroadcastOp>(loc, vectors.type(),
                                         b.create<memref::LoadOp>(loc, conv.bias, filter));
  if (conv.fillValue)
    return b.create<vector::BroadcastOp>(loc, vectors.type(), conv.fillValue);
  return Value();
}

Value applyEpilogue(OpBuilder &b, RowVectors &vectors, Conv &conv, Value acc,
                    ValueRange at, int64_t lanes) {
  Location loc = conv.op.getLoc();
  int64_t width = vectors.type().getNumElements();
  Block &body = conv.epilogue.getRegion().front();
  IRMapping mapped;
  for (OpOperand *input : conv.epilogue.getDpsInputOperands())
    mapped.map(body.getArgument(input->getOperandNumber()),
               input->get() == conv.output ? acc : vectors.load(input->get(), at, lanes));
  mapped.map(body.getArgument(conv.epilogue.getNumDpsInputs()), acc);
  auto vectorOf = [&](Value scalar) -> Value {
    if (Value vector = mapped.lookupOrNull(scalar))
      return vector;
    Type type = scalar.getType().isF32() ? Type(vectors.type())
                                         : VectorType::get({width}, scalar.getType());
    Value splat = b.create<vector::BroadcastOp>(loc, type, scalar);
    mapped.map(scalar, splat);
    return splat;
  };
  for (Operation &op : body.without_terminator()) {
    OperationState state(loc, op.getName());
    for (Value operand : op.getOperands())
      state.addOperands(vectorOf(operand));
    state.addTypes(VectorType::get({width}, op.getResult(0).getType()));
    state.addAttributes(op.getAttrs());
    mapped.map(op.getResult(0), b.create(state)->getResult(0));
  }
  return vectorOf(body.getTerminator()->getOperand(0));
}
} // namespace dlc::cpu
