//===- DepthwiseConv.cpp - depthwise convolution kernels ------------------===//
//
// A depthwise convolution (one input channel per group) reuses nothing
// across filters, so the general tile of filters by columns loads its own
// input segment and broadcasts its own weight for every multiply-add, and
// before it runs, ConvLowering's tensor.pad has copied the whole input into
// a zero-filled buffer: a memset and a copy as large as the input, for as
// few as nine multiply-adds per element (MobileNetV2's depthwise layers
// spent a quarter of its time on 8% of its FLOPs).
//
// Here each (image, filter) pair is one parallel unit. Its kernel taps are
// broadcast once and stay in registers; each output vector takes one load
// per tap. The padding is never made: the taps read the unpadded input, a
// row near the top or bottom skips the kernel rows outside the image, and a
// column tile near the left or right loads its vectors under constant
// masks. Those border rows and tiles are emitted one by one with constant
// positions, so every skip and mask is decided at compile time and the
// interior runs in plain loops without tests.
//
//===----------------------------------------------------------------------===//
#include "passes/cpu/ConvKernels.h"
#include "passes/cpu/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;

namespace dlc::cpu {
namespace {
// Border rows (and border column tiles) emitted one by one, beyond which the
// kernel reads the padded copy instead: each is a copy of the loop body.
constexpr int64_t kMaxBorderSteps = 8;
// Taps broadcast once per filter; larger kernels use the general tiles.
constexpr int64_t kMaxTaps = 49;
// Vectors of output columns per tile: accumulators beside the taps.
constexpr int64_t kTileVectors = 4;

bool isZeroFill(Operation *op, Value buffer) {
  if (auto fill = dyn_cast<linalg::FillOp>(op))
    return fill.hasPureBufferSemantics() && fill.getDpsInitOperand(0)->get() == buffer &&
           matchPattern(fill.getDpsInputOperand(0)->get(), m_AnyZeroFloat());
  auto map = dyn_cast<linalg::MapOp>(op);
  if (!map || !map.getInputs().empty() || map.getInit() != buffer)
    return false;
  Operation *yield = map.getMapper().front().getTerminator();
  return yield->getNumOperands() == 1 && matchPattern(yield->getOperand(0), m_AnyZeroFloat());
}

// What the taps read: element (ih, iw) of the plane is buffer[ih - top,
// iw - left] inside height x width, zero outside.
struct Source {
  Value buffer;
  int64_t height = 0, width = 0, top = 0, left = 0;
  // The copy into the padded buffer, its view and the buffer's zero fill,
  // redundant once the taps read the copy's source.
  SmallVector<Operation *> padding;
};

Source paddedSource(const Conv &conv) {
  ArrayRef<int64_t> shape = cast<MemRefType>(conv.input.getType()).getShape();
  return Source{conv.input, shape[2], shape[3], 0, 0, {}};
}

// The source the padded buffer was copied from, when the buffer is zero
// filled, its interior a view copied into from an identity-layout buffer,
// and nothing but the convolution (and the output's own fill) comes between
// that copy and the convolution.
std::optional<Source> unpaddedSource(const Conv &conv) {
  Operation *convOp = conv.op;
  Value padded = conv.input;
  Operation *fill = nullptr;
  memref::SubViewOp interior;
  for (Operation *user : padded.getUsers()) {
    if (user == convOp)
      continue;
    if (!fill && isZeroFill(user, padded)) {
      fill = user;
      continue;
    }
    auto view = dyn_cast<memref::SubViewOp>(user);
    if (interior || !view || view.getSource() != padded)
      return std::nullopt;
    interior = view;
  }
  if (!fill || !interior || !interior->hasOneUse())
    return std::nullopt;
  auto copy = dyn_cast<linalg::CopyOp>(*interior->user_begin());
  if (!copy || !copy.hasPureBufferSemantics() || copy.getOutputs()[0] != interior.getResult())
    return std::nullopt;
  Value buffer = copy.getInputs()[0];
  auto type = dyn_cast<MemRefType>(buffer.getType());
  ArrayRef<int64_t> offsets = interior.getStaticOffsets();
  if (!type || !type.hasStaticShape() || !type.getLayout().isIdentity() ||
      interior.getStaticSizes() != type.getShape() || offsets.size() != 4 || offsets[0] != 0 ||
      offsets[1] != 0 || ShapedType::isDynamic(offsets[2]) ||
      ShapedType::isDynamic(offsets[3]) ||
      !llvm::all_of(interior.getStaticStrides(), [](int64_t s) { return s == 1; }))
    return std::nullopt;
  Block *block = convOp->getBlock();
  if (fill->getBlock() != block || copy->getBlock() != block || !fill->isBeforeInBlock(copy) ||
      !copy->isBeforeInBlock(convOp))
    return std::nullopt;
  for (Operation *op = copy->getNextNode(); op != convOp; op = op->getNextNode())
    if (op != conv.init && !isMemoryEffectFree(op))
      return std::nullopt;
  return Source{buffer, type.getShape()[2], type.getShape()[3], offsets[2], offsets[3],
                {copy, interior, fill}};
}

class DepthwiseBuilder {
public:
  DepthwiseBuilder(OpBuilder &b, Conv &conv, int64_t vectorWidth)
      : b(b), conv(conv), loc(conv.op.getLoc()), vectorWidth(vectorWidth),
        tileWidth(std::min<int64_t>(kTileVectors, llvm::divideCeil(conv.outW, vectorWidth)) *
                  vectorWidth) {}

  // Plans the kernel for reading `candidate`: true when its border rows and
  // border tiles are few enough to emit one by one (and always for the
  // padded buffer, which has none but a partial last tile).
  bool plan(const Source &candidate) {
    source = candidate;
    SmallVector<bool> insideRows;
    for (int64_t oh = 0; oh < conv.outH; ++oh)
      insideRows.push_back(rowInside(oh));
    auto first = llvm::find(insideRows, true);
    auto last = llvm::find(llvm::reverse(insideRows), true).base();
    firstInside = first - insideRows.begin();
    endInside = std::max(firstInside, last - insideRows.begin());
    if (!std::all_of(insideRows.begin() + firstInside, insideRows.begin() + endInside,
                     [](bool inside) { return inside; }))
      return false;
    int64_t borderTiles = 0;
    for (int64_t start = 0; start < conv.outW; start += tileWidth)
      borderTiles += !tileInside(start);
    return conv.outH - (endInside - firstInside) <= kMaxBorderSteps &&
           borderTiles <= kMaxBorderSteps;
  }

  void build() {
    RowVectors vectors(b, loc, vectorWidth);
    scf::ParallelOp units = buildParallelLoop(
        b, loc, {conv.batch, conv.filters},
        vectorWork({conv.batch, conv.filters, conv.outH, conv.outW, conv.kernelH, conv.kernelW},
                   vectorWidth));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(units.getBody());
    n = units.getInductionVars()[0];
    filter = units.getInductionVars()[1];
    channel = firstGroupChannel(b, loc, filter, conv.groupFilters, 1);
    taps.clear();
    for (int64_t kh = 0; kh < conv.kernelH; ++kh)
      for (int64_t kw = 0; kw < conv.kernelW; ++kw)
        taps.push_back(b.create<vector::BroadcastOp>(
            loc, vectors.type(),
            b.create<memref::LoadOp>(
                loc, conv.weight, ValueRange{filter, vectors.index(0), vectors.index(kh),
                                             vectors.index(kw)})));
    initial = initialAccumulator(b, vectors, conv, filter);

    // Runs of whole tiles inside the image share one loop; the others are
    // emitted at their constant columns.
    int64_t tiles = llvm::divideCeil(conv.outW, tileWidth);
    for (int64_t tile = 0; tile < tiles;) {
      int64_t start = tile * tileWidth;
      if (!tileInside(start)) {
        overRows(vectors.index(start), start, std::min(tileWidth, conv.outW - start));
        ++tile;
        continue;
      }
      int64_t end = tile;
      while (end < tiles && tileInside(end * tileWidth))
        ++end;
      auto loop = b.create<scf::ForOp>(loc, vectors.index(start), vectors.index(end * tileWidth),
                                       vectors.index(tileWidth));
      OpBuilder::InsertionGuard inLoop(b);
      b.setInsertionPointToStart(loop.getBody());
      overRows(loop.getInductionVar(), std::nullopt, tileWidth);
      tile = end;
    }
  }

  const Source &chosen() const { return source; }

private:
  int64_t inputRow(int64_t oh, int64_t kh) const {
    return oh * conv.rows.stride + kh * conv.rows.dilation + conv.rows.offset - source.top;
  }
  int64_t inputColumn(int64_t ow, int64_t kw) const {
    return ow * conv.columns.stride + kw * conv.columns.dilation + conv.columns.offset -
           source.left;
  }
  bool rowInside(int64_t oh) const {
    for (int64_t kh = 0; kh < conv.kernelH; ++kh)
      if (inputRow(oh, kh) < 0 || inputRow(oh, kh) >= source.height)
        return false;
    return true;
  }
  // A whole tile from `start` whose every tap reads inside the image.
  bool tileInside(int64_t start) const {
    if (start + tileWidth > conv.outW)
      return false;
    return inputColumn(start, 0) >= 0 &&
           inputColumn(start + tileWidth - 1, conv.kernelW - 1) < source.width;
  }

  // The tile's border rows at their constant rows, the rows inside in a loop.
  void overRows(Value column, std::optional<int64_t> constColumn, int64_t columns) {
    RowVectors vectors(b, loc, vectorWidth);
    for (int64_t oh = 0; oh < firstInside; ++oh)
      row(vectors.index(oh), oh, column, constColumn, columns);
    if (firstInside < endInside) {
      auto loop = b.create<scf::ForOp>(loc, vectors.index(firstInside), vectors.index(endInside),
                                       vectors.index(1));
      OpBuilder::InsertionGuard inLoop(b);
      b.setInsertionPointToStart(loop.getBody());
      row(loop.getInductionVar(), std::nullopt, column, constColumn, columns);
    }
    for (int64_t oh = std::max(firstInside, endInside); oh < conv.outH; ++oh)
      row(vectors.index(oh), oh, column, constColumn, columns);
  }

  void row(Value oh, std::optional<int64_t> constRow, Value column,
           std::optional<int64_t> constColumn, int64_t columns) {
    RowVectors vectors(b, loc, vectorWidth);
    int64_t count = llvm::divideCeil(columns, vectorWidth);
    SmallVector<int64_t> lanes;
    SmallVector<Value> columnAt, acc;
    for (int64_t v = 0; v < count; ++v) {
      lanes.push_back(std::min(vectorWidth, columns - v * vectorWidth));
      columnAt.push_back(vectors.add(column, v * vectorWidth));
      acc.push_back(initial ? initial
                            : vectors.load(conv.output, {n, filter, oh, columnAt[v]}, lanes[v]));
    }
    for (int64_t kh = 0; kh < conv.kernelH; ++kh) {
      if (constRow &&
          (inputRow(*constRow, kh) < 0 || inputRow(*constRow, kh) >= source.height))
        continue;
      Value ih = vectors.add(vectors.mul(oh, conv.rows.stride),
                             kh * conv.rows.dilation + conv.rows.offset - source.top);
      for (int64_t kw = 0; kw < conv.kernelW; ++kw)
        for (int64_t v = 0; v < count; ++v) {
          std::optional<int64_t> constStart;
          if (constColumn)
            constStart = inputColumn(*constColumn + v * vectorWidth, kw);
          Value start = vectors.add(vectors.mul(columnAt[v], conv.columns.stride),
                                    kw * conv.columns.dilation + conv.columns.offset -
                                        source.left);
          if (Value input = segment(vectors, ih, start, constStart, lanes[v]))
            acc[v] = b.create<vector::FMAOp>(loc, taps[kh * conv.kernelW + kw], input, acc[v]);
        }
    }
    for (int64_t v = 0; v < count; ++v) {
      SmallVector<Value> at{n, filter, oh, columnAt[v]};
      Value result = conv.epilogue ? applyEpilogue(b, vectors, conv, acc[v], at, lanes[v]) : acc[v];
      vectors.store(result, conv.output, at, lanes[v]);
    }
  }

  // `lanes` input elements a column stride apart from `start` of row `ih`;
  // when the start is a constant, zeros where they fall outside the image
  // (null when all do).
  Value segment(RowVectors &vectors, Value ih, Value start, std::optional<int64_t> constStart,
                int64_t lanes) {
    SmallVector<Value> at{n, channel, ih};
    int64_t stride = conv.columns.stride;
    if (!constStart)
      return vectors.loadStrided(source.buffer, at, start, lanes, stride);
    // Elements [0, span) from the start hold the lanes (every other one
    // with stride 2), loaded as one or two vectors under constant masks.
    int64_t span = (lanes - 1) * stride + 1;
    auto maskFor = [&](int64_t first, bool &any, bool &all) {
      SmallVector<bool> bits;
      any = false;
      all = true;
      for (int64_t e = first; e < first + vectorWidth; ++e) {
        int64_t column = *constStart + e;
        bool read = e < span && column >= 0 && column < source.width;
        bits.push_back(read);
        any |= read;
        all &= read;
      }
      return bits;
    };
    auto load = [&](int64_t first) -> Value {
      bool any = false, all = false;
      SmallVector<bool> bits = maskFor(first, any, all);
      SmallVector<Value> indices(at);
      indices.push_back(vectors.add(start, first));
      if (!any)
        return Value();
      if (all)
        return b.create<vector::LoadOp>(loc, vectors.type(), source.buffer, indices);
      Value mask = b.create<arith::ConstantOp>(
          loc, DenseElementsAttr::get(VectorType::get({vectorWidth}, b.getI1Type()),
                                      ArrayRef<bool>(bits)));
      return b.create<vector::MaskedLoadOp>(loc, vectors.type(), source.buffer, indices, mask,
                                            vectors.zeros());
    };
    Value low = load(0);
    if (stride == 1)
      return low;
    Value high = load(vectorWidth);
    if (!low && !high)
      return Value();
    SmallVector<int64_t> even;
    for (int64_t i = 0; i < vectorWidth; ++i)
      even.push_back(2 * i);
    return b.create<vector::ShuffleOp>(loc, low ? low : vectors.zeros(),
                                       high ? high : vectors.zeros(), even);
  }

  OpBuilder &b;
  Conv &conv;
  Location loc;
  int64_t vectorWidth, tileWidth;
  Source source;
  int64_t firstInside = 0, endInside = 0;
  Value n, filter, channel, initial;
  SmallVector<Value> taps;
};
} // namespace

bool isDepthwise(const Conv &conv) {
  return conv.grouped && conv.channels == 1 && !conv.transposedWeight &&
         !conv.channelsLastWeight && conv.columns.stride <= 2 && conv.rows.dilation > 0 &&
         conv.columns.dilation > 0 && conv.kernelH * conv.kernelW <= kMaxTaps;
}

void buildDepthwiseConv(OpBuilder &b, Conv &conv, int64_t vectorWidth) {
  DepthwiseBuilder builder(b, conv, vectorWidth);
  std::optional<Source> unpadded = unpaddedSource(conv);
  // Every tap reads inside the padded buffer: its rows all run in the loop
  // and only a last, partial tile has constant masks.
  if (!unpadded || !builder.plan(*unpadded))
    builder.plan(paddedSource(conv));
  builder.build();
  llvm::append_range(conv.absorbed, builder.chosen().padding);
}

} // namespace dlc::cpu
