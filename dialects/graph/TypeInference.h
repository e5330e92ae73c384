//===- TypeInference.h - shape rules shared by dlc graph ops --------------===//
#ifndef DLC_DIALECTS_GRAPH_TYPEINFERENCE_H
#define DLC_DIALECTS_GRAPH_TYPEINFERENCE_H

#include "dialects/Support.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OperationSupport.h"
#include "mlir/IR/Location.h"
#include "mlir/Support/LogicalResult.h"

#include <optional>

namespace dlc::graph {

/// NumPy broadcasting of two shapes; emits an error at `loc` (when given) on
/// incompatible dims.
FailureOr<SmallVector<int64_t>> broadcastShapes(std::optional<Location> loc,
                                                ArrayRef<int64_t> lhs,
                                                ArrayRef<int64_t> rhs);

/// The result type of a broadcasting binary op: both operands must share an
/// element type.
LogicalResult inferBroadcastType(std::optional<Location> loc, Type lhs, Type rhs,
                                 SmallVectorImpl<Type> &types);

/// The result type of a comparison: the broadcast shape, of i1 (ONNX bool).
LogicalResult inferCompareType(std::optional<Location> loc, Type lhs, Type rhs,
                               SmallVectorImpl<Type> &types);

/// True for the element types of dlc tensors (Dlc_ElementType in DlcBase.td).
bool isTensorElementType(Type type);
/// Bytes one element of `type` takes in a buffer: a byte per bool, and a
/// dlc_string (16 bytes) per string.
int64_t elementStorageBytes(Type type);

/// Checks that `type` is a ranked tensor with a static shape.
LogicalResult requireStaticTensor(std::optional<Location> loc, Type type,
                                  StringRef what);

/// Normalizes an ONNX axis in [-rank, rank) to [0, rank).
FailureOr<int64_t> normalizeAxis(std::optional<Location> loc, int64_t axis,
                                 int64_t rank, StringRef what);

/// Checks that the window attribute `name` (strides, pads, ...) has `size`
/// entries, each at least `min`.
LogicalResult checkWindowList(std::optional<Location> loc, ArrayRef<int64_t> values,
                              StringRef name, size_t size, int64_t min);

/// One spatial axis of a sliding window: the input's size with both pads
/// added, and the extent of a kernel of `kernel` taps `dilation` apart.
struct WindowExtent {
  int64_t paddedSize;
  int64_t kernelExtent;
};

/// The WindowExtent of spatial axis `axis`, or an error if either size does
/// not fit 64 bits. `kernel` and `dilation` must be at least 1.
FailureOr<WindowExtent> inferWindowExtent(std::optional<Location> loc, size_t axis,
                                          int64_t size, int64_t padBegin, int64_t padEnd,
                                          int64_t kernel, int64_t dilation);

/// The adaptor with the op's default-valued attributes filled in. Inference
/// can run before they are: the parser infers from operands alone, and a
/// builder may leave a default out. (With attributes in the dictionary,
/// generated adaptors do not apply defaults themselves.)
template <typename OpTy>
typename OpTy::Adaptor withDefaultAttrs(MLIRContext *ctx, typename OpTy::Adaptor adaptor) {
  NamedAttrList attrs(adaptor.getAttributes());
  OpTy::populateDefaultAttrs(OperationName(OpTy::getOperationName(), ctx), attrs);
  return typename OpTy::Adaptor(adaptor.getOperands(), attrs.getDictionary(ctx));
}

/// "2x3x4" for diagnostics.
std::string formatShape(ArrayRef<int64_t> shape);

/// Row-major strides of `shape`.
SmallVector<int64_t> stridesOf(ArrayRef<int64_t> shape);

/// The multi-index of row-major position `linear` in `shape`.
SmallVector<int64_t> unflatten(int64_t linear, ArrayRef<int64_t> shape);

/// The row-major position of `index` given `strides`.
int64_t flatten(ArrayRef<int64_t> index, ArrayRef<int64_t> strides);

} // namespace dlc::graph

#endif // DLC_DIALECTS_GRAPH_TYPEINFERENCE_H
