//===- Splitting.cpp - a tensor cut into parts along an axis --------------===//
#include "compiler/import/Splitting.h"

#include "dialects/graph/DlcDialect.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

FailureOr<int64_t> dlc::readAxis(NodeImporter &node, StringRef name, int64_t defaultValue,
                                 int64_t rank) {
  int64_t axis = node.intAttr(name, defaultValue);
  if (axis < -rank || axis >= rank)
    return node.emitError() << "axis " << axis << " is out of range for rank " << rank;
  return axis < 0 ? axis + rank : axis;
}

FailureOr<SmallVector<Value>> dlc::splitAlong(NodeImporter &node, Value input, int64_t axis,
                                              ArrayRef<int64_t> sizes) {
  auto type = cast<RankedTensorType>(input.getType());
  int64_t rank = type.getRank(), dim = type.getDimSize(axis);
  int64_t offset = 0;
  OpBuilder &b = node.builder();
  SmallVector<Value> parts;
  for (int64_t size : sizes) {
    if (size < 0 || offset > dim - size)
      return node.emitError() << "split sizes must be >= 0 and add up to dim " << dim;
    SmallVector<int64_t> starts(rank, 0), boxSizes(type.getShape()), steps(rank, 1);
    starts[axis] = size > 0 ? offset : 0;
    boxSizes[axis] = size;
    offset += size;
    FailureOr<SliceOp> part = node.create<SliceOp>(
        input, {b.getNamedAttr("starts", b.getDenseI64ArrayAttr(starts)),
                b.getNamedAttr("sizes", b.getDenseI64ArrayAttr(boxSizes)),
                b.getNamedAttr("steps", b.getDenseI64ArrayAttr(steps))});
    if (failed(part))
      return failure();
    parts.push_back(part->getResult());
  }
  if (offset != dim)
    return node.emitError() << "split sizes add up to " << offset << ", not dim " << dim;
  return parts;
}
