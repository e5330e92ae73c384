//===- SignalImporters.cpp - ONNX DFT, STFT and MelWeightMatrix -----------===//
//
// The discrete Fourier transform along one axis is two matmuls with cosine
// and sine matrices that import computes (the axis moved last and back), so
// it lowers, fuses and differentiates as matmuls. STFT gathers the frames,
// applies the window and takes a onesided DFT of each. MelWeightMatrix is a
// literal of its compile-time operands.
//
//===----------------------------------------------------------------------===//
#include "compiler/import/NodeImporter.h"
#include "dialects/graph/DlcDialect.h"
#include "dialects/graph/GradientUtils.h"

#include "onnx/onnx_pb.h"

#include <cmath>

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
// Matrices past this many elements are refused, like other literals.
constexpr int64_t kMaxMatrixElements = int64_t(1) << 24;

/// Builds dlc ops at one node, each with its own inference.
struct Builder {
  NodeImporter &node;

  OpBuilder &b() { return node.builder(); }

  FailureOr<Value> slice(Value input, int64_t axis, int64_t start, int64_t size) {
    auto type = cast<RankedTensorType>(input.getType());
    SmallVector<int64_t> starts(type.getRank(), 0), sizes(type.getShape()),
        steps(type.getRank(), 1);
    starts[axis] = start;
    sizes[axis] = size;
    return result(node.create<SliceOp>(
        input, {b().getNamedAttr("starts", b().getDenseI64ArrayAttr(starts)),
                b().getNamedAttr("sizes", b().getDenseI64ArrayAttr(sizes)),
                b().getNamedAttr("steps", b().getDenseI64ArrayAttr(steps))}));
  }
  FailureOr<Value> reshape(Value input, ArrayRef<int64_t> shape) {
    return result(node.create<ReshapeOp>(
        input, {b().getNamedAttr("shape", b().getDenseI64ArrayAttr(shape)),
                b().getNamedAttr("allowzero", b().getI64IntegerAttr(1))}));
  }
  FailureOr<Value> transpose(Value input, ArrayRef<int64_t> perm) {
    return result(node.create<TransposeOp>(
        input, {b().getNamedAttr("perm", b().getDenseI64ArrayAttr(perm))}));
  }
  template <typename OpTy> FailureOr<Value> binary(Value lhs, Value rhs) {
    return result(node.create<OpTy>(ValueRange{lhs, rhs}));
  }
  Value literal(RankedTensorType type, ArrayRef<double> values) {
    SmallVector<Attribute> attrs = llvm::map_to_vector(
        values, [&](double v) -> Attribute { return b().getFloatAttr(type.getElementType(), v); });
    return b().create<graph::ConstantOp>(node.loc(), type, DenseElementsAttr::get(type, attrs));
  }

  template <typename OpTy> static FailureOr<Value> result(FailureOr<OpTy> op) {
    if (failed(op))
      return failure();
    return (*op)->getResult(0);
  }
};

/// The DFT of `input` [..., n at `axis`, ..., 1 or 2] (real, or real and
/// imaginary parts) over `length` points (the input cut or zero-padded to
/// it), `bins` output points: [..., bins at `axis`, ..., 2].
FailureOr<Value> buildDft(NodeImporter &node, Value input, int64_t axis, int64_t length,
                          int64_t bins, bool inverse) {
  Builder make{node};
  auto type = cast<RankedTensorType>(input.getType());
  int64_t rank = type.getRank(), parts = type.getDimSize(rank - 1);
  if (length > kMaxMatrixElements || bins > kMaxMatrixElements ||
      length * bins > kMaxMatrixElements)
    return node.emitError() << "a DFT of " << length << " points to " << bins
                            << " bins is too large";
  // The signal's own length along `axis`, cut to `length` (or padded below).
  int64_t available = std::min(type.getDimSize(axis), length);
  SmallVector<int64_t> perm;
  for (int64_t d = 0; d < rank - 1; ++d)
    if (d != axis)
      perm.push_back(d);
  perm.push_back(axis);
  SmallVector<Value> components;
  for (int64_t part = 0; part < parts; ++part) {
    FailureOr<Value> component = make.slice(input, rank - 1, part, 1);
    if (failed(component))
      return failure();
    SmallVector<int64_t> shape(type.getShape().drop_back());
    FailureOr<Value> flat = make.reshape(*component, shape);
    if (failed(flat))
      return failure();
    FailureOr<Value> cut = make.slice(*flat, axis, 0, available);
    FailureOr<Value> last = failed(cut) ? cut : make.transpose(*cut, perm);
    if (failed(last))
      return failure();
    components.push_back(*last);
  }
  // Rows past the signal's end multiply zeros: the matrices need only the
  // `available` rows, which pads the signal with zeros for free.
  Type element = type.getElementType();
  auto matrixType = RankedTensorType::get({available, bins}, element);
  SmallVector<double> cosines, sines;
  double scale = inverse ? 1.0 / static_cast<double>(length) : 1.0;
  for (int64_t t = 0; t < available; ++t)
    for (int64_t k = 0; k < bins; ++k) {
      double angle = 2 * M_PI * static_cast<double>((t * k) % length) / length;
      cosines.push_back(scale * std::cos(angle));
      sines.push_back(scale * std::sin(angle));
    }
  Value cosine = make.literal(matrixType, cosines), sine = make.literal(matrixType, sines);
  // (xr + i xi)(cos -+ i sin): forward takes e^(-i angle), inverse e^(+i angle).
  FailureOr<Value> realCos = make.binary<MatMulOp>(components[0], cosine);
  FailureOr<Value> realSin = make.binary<MatMulOp>(components[0], sine);
  if (failed(realCos) || failed(realSin))
    return failure();
  Value real = *realCos, imaginary = *realSin;
  if (!inverse) {
    FailureOr<Value> negated = make.result(node.create<NegOp>(ValueRange{*realSin}));
    if (failed(negated))
      return failure();
    imaginary = *negated;
  }
  if (parts == 2) {
    FailureOr<Value> imagCos = make.binary<MatMulOp>(components[1], cosine);
    FailureOr<Value> imagSin = make.binary<MatMulOp>(components[1], sine);
    if (failed(imagCos) || failed(imagSin))
      return failure();
    FailureOr<Value> re = inverse ? make.binary<SubOp>(real, *imagSin)
                                  : make.binary<AddOp>(real, *imagSin);
    FailureOr<Value> im = make.binary<AddOp>(imaginary, *imagCos);
    if (failed(re) || failed(im))
      return failure();
    real = *re;
    imaginary = *im;
  }
  SmallVector<int64_t> undo(perm.size());
  for (auto [index, d] : llvm::enumerate(perm))
    undo[d] = index;
  SmallVector<Value> halves;
  for (Value half : {real, imaginary}) {
    FailureOr<Value> back = make.transpose(half, undo);
    if (failed(back))
      return failure();
    SmallVector<int64_t> shape(cast<RankedTensorType>((*back).getType()).getShape());
    shape.push_back(1);
    FailureOr<Value> column = make.reshape(*back, shape);
    if (failed(column))
      return failure();
    halves.push_back(*column);
  }
  return Builder::result(node.create<ConcatOp>(
      halves, {node.builder().getNamedAttr("axis", node.builder().getI64IntegerAttr(rank - 1))}));
}

/// The single integer of compile-time input `i`.
FailureOr<int64_t> constantInt(NodeImporter &node, int i) {
  FailureOr<DenseElementsAttr> literal = node.constantInput(i);
  if (failed(literal))
    return failure();
  if (literal->getNumElements() != 1 || !isa<IntegerType>(literal->getElementType()))
    return node.emitError() << "expected input " << i << " to be an integer scalar, found "
                            << literal->getType();
  return (*literal->value_begin<APInt>()).getSExtValue();
}

/// Input 0 of a signal op: [batch, ..., 1 or 2] of floats.
FailureOr<RankedTensorType> signalType(NodeImporter &node, Value input, int64_t minRank) {
  auto type = cast<RankedTensorType>(input.getType());
  if (type.getRank() < minRank || !isa<FloatType>(type.getElementType()) ||
      (type.getDimSize(type.getRank() - 1) != 1 && type.getDimSize(type.getRank() - 1) != 2))
    return node.emitError() << "expected a float signal of rank >= " << minRank
                            << " whose last dim is 1 (real) or 2 (complex), found " << type;
  return type;
}

// DFT (opset 17): along `axis` (a signal dim), over dft_length points (a
// compile-time input; the axis's size without it), onesided keeping bins
// 0..length/2.
LogicalResult importDft(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"axis", "inverse", "onesided"})))
    return failure();
  Value input = node.input(0);
  if (!input)
    return failure();
  FailureOr<RankedTensorType> type = signalType(node, input, 3);
  if (failed(type))
    return failure();
  int64_t rank = type->getRank();
  int64_t axis = node.intAttr("axis", 1);
  if (axis < 0)
    axis += rank;
  if (axis < 1 || axis > rank - 2)
    return node.emitError() << "expected an axis between the batch dim and the last one, "
                               "found "
                            << node.intAttr("axis", 1);
  FailureOr<bool> inverse = node.flagAttr("inverse", false);
  if (failed(inverse))
    return failure();
  FailureOr<bool> onesided = node.flagAttr("onesided", false);
  if (failed(onesided))
    return failure();
  if (*inverse && *onesided)
    return node.emitError() << "an inverse onesided DFT is not supported";
  if (*onesided && type->getDimSize(rank - 1) != 1)
    return node.emitError() << "a onesided DFT takes a real signal";
  int64_t length = type->getDimSize(axis);
  if (node.hasInput(1)) {
    FailureOr<int64_t> given = constantInt(node, 1);
    if (failed(given))
      return failure();
    if (*given < 1)
      return node.emitError() << "expected dft_length >= 1, found " << *given;
    length = *given;
  }
  FailureOr<Value> result =
      buildDft(node, input, axis, length, *onesided ? length / 2 + 1 : length, *inverse);
  return failed(result) ? failure() : node.setOutputs(*result);
}

// STFT (opset 17): frames of frame_length (or the window's length) every
// frame_step along the signal, each multiplied by the window and
// transformed (onesided by default): [batch, frames, bins, 2].
LogicalResult importStft(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"onesided"})))
    return failure();
  Value signal = node.input(0);
  if (!signal)
    return failure();
  FailureOr<RankedTensorType> type = signalType(node, signal, 3);
  if (failed(type))
    return failure();
  if (type->getRank() != 3)
    return node.emitError() << "expected a signal [batch, length, 1 or 2], found " << *type;
  FailureOr<int64_t> step = constantInt(node, 1);
  if (failed(step))
    return failure();
  Value window = node.hasInput(2) ? node.input(2) : nullptr;
  if (node.hasInput(2) && !window)
    return failure();
  int64_t frameLength = window ? cast<RankedTensorType>(window.getType()).getDimSize(0) : 0;
  if (node.hasInput(3)) {
    FailureOr<int64_t> given = constantInt(node, 3);
    if (failed(given))
      return failure();
    if (window && *given != frameLength)
      return node.emitError() << "frame_length " << *given << " differs from the window's "
                              << frameLength;
    frameLength = *given;
  }
  int64_t signalLength = type->getDimSize(1);
  if (frameLength < 1 || frameLength > signalLength || *step < 1)
    return node.emitError() << "expected a frame length in [1, " << signalLength
                            << "] (from frame_length or the window) and a frame_step >= 1";
  FailureOr<bool> onesided = node.flagAttr("onesided", true);
  if (failed(onesided))
    return failure();
  if (*onesided && type->getDimSize(2) != 1)
    return node.emitError() << "a onesided STFT takes a real signal";
  int64_t frames = (signalLength - frameLength) / *step + 1;
  if (frames * frameLength > kMaxMatrixElements)
    return node.emitError() << "too many frame elements";
  Builder make{node};
  SmallVector<int64_t> positions;
  for (int64_t f = 0; f < frames; ++f)
    for (int64_t t = 0; t < frameLength; ++t)
      positions.push_back(f * *step + t);
  OpBuilder &b = node.builder();
  auto indexType = RankedTensorType::get({frames, frameLength}, b.getI64Type());
  Value indices = b.create<graph::ConstantOp>(
      node.loc(), indexType, DenseElementsAttr::get(indexType, ArrayRef<int64_t>(positions)));
  FailureOr<Value> framed = Builder::result(node.create<GatherOp>(
      ValueRange{signal, indices}, {b.getNamedAttr("axis", b.getI64IntegerAttr(1))}));
  if (failed(framed))
    return failure();
  if (window) {
    FailureOr<Value> column = make.reshape(window, {frameLength, 1});
    FailureOr<Value> windowed = failed(column) ? column : make.binary<MulOp>(*framed, *column);
    if (failed(windowed))
      return failure();
    framed = windowed;
  }
  FailureOr<Value> result = buildDft(node, *framed, /*axis=*/2, frameLength,
                                     *onesided ? frameLength / 2 + 1 : frameLength,
                                     /*inverse=*/false);
  return failed(result) ? failure() : node.setOutputs(*result);
}

// MelWeightMatrix (opset 17): [dft_length / 2 + 1, num_mel_bins] triangles
// between mel-spaced edges, as ONNX's reference computes them.
LogicalResult importMelWeightMatrix(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"output_datatype"})))
    return failure();
  FailureOr<int64_t> melBins = constantInt(node, 0);
  FailureOr<int64_t> dftLength = constantInt(node, 1);
  FailureOr<int64_t> sampleRate = constantInt(node, 2);
  FailureOr<DenseElementsAttr> lower = node.constantInput(3);
  FailureOr<DenseElementsAttr> upper = node.constantInput(4);
  if (failed(melBins) || failed(dftLength) || failed(sampleRate) || failed(lower) ||
      failed(upper))
    return failure();
  if (lower->getNumElements() != 1 || upper->getNumElements() != 1 ||
      !isa<FloatType>(lower->getElementType()) || !isa<FloatType>(upper->getElementType()))
    return node.emitError() << "expected float scalar edge frequencies";
  double low = (*lower->value_begin<APFloat>()).convertToDouble();
  double high = (*upper->value_begin<APFloat>()).convertToDouble();
  int64_t spectrum = *dftLength / 2 + 1;
  if (*melBins < 1 || *dftLength < 1 || *sampleRate < 1 || !std::isfinite(high) || low < 0 ||
      high <= low ||
      *melBins > kMaxMatrixElements || spectrum > kMaxMatrixElements ||
      spectrum * *melBins > kMaxMatrixElements)
    return node.emitError() << "expected num_mel_bins, dft_length and sample_rate >= 1, "
                               "0 <= lower_edge_hertz < upper_edge_hertz (finite) and at "
                               "most 2^24 weights";
  FailureOr<Type> element = node.elementTypeAttr("output_datatype", onnx::TensorProto::FLOAT);
  if (failed(element))
    return failure();
  auto toMel = [](double hz) { return 2595.0 * std::log10(1.0 + hz / 700.0); };
  auto toHz = [](double mel) { return 700.0 * (std::pow(10.0, mel / 2595.0) - 1.0); };
  double lowMel = toMel(low), highMel = toMel(high);
  double melStep = (highMel - lowMel) / static_cast<double>(*melBins + 2);
  // The spectrum bin of each of num_mel_bins + 2 mel-spaced edges.
  SmallVector<int64_t> edges;
  for (int64_t i = 0; i < *melBins + 2; ++i) {
    double hz = toHz(lowMel + melStep * static_cast<double>(i));
    edges.push_back(static_cast<int64_t>(
        std::floor(static_cast<double>(*dftLength + 1) * hz / static_cast<double>(*sampleRate))));
  }
  SmallVector<double> weights(spectrum * *melBins, 0.0);
  auto set = [&](int64_t k, int64_t m, double w) {
    if (k >= 0 && k < spectrum)
      weights[k * *melBins + m] = w;
  };
  for (int64_t m = 0; m < *melBins; ++m) {
    int64_t left = edges[m], center = edges[m + 1], right = edges[m + 2];
    if (center == left)
      set(center, m, 1.0);
    for (int64_t k = left; center > left && k <= center; ++k)
      set(k, m, static_cast<double>(k - left) / static_cast<double>(center - left));
    for (int64_t k = center; k < right; ++k)
      set(k, m, static_cast<double>(right - k) / static_cast<double>(right - center));
  }
  OpBuilder &b = node.builder();
  auto type = RankedTensorType::get({spectrum, *melBins}, *element);
  SmallVector<Attribute> values = llvm::map_to_vector(weights, [&](double w) -> Attribute {
    return isa<FloatType>(*element)
               ? Attribute(b.getFloatAttr(*element, w))
               : Attribute(b.getIntegerAttr(*element, static_cast<int64_t>(w)));
  });
  return node.createOutputs<graph::ConstantOp>(
      {}, {b.getNamedAttr("value", DenseElementsAttr::get(type, values))});
}
} // namespace

void dlc::registerSignalImporters(ImporterRegistry &registry) {
  registry.add("DFT", importDft, /*constantOperands=*/{1});
  registry.add("STFT", importStft, /*constantOperands=*/{1, 3});
  registry.add("MelWeightMatrix", importMelWeightMatrix,
               /*constantOperands=*/{0, 1, 2, 3, 4});
}
