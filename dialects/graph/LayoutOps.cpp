//===- LayoutOps.cpp - padding --------------------------------------------===//
#include "dialects/graph/DlcDialect.h"
#include "dialects/graph/GradientUtils.h"
#include "dialects/graph/TypeInference.h"

#include "mlir/IR/Builders.h"

#include <functional>
#include <limits>

using namespace mlir;
using namespace dlc::graph;

//===----------------------------------------------------------------------===//
// PadOp
//===----------------------------------------------------------------------===//

LogicalResult PadOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                      Adaptor adaptor, SmallVectorImpl<Type> &types) {
  adaptor = withDefaultAttrs<PadOp>(ctx, adaptor);
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  if (failed(requireStaticTensor(loc, inputType, "input")))
    return failure();
  int64_t rank = inputType.getRank();
  ArrayRef<int64_t> pads = adaptor.getPads();
  if (static_cast<int64_t>(pads.size()) != 2 * rank)
    return emitOptionalError(loc, "expected ", 2 * rank, " pads (two per dim), found ",
                             pads.size());
  StringRef mode = adaptor.getMode();
  // Per mode, how many elements a dim of size n can give to one side.
  std::function<int64_t(int64_t)> available;
  if (mode == "constant")
    available = [](int64_t) { return std::numeric_limits<int64_t>::max(); };
  else if (mode == "reflect")
    available = [](int64_t n) { return n - 1; };
  else if (mode == "edge")
    available = [](int64_t n) { return n > 0 ? std::numeric_limits<int64_t>::max() : 0; };
  else if (mode == "wrap")
    available = [](int64_t n) { return n; };
  else
    return emitOptionalError(loc, "expected mode \"constant\", \"reflect\", \"edge\" or "
                                  "\"wrap\", found \"",
                             mode, "\"");
  SmallVector<int64_t> shape;
  for (int64_t dim = 0; dim < rank; ++dim) {
    int64_t begin = pads[dim], end = pads[dim + rank];
    int64_t cropped = inputType.getDimSize(dim) + std::min<int64_t>(begin, 0) +
                      std::min<int64_t>(end, 0);
    if (cropped < 0)
      return emitOptionalError(loc, "pads ", begin, " and ", end, " crop more than the ",
                               inputType.getDimSize(dim), " elements of dim ", dim);
    if (std::max(begin, end) > available(cropped))
      return emitOptionalError(loc, "mode \"", mode, "\" cannot pad dim ", dim, " of size ",
                               cropped, " by ", std::max(begin, end));
    shape.push_back(cropped + std::max<int64_t>(begin, 0) + std::max<int64_t>(end, 0));
  }
  types.push_back(inputType.clone(shape));
  return success();
}

namespace {
/// `size` elements of `input` along `dim` from `start`, `step` apart.
Value sliceAlong(OpBuilder &b, Location loc, Value input, int64_t dim, int64_t start,
                 int64_t size, int64_t step) {
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> starts(type.getRank(), 0), sizes(type.getShape()),
      steps(type.getRank(), 1);
  starts[dim] = start;
  sizes[dim] = size;
  steps[dim] = step;
  return b.create<SliceOp>(loc, input, b.getDenseI64ArrayAttr(starts),
                           b.getDenseI64ArrayAttr(sizes), b.getDenseI64ArrayAttr(steps));
}

/// What `op` puts before (or after) `dim` of `input`: `count` elements.
Value buildPadding(PadOp op, OpBuilder &b, Value input, int64_t dim, int64_t count,
                          bool atEnd) {
  Location loc = op.getLoc();
  auto type = cast<RankedTensorType>(input.getType());
  int64_t size = type.getDimSize(dim);
  SmallVector<int64_t> shape(type.getShape());
  shape[dim] = count;
  StringRef mode = op.getMode();
  if (mode == "constant")
    return createSplat(b, loc, type.clone(shape), op.getConstantValue().convertToDouble());
  if (mode == "edge")
    return b.create<ExpandOp>(loc, sliceAlong(b, loc, input, dim, atEnd ? size - 1 : 0, 1, 1),
                              b.getDenseI64ArrayAttr(shape));
  if (mode == "reflect")
    return sliceAlong(b, loc, input, dim, atEnd ? size - 2 : count, count, -1);
  return sliceAlong(b, loc, input, dim, atEnd ? 0 : size - count, count, 1);
}
} // namespace

LogicalResult PadOp::decompose(OpBuilder &b, SmallVectorImpl<Value> &replacements) {
  // A crop of the negative pads, then per padded dim a concatenation of
  // slices (or constants) of what is there so far: their gradients are
  // slices of the result's and, where an element is read twice, their sum.
  Location loc = getLoc();
  Value result = getInput();
  auto type = cast<RankedTensorType>(result.getType());
  int64_t rank = type.getRank();
  ArrayRef<int64_t> pads = getPads();
  if (llvm::any_of(pads, [](int64_t pad) { return pad < 0; })) {
    SmallVector<int64_t> starts, sizes;
    for (int64_t dim = 0; dim < rank; ++dim) {
      int64_t begin = std::min<int64_t>(pads[dim], 0);
      int64_t end = std::min<int64_t>(pads[dim + rank], 0);
      starts.push_back(-begin);
      sizes.push_back(type.getDimSize(dim) + begin + end);
    }
    result = b.create<SliceOp>(loc, result, b.getDenseI64ArrayAttr(starts),
                               b.getDenseI64ArrayAttr(sizes),
                               b.getDenseI64ArrayAttr(SmallVector<int64_t>(rank, 1)));
  }
  for (int64_t dim = 0; dim < rank; ++dim) {
    int64_t begin = pads[dim], end = pads[dim + rank];
    if (begin <= 0 && end <= 0)
      continue;
    SmallVector<Value> pieces;
    if (begin > 0)
      pieces.push_back(buildPadding(*this, b, result, dim, begin, /*atEnd=*/false));
    if (cast<RankedTensorType>(result.getType()).getDimSize(dim) > 0)
      pieces.push_back(result);
    if (end > 0)
      pieces.push_back(buildPadding(*this, b, result, dim, end, /*atEnd=*/true));
    result = pieces.size() == 1
                 ? pieces.front()
                 : b.create<ConcatOp>(loc, pieces, b.getI64IntegerAttr(dim)).getResult();
  }
  replacements.push_back(result);
  return success();
}
