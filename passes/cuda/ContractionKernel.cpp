//===- ContractionKernel.cpp - contractions as tiled tensor-core kernels --===//
#include "passes/cuda/ContractionKernel.h"
#include "passes/cuda/LaunchBuffers.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/AffineExpr.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/StringSwitch.h"

using namespace mlir;
using namespace dlc;

const char *const dlc::kContractionHelpers = R"(
#if !defined(DLC_CUDA_EMULATION)
// cvt.rna: the nearest tf32 value (10 mantissa bits), ties away from zero.
__device__ __forceinline__ uint32_t dlc_to_tf32(float x) {
  uint32_t bits;
  asm("cvt.rna.tf32.f32 %0, %1;" : "=r"(bits) : "f"(x));
  return bits;
}
// d = a * b + c for a warp: A 16x8 (row major), B 8x8 (column major), C and
// D 16x8, each lane holding its elements in PTX's fragment layout.
__device__ __forceinline__ void dlc_mma_m16n8k8_tf32(float d[4], const uint32_t a[4],
                                                     const uint32_t b[2], const float c[4]) {
  asm volatile("mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32 "
               "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};"
               : "=f"(d[0]), "=f"(d[1]), "=f"(d[2]), "=f"(d[3])
               : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]),
                 "f"(c[0]), "f"(c[1]), "f"(c[2]), "f"(c[3]));
}
// For each 16-bit type: two floats as its nearest values, ties to even,
// packed as an mma operand register holds them (`lo` in the low half); and
// d = a * b + c for a warp, A 16x16 (row major) and B 16x8 (column major) of
// that type two elements a register, C and D 16x8 in float32.
#define DLC_HALF_MMA(type)                                                                    \
  __device__ __forceinline__ uint32_t dlc_pack_##type##x2(float lo, float hi) {               \
    uint32_t bits;                                                                            \
    asm("cvt.rn." #type "x2.f32 %0, %1, %2;" : "=r"(bits) : "f"(hi), "f"(lo));                \
    return bits;                                                                              \
  }                                                                                           \
  __device__ __forceinline__ void dlc_mma_m16n8k16_##type(float d[4], const uint32_t a[4],    \
                                                          const uint32_t b[2],                \
                                                          const float c[4]) {                 \
    asm volatile("mma.sync.aligned.m16n8k16.row.col.f32." #type "." #type ".f32 "             \
                 "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%10, %11, %12, %13};"        \
                 : "=f"(d[0]), "=f"(d[1]), "=f"(d[2]), "=f"(d[3])                             \
                 : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]),          \
                   "f"(c[0]), "f"(c[1]), "f"(c[2]), "f"(c[3]));                               \
  }
DLC_HALF_MMA(bf16)
DLC_HALF_MMA(f16)
#undef DLC_HALF_MMA
// Two neighbouring floats, 8-byte aligned, in one load.
__device__ __forceinline__ float2 dlc_load2(const float *p) {
  return *reinterpret_cast<const float2 *>(p);
}
#endif
// x as a tf32 value and the tf32 value of what that leaves.
__device__ __forceinline__ void dlc_split_tf32(float x, uint32_t &big, uint32_t &small) {
  big = dlc_to_tf32(x);
  small = dlc_to_tf32(x - __uint_as_float(big));
}
)";

std::optional<ContractionPrecision> dlc::parseContractionPrecision(llvm::StringRef name) {
  return llvm::StringSwitch<std::optional<ContractionPrecision>>(name)
      .Case("fp32", ContractionPrecision::Fp32)
      .Case("tf32", ContractionPrecision::Tf32)
      .Case("bf16", ContractionPrecision::Bf16)
      .Case("fp16", ContractionPrecision::Fp16)
      .Default(std::nullopt);
}

namespace {
// The block's tile of the output, the depth staged at once, and the warps:
// 2 x 2 warps of 32 x 32 outputs, each 2 x 4 mma tiles of 16 x 8.
constexpr int64_t kTileRows = 64, kTileColumns = 64, kTileDepth = 32, kThreads = 128;
// Each thread's share of a staged tile (both operands' tiles are 64 x 32).
constexpr int64_t kPerThread = kTileRows * kTileDepth / kThreads;
static_assert(kTileColumns * kTileDepth / kThreads == kPerThread);
// A thread's elements of a tile then share their row (or depth) index.
static_assert(kThreads % kTileRows == 0 && kThreads % kTileColumns == 0 &&
              kThreads % kTileDepth == 0);
// Smaller contractions leave most of a tile idle; the plain loops do them.
constexpr int64_t kMinProducts = 1 << 15;
// Split depths: the least depth a block sums, the grid worth filling.
constexpr int64_t kMinSplitDepth = 512, kWideGrid = 256;

// A statically shaped, strided buffer of float32, float16 or bfloat16.
bool isStaticFloatBuffer(Value value) {
  auto type = dyn_cast<MemRefType>(value.getType());
  SmallVector<int64_t> strides;
  int64_t offset;
  return type && (type.getElementType().isF32() || isStoredAsBits(type.getElementType())) &&
         type.hasStaticShape() && succeeded(getStridesAndOffset(type, strides, offset)) &&
         !ShapedType::isDynamic(offset) && !llvm::any_of(strides, ShapedType::isDynamic);
}

Type elementType(Value buffer) { return cast<MemRefType>(buffer.getType()).getElementType(); }

// out + a * b, in any order of the sum and the product; a and b may be
// extended to out's type first (16-bit operands summed in float32).
bool isMultiplyAdd(linalg::LinalgOp op) {
  Block *body = op.getBlock();
  size_t ops = std::distance(body->without_terminator().begin(),
                             body->without_terminator().end());
  if (body->getNumArguments() != 3 || ops < 2 || ops > 4)
    return false;
  auto yield = dyn_cast<linalg::YieldOp>(body->getTerminator());
  if (!yield || yield.getValues().size() != 1)
    return false;
  auto add = yield.getValues()[0].getDefiningOp<arith::AddFOp>();
  if (!add)
    return false;
  Value a = body->getArgument(0), b = body->getArgument(1), out = body->getArgument(2);
  auto source = [](Value value) {
    auto extend = value.getDefiningOp<arith::ExtFOp>();
    return extend ? extend.getIn() : value;
  };
  for (auto [product, addend] : {std::pair(add.getLhs(), add.getRhs()),
                                 std::pair(add.getRhs(), add.getLhs())}) {
    auto mul = product.getDefiningOp<arith::MulFOp>();
    if (!mul || addend != out)
      continue;
    Value l = source(mul.getLhs()), r = source(mul.getRhs());
    if ((l == a && r == b) || (l == b && r == a))
      return true;
  }
  return false;
}

// float16 and bfloat16 operands go to the tensor cores as they are, exactly;
// float32 ones as `requested`.
ContractionPrecision productPrecision(Contraction &c, ContractionPrecision requested) {
  Type operands = elementType(c.op.getDpsInputs()[0]);
  if (operands.isF16())
    return ContractionPrecision::Fp16;
  if (operands.isBF16())
    return ContractionPrecision::Bf16;
  return requested;
}

const char *precisionComment(ContractionPrecision precision) {
  switch (precision) {
  case ContractionPrecision::Fp32: return "float32-exact (3xTF32)";
  case ContractionPrecision::Tf32: return "tf32";
  case ContractionPrecision::Bf16: return "bf16 operands";
  case ContractionPrecision::Fp16: return "fp16 operands";
  }
  llvm_unreachable("a precision");
}

int64_t product(const Contraction &c, ArrayRef<unsigned> dims) {
  int64_t result = 1;
  for (unsigned d : dims)
    result *= c.sizes[d];
  return result;
}

// How many blocks share each tile's depth. A deep contraction with few
// tiles (a weight gradient: a few filters by their inputs, summed over the
// batch and every position) would leave most of the GPU idle; each share
// then adds its part to the output atomically, at least kMinSplitDepth
// deep, until the grid has about kWideGrid blocks.
int64_t depthSplits(const Contraction &c) {
  int64_t tiles = product(c, c.batchDims) *
                  ((product(c, c.rowDims) + kTileRows - 1) / kTileRows) *
                  ((product(c, c.columnDims) + kTileColumns - 1) / kTileColumns);
  int64_t depth = product(c, c.reductionDims);
  return std::max<int64_t>(1, std::min(depth / kMinSplitDepth, kWideGrid / tiles));
}

bool usesDim(AffineMap map, unsigned dim) {
  return llvm::any_of(map.getResults(),
                      [&](AffineExpr expr) { return expr.isFunctionOfDim(dim); });
}

std::optional<Contraction> matchContraction(linalg::LinalgOp op) {
  if (op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 || !op.hasPureBufferSemantics() ||
      !isMultiplyAdd(op))
    return std::nullopt;
  for (OpOperand &operand : op->getOpOperands())
    if (!isStaticFloatBuffer(operand.get()))
      return std::nullopt;
  // Both operands of one type, and the sums of float32 or of that type.
  Type operands = elementType(op.getDpsInputs()[0]), sums = elementType(op.getDpsInits()[0]);
  if (elementType(op.getDpsInputs()[1]) != operands || (sums != operands && !sums.isF32()))
    return std::nullopt;
  Value out = op.getDpsInits()[0];
  if (op.getDpsInputs()[0] == out || op.getDpsInputs()[1] == out)
    return std::nullopt;
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  if (llvm::any_of(maps, [](AffineMap map) { return map.getNumSymbols() != 0; }))
    return std::nullopt;
  AffineMap outMap = maps[2];
  if (!outMap.isProjectedPermutation())
    return std::nullopt;

  Contraction c;
  c.op = op;
  c.sizes = op.getStaticLoopRanges();
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  for (unsigned d = 0; d < op.getNumLoops(); ++d) {
    bool inOutput = usesDim(outMap, d);
    bool reduction = iterators[d] == utils::IteratorType::reduction;
    if (reduction == inOutput)
      return std::nullopt;
    if (reduction)
      c.reductionDims.push_back(d);
  }
  for (unsigned r = 0; r < outMap.getNumResults(); ++r) {
    unsigned d = outMap.getDimPosition(r);
    bool inLeft = usesDim(maps[0], d), inRight = usesDim(maps[1], d);
    if (inLeft && inRight)
      c.batchDims.push_back(d);
    else if (inLeft)
      c.rowDims.push_back(d);
    else if (inRight)
      c.columnDims.push_back(d);
    else
      return std::nullopt;
  }
  if (c.rowDims.empty() || c.columnDims.empty() || c.reductionDims.empty())
    return std::nullopt;
  // A warp writes neighbouring columns: the output's last dim had better be one.
  if (llvm::is_contained(c.rowDims, outMap.getDimPosition(outMap.getNumResults() - 1))) {
    std::swap(c.left, c.right);
    std::swap(c.rowDims, c.columnDims);
  }
  int64_t products = 1;
  for (int64_t size : c.sizes)
    products = products > kMinProducts ? products : products * size;
  if (products < kMinProducts)
    return std::nullopt;
  // Parts of a split depth add up with float32 atomics.
  c.depthSplits = sums.isF32() ? depthSplits(c) : 1;
  return c;
}

// Writes one value per element of `out` from other buffers' elements, or
// updates it (`update`): an all-parallel generic over `out`'s elements in
// some order that reads `out` only at the element it writes.
bool isElementwiseOn(Operation *op, Value out, bool update) {
  auto generic = dyn_cast<linalg::GenericOp>(op);
  if (!generic || !generic.hasPureBufferSemantics() || generic.getNumDpsInits() != 1 ||
      generic.getDpsInits()[0] != out || generic.getNumParallelLoops() != generic.getNumLoops())
    return false;
  AffineMap outMap = generic.getMatchingIndexingMap(generic.getDpsInitOperand(0));
  if (!outMap.isPermutation())
    return false;
  if (!update && generic.payloadUsesValueFromOperand(generic.getDpsInitOperand(0)))
    return false;
  for (OpOperand *input : generic.getDpsInputOperands())
    if (input->get() == out && (!update || generic.getMatchingIndexingMap(input) != outMap))
      return false;
  return llvm::all_of(generic.getBlock()->without_terminator(), [](Operation &inner) {
    return inner.getNumRegions() == 0 && (isa<linalg::IndexOp>(inner) || isPure(&inner));
  });
}

bool initializes(Operation *op, Value out) {
  if (auto fill = dyn_cast<linalg::FillOp>(op))
    return fill.hasPureBufferSemantics() && fill.getDpsInits()[0] == out;
  return isElementwiseOn(op, out, /*update=*/false);
}

// Constants and arena views the group reads (a 16-bit convolution's float32
// sums) may sit between its ops.
Operation *neighbour(Operation *op, bool next) {
  do
    op = next ? op->getNextNode() : op->getPrevNode();
  while (op && isa<arith::ConstantOp, memref::ViewOp>(op));
  return op;
}

// The constant a fill, or an all-parallel linalg op without inputs, writes
// to every element of `buffer`.
FloatAttr fillValue(Operation *op, Value buffer) {
  Value value;
  if (auto fill = dyn_cast<linalg::FillOp>(op)) {
    if (fill.hasPureBufferSemantics() && fill.getDpsInits()[0] == buffer)
      value = fill.getDpsInputs()[0];
  } else if (auto linalgOp = dyn_cast<linalg::LinalgOp>(op)) {
    if (linalgOp.hasPureBufferSemantics() && linalgOp.getNumDpsInputs() == 0 &&
        linalgOp.getNumDpsInits() == 1 && linalgOp.getDpsInits()[0] == buffer &&
        linalgOp.getNumParallelLoops() == linalgOp.getNumLoops() &&
        linalgOp.getMatchingIndexingMap(linalgOp.getDpsInitOperand(0)).isPermutation() &&
        !linalgOp.payloadUsesValueFromOperand(linalgOp.getDpsInitOperand(0)) &&
        linalgOp.getBlock()->getOperations().size() == 1)
      value = linalgOp.getBlock()->getTerminator()->getOperand(0);
  }
  auto constant = value ? value.getDefiningOp<arith::ConstantOp>() : arith::ConstantOp();
  return constant ? dyn_cast<FloatAttr>(constant.getValue()) : FloatAttr();
}

// Where `view` lies in `padded`: its offsets, when it is a memref.subview of
// `padded` with unit strides, or the reinterpret_cast of `padded`'s base
// that memref's expand-strided-metadata makes of one. Also the ops that
// make it, last first.
std::optional<SmallVector<int64_t>> placement(Value view, Value padded,
                                              SmallVector<Operation *, 2> &viewOps) {
  if (auto subview = view.getDefiningOp<memref::SubViewOp>()) {
    if (subview.getSource() != padded || !subview.hasUnitStride() ||
        llvm::any_of(subview.getStaticOffsets(), ShapedType::isDynamic))
      return std::nullopt;
    viewOps = {subview};
    return llvm::to_vector(subview.getStaticOffsets());
  }
  auto reinterpret = view.getDefiningOp<memref::ReinterpretCastOp>();
  auto metadata = reinterpret
                      ? reinterpret.getSource().getDefiningOp<memref::ExtractStridedMetadataOp>()
                      : memref::ExtractStridedMetadataOp();
  auto type = cast<MemRefType>(padded.getType());
  SmallVector<int64_t> strides, paddedStrides;
  int64_t offset = 0, paddedOffset = 0;
  if (!metadata || metadata.getSource() != padded || !metadata.getBaseBuffer().hasOneUse() ||
      failed(getStridesAndOffset(cast<MemRefType>(view.getType()), strides, offset)) ||
      failed(getStridesAndOffset(type, paddedStrides, paddedOffset)) || paddedOffset != 0 ||
      strides != paddedStrides || !type.getLayout().isIdentity())
    return std::nullopt;
  // Row-major offsets of an in-bounds part are a mixed-radix number.
  SmallVector<int64_t> low;
  for (auto [stride, size, extent] :
       llvm::zip(strides, cast<MemRefType>(view.getType()).getShape(), type.getShape())) {
    low.push_back(offset / stride);
    offset %= stride;
    if (low.back() + size > extent)
      return std::nullopt;
  }
  if (offset != 0)
    return std::nullopt;
  viewOps = {reinterpret, metadata};
  return low;
}

// Input `number` of `op` as a padded copy of an argument whose padding ops
// end just before `cursor`, which moves to the first of them.
std::optional<PaddedInput> matchPadded(linalg::LinalgOp op, unsigned number,
                                       Operation *&cursor) {
  Value padded = op.getDpsInputs()[number];
  auto copy = dyn_cast_or_null<linalg::CopyOp>(neighbour(cursor, /*next=*/false));
  if (!copy || !copy.hasPureBufferSemantics())
    return std::nullopt;
  Value view = copy.getDpsInits()[0], source = copy.getDpsInputs()[0];
  SmallVector<Operation *, 2> viewOps;
  std::optional<SmallVector<int64_t>> low = placement(view, padded, viewOps);
  // The source must still hold its values when the contraction reads them:
  // a launch argument, which the memory plan keeps apart from the output.
  if (!low || !view.hasOneUse() || !isa<BlockArgument>(source) ||
      source == op.getDpsInits()[0] ||
      cast<MemRefType>(source.getType()).getShape() != cast<MemRefType>(view.getType()).getShape())
    return std::nullopt;
  PaddedInput input{nullptr, viewOps.front(), copy, source, *low, {}};
  // The fill and the view's ops sit just before the copy, in some order.
  Operation *first = copy;
  for (size_t i = 0; i <= viewOps.size(); ++i) {
    Operation *previous = neighbour(first, /*next=*/false);
    if (llvm::is_contained(viewOps, previous)) {
      first = previous;
    } else if (previous && !input.fill && (input.padding = fillValue(previous, padded))) {
      input.fill = previous;
      first = previous;
    }
  }
  if (!input.fill || !input.padding || !first->isBeforeInBlock(copy))
    return std::nullopt;
  for (Operation *user : padded.getUsers())
    if (user != input.fill && user != viewOps.back() && user != op.getOperation())
      return std::nullopt;
  if (llvm::count(op->getOperands(), padded) != 1)
    return std::nullopt;
  cursor = first;
  return input;
}
} // namespace

SmallVector<Operation *> ContractionGroup::ops() const {
  SmallVector<Operation *> all;
  for (const std::optional<PaddedInput> &input : padded)
    if (input)
      all.append({input->fill, input->view, input->copy});
  if (prologue)
    all.push_back(prologue);
  all.push_back(contraction.op);
  llvm::append_range(all, epilogue);
  llvm::sort(all, [](Operation *a, Operation *b) { return a->isBeforeInBlock(b); });
  return all;
}

std::optional<ContractionGroup> dlc::matchContractionGroup(linalg::LinalgOp op) {
  std::optional<Contraction> contraction = matchContraction(op);
  if (!contraction)
    return std::nullopt;
  ContractionGroup group;
  group.contraction = *contraction;
  Value out = op.getDpsInits()[0];
  Operation *previous = neighbour(op, /*next=*/false);
  Operation *prologue = previous && initializes(previous, out) ? previous : nullptr;
  // Parts of a split depth add up in memory: what fills the output first
  // and what reads the sum run as launches of their own.
  if (contraction->depthSplits == 1) {
    group.prologue = prologue;
    for (Operation *next = neighbour(op, /*next=*/true);
         next && isElementwiseOn(next, out, /*update=*/true); next = neighbour(next, true))
      group.epilogue.push_back(cast<linalg::GenericOp>(next));
  }
  // Each padded input's ops end where the next one's or the prologue begin.
  Operation *cursor = prologue ? prologue : op.getOperation();
  for (int round = 0; round < 2; ++round)
    for (unsigned number : {0u, 1u})
      if (!group.padded[number])
        group.padded[number] = matchPadded(op, number, cursor);
  return group;
}

namespace {

int64_t evaluate(AffineExpr expr, ArrayRef<int64_t> dims) {
  if (auto dim = dyn_cast<AffineDimExpr>(expr))
    return dims[dim.getPosition()];
  if (auto constant = dyn_cast<AffineConstantExpr>(expr))
    return constant.getValue();
  auto binary = cast<AffineBinaryOpExpr>(expr);
  int64_t l = evaluate(binary.getLHS(), dims), r = evaluate(binary.getRHS(), dims);
  switch (expr.getKind()) {
  case AffineExprKind::Add: return l + r;
  case AffineExprKind::Mul: return l * r;
  case AffineExprKind::FloorDiv: return r ? l / r : 0;
  case AffineExprKind::Mod: return r ? l % r : 0;
  default: return 0;
  }
}

// How far apart in memory `buffer`'s elements lie when loop dim `dim` steps.
int64_t distance(const LaunchBuffer &buffer, AffineMap map, unsigned dim) {
  SmallVector<int64_t> zero(map.getNumDims(), 0), one(map.getNumDims(), 0);
  one[dim] = 1;
  int64_t result = 0;
  for (auto [expr, stride] : llvm::zip(map.getResults(), buffer.strides))
    result += (evaluate(expr, one) - evaluate(expr, zero)) * stride;
  return result;
}

class ContractionWriter {
public:
  ContractionWriter(CudaKernelWriter &w, ContractionGroup group, ContractionPrecision precision)
      : w(w), group(std::move(group)), c(this->group.contraction),
        precision(productPrecision(c, precision)), dims(c.op.getNumLoops()) {}

  LogicalResult write(int64_t &blocks);

private:
  // Opens `for (int var = 0; var < count; ++var)`, unrolled; w.close()
  // ends it.
  void openUnrolled(const char *var, int64_t count) {
    w.line() << "#pragma unroll\n";
    w.line() << "for (int " << var << " = 0; " << var << " < " << count << "; ++" << var
             << ") {\n";
    w.enter();
  }

  // Opens the loop over a warp's 2 x 4 products of 16 x 8 outputs (`i`,
  // `j`); w.close() ends it. Where the last tile is partial, products wholly
  // past the last row or column are skipped: the condition is the same
  // across the warp, and a 6-row convolution then does a quarter of a
  // 64-row tile's mma instructions, not all of them.
  void openProductTiles() {
    openUnrolled("r", 8);
    w.line() << "const int i = r / 4, j = r % 4;\n";
    std::string live = liveCondition(" + i * 16", " + j * 8");
    if (!live.empty())
      w.line() << "if (!(" << live << ")) continue;\n";
  }

  // Whether the warp's outputs from row warpRow + `rowOffset` and column
  // warpColumn + `columnOffset` on hold any: empty where every tile is
  // whole, since then they all do.
  std::string liveCondition(const std::string &rowOffset, const std::string &columnOffset) {
    std::string live;
    if (rows % kTileRows)
      live = "tileRow + warpRow" + rowOffset + " < " + std::to_string(rows);
    if (columns % kTileColumns)
      live += (live.empty() ? "" : " && ") + std::string("tileColumn + warpColumn") +
              columnOffset + " < " + std::to_string(columns);
    return live;
  }

  // Names `roleDims`, outermost first, from flat index `flat` (a local).
  void decompose(const std::string &flat, ArrayRef<unsigned> roleDims) {
    SmallVector<int64_t> sizes;
    for (unsigned d : roleDims)
      sizes.push_back(c.sizes[d]);
    for (auto [d, name] : llvm::zip(roleDims, writeDecomposition(w, index, flat, sizes)))
      dims[d] = name;
  }

  // One operand as the kernel stages it through shared memory.
  struct Staged {
    bool rows = true; ///< the left operand (shA), or the right one (shB)
    LaunchBuffer buffer;
    AffineMap map;
    bool depthFastest = false; ///< contiguous along its innermost reduction dim
    SmallVector<unsigned> outer;
    int64_t outerTile = 0, outerSize = 0;
    std::string tileStart, next;
    /// A padded copy's source, read in its place (PaddedInput).
    std::optional<PaddedInput> padded;
    LaunchBuffer source;
  };
  FailureOr<Staged> staged(bool rows);
  void coordinate(const Staged &operand, bool outer, const std::string &value,
                  const std::string &depthStart);
  LogicalResult load(const Staged &operand, const std::string &depthStart);
  void store(const Staged &operand);
  FailureOr<std::string> elementwise(linalg::LinalgOp op, ArrayRef<std::string> outIndex,
                                     const std::string &current);
  LogicalResult epilogue();
  void writeTf32Products();
  void writeHalfProducts();

  CudaKernelWriter &w;
  ContractionGroup group;
  Contraction &c;
  ContractionPrecision precision;
  SmallVector<std::string> dims; ///< each loop dim's name where it is known
  std::string index = "int";     ///< the C type of indices
  int64_t rows = 0, columns = 0, depth = 0;
};

// A thread's element `i` of one operand's tile: `o` of its rows or columns
// (`outerTile` of them), `k` of its kTileDepth reduction elements.
// Neighbouring threads take neighbouring elements of whichever dim is
// contiguous in memory. Both tile sides divide kThreads, so the other
// coordinate is the same for all of a thread's elements.
struct TileElement {
  bool outerFixed;    ///< `o` is the fixed coordinate, `k` steps with `i`
  std::string fixed;  ///< the fixed coordinate
  std::string moving; ///< the coordinate that steps with `i`

  const char *fixedName() const { return outerFixed ? "o" : "k"; }
  const char *movingName() const { return outerFixed ? "k" : "o"; }
};

TileElement tileElement(bool depthFastest, int64_t outerTile) {
  int64_t across = depthFastest ? kTileDepth : outerTile;
  return {!depthFastest, "threadIdx.x % " + std::to_string(across),
          "threadIdx.x / " + std::to_string(across) + " + i * " +
              std::to_string(kThreads / across)};
}

// Declares coordinate `o` (or `k`) as `value`, with the flat index `outer`
// (or `inner`) it has in the operand.
void ContractionWriter::coordinate(const Staged &operand, bool outer, const std::string &value,
                                   const std::string &depthStart) {
  w.line() << "const int " << (outer ? "o" : "k") << " = " << value << ";\n";
  w.line() << "const " << index << " "
           << (outer ? "outer = " + operand.tileStart + " + o" : "inner = " + depthStart + " + k")
           << ";\n";
}

// Loads the thread's share of the tile `depthStart` deep into its
// registers, zeros past the ends. The fixed coordinate's dims are
// decomposed once for all of the thread's elements: the index math, not the
// products, is what an implicit-GEMM convolution's loop spends most on.
LogicalResult ContractionWriter::load(const Staged &operand, const std::string &depthStart) {
  TileElement element = tileElement(operand.depthFastest, operand.outerTile);
  auto decomposeCoordinate = [&](bool outer) {
    if (outer)
      decompose("outer", operand.outer);
    else
      decompose("inner", c.reductionDims);
  };
  w.line() << "{\n";
  w.enter();
  coordinate(operand, element.outerFixed, element.fixed, depthStart);
  decomposeCoordinate(element.outerFixed);
  openUnrolled("i", kPerThread);
  coordinate(operand, !element.outerFixed, element.moving, depthStart);
  w.line() << operand.next << "[i] = 0.0f;\n";
  w.line() << "if (outer < " << operand.outerSize << " && inner < " << depth << ") {\n";
  w.enter();
  decomposeCoordinate(!element.outerFixed);
  FailureOr<std::string> at = failure();
  if (const std::optional<PaddedInput> &padded = operand.padded) {
    auto shape = [](Value value) { return cast<MemRefType>(value.getType()).getShape(); };
    Value input = c.op.getDpsInputs()[operand.rows ? c.left : c.right];
    at = paddedElementAt(operand.source, shape(padded->source), padded->low, shape(input),
                         operand.map, dims,
                         cudaFloatLiteral(padded->padding.getValue(), padded->padding.getType()));
  } else if (succeeded(at = elementAt(operand.buffer, operand.map, dims))) {
    at = cudaLoad(*at, operand.buffer.element);
  }
  if (failed(at))
    return c.op->emitOpError("has an operand map GPU code cannot index");
  w.line() << operand.next << "[i] = " << *at << ";\n";
  w.close();
  w.close();
  w.close();
  return success();
}

// Stores the loaded registers into the operand's shared tile.
void ContractionWriter::store(const Staged &operand) {
  TileElement element = tileElement(operand.depthFastest, operand.outerTile);
  openUnrolled("i", kPerThread);
  w.line() << "const int " << element.fixedName() << " = " << element.fixed << ", "
           << element.movingName() << " = " << element.moving << ";\n";
  w.line() << (operand.rows ? "shA[o][k]" : "shB[k][o]") << " = " << operand.next << "[i];\n";
  w.close();
}

FailureOr<ContractionWriter::Staged> ContractionWriter::staged(bool rows) {
  Staged operand;
  operand.rows = rows;
  OpOperand *input = c.op.getDpsInputOperand(rows ? c.left : c.right);
  FailureOr<LaunchBuffer> buffer = launchBuffer(input->get(), c.op);
  if (failed(buffer))
    return failure();
  operand.buffer = *buffer;
  operand.map = c.op.getMatchingIndexingMap(input);
  operand.padded = group.padded[rows ? c.left : c.right];
  if (operand.padded) {
    FailureOr<LaunchBuffer> source = launchBuffer(operand.padded->source, c.op);
    if (failed(source))
      return failure();
    operand.source = *source;
  }
  operand.depthFastest =
      std::abs(distance(operand.buffer, operand.map, c.reductionDims.back())) == 1;
  operand.outer = rows ? c.rowDims : c.columnDims;
  operand.outerTile = rows ? kTileRows : kTileColumns;
  operand.outerSize = rows ? this->rows : columns;
  operand.tileStart = rows ? "tileRow" : "tileColumn";
  operand.next = rows ? "nextA" : "nextB";
  return operand;
}

// The value `op` (a fill, or an elementwise generic over the output) gives
// the output element at `outIndex` (per output dim), whose value so far is
// `current` (empty where `op` does not read it).
FailureOr<std::string> ContractionWriter::elementwise(linalg::LinalgOp op,
                                                      ArrayRef<std::string> outIndex,
                                                      const std::string &current) {
  if (auto fill = dyn_cast<linalg::FillOp>(op.getOperation()))
    return w.nameOf(fill.value());
  Value out = c.op.getDpsInits()[0];
  AffineMap outMap = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  SmallVector<std::string> local(op.getNumLoops());
  for (unsigned r = 0; r < outMap.getNumResults(); ++r)
    local[outMap.getDimPosition(r)] = outIndex[r];
  for (OpOperand *input : op.getDpsInputOperands()) {
    if (input->get() == out)
      w.bindScalar(op.getMatchingBlockArgument(input), current);
    else if (failed(bindInput(w, op, input, local)))
      return failure();
  }
  if (!current.empty())
    w.bindScalar(op.getMatchingBlockArgument(op.getDpsInitOperand(0)), current);
  return writeLinalgBody(w, op, local);
}

// Each thread's 2 x 4 x 4 sums: the prologue's value, plus the sum, through
// the epilogue, stored.
LogicalResult ContractionWriter::epilogue() {
  Value out = c.op.getDpsInits()[0];
  FailureOr<LaunchBuffer> buffer = launchBuffer(out, c.op);
  if (failed(buffer))
    return failure();
  AffineMap outMap = c.op.getMatchingIndexingMap(c.op.getDpsInitOperand(0));
  openUnrolled("r", 32);
  w.line() << "const int i = r / 16, j = r / 4 % 4, h = r % 4;\n";
  w.line() << "const " << index
           << " row = tileRow + warpRow + i * 16 + group + h / 2 * 8, column = tileColumn + "
              "warpColumn + j * 8 + quad * 2 + h % 2;\n";
  w.line() << "if (row < " << rows << " && column < " << columns << ") {\n";
  w.enter();
  decompose("row", c.rowDims);
  decompose("column", c.columnDims);
  SmallVector<std::string> outIndex;
  for (unsigned r = 0; r < outMap.getNumResults(); ++r)
    outIndex.push_back(dims[outMap.getDimPosition(r)]);
  FailureOr<std::string> at = elementAt(*buffer, outMap, dims);
  if (failed(at))
    return failure();
  if (c.depthSplits > 1) {
    w.line() << "atomicAdd(&" << *at << ", accum[i][j][h]);\n";
    w.close();
    w.close();
    return success();
  }
  std::string initial;
  if (group.prologue) {
    FailureOr<std::string> value =
        elementwise(cast<linalg::LinalgOp>(group.prologue), outIndex, "");
    if (failed(value))
      return failure();
    initial = *value;
  } else {
    initial = cudaLoad(*at, buffer->element);
  }
  std::string current = w.fresh("v");
  w.line() << "const float " << current << " = "
           << cudaRound(initial + " + accum[i][j][h]", buffer->element) << ";\n";
  for (linalg::GenericOp op : group.epilogue) {
    FailureOr<std::string> value = elementwise(op, outIndex, current);
    if (failed(value))
      return failure();
    current = *value;
  }
  w.line() << *at << " = " << cudaStore(current, buffer->element) << ";\n";
  w.close();
  w.close();
  return success();
}

// One tf32 step: each warp's 2 x 4 products of 16x8 by 8x8 fragments (three
// each, of split operands, when float32-exact).
void ContractionWriter::writeTf32Products() {
  bool exact = precision == ContractionPrecision::Fp32;
  w.line() << "uint32_t bigA[2][4], bigB[4][2]"
           << (exact ? ", smallA[2][4], smallB[4][2]" : "") << ";\n";
  auto convert = [&](const std::string &from, const std::string &to) {
    std::string big = "big" + to, small = "small" + to;
    if (exact)
      w.line() << "dlc_split_tf32(" << from << ", " << big << ", " << small << ");\n";
    else
      w.line() << big << " = dlc_to_tf32(" << from << ");\n";
  };
  openUnrolled("i", 2);
  w.line() << "const int m = warpRow + i * 16 + group;\n";
  convert("shA[m][k + quad]", "A[i][0]");
  convert("shA[m + 8][k + quad]", "A[i][1]");
  convert("shA[m][k + quad + 4]", "A[i][2]");
  convert("shA[m + 8][k + quad + 4]", "A[i][3]");
  w.close();
  openUnrolled("j", 4);
  w.line() << "const int n = warpColumn + j * 8 + group;\n";
  convert("shB[k + quad][n]", "B[j][0]");
  convert("shB[k + quad + 4][n]", "B[j][1]");
  w.close();
  openProductTiles();
  if (exact) {
    // The small products first: added to the big one last, they keep their bits.
    w.line() << "dlc_mma_m16n8k8_tf32(accum[i][j], smallA[i], bigB[j], accum[i][j]);\n";
    w.line() << "dlc_mma_m16n8k8_tf32(accum[i][j], bigA[i], smallB[j], accum[i][j]);\n";
  }
  w.line() << "dlc_mma_m16n8k8_tf32(accum[i][j], bigA[i], bigB[j], accum[i][j]);\n";
  w.close();
}

// One 16-deep step on bfloat16 or float16 operands: each warp's 2 x 4
// products of 16x16 by 16x8 fragments, a register holding two neighbours
// along the depth.
void ContractionWriter::writeHalfProducts() {
  const char *type = precision == ContractionPrecision::Bf16 ? "bf16" : "f16";
  w.line() << "uint32_t packedA[2][4], packedB[4][2];\n";
  openUnrolled("i", 2);
  w.line() << "const int m = warpRow + i * 16 + group;\n";
  const char *rows[] = {"m", "m + 8", "m", "m + 8"};
  for (int r = 0; r < 4; ++r) {
    std::string pair = "p" + std::to_string(r);
    w.line() << "const float2 " << pair << " = dlc_load2(&shA[" << rows[r] << "][k + 2 * quad"
             << (r < 2 ? "" : " + 8") << "]);\n";
    w.line() << "packedA[i][" << r << "] = dlc_pack_" << type << "x2(" << pair << ".x, " << pair
             << ".y);\n";
  }
  w.close();
  openUnrolled("j", 4);
  w.line() << "const int n = warpColumn + j * 8 + group;\n";
  w.line() << "packedB[j][0] = dlc_pack_" << type
           << "x2(shB[k + 2 * quad][n], shB[k + 2 * quad + 1][n]);\n";
  w.line() << "packedB[j][1] = dlc_pack_" << type
           << "x2(shB[k + 2 * quad + 8][n], shB[k + 2 * quad + 9][n]);\n";
  w.close();
  openProductTiles();
  w.line() << "dlc_mma_m16n8k16_" << type
           << "(accum[i][j], packedA[i], packedB[j], accum[i][j]);\n";
  w.close();
}

LogicalResult ContractionWriter::write(int64_t &blocks) {
  rows = product(c, c.rowDims);
  columns = product(c, c.columnDims);
  depth = product(c, c.reductionDims);
  int64_t batches = product(c, c.batchDims);
  int64_t tileRows = (rows + kTileRows - 1) / kTileRows;
  int64_t tileColumns = (columns + kTileColumns - 1) / kTileColumns;
  // Each share of a split depth is a whole number of staged tiles.
  int64_t chunk = ((depth + c.depthSplits - 1) / c.depthSplits + kTileDepth - 1) / kTileDepth *
                  kTileDepth;
  int64_t splits = (depth + chunk - 1) / chunk;
  blocks = batches * tileRows * tileColumns * splits;
  if (blocks >= (int64_t(1) << 31))
    return c.op->emitOpError("needs more GPU blocks than one launch has");
  // 32-bit indices where every element index and tile position fits.
  int64_t largest = std::max({rows, columns, depth}) + kTileRows;
  for (Operation *op : group.ops())
    for (Value operand : op->getOperands())
      if (auto type = dyn_cast<MemRefType>(operand.getType()))
        largest = std::max(largest, indexExtent(type));
  if (largest >= (int64_t(1) << 31))
    index = "int64_t";

  w.line() << "// GEMM of " << rows << " rows, " << columns << " columns, " << depth
           << " deep, " << batches << " batch" << (batches == 1 ? "" : "es") << "; tensor cores, "
           << precisionComment(precision)
           << (splits > 1 ? "; depth split in " + std::to_string(splits) + " shares of " +
                                std::to_string(chunk) + ", added atomically"
                          : "")
           << "\n";
  // Rows of shA and shB are padded so that a warp's fragment reads hit
  // distinct banks: tf32 fragments read shA at (group, quad) and shB at
  // (quad, group); 16-bit ones read pairs of shA at (group, 2 * quad) in
  // 8-byte loads, and shB at (2 * quad, group).
  bool halves = precision == ContractionPrecision::Bf16 || precision == ContractionPrecision::Fp16;
  w.line() << "__shared__ " << (halves ? "__align__(16) " : "") << "float shA[" << kTileRows << "]["
           << kTileDepth + (halves ? 8 : 4) << "];\n";
  w.line() << "__shared__ float shB[" << kTileDepth << "][" << kTileColumns + (halves ? 4 : 8)
           << "];\n";
  w.line() << "const int lane = threadIdx.x % 32, warp = threadIdx.x / 32;\n";
  w.line() << "const int group = lane / 4, quad = lane % 4;\n";
  w.line() << "const int warpRow = warp / 2 * 32, warpColumn = warp % 2 * 32;\n";
  w.line() << "const " << index << " tile = (" << index << ")blockIdx.x"
           << (splits > 1 ? " / " + std::to_string(splits) : "") << ";\n";
  w.line() << "const " << index << " tileColumn = tile % " << tileColumns << " * "
           << kTileColumns << ";\n";
  w.line() << "const " << index << " tileRow = tile / " << tileColumns << " % " << tileRows
           << " * " << kTileRows << ";\n";
  if (!c.batchDims.empty()) {
    w.line() << "const " << index << " batch = tile / " << tileColumns * tileRows << ";\n";
    decompose("batch", c.batchDims);
  }
  if (splits > 1)
    w.line() << "const " << index << " depthBegin = (" << index << ")blockIdx.x % " << splits
             << " * " << chunk << ", depthEnd = depthBegin + " << chunk << " < " << depth
             << " ? depthBegin + " << chunk << " : " << depth << ";\n";
  else
    w.line() << "const " << index << " depthBegin = 0, depthEnd = " << depth << ";\n";
  w.line() << "float accum[2][4][4] = {};\n";
  // The next tiles' elements load into registers while the warps multiply
  // the current ones, so that the loads' latency hides behind the products.
  FailureOr<Staged> left = staged(/*rows=*/true), right = staged(/*rows=*/false);
  if (failed(left) || failed(right))
    return failure();
  w.line() << "float nextA[" << kPerThread << "], nextB[" << kPerThread << "];\n";
  if (failed(load(*left, "depthBegin")) || failed(load(*right, "depthBegin")))
    return failure();
  w.line() << "for (" << index << " depthStart = depthBegin; depthStart < depthEnd; depthStart += "
           << kTileDepth << ") {\n";
  w.enter();
  store(*left);
  store(*right);
  w.line() << "__syncthreads();\n";
  w.line() << "if (depthStart + " << kTileDepth << " < depthEnd) {\n";
  w.enter();
  std::string following = "depthStart + " + std::to_string(kTileDepth);
  if (failed(load(*left, following)) || failed(load(*right, following)))
    return failure();
  w.close();
  // Warps wholly past the last row or column skip their products,
  // fragment loads included.
  std::string live = liveCondition("", "");
  if (!live.empty()) {
    w.line() << "if (" << live << ") {\n";
    w.enter();
  }
  // Unrolled, the mma steps would quadruple NVRTC's time for little gain.
  w.line() << "#pragma unroll 1\n";
  w.line() << "for (int k = 0; k < " << kTileDepth << "; k += " << (halves ? 16 : 8) << ") {\n";
  w.enter();
  if (halves)
    writeHalfProducts();
  else
    writeTf32Products();
  w.close();
  if (!live.empty())
    w.close();
  w.line() << "__syncthreads();\n";
  w.close();
  return epilogue();
}
} // namespace

LogicalResult dlc::writeContractionKernel(func::FuncOp launch, CudaKernelWriter &writer,
                                          ContractionPrecision precision, int64_t &blocks,
                                          int64_t &threads) {
  SmallVector<linalg::LinalgOp> ops(launch.getOps<linalg::LinalgOp>());
  std::optional<ContractionGroup> group;
  for (linalg::LinalgOp op : ops)
    if ((group = matchContractionGroup(op)))
      break;
  if (!group)
    return launch.emitOpError("holds linalg ops but no contraction a tiled kernel computes");
  SmallVector<Operation *> covered = group->ops();
  if (llvm::any_of(launch.front().without_terminator(), [&](Operation &op) {
        return !llvm::is_contained(covered, &op) &&
               !isa<arith::ConstantOp, memref::ViewOp, memref::GetGlobalOp,
                    memref::ExtractStridedMetadataOp>(op);
      }))
    return launch.emitOpError("holds more than one contraction and its elementwise ops");
  threads = kThreads;
  return ContractionWriter(writer, *group, precision).write(blocks);
}
