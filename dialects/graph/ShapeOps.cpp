//===- ShapeOps.cpp - type inference, folding and gradients of shape ops --===//
#include "dialects/graph/DlcDialect.h"
#include "dialects/graph/GradientUtils.h"
#include "dialects/graph/TypeInference.h"

#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Sequence.h"
#include "llvm/Support/MathExtras.h"

#include <limits>

using namespace mlir;
using namespace dlc::graph;

namespace {
// Larger literals stay transposes: a folded literal is stored in the
// artifact beside the one it came from.
constexpr int64_t kMaxTransposedLiteral = 4096;

// The element count of non-negative `dims`, saturated so that an absurd
// shape attribute reads as too many elements instead of overflowing.
int64_t product(ArrayRef<int64_t> dims) {
  uint64_t result = 1;
  for (int64_t dim : dims)
    result = llvm::SaturatingMultiply<uint64_t>(result, dim);
  return std::min<uint64_t>(result, std::numeric_limits<int64_t>::max());
}

// The result shape of ONNX Reshape: resolves the 0s (copied input dims
// unless `allowZero`) and the -1 (whatever size keeps the element count).
FailureOr<SmallVector<int64_t>> resolveReshape(std::optional<Location> loc,
                                               ArrayRef<int64_t> inputShape,
                                               ArrayRef<int64_t> shape,
                                               int64_t allowZero) {
  if (allowZero != 0 && allowZero != 1)
    return emitOptionalError(loc, "expected allowzero 0 or 1, found ", allowZero);
  SmallVector<int64_t> result(shape);
  std::optional<size_t> inferred;
  for (auto [i, dim] : llvm::enumerate(shape)) {
    if (dim < -1)
      return emitOptionalError(loc, "expected 'shape' values >= -1, found ", dim,
                               " at index ", i);
    if (dim == -1) {
      if (inferred)
        return emitOptionalError(loc, "expected at most one -1 in 'shape', found "
                                 "two (indices ", *inferred, " and ", i, ")");
      inferred = i;
    } else if (dim == 0 && !allowZero) {
      if (i >= inputShape.size())
        return emitOptionalError(loc, "expected 'shape' index ", i, " (a 0, which "
                                 "copies the input dim) below the input rank ",
                                 inputShape.size());
      result[i] = inputShape[i];
    }
  }
  int64_t elements = product(inputShape);
  if (inferred) {
    if (allowZero && llvm::is_contained(shape, 0))
      return emitOptionalError(loc, "expected no -1 in 'shape' when allowzero = 1 "
                               "makes its 0s literal zero dims, found both");
    result[*inferred] = 1;
    int64_t known = product(result);
    if (known == 0)
      return emitOptionalError(loc, "expected the dims other than -1 in 'shape' "
                               "to have a non-zero product, found 0");
    if (elements % known != 0)
      return emitOptionalError(loc, "expected the input's ", elements,
                               " elements to be divisible by ", known,
                               " (the dims other than -1 in 'shape')");
    result[*inferred] = elements / known;
  }
  if (product(result) != elements)
    return emitOptionalError(loc, "expected a shape of ", elements,
                             " elements like the input ", formatShape(inputShape),
                             ", found ", formatShape(result), " of ", product(result),
                             " elements");
  return result;
}

SmallVector<int64_t> permutationOrReversed(std::optional<ArrayRef<int64_t>> perm,
                                           int64_t rank) {
  if (perm)
    return SmallVector<int64_t>(*perm);
  return llvm::to_vector(llvm::reverse(llvm::seq<int64_t>(0, rank)));
}

// Reshape and Flatten only regroup dims: the gradient regroups them back.
LogicalResult regroupGradient(OpBuilder &builder, Location loc, Value input,
                              ValueRange resultGradients,
                              SmallVectorImpl<Value> &operandGradients) {
  Value gradient = resultGradients.front();
  operandGradients.push_back(
      gradient ? reshapeTo(builder, loc, gradient,
                           cast<RankedTensorType>(input.getType()).getShape())
               : Value());
  return success();
}

// A reshape that keeps the type is its input; a reshaped literal is a
// literal of the new shape.
OpFoldResult foldReshape(Value input, Attribute literal, Type resultType) {
  if (input.getType() == resultType)
    return input;
  if (auto dense = dyn_cast_or_null<DenseElementsAttr>(literal))
    return dense.reshape(cast<ShapedType>(resultType));
  return {};
}

// Only the last of a chain of reshapes (or flattens) matters.
template <typename OpTy>
struct ComposeReshapes : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op, PatternRewriter &rewriter) const override {
    Operation *producer = op.getInput().getDefiningOp();
    if (!isa_and_nonnull<ReshapeOp, FlattenOp>(producer))
      return failure();
    rewriter.replaceOp(op, reshapeTo(rewriter, op.getLoc(), producer->getOperand(0),
                                     op.getType().getShape()));
    return success();
  }
};

// transpose(transpose(x, inner), outer) reads x through one permutation.
struct ComposeTransposes : OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(TransposeOp op, PatternRewriter &rewriter) const override {
    auto producer = op.getInput().getDefiningOp<TransposeOp>();
    if (!producer)
      return failure();
    SmallVector<int64_t> inner = producer.getPermutation();
    SmallVector<int64_t> composed = llvm::map_to_vector(
        op.getPermutation(), [&](int64_t dim) { return inner[dim]; });
    rewriter.replaceOpWithNewOp<TransposeOp>(op, producer.getInput(),
                                             rewriter.getDenseI64ArrayAttr(composed));
    return success();
  }
};
} // namespace

//===----------------------------------------------------------------------===//
// ReshapeOp
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                          Adaptor adaptor, SmallVectorImpl<Type> &types) {
  if (failed(requireStaticTensor(loc, adaptor.getInput().getType(), "input")))
    return failure();
  if (!adaptor.getShapeAttr())
    return emitOptionalError(loc, "expected attribute 'shape'");
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  FailureOr<SmallVector<int64_t>> shape = resolveReshape(
      loc, inputType.getShape(), adaptor.getShape(), adaptor.getAllowzero());
  if (failed(shape))
    return failure();
  types.push_back(inputType.clone(*shape));
  return success();
}

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  return foldReshape(getInput(), adaptor.getInput(), getType());
}

void ReshapeOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                            MLIRContext *context) {
  patterns.add<ComposeReshapes<ReshapeOp>>(context);
}

LogicalResult ReshapeOp::buildGradient(OpBuilder &builder, ValueRange resultGradients,
                                       SmallVectorImpl<Value> &operandGradients) {
  return regroupGradient(builder, getLoc(), getInput(), resultGradients,
                         operandGradients);
}

//===----------------------------------------------------------------------===//
// FlattenOp
//===----------------------------------------------------------------------===//

LogicalResult FlattenOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                          Adaptor adaptor, SmallVectorImpl<Type> &types) {
  if (failed(requireStaticTensor(loc, adaptor.getInput().getType(), "input")))
    return failure();
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  int64_t rank = inputType.getRank();
  int64_t axis = adaptor.getAxis();
  // Unlike most ONNX axes, Flatten's may equal the rank.
  if (axis < -rank || axis > rank)
    return emitOptionalError(loc, "expected axis in [", -rank, ", ", rank,
                             "] for an input of rank ", rank, ", found ", axis);
  if (axis < 0)
    axis += rank;
  ArrayRef<int64_t> shape = inputType.getShape();
  types.push_back(inputType.clone(
      {product(shape.take_front(axis)), product(shape.drop_front(axis))}));
  return success();
}

OpFoldResult FlattenOp::fold(FoldAdaptor adaptor) {
  return foldReshape(getInput(), adaptor.getInput(), getType());
}

void FlattenOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                            MLIRContext *context) {
  patterns.add<ComposeReshapes<FlattenOp>>(context);
}

LogicalResult FlattenOp::buildGradient(OpBuilder &builder, ValueRange resultGradients,
                                       SmallVectorImpl<Value> &operandGradients) {
  return regroupGradient(builder, getLoc(), getInput(), resultGradients,
                         operandGradients);
}

//===----------------------------------------------------------------------===//
// TransposeOp
//===----------------------------------------------------------------------===//

SmallVector<int64_t> TransposeOp::getPermutation() {
  return permutationOrReversed(getPerm(), getInput().getType().getRank());
}

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  if (failed(requireStaticTensor(loc, adaptor.getInput().getType(), "input")))
    return failure();
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  int64_t rank = inputType.getRank();
  SmallVector<int64_t> perm = permutationOrReversed(adaptor.getPerm(), rank);
  if (static_cast<int64_t>(perm.size()) != rank)
    return emitOptionalError(loc, "expected 'perm' of ", rank,
                             " entries (one per input dim), found ", perm.size());
  SmallVector<bool> seen(rank, false);
  SmallVector<int64_t> shape;
  for (int64_t dim : perm) {
    if (dim < 0 || dim >= rank)
      return emitOptionalError(loc, "expected 'perm' entries in [0, ", rank,
                               "), found ", dim);
    if (seen[dim])
      return emitOptionalError(loc, "expected 'perm' to name every dim once, "
                               "found ", dim, " twice");
    seen[dim] = true;
    shape.push_back(inputType.getDimSize(dim));
  }
  types.push_back(inputType.clone(shape));
  return success();
}

OpFoldResult TransposeOp::fold(FoldAdaptor adaptor) {
  SmallVector<int64_t> perm = getPermutation();
  if (llvm::equal(perm, llvm::seq<int64_t>(0, perm.size())))
    return getInput();
  // Exporters reorder small index lists this way (Swin's window padding
  // turns its pads around through Transpose and Reshape): folded, they stay
  // literals for the ops that need one, such as Pad.
  auto dense = dyn_cast_or_null<DenseElementsAttr>(adaptor.getInput());
  auto type = cast<RankedTensorType>(getType());
  if (!dense)
    return {};
  if (dense.isSplat())
    return DenseElementsAttr::get(type, dense.getSplatValue<Attribute>());
  if (type.getNumElements() > kMaxTransposedLiteral)
    return {};
  auto elements = llvm::to_vector(dense.getValues<Attribute>());
  // Result dim d steps through the input as input dim perm[d] does.
  SmallVector<int64_t> strides = stridesOf(getInput().getType().getShape()), steps;
  for (int64_t dim : perm)
    steps.push_back(strides[dim]);
  SmallVector<Attribute> result;
  for (int64_t i = 0, e = type.getNumElements(); i < e; ++i)
    result.push_back(elements[flatten(unflatten(i, type.getShape()), steps)]);
  return DenseElementsAttr::get(type, result);
}

void TransposeOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                              MLIRContext *context) {
  patterns.add<ComposeTransposes>(context);
}

LogicalResult TransposeOp::buildGradient(OpBuilder &builder, ValueRange resultGradients,
                                         SmallVectorImpl<Value> &operandGradients) {
  Value gradient = resultGradients.front();
  if (!gradient) {
    operandGradients.push_back(Value());
    return success();
  }
  SmallVector<int64_t> perm = getPermutation();
  SmallVector<int64_t> inverse(perm.size());
  for (auto [i, dim] : llvm::enumerate(perm))
    inverse[dim] = i;
  operandGradients.push_back(builder.create<TransposeOp>(
      getLoc(), gradient, builder.getDenseI64ArrayAttr(inverse)));
  return success();
}

//===----------------------------------------------------------------------===//
// ExpandOp
//===----------------------------------------------------------------------===//

LogicalResult ExpandOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor adaptor, SmallVectorImpl<Type> &types) {
  if (failed(requireStaticTensor(loc, adaptor.getInput().getType(), "input")))
    return failure();
  if (!adaptor.getShapeAttr())
    return emitOptionalError(loc, "expected attribute 'shape'");
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  ArrayRef<int64_t> shape = adaptor.getShape();
  for (auto [i, dim] : llvm::enumerate(shape))
    if (dim < 0)
      return emitOptionalError(loc, "expected 'shape' values >= 0, found ", dim,
                               " at index ", i);
  FailureOr<SmallVector<int64_t>> result =
      broadcastShapes(std::nullopt, inputType.getShape(), shape);
  if (failed(result))
    return emitOptionalError(loc, "expected 'shape' ", formatShape(shape),
                             " to broadcast with the input ",
                             formatShape(inputType.getShape()));
  types.push_back(inputType.clone(*result));
  return success();
}

OpFoldResult ExpandOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  // A broadcast literal of one value is that value at the new shape.
  auto dense = dyn_cast_or_null<DenseElementsAttr>(adaptor.getInput());
  if (dense && dense.isSplat())
    return DenseElementsAttr::get(cast<ShapedType>(getType()), dense.getSplatValue<Attribute>());
  return {};
}

Value ExpandOp::buildScalar(OpBuilder &, Location, ValueRange operands) {
  return operands[0];
}

LogicalResult ExpandOp::buildGradient(OpBuilder &builder, ValueRange resultGradients,
                                      SmallVectorImpl<Value> &operandGradients) {
  Value gradient = resultGradients.front();
  if (appendNoGradients(*this, gradient, operandGradients))
    return success();
  operandGradients.push_back(
      sumToShape(builder, getLoc(), gradient, getInput().getType()));
  return success();
}
