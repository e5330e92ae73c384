//===- LayoutImporters.cpp - Pad, DepthToSpace, SpaceToDepth, Col2Im ------===//
//
// Pad imports whole (dlc.pad). DepthToSpace and SpaceToDepth are a reshape,
// a transpose and a reshape, which lower, fuse and differentiate as such.
// Col2Im is a scatter-add of the columns to the image positions their
// blocks cover, indices computed at import.
//
//===----------------------------------------------------------------------===//
#include "compiler/import/NodeImporter.h"
#include "compiler/import/WindowAttrs.h"
#include "dialects/graph/DlcDialect.h"
#include "dialects/graph/GradientUtils.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
/// The single value of literal input `i` (a scalar or a one-element tensor).
FailureOr<double> literalScalar(NodeImporter &node, int i) {
  FailureOr<DenseElementsAttr> literal = node.constantInput(i);
  if (failed(literal))
    return failure();
  if (literal->getNumElements() != 1)
    return node.emitError() << "expected input " << i << " to hold one value, found "
                            << literal->getType();
  Type element = literal->getElementType();
  if (isa<FloatType>(element))
    return (*literal->value_begin<APFloat>()).convertToDouble();
  APInt value = *literal->value_begin<APInt>();
  return element.isUnsignedInteger() || element.isInteger(1)
             ? static_cast<double>(value.getZExtValue())
             : static_cast<double>(value.getSExtValue());
}

// Opset 11+: pads, constant_value and (opset 18) axes are inputs, known at
// compile time; older forms arrive converted to this one.
LogicalResult importPad(NodeImporter &node) {
  FailureOr<NamedAttrList> attrs =
      node.odsAttributes<PadOp>({}, /*derived=*/{"pads", "constant_value"});
  if (failed(attrs))
    return failure();
  Value input = node.input(0);
  if (!input)
    return failure();
  int64_t rank = cast<RankedTensorType>(input.getType()).getRank();
  FailureOr<SmallVector<int64_t>> pads = node.constantInts(1);
  if (failed(pads))
    return failure();
  SmallVector<int64_t> axes = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  if (node.hasInput(3)) {
    FailureOr<SmallVector<int64_t>> given = node.constantInts(3);
    if (failed(given))
      return failure();
    axes = *given;
  }
  int64_t count = static_cast<int64_t>(axes.size());
  if (static_cast<int64_t>(pads->size()) != 2 * count)
    return node.emitError() << "expected " << 2 * count << " pads (two per axis), found "
                            << pads->size();
  SmallVector<int64_t> fullPads(2 * rank, 0);
  SmallVector<bool> seen(rank, false);
  for (auto [k, axis] : llvm::enumerate(axes)) {
    if (axis < -rank || axis >= rank)
      return node.emitError() << "axis " << axis << " is out of range for rank " << rank;
    int64_t dim = axis < 0 ? axis + rank : axis;
    if (seen[dim])
      return node.emitError() << "expected distinct axes, found axis " << axis << " twice";
    seen[dim] = true;
    fullPads[dim] = (*pads)[k];
    fullPads[dim + rank] = (*pads)[k + count];
  }
  OpBuilder &b = node.builder();
  attrs->set("pads", b.getDenseI64ArrayAttr(fullPads));
  if (node.hasInput(2)) {
    FailureOr<double> value = literalScalar(node, 2);
    if (failed(value))
      return failure();
    attrs->set("constant_value", b.getF64FloatAttr(*value));
  }
  return node.createOutputs<PadOp>(input, attrs->getAttrs());
}

/// `input` reshaped to `split`, permuted by `perm` and reshaped to `merged`
/// as the node's output.
LogicalResult importShuffle(NodeImporter &node, Value input, ArrayRef<int64_t> split,
                            ArrayRef<int64_t> perm, ArrayRef<int64_t> merged) {
  OpBuilder &b = node.builder();
  FailureOr<ReshapeOp> view =
      node.create<ReshapeOp>(input, {b.getNamedAttr("shape", b.getDenseI64ArrayAttr(split))});
  if (failed(view))
    return failure();
  FailureOr<TransposeOp> permuted = node.create<TransposeOp>(
      view->getResult(), {b.getNamedAttr("perm", b.getDenseI64ArrayAttr(perm))});
  if (failed(permuted))
    return failure();
  return node.createOutputs<ReshapeOp>(
      permuted->getResult(), {b.getNamedAttr("shape", b.getDenseI64ArrayAttr(merged))});
}

/// The input [N, C, H, W] and blocksize of DepthToSpace or SpaceToDepth.
struct BlockInput {
  Value input;
  int64_t n, c, h, w, block;
};

FailureOr<BlockInput> blockInput(NodeImporter &node) {
  if (!node.hasAttr("blocksize"))
    return node.emitError() << "attribute 'blocksize' is required";
  Value input = node.input(0);
  if (!input)
    return failure();
  auto type = cast<RankedTensorType>(input.getType());
  if (type.getRank() != 4)
    return node.emitError() << "expected an input [N, C, H, W], found " << type;
  int64_t block = node.intAttr("blocksize", 1);
  if (block < 1)
    return node.emitError() << "expected blocksize >= 1, found " << block;
  return BlockInput{input, type.getDimSize(0), type.getDimSize(1), type.getDimSize(2),
                    type.getDimSize(3), block};
}

// DCR: channels read as [b, b, C'] (depth, column, row); CRD: as [C', b, b].
LogicalResult importDepthToSpace(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"blocksize", "mode"})))
    return failure();
  FailureOr<BlockInput> in = blockInput(node);
  if (failed(in))
    return failure();
  auto [input, n, c, h, w, k] = *in;
  if (c % (k * k) != 0)
    return node.emitError() << "expected channels divisible by blocksize^2 = " << k * k
                            << ", found " << c;
  int64_t depth = c / (k * k);
  SmallVector<int64_t> merged{n, depth, h * k, w * k};
  std::string mode = node.stringAttr("mode", "DCR");
  if (mode == "DCR")
    return importShuffle(node, input, {n, k, k, depth, h, w}, {0, 3, 4, 1, 5, 2}, merged);
  if (mode == "CRD")
    return importShuffle(node, input, {n, depth, k, k, h, w}, {0, 1, 4, 2, 5, 3}, merged);
  return node.emitError() << "expected mode \"DCR\" or \"CRD\", found \"" << mode << "\"";
}

LogicalResult importSpaceToDepth(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"blocksize"})))
    return failure();
  FailureOr<BlockInput> in = blockInput(node);
  if (failed(in))
    return failure();
  auto [input, n, c, h, w, k] = *in;
  if (h % k != 0 || w % k != 0)
    return node.emitError() << "expected height and width divisible by blocksize " << k
                            << ", found " << h << "x" << w;
  return importShuffle(node, input, {n, c, h / k, k, w / k, k}, {0, 3, 5, 1, 2, 4},
                       {n, c * k * k, h / k, w / k});
}
// Col2Im (opset 18) sums each column entry into the image position its
// block and offset cover: a scatter-add along one flat [C * image] axis per
// batch entry, whose literal indices send entries that land in the padding
// to one extra slot, cut off afterwards.
LogicalResult importCol2Im(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"dilations", "pads", "strides"})))
    return failure();
  Value input = node.input(0);
  if (!input)
    return failure();
  FailureOr<SmallVector<int64_t>> image = node.constantInts(1);
  FailureOr<SmallVector<int64_t>> block = node.constantInts(2);
  if (failed(image) || failed(block))
    return failure();
  size_t rank = image->size();
  if (rank == 0 || block->size() != rank)
    return node.emitError() << "expected image_shape and block_shape of one length >= 1";
  FailureOr<SmallVector<int64_t>> dilations = spatialAttr(node, "dilations", rank, 1);
  FailureOr<SmallVector<int64_t>> strides = spatialAttr(node, "strides", rank, 1);
  FailureOr<SmallVector<int64_t>> pads = spatialAttr(node, "pads", 2 * rank, 0);
  if (failed(dilations) || failed(strides) || failed(pads))
    return failure();
  auto type = cast<RankedTensorType>(input.getType());
  int64_t blockSize = 1, imageSize = 1, columns = 1;
  SmallVector<int64_t> counts;
  // Each size below 2^31 and each product below 2^26 keep the arithmetic
  // in 64 bits.
  constexpr int64_t kDimLimit = int64_t(1) << 31, kCountLimit = int64_t(1) << 26;
  auto within = [](int64_t v, int64_t lo, int64_t hi) { return v >= lo && v < hi; };
  for (size_t d = 0; d < rank; ++d) {
    if (!within((*image)[d], 1, kDimLimit) || !within((*block)[d], 1, kDimLimit) ||
        !within((*strides)[d], 1, kDimLimit) || !within((*dilations)[d], 1, kDimLimit) ||
        !within((*pads)[d], 0, kDimLimit) || !within((*pads)[rank + d], 0, kDimLimit))
      return node.emitError() << "expected image and block sizes, strides and dilations in "
                                 "[1, 2^31) and pads in [0, 2^31) along dim "
                              << d;
    int64_t extent = (*dilations)[d] * ((*block)[d] - 1) + 1;
    int64_t padded = (*image)[d] + (*pads)[d] + (*pads)[rank + d];
    if (padded < extent)
      return node.emitError() << "the dilated block (" << extent
                              << ") does not fit the padded image (" << padded
                              << ") along dim " << d;
    counts.push_back((padded - extent) / (*strides)[d] + 1);
    blockSize *= (*block)[d];
    imageSize *= (*image)[d];
    columns *= counts.back();
    if (blockSize > kCountLimit || imageSize > kCountLimit || columns > kCountLimit)
      return node.emitError() << "more than 2^26 block, image or column positions are not "
                                 "supported";
  }
  if (type.getRank() != 3 || type.getDimSize(1) % blockSize != 0 ||
      type.getDimSize(2) != columns)
    return node.emitError() << "expected an input [N, C * " << blockSize << ", " << columns
                            << "] (blocks of " << blockSize << " elements at " << columns
                            << " positions), found " << type;
  int64_t batch = type.getDimSize(0), channels = type.getDimSize(1) / blockSize;
  int64_t entries = channels * blockSize * columns;
  if (entries > kCountLimit || (entries > 0 && batch > kCountLimit / entries) ||
      channels * imageSize > kCountLimit)
    return node.emitError() << "more than 2^26 column entries or image elements are not "
                               "supported";
  int64_t trash = channels * imageSize;
  SmallVector<int64_t> targets;
  for (int64_t c = 0; c < channels; ++c)
    for (int64_t k = 0; k < blockSize; ++k)
      for (int64_t l = 0; l < columns; ++l) {
        int64_t target = 0, kRest = k, lRest = l, kInner = blockSize, lInner = columns;
        bool inside = true;
        for (size_t d = 0; d < rank; ++d) {
          kInner /= (*block)[d];
          lInner /= counts[d];
          int64_t offset = kRest / kInner, position = lRest / lInner;
          kRest %= kInner;
          lRest %= lInner;
          int64_t at = position * (*strides)[d] - (*pads)[d] + offset * (*dilations)[d];
          inside &= at >= 0 && at < (*image)[d];
          target = target * (*image)[d] + at;
        }
        targets.push_back(inside ? c * imageSize + target : trash);
      }
  SmallVector<int64_t> allTargets;
  for (int64_t n = 0; n < batch; ++n)
    llvm::append_range(allTargets, targets);
  OpBuilder &b = node.builder();
  Location loc = node.loc();
  auto indexType = RankedTensorType::get({batch, entries}, b.getI64Type());
  Value indices = b.create<graph::ConstantOp>(loc, indexType,
                                              DenseElementsAttr::get(indexType, ArrayRef<int64_t>(allTargets)));
  FailureOr<ReshapeOp> flat = node.create<ReshapeOp>(
      input, {b.getNamedAttr("shape", b.getDenseI64ArrayAttr({batch, entries}))});
  if (failed(flat))
    return failure();
  Value zeros = createSplat(
      b, loc, RankedTensorType::get({batch, trash + 1}, type.getElementType()), 0.0);
  FailureOr<ScatterElementsOp> sums = node.create<ScatterElementsOp>(
      ValueRange{zeros, indices, flat->getResult()},
      {b.getNamedAttr("axis", b.getI64IntegerAttr(1)),
       b.getNamedAttr("reduction", b.getStringAttr("add"))});
  if (failed(sums))
    return failure();
  FailureOr<SliceOp> kept = node.create<SliceOp>(
      sums->getResult(), {b.getNamedAttr("starts", b.getDenseI64ArrayAttr({0, 0})),
                          b.getNamedAttr("sizes", b.getDenseI64ArrayAttr({batch, trash})),
                          b.getNamedAttr("steps", b.getDenseI64ArrayAttr({1, 1}))});
  if (failed(kept))
    return failure();
  SmallVector<int64_t> shape{batch, channels};
  llvm::append_range(shape, *image);
  return node.createOutputs<ReshapeOp>(
      kept->getResult(), {b.getNamedAttr("shape", b.getDenseI64ArrayAttr(shape))});
}
} // namespace

void dlc::registerLayoutImporters(ImporterRegistry &registry) {
  registry.add("Pad", importPad, /*constantOperands=*/{1, 2, 3});
  registry.add("DepthToSpace", importDepthToSpace);
  registry.add("SpaceToDepth", importSpaceToDepth);
  registry.add("Col2Im", importCol2Im, /*constantOperands=*/{1, 2});
}
