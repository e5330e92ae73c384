//===- LaunchBuffers.cpp - the buffers a tiled launch indexes -------------===//
#include "passes/cuda/LaunchBuffers.h"

#include "llvm/ADT/StringExtras.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/AffineExpr.h"

using namespace mlir;
using namespace dlc;

namespace {
std::string str(int64_t value) { return std::to_string(value); }

// `expr` as C over the dims' names. Indices are in bounds, so never
// negative: C's division is floordiv's.
FailureOr<std::string> render(AffineExpr expr, ArrayRef<std::string> dims) {
  if (auto dim = dyn_cast<AffineDimExpr>(expr))
    return dims[dim.getPosition()];
  if (auto constant = dyn_cast<AffineConstantExpr>(expr))
    return str(constant.getValue());
  auto binary = dyn_cast<AffineBinaryOpExpr>(expr);
  if (!binary)
    return failure();
  FailureOr<std::string> lhs = render(binary.getLHS(), dims);
  FailureOr<std::string> rhs = render(binary.getRHS(), dims);
  if (failed(lhs) || failed(rhs))
    return failure();
  switch (expr.getKind()) {
  case AffineExprKind::Add: return "(" + *lhs + " + " + *rhs + ")";
  case AffineExprKind::Mul: return "(" + *lhs + " * " + *rhs + ")";
  case AffineExprKind::FloorDiv: return "(" + *lhs + " / " + *rhs + ")";
  case AffineExprKind::Mod: return "(" + *lhs + " % " + *rhs + ")";
  default: return failure();
  }
}
} // namespace

FailureOr<LaunchBuffer> dlc::launchBuffer(Value value, Operation *user) {
  auto type = dyn_cast<MemRefType>(value.getType());
  LaunchBuffer buffer;
  if (!type || !type.hasStaticShape() ||
      failed(getStridesAndOffset(type, buffer.strides, buffer.offset)))
    return user->emitOpError("reads a buffer GPU code cannot index");
  buffer.element = type.getElementType();
  if (auto argument = dyn_cast<BlockArgument>(value)) {
    buffer.name = "a" + str(argument.getArgNumber());
    return buffer;
  }
  if (auto global = value.getDefiningOp<memref::GetGlobalOp>()) {
    buffer.name = cudaGlobalName(global.getName());
    return buffer;
  }
  auto view = value.getDefiningOp<memref::ViewOp>();
  std::optional<int64_t> shift = view ? getConstantIntValue(view.getByteShift()) : std::nullopt;
  FailureOr<std::string> element = cudaStorageType(type.getElementType());
  if (!view || !isa<BlockArgument>(view.getSource()) || !shift || failed(element))
    return user->emitOpError("reads a buffer that is not an argument of its launch");
  buffer.name = "((" + *element + "*)((char*)a" +
                str(cast<BlockArgument>(view.getSource()).getArgNumber()) + " + " + str(*shift) +
                "))";
  return buffer;
}

FailureOr<std::string> dlc::elementAt(const LaunchBuffer &buffer, AffineMap map,
                                      ArrayRef<std::string> dims) {
  std::string at = buffer.offset ? str(buffer.offset) : "";
  for (auto [expr, stride] : llvm::zip(map.getResults(), buffer.strides)) {
    FailureOr<std::string> index = render(expr, dims);
    if (failed(index))
      return failure();
    if (*index == "0")
      continue;
    at += (at.empty() ? "" : " + ") + *index + (stride == 1 ? "" : " * " + str(stride));
  }
  return buffer.name + "[" + (at.empty() ? "0" : at) + "]";
}

FailureOr<std::string> dlc::paddedElementAt(const LaunchBuffer &source, ArrayRef<int64_t> sizes,
                                            ArrayRef<int64_t> low, ArrayRef<int64_t> shape,
                                            AffineMap map, ArrayRef<std::string> dims,
                                            const std::string &padding) {
  std::string at = source.offset ? str(source.offset) : "";
  SmallVector<std::string> inside;
  for (auto [expr, size, first, extent, stride] :
       llvm::zip(map.getResults(), sizes, low, shape, source.strides)) {
    FailureOr<std::string> index = render(expr, dims);
    if (failed(index))
      return failure();
    if (first > 0)
      inside.push_back(*index + " >= " + str(first));
    if (first + size < extent)
      inside.push_back(*index + " < " + str(first + size));
    std::string shifted = first ? "(" + *index + " - " + str(first) + ")" : *index;
    if (shifted != "0")
      at += (at.empty() ? "" : " + ") + shifted + (stride == 1 ? "" : " * " + str(stride));
  }
  std::string element =
      cudaLoad(source.name + "[" + (at.empty() ? "0" : at) + "]", source.element);
  if (inside.empty())
    return element;
  return "(" + llvm::join(inside, " && ") + " ? " + element + " : " + padding + ")";
}

int64_t dlc::indexExtent(MemRefType type) {
  auto [strides, offset] = getStridesAndOffset(type);
  int64_t last = offset;
  for (auto [size, stride] : llvm::zip(type.getShape(), strides))
    last += (size - 1) * std::abs(stride);
  return last + 1;
}

SmallVector<std::string> dlc::writeDecomposition(CudaKernelWriter &writer, StringRef index,
                                                 const std::string &flat,
                                                 ArrayRef<int64_t> sizes) {
  SmallVector<std::string> names(sizes.size());
  std::string rest = flat;
  for (size_t i = sizes.size(); i-- > 0;) {
    if (i == 0) {
      names[0] = rest;
      break;
    }
    names[i] = writer.fresh("d");
    writer.line() << "const " << index << " " << names[i] << " = " << rest << " % " << sizes[i]
                  << ";\n";
    std::string next = writer.fresh("d");
    writer.line() << "const " << index << " " << next << " = " << rest << " / " << sizes[i]
                  << ";\n";
    rest = next;
  }
  return names;
}

LogicalResult dlc::bindInput(CudaKernelWriter &writer, linalg::LinalgOp op, OpOperand *input,
                             ArrayRef<std::string> dims) {
  BlockArgument argument = op.getMatchingBlockArgument(input);
  if (argument.use_empty())
    return success();
  if (!isa<MemRefType>(input->get().getType())) {
    FailureOr<std::string> name = writer.nameOf(input->get());
    if (failed(name))
      return failure();
    writer.bindScalar(argument, *name);
    return success();
  }
  FailureOr<LaunchBuffer> buffer = launchBuffer(input->get(), op);
  FailureOr<std::string> type = cudaScalarType(argument.getType());
  if (failed(buffer) || failed(type))
    return op->emitOpError("reads elements GPU code cannot hold");
  FailureOr<std::string> at = elementAt(*buffer, op.getMatchingIndexingMap(input), dims);
  if (failed(at))
    return op->emitOpError("has an operand map GPU code cannot index");
  std::string name = writer.fresh("v");
  writer.line() << "const " << *type << " " << name << " = " << cudaLoad(*at, argument.getType())
                << ";\n";
  writer.bindScalar(argument, name);
  return success();
}

LogicalResult dlc::writeLinalgOps(CudaKernelWriter &writer, ArrayRef<Operation *> ops,
                                  ArrayRef<std::string> dims) {
  for (Operation *op : ops) {
    if (auto position = dyn_cast<linalg::IndexOp>(op)) {
      writer.bindScalar(position, "(int64_t)" + dims[position.getDim()]);
      continue;
    }
    if (failed(writer.emit(op)))
      return failure();
  }
  return success();
}

FailureOr<std::string> dlc::writeLinalgBody(CudaKernelWriter &writer, linalg::LinalgOp op,
                                            ArrayRef<std::string> dims) {
  SmallVector<Operation *> body = llvm::map_to_vector(
      op.getBlock()->without_terminator(), [](Operation &inner) { return &inner; });
  if (failed(writeLinalgOps(writer, body, dims)))
    return failure();
  return writer.nameOf(op.getBlock()->getTerminator()->getOperand(0));
}
