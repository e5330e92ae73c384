//===- TypeInference.cpp - shape rules shared by dlc graph ops ------------===//
#include "dialects/graph/TypeInference.h"
#include "dialects/graph/DlcDialect.h"
#include "dlc/abi.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CheckedArithmetic.h"

using namespace mlir;

FailureOr<SmallVector<int64_t>>
dlc::graph::broadcastShapes(std::optional<Location> loc, ArrayRef<int64_t> lhs,
                     ArrayRef<int64_t> rhs) {
  size_t rank = std::max(lhs.size(), rhs.size());
  SmallVector<int64_t> result(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t l = i < rank - lhs.size() ? 1 : lhs[i - (rank - lhs.size())];
    int64_t r = i < rank - rhs.size() ? 1 : rhs[i - (rank - rhs.size())];
    if (l != r && l != 1 && r != 1)
      return emitOptionalError(loc, "operands of shapes ", formatShape(lhs),
                               " and ", formatShape(rhs),
                               " do not broadcast (dim ", i, ": ", l, " vs ",
                               r, ")");
    result[i] = l == 1 ? r : l;
  }
  return result;
}

LogicalResult dlc::graph::requireStaticTensor(std::optional<Location> loc, Type type,
                                       StringRef what) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape())
    return emitOptionalError(loc, what, " must be a statically shaped tensor, got ",
                             type);
  return success();
}

FailureOr<int64_t> dlc::graph::normalizeAxis(std::optional<Location> loc, int64_t axis,
                                      int64_t rank, StringRef what) {
  if (axis < -rank || axis >= std::max<int64_t>(rank, 1))
    return emitOptionalError(loc, what, " ", axis, " is out of range for rank ",
                             rank);
  return axis < 0 ? axis + rank : axis;
}

std::string dlc::graph::formatShape(ArrayRef<int64_t> shape) {
  if (shape.empty())
    return "scalar";
  return llvm::join(llvm::map_range(shape,
                                    [](int64_t d) { return std::to_string(d); }),
                    "x");
}

LogicalResult dlc::graph::inferBroadcastType(std::optional<Location> loc, Type lhs,
                                      Type rhs, SmallVectorImpl<Type> &types) {
  auto lhsType = cast<RankedTensorType>(lhs);
  auto rhsType = cast<RankedTensorType>(rhs);
  if (lhsType.getElementType() != rhsType.getElementType())
    return emitOptionalError(loc, "operand element types differ: ",
                             lhsType.getElementType(), " vs ",
                             rhsType.getElementType());
  FailureOr<SmallVector<int64_t>> shape =
      broadcastShapes(loc, lhsType.getShape(), rhsType.getShape());
  if (failed(shape))
    return failure();
  types.push_back(RankedTensorType::get(*shape, lhsType.getElementType()));
  return success();
}

LogicalResult dlc::graph::inferCompareType(std::optional<Location> loc, Type lhs,
                                           Type rhs, SmallVectorImpl<Type> &types) {
  if (failed(inferBroadcastType(loc, lhs, rhs, types)))
    return failure();
  auto type = cast<RankedTensorType>(types.back());
  types.back() = type.clone(IntegerType::get(type.getContext(), 1));
  return success();
}

bool dlc::graph::isTensorElementType(Type type) {
  if (isa<Float16Type, BFloat16Type, Float32Type, Float64Type>(type))
    return true;
  auto integer = dyn_cast<IntegerType>(type);
  if (!integer || integer.isSigned())
    return false;
  unsigned width = integer.getWidth();
  if (width == 1)
    return integer.isSignless();
  return width == 8 || width == 16 || width == 32 || width == 64;
}

int64_t dlc::graph::elementStorageBytes(Type type) {
  if (isa<StringType>(type))
    return sizeof(dlc_string);
  return llvm::divideCeil(type.getIntOrFloatBitWidth(), 8);
}

LogicalResult dlc::graph::checkWindowList(std::optional<Location> loc,
                                          ArrayRef<int64_t> values, StringRef name,
                                          size_t size, int64_t min) {
  if (values.size() != size)
    return emitOptionalError(
        loc, "expected ", size, " values in '", name, "' (one per spatial axis",
        name == "pads" ? ", begin then end" : "", "), found ", values.size());
  for (int64_t value : values)
    if (value < min)
      return emitOptionalError(loc, "expected '", name, "' values >= ", min, ", found ",
                               value);
  return success();
}

FailureOr<dlc::graph::WindowExtent>
dlc::graph::inferWindowExtent(std::optional<Location> loc, size_t axis, int64_t size,
                              int64_t padBegin, int64_t padEnd, int64_t kernel,
                              int64_t dilation) {
  std::optional<int64_t> padded = llvm::checkedAdd(size, padBegin);
  if (padded)
    padded = llvm::checkedAdd(*padded, padEnd);
  std::optional<int64_t> extent = llvm::checkedMul(dilation, kernel - 1);
  if (extent)
    extent = llvm::checkedAdd(*extent, int64_t(1));
  if (!padded || !extent)
    return emitOptionalError(loc, "window sizes along spatial axis ", axis,
                             " overflow 64 bits (input ", size, ", pads ", padBegin,
                             " and ", padEnd, ", kernel ", kernel, ", dilation ", dilation,
                             ")");
  return WindowExtent{*padded, *extent};
}

SmallVector<int64_t> dlc::graph::stridesOf(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t d = static_cast<int64_t>(shape.size()) - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * shape[d + 1];
  return strides;
}

SmallVector<int64_t> dlc::graph::unflatten(int64_t linear, ArrayRef<int64_t> shape) {
  SmallVector<int64_t> index(shape.size());
  for (int64_t d = static_cast<int64_t>(shape.size()) - 1; d >= 0; --d) {
    index[d] = shape[d] ? linear % shape[d] : 0;
    linear = shape[d] ? linear / shape[d] : 0;
  }
  return index;
}

int64_t dlc::graph::flatten(ArrayRef<int64_t> index, ArrayRef<int64_t> strides) {
  int64_t linear = 0;
  for (auto [i, s] : llvm::zip(index, strides))
    linear += i * s;
  return linear;
}
