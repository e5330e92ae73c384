//===- RowKernel.cpp - row reductions as warp-per-row kernels -------------===//
#include "passes/cuda/RowKernel.h"
#include "passes/cuda/LaunchBuffers.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/Utils/Utils.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/SetVector.h"

#include <limits>

using namespace mlir;
using namespace dlc;

namespace {
constexpr int64_t kWarps = 8, kThreads = 32 * kWarps;
// Shorter rows would leave lanes idle: a thread per row does better.
constexpr int64_t kMinElements = 32;
// Fewer, longer rows than this take a block each: a warp per row would
// leave most of the GPU idle (a bias gradient: a few channels, each summed
// over the batch and positions).
constexpr int64_t kFewRows = 1024, kLongRow = 8192;

enum class Role {
  Rows,      ///< over the rows alone, writing a row buffer
  Elements,  ///< over every element, writing the element's own
  Reduction, ///< over every element, combining a row's into a row buffer
};

// The map of a row buffer read over rows and elements: the leading dims.
bool isRowPrefix(AffineMap map, size_t rows) {
  if (map.getNumResults() != rows)
    return false;
  for (unsigned r = 0; r < rows; ++r)
    if (map.getResult(r) != getAffineDimExpr(r, map.getContext()))
      return false;
  return true;
}

std::optional<Role> roleOf(linalg::LinalgOp op, ArrayRef<int64_t> rowSizes,
                           ArrayRef<int64_t> elementSizes) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInits() != 1)
    return std::nullopt;
  auto outType = dyn_cast<MemRefType>(op.getDpsInits()[0].getType());
  // Row registers and their combining hold the element type as it is stored.
  if (!outType || !outType.hasStaticShape() || failed(cudaScalarType(outType.getElementType())) ||
      isStoredAsBits(outType.getElementType()))
    return std::nullopt;
  if (!llvm::all_of(op.getBlock()->without_terminator(), [](Operation &inner) {
        return inner.getNumRegions() == 0 && (isa<linalg::IndexOp>(inner) || isPure(&inner));
      }))
    return std::nullopt;
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  AffineMap outMap = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  size_t rows = rowSizes.size();
  bool parallel = llvm::all_of(iterators, linalg::isParallelIterator);
  if (llvm::equal(ranges, rowSizes))
    return parallel && outMap.isIdentity() ? std::optional(Role::Rows) : std::nullopt;
  SmallVector<int64_t> all(rowSizes);
  llvm::append_range(all, elementSizes);
  if (!llvm::equal(ranges, all))
    return std::nullopt;
  if (parallel)
    return outMap.isIdentity() ? std::optional(Role::Elements) : std::nullopt;
  for (auto [i, iterator] : llvm::enumerate(iterators))
    if (linalg::isParallelIterator(iterator) != (i < rows))
      return std::nullopt;
  return isRowPrefix(outMap, rows) ? std::optional(Role::Reduction) : std::nullopt;
}

// A reduction whose body yields an associative, commutative combination of
// the row's value so far (used nowhere else) and what its element gives.
bool hasCombiner(linalg::LinalgOp op) {
  BlockArgument out = op.getMatchingBlockArgument(op.getDpsInitOperand(0));
  Operation *combiner = op.getBlock()->getTerminator()->getOperand(0).getDefiningOp();
  return combiner && out.hasOneUse() && *out.getUsers().begin() == combiner &&
         isa<arith::AddFOp, arith::MulFOp, arith::MaximumFOp, arith::MinimumFOp,
             arith::MaxNumFOp, arith::MinNumFOp, arith::AddIOp, arith::MulIOp, arith::MaxSIOp,
             arith::MinSIOp, arith::MaxUIOp, arith::MinUIOp, arith::AndIOp, arith::OrIOp,
             arith::XOrIOp>(combiner);
}

// The memory a buffer is: its root (an argument or a constant array) and
// its bytes there.
struct Extent {
  Value root;
  int64_t begin = 0, end = std::numeric_limits<int64_t>::max();
};

std::optional<Extent> extentOf(Value value) {
  if (isa<BlockArgument>(value) || value.getDefiningOp<memref::GetGlobalOp>())
    return Extent{value};
  auto view = value.getDefiningOp<memref::ViewOp>();
  std::optional<int64_t> shift = view ? getConstantIntValue(view.getByteShift()) : std::nullopt;
  if (!shift || !view.getSizes().empty())
    return std::nullopt;
  MemRefType type = view.getType();
  return Extent{view.getSource(), *shift,
                *shift + indexExtent(type) * type.getElementTypeBitWidth() / 8};
}

bool overlaps(const Extent &a, const Extent &b) {
  return a.root == b.root && a.begin < b.end && b.begin < a.end;
}

// Two names of the same buffer: one value, or views of the same bytes.
bool sameBuffer(Value a, Value b) {
  if (a == b)
    return true;
  auto x = a.getDefiningOp<memref::ViewOp>(), y = b.getDefiningOp<memref::ViewOp>();
  return x && y && x.getSource() == y.getSource() && x.getType() == y.getType() &&
         getConstantIntValue(x.getByteShift()) == getConstantIntValue(y.getByteShift());
}

// The rows and elements of a reduction: its leading parallel dims and the
// rest.
std::optional<std::pair<SmallVector<int64_t>, SmallVector<int64_t>>>
shapeOf(linalg::LinalgOp op) {
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  auto first = llvm::find_if(iterators, linalg::isReductionIterator);
  if (first == iterators.end())
    return std::nullopt;
  size_t rows = first - iterators.begin();
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (llvm::any_of(ranges, ShapedType::isDynamic))
    return std::nullopt;
  return std::pair(SmallVector<int64_t>(ranges.begin(), ranges.begin() + rows),
                   SmallVector<int64_t>(ranges.begin() + rows, ranges.end()));
}

// Buffers the group writes are read only at the row being computed: row
// buffers at the row, element buffers at the element; no other buffer
// overlaps one of them.
bool rowsStayApart(const RowGroup &group) {
  size_t rows = group.rowSizes.size();
  SmallVector<std::pair<Value, Role>> written;
  for (linalg::LinalgOp op : group.ops)
    written.emplace_back(op.getDpsInits()[0],
                         *roleOf(op, group.rowSizes, group.elementSizes));
  auto check = [&](Value value, AffineMap map, Role reader) {
    std::optional<Extent> extent = extentOf(value);
    if (!extent)
      return false;
    for (auto [other, role] : written) {
      std::optional<Extent> theirs = extentOf(other);
      if (!theirs || !overlaps(*extent, *theirs))
        continue;
      if (!sameBuffer(value, other))
        return false;
      bool rowBuffer = role != Role::Elements;
      if (reader == Role::Rows ? !(rowBuffer && map.isIdentity())
                               : !(rowBuffer ? isRowPrefix(map, rows) : map.isIdentity()))
        return false;
    }
    return true;
  };
  for (linalg::LinalgOp op : group.ops) {
    Role role = *roleOf(op, group.rowSizes, group.elementSizes);
    for (OpOperand &operand : op->getOpOperands())
      if (isa<MemRefType>(operand.get().getType()) &&
          !check(operand.get(), op.getMatchingIndexingMap(&operand), role))
        return false;
  }
  return true;
}

bool fits(Operation *op, const RowGroup &group) {
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  if (!linalgOp)
    return false;
  std::optional<Role> role = roleOf(linalgOp, group.rowSizes, group.elementSizes);
  return role && (*role != Role::Reduction || hasCombiner(linalgOp));
}

// Constants and views the group's ops read may sit between them.
bool isBetween(Operation *op) { return isa<arith::ConstantOp, memref::ViewOp>(op); }
} // namespace

std::optional<RowGroup> dlc::matchRowGroup(linalg::LinalgOp op) {
  auto shape = shapeOf(op);
  if (!shape)
    return std::nullopt;
  RowGroup group;
  group.rowSizes = shape->first;
  group.elementSizes = shape->second;
  int64_t elements = 1;
  for (int64_t size : group.elementSizes)
    elements *= size;
  if (elements < kMinElements ||
      roleOf(op, group.rowSizes, group.elementSizes) != Role::Reduction || !hasCombiner(op))
    return std::nullopt;
  SmallVector<linalg::LinalgOp> before;
  for (Operation *it = op->getPrevNode(); it; it = it->getPrevNode()) {
    if (isBetween(it))
      continue;
    if (!fits(it, group))
      break;
    before.push_back(cast<linalg::LinalgOp>(it));
  }
  group.ops.assign(before.rbegin(), before.rend());
  group.ops.push_back(op);
  for (Operation *it = op->getNextNode(); it; it = it->getNextNode()) {
    if (isBetween(it))
      continue;
    if (!fits(it, group))
      break;
    group.ops.push_back(cast<linalg::LinalgOp>(it));
  }
  if (!rowsStayApart(group))
    return std::nullopt;
  return group;
}

namespace {
class RowWriter {
public:
  RowWriter(CudaKernelWriter &w, RowGroup group) : w(w), group(std::move(group)) {}
  LogicalResult write(int64_t &blocks);

private:
  // The register that holds `value`'s row, keyed by the first of its names.
  Value keyOf(Value value) {
    for (Value key : keys)
      if (sameBuffer(key, value))
        return key;
    keys.push_back(value);
    return value;
  }
  // `value`'s element or row from its register where the row has one.
  std::optional<std::string> registerOf(Value value) {
    if (!isa<MemRefType>(value.getType()))
      return std::nullopt;
    auto it = registers.find(keyOf(value));
    return it == registers.end() ? std::nullopt : std::optional(it->second);
  }
  // A reduction's body: the ops that compute an element's value, and the
  // ops that combine it (`element`) with the row's value so far.
  struct Split {
    SmallVector<Operation *> values, combiner;
    Value element;
  };
  FailureOr<Split> split(linalg::LinalgOp op);
  LogicalResult bindInputs(linalg::LinalgOp op, ArrayRef<std::string> dims);
  LogicalResult assign(linalg::LinalgOp op, const std::string &value);
  FailureOr<std::string> combine(linalg::LinalgOp op, const Split &split,
                                 const std::string &acc, const std::string &next);
  LogicalResult writeRows(linalg::LinalgOp op);
  LogicalResult writeElements(linalg::LinalgOp op);
  LogicalResult writeReduction(linalg::LinalgOp op);
  // Opens the loop of a lane over the row's elements and names their dims.
  SmallVector<std::string> openElementLoop();

  // Who computes a row: a warp (its lanes), or a block of kWarps warps.
  bool blockPerRow() const { return warpsPerRow > 1; }
  std::string member() const { return blockPerRow() ? "threadIdx.x" : "lane"; }

  CudaKernelWriter &w;
  RowGroup group;
  int64_t warpsPerRow = 1;
  std::string index = "int";
  SmallVector<std::string> rowDims;
  SmallVector<Value> keys;
  llvm::DenseMap<Value, std::string> registers;
  llvm::DenseMap<Value, Operation *> lastWriter; ///< of each row register
  int64_t elements = 1;
};

LogicalResult RowWriter::bindInputs(linalg::LinalgOp op, ArrayRef<std::string> dims) {
  for (OpOperand *input : op.getDpsInputOperands()) {
    if (std::optional<std::string> held = registerOf(input->get()))
      w.bindScalar(op.getMatchingBlockArgument(input), *held);
    else if (failed(bindInput(w, op, input, dims)))
      return failure();
  }
  return success();
}

// Sets the row register of what `op` writes to `value`; lane 0 stores the
// register's last value.
LogicalResult RowWriter::assign(linalg::LinalgOp op, const std::string &value) {
  Value buffer = op.getDpsInits()[0];
  Value key = keyOf(buffer);
  auto [it, inserted] = registers.try_emplace(key, "");
  if (inserted) {
    it->second = w.fresh("row");
    FailureOr<std::string> type =
        cudaScalarType(cast<MemRefType>(buffer.getType()).getElementType());
    if (failed(type))
      return failure();
    w.line() << *type << " " << it->second << " = " << value << ";\n";
  } else {
    w.line() << it->second << " = " << value << ";\n";
  }
  if (lastWriter.lookup(key) != op.getOperation())
    return success();
  FailureOr<LaunchBuffer> at = launchBuffer(buffer, group.ops.front());
  if (failed(at))
    return failure();
  auto type = cast<MemRefType>(buffer.getType());
  FailureOr<std::string> element =
      elementAt(*at, AffineMap::getMultiDimIdentityMap(type.getRank(), type.getContext()),
                rowDims);
  if (failed(element))
    return failure();
  w.line() << "if (" << member() << " == 0)\n";
  w.line() << "  " << *element << " = " << it->second << ";\n";
  return success();
}

// The combiner applied to `acc` (the row's value so far) and `next`: the
// body's ops that depend on the row's value, which arith's expansions may
// have made several.
FailureOr<std::string> RowWriter::combine(linalg::LinalgOp op, const Split &split,
                                          const std::string &acc, const std::string &next) {
  // The element may be a constant, whose literal later ops still need.
  FailureOr<std::string> element = w.nameOf(split.element);
  w.bindScalar(op.getMatchingBlockArgument(op.getDpsInitOperand(0)), acc);
  w.bindScalar(split.element, next);
  if (failed(writeLinalgOps(w, split.combiner, {})))
    return failure();
  FailureOr<std::string> result = w.nameOf(op.getBlock()->getTerminator()->getOperand(0));
  if (succeeded(element))
    w.bindScalar(split.element, *element);
  return result;
}

SmallVector<std::string> RowWriter::openElementLoop() {
  std::string j = w.fresh("j");
  // A thread's loads along a long row would otherwise wait one after
  // another; unrolled, the compiler issues several before their sums.
  if (elements > kThreads)
    w.line() << "#pragma unroll 4\n";
  w.line() << "for (" << index << " " << j << " = " << member() << "; " << j << " < " << elements
           << "; " << j << " += " << 32 * warpsPerRow << ") {\n";
  w.enter();
  SmallVector<std::string> dims(rowDims);
  llvm::append_range(dims, writeDecomposition(w, index, j, group.elementSizes));
  return dims;
}

LogicalResult RowWriter::writeRows(linalg::LinalgOp op) {
  if (auto fill = dyn_cast<linalg::FillOp>(op.getOperation())) {
    FailureOr<std::string> value = w.nameOf(fill.value());
    return failed(value) ? failure() : assign(op, *value);
  }
  OpOperand *init = op.getDpsInitOperand(0);
  if (failed(bindInputs(op, rowDims)))
    return failure();
  BlockArgument out = op.getMatchingBlockArgument(init);
  if (!out.use_empty()) {
    if (std::optional<std::string> held = registerOf(init->get()))
      w.bindScalar(out, *held);
    else if (failed(bindInput(w, op, init, rowDims)))
      return failure();
  }
  FailureOr<std::string> value = writeLinalgBody(w, op, rowDims);
  return failed(value) ? failure() : assign(op, *value);
}

LogicalResult RowWriter::writeElements(linalg::LinalgOp op) {
  SmallVector<std::string> dims = openElementLoop();
  OpOperand *init = op.getDpsInitOperand(0);
  if (failed(bindInputs(op, dims)) || failed(bindInput(w, op, init, dims)))
    return failure();
  FailureOr<std::string> value = writeLinalgBody(w, op, dims);
  FailureOr<LaunchBuffer> buffer = launchBuffer(init->get(), op);
  if (failed(value) || failed(buffer))
    return failure();
  FailureOr<std::string> at = elementAt(*buffer, op.getMatchingIndexingMap(init), dims);
  if (failed(at))
    return failure();
  w.line() << *at << " = " << *value << ";\n";
  w.close();
  // Later ops may read the elements other lanes wrote.
  w.line() << (blockPerRow() ? "__syncthreads();\n" : "__syncwarp();\n");
  return success();
}

// The combiner is what depends on the row's value so far, and what only it
// uses of the element's value (arith's expansion of maximumf asks whether
// the element is NaN): what it reads besides is the element.
FailureOr<RowWriter::Split> RowWriter::split(linalg::LinalgOp op) {
  Block *body = op.getBlock();
  llvm::SmallPtrSet<Operation *, 8> combiner;
  llvm::SmallPtrSet<Value, 8> dependent{op.getMatchingBlockArgument(op.getDpsInitOperand(0))};
  for (Operation &inner : body->without_terminator())
    if (llvm::any_of(inner.getOperands(), [&](Value v) { return dependent.contains(v); })) {
      combiner.insert(&inner);
      dependent.insert(inner.getResults().begin(), inner.getResults().end());
    }
  // What the combiner reads besides the row's value, constants aside.
  auto frontier = [&] {
    llvm::SetVector<Value> values;
    for (Operation *inner : combiner)
      for (Value operand : inner->getOperands())
        if (!dependent.contains(operand) && !operand.getDefiningOp<arith::ConstantOp>())
          values.insert(operand);
    return values;
  };
  // Pull in ops only the combiner uses that read nothing new, while it
  // reads more than one value.
  for (llvm::SetVector<Value> reads = frontier(); reads.size() > 1; reads = frontier()) {
    Operation *pulled = nullptr;
    for (Value value : reads) {
      Operation *def = value.getDefiningOp();
      if (def && def->getBlock() == body && !isa<linalg::IndexOp>(def) &&
          llvm::all_of(def->getUsers(), [&](Operation *u) { return combiner.contains(u); }) &&
          llvm::all_of(def->getOperands(), [&](Value v) {
            return reads.contains(v) || v.getDefiningOp<arith::ConstantOp>();
          })) {
        pulled = def;
        break;
      }
    }
    if (!pulled)
      return op->emitOpError("combines a row with more than one value per element");
    combiner.insert(pulled);
    dependent.insert(pulled->getResults().begin(), pulled->getResults().end());
  }
  llvm::SetVector<Value> reads = frontier();
  SmallVector<Value> values(reads.begin(), reads.end());
  // A count: the combiner adds a constant per element.
  if (values.empty())
    for (Operation *inner : combiner)
      for (Value operand : inner->getOperands())
        if (!dependent.contains(operand) && !llvm::is_contained(values, operand))
          values.push_back(operand);
  if (values.size() != 1)
    return op->emitOpError("combines a row with ")
           << (values.empty() ? "no" : "more than one") << " value per element";
  Split result;
  result.element = values.front();
  for (Operation &inner : body->without_terminator())
    (combiner.contains(&inner) ? result.combiner : result.values).push_back(&inner);
  return result;
}

LogicalResult RowWriter::writeReduction(linalg::LinalgOp op) {
  OpOperand *init = op.getDpsInitOperand(0);
  FailureOr<std::string> type =
      cudaScalarType(cast<MemRefType>(init->get().getType()).getElementType());
  FailureOr<Split> parts = split(op);
  if (failed(type) || failed(parts))
    return failure();
  // Each lane combines its elements, then the warp its lanes' parts (and
  // the block its warps'): with at least 32 elements a warp (kLongRow a
  // block) no lane's part is empty.
  std::string part = w.fresh("part"), has = w.fresh("has");
  w.line() << *type << " " << part << " = " << *type << "();\n";
  w.line() << "bool " << has << " = false;\n";
  SmallVector<std::string> dims = openElementLoop();
  if (failed(bindInputs(op, dims)) || failed(writeLinalgOps(w, parts->values, dims)))
    return failure();
  FailureOr<std::string> next = w.nameOf(parts->element);
  if (failed(next))
    return failure();
  w.line() << "if (" << has << ") {\n";
  w.enter();
  FailureOr<std::string> sum = combine(op, *parts, part, *next);
  if (failed(sum))
    return failure();
  w.line() << part << " = " << *sum << ";\n";
  w.leave();
  w.line() << "} else {\n";
  w.line() << "  " << part << " = " << *next << ";\n";
  w.line() << "  " << has << " = true;\n";
  w.line() << "}\n";
  w.close();

  std::string other = w.fresh("other");
  w.line() << "for (int s = 16; s > 0; s /= 2) {\n";
  w.enter();
  w.line() << "const " << *type << " " << other << " = __shfl_xor_sync(0xffffffffu, " << part
           << ", s);\n";
  FailureOr<std::string> both = combine(op, *parts, part, other);
  if (failed(both))
    return failure();
  w.line() << part << " = " << *both << ";\n";
  w.close();
  if (blockPerRow()) {
    // Every thread combines the warps' parts in the same order, so all hold
    // the same total; the second barrier frees the parts for the next use.
    std::string shared = w.fresh("warpParts");
    w.line() << "__shared__ " << *type << " " << shared << "[" << warpsPerRow << "];\n";
    w.line() << "if (lane == 0)\n";
    w.line() << "  " << shared << "[threadIdx.x / 32] = " << part << ";\n";
    w.line() << "__syncthreads();\n";
    w.line() << part << " = " << shared << "[0];\n";
    w.line() << "for (int k = 1; k < " << warpsPerRow << "; ++k) {\n";
    w.enter();
    FailureOr<std::string> warps = combine(op, *parts, part, shared + "[k]");
    if (failed(warps))
      return failure();
    w.line() << part << " = " << *warps << ";\n";
    w.close();
    w.line() << "__syncthreads();\n";
  }

  // The row's value before: its register, or its element in memory.
  std::string before;
  if (std::optional<std::string> held = registerOf(init->get())) {
    before = *held;
  } else {
    SmallVector<std::string> rowsOnly(rowDims);
    rowsOnly.resize(op.getNumLoops());
    FailureOr<LaunchBuffer> buffer = launchBuffer(init->get(), op);
    if (failed(buffer))
      return failure();
    FailureOr<std::string> at = elementAt(*buffer, op.getMatchingIndexingMap(init), rowsOnly);
    if (failed(at))
      return failure();
    before = w.fresh("v");
    w.line() << "const " << *type << " " << before << " = " << *at << ";\n";
  }
  FailureOr<std::string> total = combine(op, *parts, before, part);
  if (failed(total))
    return failure();
  return assign(op, *total);
}

LogicalResult RowWriter::write(int64_t &blocks) {
  int64_t rows = 1;
  for (int64_t size : group.rowSizes)
    rows *= size;
  for (int64_t size : group.elementSizes)
    elements *= size;
  int64_t largest = rows * elements;
  for (linalg::LinalgOp op : group.ops)
    for (Value operand : op->getOperands())
      if (auto type = dyn_cast<MemRefType>(operand.getType()))
        largest = std::max(largest, indexExtent(type));
  if (largest + kThreads >= (int64_t(1) << 31))
    index = "int64_t";
  if (rows < kFewRows && elements >= kLongRow)
    warpsPerRow = kWarps;
  blocks = std::clamp<int64_t>((rows + kWarps / warpsPerRow - 1) / (kWarps / warpsPerRow), 1,
                               1 << 20);
  w.line() << "// " << rows << " rows of " << elements << " elements, "
           << (blockPerRow() ? "a block per row: threads take every " +
                                   std::to_string(kThreads) +
                                   "th element, shuffles and shared memory combine their parts"
                             : "a warp per row: lanes take every 32nd element, shuffles combine "
                               "their parts")
           << "\n";
  w.line() << "const int lane = threadIdx.x % 32;\n";
  if (blockPerRow())
    w.line() << "for (" << index << " row = blockIdx.x; row < " << rows
             << "; row += gridDim.x) {\n";
  else
    w.line() << "for (" << index << " row = ((" << index
             << ")blockIdx.x * blockDim.x + threadIdx.x) / 32; row < " << rows << "; row += ("
             << index << ")gridDim.x * blockDim.x / 32) {\n";
  w.enter();
  rowDims = writeDecomposition(w, index, "row", group.rowSizes);
  for (linalg::LinalgOp op : group.ops)
    if (roleOf(op, group.rowSizes, group.elementSizes) != Role::Elements)
      lastWriter[keyOf(op.getDpsInits()[0])] = op;
  for (linalg::LinalgOp op : group.ops) {
    Role role = *roleOf(op, group.rowSizes, group.elementSizes);
    LogicalResult written = role == Role::Rows       ? writeRows(op)
                            : role == Role::Elements ? writeElements(op)
                                                     : writeReduction(op);
    if (failed(written))
      return failure();
  }
  w.close();
  return success();
}
} // namespace

LogicalResult dlc::writeRowKernel(func::FuncOp launch, CudaKernelWriter &writer,
                                  int64_t &blocks, int64_t &threads) {
  RowGroup group;
  group.ops.assign(launch.getOps<linalg::LinalgOp>().begin(),
                   launch.getOps<linalg::LinalgOp>().end());
  for (linalg::LinalgOp op : group.ops)
    if (auto shape = shapeOf(op)) {
      group.rowSizes = shape->first;
      group.elementSizes = shape->second;
      break;
    }
  bool rowsOnly =
      llvm::all_of(group.ops, [&](linalg::LinalgOp op) {
        return roleOf(op, group.rowSizes, group.elementSizes).has_value();
      }) &&
      llvm::all_of(launch.front().without_terminator(), [](Operation &op) {
        return isa<linalg::LinalgOp, arith::ConstantOp, memref::ViewOp, memref::GetGlobalOp>(op);
      });
  if (group.elementSizes.empty() || !rowsOnly)
    return launch.emitOpError("holds linalg ops that are neither a contraction nor row "
                              "reductions");
  threads = kThreads;
  return RowWriter(writer, std::move(group)).write(blocks);
}
