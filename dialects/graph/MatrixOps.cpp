//===- MatrixOps.cpp - matrix products and einsum: types, gradients -------===//
#include "dialects/graph/DlcDialect.h"
#include "dialects/graph/GradientUtils.h"
#include "dialects/graph/TypeInference.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/Sequence.h"
#include "llvm/ADT/StringExtras.h"

#include <cmath>
#include <map>
#include <string>

using namespace mlir;
using namespace dlc::graph;

namespace {
// Checks that Gemm operand `value` is a static tensor of A's element type.
LogicalResult checkOperand(std::optional<Location> loc, Value value, StringRef what,
                           Type elementType) {
  if (failed(requireStaticTensor(loc, value.getType(), what)))
    return failure();
  Type found = cast<RankedTensorType>(value.getType()).getElementType();
  if (found != elementType)
    return emitOptionalError(loc, "expected ", what, " of element type ", elementType,
                             " like A, found ", found);
  return success();
}

// Integer Gemm scales in the element type, so a fractional factor has no
// faithful lowering.
LogicalResult checkIntegerScale(std::optional<Location> loc, Type elementType,
                                StringRef name, float value) {
  if (!isa<IntegerType>(elementType) || std::trunc(value) == value)
    return success();
  return emitOptionalError(loc, "expected a whole-number ", name, " for ",
                           elementType, " operands, found ", value);
}

Value createGemm(OpBuilder &b, Location loc, Value lhs, Value rhs, bool transLhs,
                 bool transRhs, FloatAttr alpha) {
  return b.create<GemmOp>(loc, lhs, rhs, /*c=*/Value(), alpha, b.getF32FloatAttr(1.0f),
                          b.getI64IntegerAttr(transLhs), b.getI64IntegerAttr(transRhs));
}

// The product of `lhs` and `rhs` [..., M, K] x [..., K, N], each optionally
// with its last two dims swapped first. Matrices multiply by Gemm, which
// reads them transposed in place; batches transpose, then MatMul.
Value multiplyTransposed(OpBuilder &b, Location loc, Value lhs, bool transLhs, Value rhs,
                         bool transRhs) {
  auto lhsType = cast<RankedTensorType>(lhs.getType());
  auto rhsType = cast<RankedTensorType>(rhs.getType());
  if (lhsType.getRank() == 2 && rhsType.getRank() == 2)
    return createGemm(b, loc, lhs, rhs, transLhs, transRhs, b.getF32FloatAttr(1.0f));
  auto swapLastTwo = [&](Value value) -> Value {
    int64_t rank = cast<RankedTensorType>(value.getType()).getRank();
    SmallVector<int64_t> perm = llvm::to_vector(llvm::seq<int64_t>(0, rank));
    std::swap(perm[rank - 1], perm[rank - 2]);
    return b.create<TransposeOp>(loc, value, b.getDenseI64ArrayAttr(perm));
  };
  return b.create<MatMulOp>(loc, transLhs ? swapLastTwo(lhs) : lhs,
                            transRhs ? swapLastTwo(rhs) : rhs);
}
} // namespace

LogicalResult GemmOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc,
                                       Adaptor given, SmallVectorImpl<Type> &types) {
  Adaptor adaptor = withDefaultAttrs<GemmOp>(ctx, given);
  if (failed(requireStaticTensor(loc, adaptor.getA().getType(), "A")))
    return failure();
  auto aType = cast<RankedTensorType>(adaptor.getA().getType());
  Type elementType = aType.getElementType();
  if (failed(checkOperand(loc, adaptor.getB(), "B", elementType)))
    return failure();
  auto bType = cast<RankedTensorType>(adaptor.getB().getType());
  if (aType.getRank() != 2 || bType.getRank() != 2)
    return emitOptionalError(loc, "expected A and B of rank 2, found ranks ",
                             aType.getRank(), " and ", bType.getRank());

  int64_t transA = adaptor.getTransAAttr().getInt();
  int64_t transB = adaptor.getTransBAttr().getInt();
  if (transA != 0 && transA != 1)
    return emitOptionalError(loc, "expected transA 0 or 1, found ", transA);
  if (transB != 0 && transB != 1)
    return emitOptionalError(loc, "expected transB 0 or 1, found ", transB);
  if (failed(checkIntegerScale(loc, elementType, "alpha",
                               adaptor.getAlpha().convertToFloat())) ||
      failed(checkIntegerScale(loc, elementType, "beta",
                               adaptor.getBeta().convertToFloat())))
    return failure();

  int64_t m = aType.getDimSize(transA);
  int64_t k = aType.getDimSize(1 - transA);
  int64_t bk = bType.getDimSize(transB);
  int64_t n = bType.getDimSize(1 - transB);
  if (k != bk)
    return emitOptionalError(
        loc, "expected the inner dims to agree, found A ", formatShape(aType.getShape()),
        transA ? " (transposed)" : "", " with K = ", k, " and B ",
        formatShape(bType.getShape()), transB ? " (transposed)" : "", " with K = ", bk);

  if (Value c = adaptor.getC()) {
    if (failed(checkOperand(loc, c, "C", elementType)))
      return failure();
    // Unidirectional broadcasting: C's dims, aligned right, are 1 or equal
    // to the result's.
    ArrayRef<int64_t> cShape = cast<RankedTensorType>(c.getType()).getShape();
    int64_t result[] = {m, n};
    bool broadcasts = cShape.size() <= 2;
    for (size_t i = 0; broadcasts && i < cShape.size(); ++i) {
      int64_t target = result[2 - cShape.size() + i];
      broadcasts = cShape[i] == 1 || cShape[i] == target;
    }
    if (!broadcasts)
      return emitOptionalError(loc, "expected C to broadcast to ", m, "x", n,
                               " (a scalar, [N], [1, N], [M, 1] or [M, N]), found ",
                               formatShape(cShape));
  }
  types.push_back(RankedTensorType::get({m, n}, elementType));
  return success();
}

// With A' and B' the operands as multiplied (transposed or not), dA' is
// alpha * dY * B'^T and dB' is alpha * A'^T * dY; a transposed operand takes
// the transpose of that, which is again one Gemm with the right flags.
LogicalResult GemmOp::buildGradient(OpBuilder &builder, ValueRange resultGradients,
                                    SmallVectorImpl<Value> &operandGradients) {
  Value g = resultGradients.front();
  if (appendNoGradients(*this, g, operandGradients))
    return success();
  Location loc = getLoc();
  bool transA = getTransA() == 1;
  bool transB = getTransB() == 1;
  FloatAttr alpha = builder.getF32FloatAttr(getAlpha().convertToFloat());
  auto gemm = [&](Value lhs, Value rhs, bool transLhs, bool transRhs) {
    return createGemm(builder, loc, lhs, rhs, transLhs, transRhs, alpha);
  };
  operandGradients.push_back(transA ? gemm(getB(), g, transB, true)
                                    : gemm(g, getB(), false, !transB));
  operandGradients.push_back(transB ? gemm(g, getA(), true, transA)
                                    : gemm(getA(), g, !transA, false));
  if (Value c = getC()) {
    Value gradient = sumToShape(builder, loc, g, cast<RankedTensorType>(c.getType()));
    float beta = getBeta().convertToFloat();
    if (beta != 1.0f)
      gradient = builder.create<MulOp>(
          loc, gradient, createScalar(builder, loc, getType().getElementType(), beta));
    operandGradients.push_back(gradient);
  }
  return success();
}

LogicalResult MatMulOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor adaptor, SmallVectorImpl<Type> &types) {
  if (failed(requireStaticTensor(loc, adaptor.getLhs().getType(), "lhs")))
    return failure();
  auto lhsType = cast<RankedTensorType>(adaptor.getLhs().getType());
  Type elementType = lhsType.getElementType();
  if (failed(requireStaticTensor(loc, adaptor.getRhs().getType(), "rhs")))
    return failure();
  auto rhsType = cast<RankedTensorType>(adaptor.getRhs().getType());
  if (rhsType.getElementType() != elementType)
    return emitOptionalError(loc, "expected rhs of element type ", elementType,
                             " like lhs, found ", rhsType.getElementType());
  if (lhsType.getRank() < 1 || rhsType.getRank() < 1)
    return emitOptionalError(loc, "expected operands of rank >= 1, found ranks ",
                             lhsType.getRank(), " and ", rhsType.getRank());

  // A vector operand acts as a matrix with a unit dim that the result drops.
  ArrayRef<int64_t> lhsShape = lhsType.getShape();
  ArrayRef<int64_t> rhsShape = rhsType.getShape();
  bool lhsVector = lhsShape.size() == 1;
  bool rhsVector = rhsShape.size() == 1;
  int64_t lhsK = lhsShape.back();
  int64_t rhsK = rhsVector ? rhsShape[0] : rhsShape[rhsShape.size() - 2];
  if (lhsK != rhsK)
    return emitOptionalError(loc, "expected the inner dims to agree, found lhs ",
                             formatShape(lhsShape), " with K = ", lhsK, " and rhs ",
                             formatShape(rhsShape), " with K = ", rhsK);

  ArrayRef<int64_t> lhsBatch = lhsShape.drop_back(lhsVector ? 1 : 2);
  ArrayRef<int64_t> rhsBatch = rhsShape.drop_back(rhsVector ? 1 : 2);
  FailureOr<SmallVector<int64_t>> shape =
      broadcastShapes(std::nullopt, lhsBatch, rhsBatch);
  if (failed(shape))
    return emitOptionalError(loc, "expected batch dims that broadcast, found lhs ",
                             formatShape(lhsShape), " and rhs ", formatShape(rhsShape));
  if (!lhsVector)
    shape->push_back(lhsShape[lhsShape.size() - 2]);
  if (!rhsVector)
    shape->push_back(rhsShape.back());
  types.push_back(RankedTensorType::get(*shape, elementType));
  return success();
}

// Vector operands act as matrices ([K] as [1, K] on the left, [K, 1] on the
// right), so the gradients are those of a batched matrix product: dLhs is
// dY * rhs^T and dRhs is lhs^T * dY, summed over the batch dims an operand
// was broadcast along, then given the operand's own shape.
LogicalResult MatMulOp::buildGradient(OpBuilder &b, ValueRange resultGradients,
                                      SmallVectorImpl<Value> &operandGradients) {
  Value g = resultGradients.front();
  if (appendNoGradients(*this, g, operandGradients))
    return success();
  Location loc = getLoc();
  RankedTensorType lhsType = getLhs().getType();
  RankedTensorType rhsType = getRhs().getType();
  bool lhsVector = lhsType.getRank() == 1;
  bool rhsVector = rhsType.getRank() == 1;
  SmallVector<int64_t> lhsShape(lhsType.getShape());
  SmallVector<int64_t> rhsShape(rhsType.getShape());
  SmallVector<int64_t> resultShape(getType().getShape());
  if (lhsVector) {
    lhsShape.insert(lhsShape.begin(), 1);
    resultShape.insert(resultShape.end() - !rhsVector, 1);
  }
  if (rhsVector) {
    rhsShape.push_back(1);
    resultShape.push_back(1);
  }
  Value lhs = reshapeTo(b, loc, getLhs(), lhsShape);
  Value rhs = reshapeTo(b, loc, getRhs(), rhsShape);
  Value matrixG = reshapeTo(b, loc, g, resultShape);
  Value lhsGradient = multiplyTransposed(b, loc, matrixG, false, rhs, true);
  Value rhsGradient = multiplyTransposed(b, loc, lhs, true, matrixG, false);
  operandGradients.push_back(reshapeTo(
      b, loc, sumToShape(b, loc, lhsGradient, lhsType.clone(lhsShape)),
      lhsType.getShape()));
  operandGradients.push_back(reshapeTo(
      b, loc, sumToShape(b, loc, rhsGradient, rhsType.clone(rhsShape)),
      rhsType.getShape()));
  return success();
}

//===----------------------------------------------------------------------===//
// EinsumOp
//===----------------------------------------------------------------------===//

namespace {
// Letters are labelled by their character codes; the broadcast dims that
// `...` stands for by kEllipsisLabel + i, i counted over the widest `...`
// from its outermost dim, so that narrower ones align to the right as
// NumPy's broadcasting does.
constexpr int64_t kEllipsisLabel = 256;
// Where a parsed term has its `...`, before the labels it stands for are known.
constexpr int64_t kEllipsisMarker = -1;

/// An equation resolved against its operands: one label per dim of each
/// operand and of the result, and every label's size.
struct EinsumLabels {
  SmallVector<SmallVector<int64_t>> inputs;
  SmallVector<int64_t> output;
  llvm::DenseMap<int64_t, int64_t> sizes;
};

std::string labelName(int64_t label) {
  if (label >= kEllipsisLabel)
    return "'...' dim " + std::to_string(label - kEllipsisLabel);
  return "'" + std::string(1, static_cast<char>(label)) + "'";
}

/// One term's letters, with kEllipsisMarker where it has `...`.
FailureOr<SmallVector<int64_t>> parseTerm(std::optional<Location> loc, StringRef term) {
  SmallVector<int64_t> labels;
  StringRef rest = term;
  while (!rest.empty()) {
    if (rest.consume_front("...")) {
      if (llvm::is_contained(labels, kEllipsisMarker))
        return emitOptionalError(loc, "expected at most one '...' in term \"", term, "\"");
      labels.push_back(kEllipsisMarker);
      continue;
    }
    char c = rest.front();
    rest = rest.drop_front();
    if (!llvm::isAlpha(c))
      return emitOptionalError(loc, "expected letters and '...' in term \"", term,
                               "\", found '", StringRef(&c, 1), "'");
    labels.push_back(c);
  }
  return labels;
}

/// `term` with its `...` replaced by the last `count` of `total` broadcast
/// labels.
SmallVector<int64_t> expandEllipsis(ArrayRef<int64_t> term, int64_t count, int64_t total) {
  SmallVector<int64_t> labels;
  for (int64_t label : term) {
    if (label != kEllipsisMarker) {
      labels.push_back(label);
      continue;
    }
    for (int64_t i = total - count; i < total; ++i)
      labels.push_back(kEllipsisLabel + i);
  }
  return labels;
}

/// Records the size of every input label: equal within a term (a
/// diagonal), equal or 1 (broadcast) across terms.
LogicalResult collectSizes(std::optional<Location> loc, EinsumLabels &labels,
                           ArrayRef<RankedTensorType> types) {
  for (auto [term, type] : llvm::zip(labels.inputs, types)) {
    llvm::DenseMap<int64_t, int64_t> inTerm;
    for (auto [label, size] : llvm::zip(term, type.getShape())) {
      auto [seen, first] = inTerm.try_emplace(label, size);
      if (!first && seen->second != size)
        return emitOptionalError(loc, "expected the dims of label ", labelName(label),
                                 " in one term to be equal, found ", seen->second, " and ",
                                 size);
      auto [known, inserted] = labels.sizes.try_emplace(label, size);
      if (inserted || known->second == size || size == 1)
        continue;
      if (known->second != 1)
        return emitOptionalError(loc, "expected label ", labelName(label),
                                 " to have one size (or 1), found ", known->second, " and ",
                                 size);
      known->second = size;
    }
  }
  return success();
}

/// The labels of an output term, or ONNX's implicit output: the broadcast
/// dims, then the letters that occur once, in alphabetical order.
FailureOr<SmallVector<int64_t>> outputLabels(std::optional<Location> loc,
                                             std::optional<StringRef> term,
                                             const EinsumLabels &labels, int64_t total) {
  SmallVector<int64_t> output;
  if (!term) {
    for (int64_t i = 0; i < total; ++i)
      output.push_back(kEllipsisLabel + i);
    std::map<int64_t, int64_t> counts;
    for (ArrayRef<int64_t> input : labels.inputs)
      for (int64_t label : input)
        if (label < kEllipsisLabel)
          ++counts[label];
    for (auto [label, count] : counts)
      if (count == 1)
        output.push_back(label);
    return output;
  }
  FailureOr<SmallVector<int64_t>> parsed = parseTerm(loc, *term);
  if (failed(parsed))
    return failure();
  output = expandEllipsis(*parsed, total, total);
  for (auto [d, label] : llvm::enumerate(output)) {
    if (!labels.sizes.count(label))
      return emitOptionalError(loc, "expected output label ", labelName(label),
                               " to occur in an input");
    if (llvm::is_contained(ArrayRef<int64_t>(output).take_front(d), label))
      return emitOptionalError(loc, "expected output label ", labelName(label),
                               " to occur once in the output");
  }
  return output;
}

FailureOr<EinsumLabels> parseEinsum(std::optional<Location> loc, StringRef equation,
                                    ArrayRef<RankedTensorType> types) {
  std::string compact;
  llvm::copy_if(equation, std::back_inserter(compact),
                [](char c) { return !llvm::isSpace(c); });
  auto [lhs, rhs] = StringRef(compact).split("->");
  SmallVector<StringRef> terms;
  lhs.split(terms, ',');
  if (terms.size() != types.size())
    return emitOptionalError(loc, "expected ", types.size(),
                             " terms before '->' (one per input), found ", terms.size());
  EinsumLabels labels;
  SmallVector<SmallVector<int64_t>> parsed;
  SmallVector<int64_t> broadcastDims;
  int64_t total = 0;
  for (auto [term, type] : llvm::zip(terms, types)) {
    FailureOr<SmallVector<int64_t>> letters = parseTerm(loc, term);
    if (failed(letters))
      return failure();
    int64_t named = llvm::count_if(*letters, [](int64_t l) { return l != kEllipsisMarker; });
    bool ellipsis = static_cast<int64_t>(letters->size()) != named;
    if (ellipsis ? named > type.getRank() : named != type.getRank())
      return emitOptionalError(loc, "expected term \"", term, "\" to match an input of rank ",
                               type.getRank());
    broadcastDims.push_back(type.getRank() - named);
    total = std::max(total, type.getRank() - named);
    parsed.push_back(std::move(*letters));
  }
  for (auto [term, count] : llvm::zip(parsed, broadcastDims))
    labels.inputs.push_back(expandEllipsis(term, count, total));
  if (failed(collectSizes(loc, labels, types)))
    return failure();
  std::optional<StringRef> outputTerm;
  if (StringRef(compact).contains("->"))
    outputTerm = rhs;
  FailureOr<SmallVector<int64_t>> output = outputLabels(loc, outputTerm, labels, total);
  if (failed(output))
    return failure();
  labels.output = std::move(*output);
  return labels;
}

/// A value whose dims carry einsum labels.
struct EinsumTerm {
  Value value;
  SmallVector<int64_t> labels;
};

using LabelFilter = function_ref<bool(int64_t)>;

/// Sums `term` over the dims whose labels `keep` rejects.
void sumOut(OpBuilder &b, Location loc, EinsumTerm &term, LabelFilter keep) {
  SmallVector<int64_t> axes, kept;
  for (auto [d, label] : llvm::enumerate(term.labels)) {
    if (keep(label))
      kept.push_back(label);
    else
      axes.push_back(d);
  }
  if (axes.empty())
    return;
  term.value = b.create<ReduceSumOp>(loc, term.value, b.getDenseI64ArrayAttr(axes),
                                     b.getBoolAttr(false));
  term.labels = std::move(kept);
}

/// Replaces each label repeated within `term` by one dim holding the
/// diagonal: the term times an identity mask, summed over the repeat.
void takeDiagonals(OpBuilder &b, Location loc, EinsumTerm &term) {
  for (size_t j = 1; j < term.labels.size(); ++j) {
    ArrayRef<int64_t> before = ArrayRef<int64_t>(term.labels).take_front(j);
    const int64_t *first = llvm::find(before, term.labels[j]);
    if (first == before.end())
      continue;
    auto type = cast<RankedTensorType>(term.value.getType());
    int64_t n = type.getDimSize(j);
    SmallVector<int64_t> maskShape(type.getRank(), 1);
    maskShape[first - before.begin()] = n;
    maskShape[j] = n;
    Type element = type.getElementType();
    Attribute one = isa<FloatType>(element) ? Attribute(b.getFloatAttr(element, 1.0))
                                            : Attribute(b.getIntegerAttr(element, 1));
    SmallVector<Attribute> identity(n * n, b.getZeroAttr(element));
    for (int64_t k = 0; k < n; ++k)
      identity[k * n + k] = one;
    Value mask = b.create<ConstantOp>(
        loc, DenseElementsAttr::get(RankedTensorType::get(maskShape, element), identity));
    Value masked = b.create<MulOp>(loc, term.value, mask);
    term.value = b.create<ReduceSumOp>(
        loc, masked, b.getDenseI64ArrayAttr({static_cast<int64_t>(j)}), b.getBoolAttr(false));
    term.labels.erase(term.labels.begin() + j);
    --j;
  }
}

/// `term` transposed so that its labels are `order` (a permutation of them).
Value permuted(OpBuilder &b, Location loc, const EinsumTerm &term, ArrayRef<int64_t> order) {
  SmallVector<int64_t> perm = llvm::map_to_vector(order, [&](int64_t label) {
    return static_cast<int64_t>(llvm::find(term.labels, label) - term.labels.begin());
  });
  if (llvm::equal(perm, llvm::seq<int64_t>(0, perm.size())))
    return term.value;
  return b.create<TransposeOp>(loc, term.value, b.getDenseI64ArrayAttr(perm));
}

/// `term` broadcast along its size-1 dims whose labels are `shared` to the
/// labels' sizes.
void broadcastShared(OpBuilder &b, Location loc, EinsumTerm &term, ArrayRef<int64_t> shared,
                     const llvm::DenseMap<int64_t, int64_t> &sizes) {
  auto type = cast<RankedTensorType>(term.value.getType());
  SmallVector<int64_t> shape(type.getShape());
  for (auto [d, label] : llvm::enumerate(term.labels))
    if (llvm::is_contained(shared, label))
      shape[d] = sizes.lookup(label);
  if (ArrayRef<int64_t>(shape) != type.getShape())
    term.value = b.create<ExpandOp>(loc, term.value, b.getDenseI64ArrayAttr(shape));
}

/// The dims of `term` that carry `labels`.
SmallVector<int64_t> dimsOf(const EinsumTerm &term, ArrayRef<int64_t> labels) {
  ArrayRef<int64_t> shape = cast<RankedTensorType>(term.value.getType()).getShape();
  return llvm::map_to_vector(labels, [&](int64_t label) {
    return shape[llvm::find(term.labels, label) - term.labels.begin()];
  });
}

int64_t productOf(ArrayRef<int64_t> dims) {
  int64_t product = 1;
  for (int64_t dim : dims)
    product *= dim;
  return product;
}

/// The product of `lhs` and `rhs` summed over the labels they share that
/// `keep` rejects, as one batched dlc.matmul of [batch, lhs only, summed]
/// by [batch, summed, rhs only], batch being the shared labels kept.
EinsumTerm contract(OpBuilder &b, Location loc, EinsumTerm lhs, EinsumTerm rhs,
                    LabelFilter keep, const llvm::DenseMap<int64_t, int64_t> &sizes) {
  SmallVector<int64_t> batch, lhsOnly, summed, rhsOnly;
  for (int64_t label : lhs.labels) {
    if (!llvm::is_contained(rhs.labels, label))
      lhsOnly.push_back(label);
    else if (keep(label))
      batch.push_back(label);
    else
      summed.push_back(label);
  }
  for (int64_t label : rhs.labels)
    if (!llvm::is_contained(lhs.labels, label))
      rhsOnly.push_back(label);
  SmallVector<int64_t> shared = llvm::to_vector(llvm::concat<int64_t>(batch, summed));
  broadcastShared(b, loc, lhs, shared, sizes);
  broadcastShared(b, loc, rhs, shared, sizes);
  SmallVector<int64_t> batchDims = dimsOf(lhs, batch), lhsDims = dimsOf(lhs, lhsOnly);
  SmallVector<int64_t> rhsDims = dimsOf(rhs, rhsOnly);
  int64_t batchSize = productOf(batchDims), summedSize = productOf(dimsOf(lhs, summed));
  Value lhsMatrix = reshapeTo(
      b, loc,
      permuted(b, loc, lhs, llvm::to_vector(llvm::concat<int64_t>(batch, lhsOnly, summed))),
      {batchSize, productOf(lhsDims), summedSize});
  Value rhsMatrix = reshapeTo(
      b, loc,
      permuted(b, loc, rhs, llvm::to_vector(llvm::concat<int64_t>(batch, summed, rhsOnly))),
      {batchSize, summedSize, productOf(rhsDims)});
  EinsumTerm product;
  product.labels = llvm::to_vector(llvm::concat<int64_t>(batch, lhsOnly, rhsOnly));
  SmallVector<int64_t> shape =
      llvm::to_vector(llvm::concat<int64_t>(batchDims, lhsDims, rhsDims));
  product.value = reshapeTo(b, loc, b.create<MatMulOp>(loc, lhsMatrix, rhsMatrix), shape);
  return product;
}

FailureOr<EinsumLabels> parseEinsumOperands(std::optional<Location> loc, ValueRange inputs,
                                            StringAttr equation) {
  if (!equation)
    return emitOptionalError(loc, "expected attribute 'equation'");
  if (inputs.empty())
    return emitOptionalError(loc, "expected at least one input");
  SmallVector<RankedTensorType> types;
  for (Value input : inputs) {
    if (failed(requireStaticTensor(loc, input.getType(), "inputs")))
      return failure();
    types.push_back(cast<RankedTensorType>(input.getType()));
    if (types.back().getElementType() != types.front().getElementType())
      return emitOptionalError(loc, "expected inputs of one element type, found ",
                               types.front().getElementType(), " and ",
                               types.back().getElementType());
  }
  return parseEinsum(loc, equation.getValue(), types);
}
} // namespace

LogicalResult EinsumOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor adaptor, SmallVectorImpl<Type> &types) {
  FailureOr<EinsumLabels> labels =
      parseEinsumOperands(loc, adaptor.getInputs(), adaptor.getEquationAttr());
  if (failed(labels))
    return failure();
  SmallVector<int64_t> shape = llvm::map_to_vector(
      labels->output, [&](int64_t label) { return labels->sizes.lookup(label); });
  types.push_back(cast<RankedTensorType>(adaptor.getInputs().front().getType()).clone(shape));
  return success();
}

// Each operand first loses its repeated labels (diagonals) and the labels
// nothing else needs (sums); then the operands are contracted left to right,
// each product keeping the labels that the output or a later operand needs,
// and the last one is transposed into the output's order.
LogicalResult EinsumOp::decompose(OpBuilder &b, SmallVectorImpl<Value> &replacements) {
  Location loc = getLoc();
  FailureOr<EinsumLabels> labels = parseEinsumOperands(loc, getInputs(), getEquationAttr());
  if (failed(labels))
    return failure();
  SmallVector<EinsumTerm> terms;
  for (auto [input, inputLabels] : llvm::zip(getInputs(), labels->inputs))
    terms.push_back({input, inputLabels});
  // Whether `label` is needed after term `k`'s own step: by the output or
  // by another term (all of them for the first step, later ones after it).
  auto neededBeyond = [&](size_t k, size_t firstOther) {
    return [&, k, firstOther](int64_t label) {
      if (llvm::is_contained(labels->output, label))
        return true;
      for (size_t other = firstOther; other < terms.size(); ++other)
        if (other != k && llvm::is_contained(terms[other].labels, label))
          return true;
      return false;
    };
  };
  for (size_t k = 0; k < terms.size(); ++k) {
    takeDiagonals(b, loc, terms[k]);
    sumOut(b, loc, terms[k], neededBeyond(k, 0));
  }
  EinsumTerm result = terms.front();
  for (size_t k = 1; k < terms.size(); ++k)
    result = contract(b, loc, result, terms[k], neededBeyond(k, k + 1), labels->sizes);
  replacements.push_back(permuted(b, loc, result, labels->output));
  return success();
}
