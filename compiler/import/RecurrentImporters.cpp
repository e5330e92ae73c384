//===- RecurrentImporters.cpp - ONNX RNN, GRU and LSTM --------------------===//
//
// A recurrent node becomes its cell unrolled over the (static) sequence:
// one Gemm for the input projection of every step, then per step a Gemm for
// the recurrence and the gate arithmetic as ordinary dlc ops. The unrolled
// graph differentiates like any other (backpropagation through time comes
// from autodiff), fuses, and plans its memory with the rest of the model.
// `sequence_lens` masks the steps past each batch entry's length: its state
// stops changing and its outputs are zero there.
//
//===----------------------------------------------------------------------===//
#include "compiler/import/NodeImporter.h"
#include "dialects/graph/DlcDialect.h"
#include "dialects/graph/GradientUtils.h"

#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
enum class CellKind { Rnn, Gru, Lstm };

struct CellInfo {
  CellKind kind;
  int64_t gates;                         ///< blocks of hidden_size rows in W and R
  llvm::SmallVector<llvm::StringRef, 3> defaultActivations;
};

CellInfo cellInfo(CellKind kind) {
  switch (kind) {
  case CellKind::Rnn:
    return {kind, 1, {"Tanh"}};
  case CellKind::Gru:
    return {kind, 3, {"Sigmoid", "Tanh"}};
  case CellKind::Lstm:
    return {kind, 4, {"Sigmoid", "Tanh", "Tanh"}};
  }
  llvm_unreachable("unknown cell kind");
}

struct Activation {
  std::string name; ///< lower case
  float alpha = 0, beta = 0;
};

// The activation functions ONNX lists for recurrent ops, with the defaults
// of their alpha and beta; activation_alpha and activation_beta are taken
// in order by the activations that use them.
struct ActivationKind {
  llvm::StringRef name;
  int numParams;
  float alpha, beta;
};
constexpr ActivationKind kActivations[] = {
    {"relu", 0, 0, 0},         {"tanh", 0, 0, 0},       {"sigmoid", 0, 0, 0},
    {"affine", 2, 1.0f, 0.0f}, {"leakyrelu", 1, 0.01f, 0}, {"thresholdedrelu", 1, 1.0f, 0},
    {"scaledtanh", 2, 1.0f, 1.0f}, {"hardsigmoid", 2, 0.2f, 0.5f}, {"elu", 1, 1.0f, 0},
    {"softsign", 0, 0, 0},     {"softplus", 0, 0, 0},
};

Value applyActivation(OpBuilder &b, Location loc, const Activation &act, Value x) {
  Type elementType = cast<RankedTensorType>(x.getType()).getElementType();
  auto scalar = [&](double value) { return createScalar(b, loc, elementType, value); };
  const std::string &name = act.name;
  if (name == "relu")
    return b.create<ReluOp>(loc, x);
  if (name == "tanh")
    return b.create<TanhOp>(loc, x);
  if (name == "sigmoid")
    return b.create<SigmoidOp>(loc, x);
  if (name == "affine")
    return b.create<AddOp>(loc, b.create<MulOp>(loc, x, scalar(act.alpha)), scalar(act.beta));
  if (name == "leakyrelu")
    return b.create<LeakyReluOp>(loc, x, b.getF32FloatAttr(act.alpha));
  if (name == "thresholdedrelu")
    return b.create<WhereOp>(loc, b.create<GreaterOp>(loc, x, scalar(act.alpha)), x,
                             scalar(0.0));
  if (name == "scaledtanh")
    return b.create<MulOp>(
        loc, scalar(act.alpha),
        b.create<TanhOp>(loc, b.create<MulOp>(loc, x, scalar(act.beta))));
  if (name == "hardsigmoid")
    return b.create<HardSigmoidOp>(loc, x, b.getF32FloatAttr(act.alpha),
                                   b.getF32FloatAttr(act.beta));
  if (name == "elu")
    return b.create<EluOp>(loc, x, b.getF32FloatAttr(act.alpha));
  if (name == "softsign")
    return b.create<DivOp>(loc, x,
                           b.create<AddOp>(loc, scalar(1.0), b.create<AbsOp>(loc, x)));
  assert(name == "softplus" && "activation names are checked on import");
  return b.create<SoftplusOp>(loc, x);
}

// `size` entries of `value` along `axis` from `start`.
Value sliceAxis(OpBuilder &b, Location loc, Value value, int64_t axis, int64_t start,
                int64_t size) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> starts(type.getRank(), 0), sizes(type.getShape()),
      steps(type.getRank(), 1);
  starts[axis] = start;
  sizes[axis] = size;
  return b.create<SliceOp>(loc, value, b.getDenseI64ArrayAttr(starts),
                           b.getDenseI64ArrayAttr(sizes), b.getDenseI64ArrayAttr(steps));
}

Value transpose(OpBuilder &b, Location loc, Value value, ArrayRef<int64_t> perm) {
  return b.create<TransposeOp>(loc, value, b.getDenseI64ArrayAttr(perm));
}

// a * b^T (+ c): the projections, as the cell equations write them.
Value gemmTransposed(OpBuilder &b, Location loc, Value a, Value w, Value c) {
  return b.create<GemmOp>(loc, a, w, c, b.getF32FloatAttr(1.0f), b.getF32FloatAttr(1.0f),
                          b.getI64IntegerAttr(0), b.getI64IntegerAttr(1));
}

class RecurrentImporter {
public:
  RecurrentImporter(NodeImporter &node, CellKind kind)
      : node(node), info(cellInfo(kind)), b(node.builder()), loc(node.loc()) {}

  LogicalResult run() {
    if (failed(readAttributes()) || failed(readInputs()))
      return failure();
    SmallVector<Value> ys, hs, cs;
    for (int64_t d = 0; d < numDirections; ++d) {
      bool reverse = direction == "reverse" || d == 1;
      DirectionResult result = unroll(d, reverse);
      ys.push_back(result.y);
      hs.push_back(result.h);
      cs.push_back(result.c);
    }
    // Y [S, D, B, H], Y_h and Y_c [D, B, H]; layout 1 puts the batch first.
    Value y = concat(ys, 1), yh = concat(hs, 0);
    Value yc = info.kind == CellKind::Lstm ? concat(cs, 0) : Value();
    if (layout == 1) {
      y = transpose(b, loc, y, {2, 0, 1, 3});
      yh = transpose(b, loc, yh, {1, 0, 2});
      if (yc)
        yc = transpose(b, loc, yc, {1, 0, 2});
    }
    SmallVector<Value> outputs{y, yh};
    if (yc)
      outputs.push_back(yc);
    if (node.numOutputs() > static_cast<int>(outputs.size()))
      return node.emitError() << "expected at most " << outputs.size() << " outputs, found "
                              << node.numOutputs();
    outputs.resize(node.numOutputs());
    return node.setOutputs(outputs);
  }

private:
  struct DirectionResult {
    Value y, h, c;
  };

  LogicalResult readAttributes() {
    SmallVector<StringRef> known{"activation_alpha", "activation_beta", "activations",
                                 "clip", "direction", "hidden_size", "layout"};
    if (info.kind == CellKind::Gru)
      known.push_back("linear_before_reset");
    if (info.kind == CellKind::Lstm)
      known.push_back("input_forget");
    if (failed(node.rejectUnknownAttrs(known)))
      return failure();
    direction = node.stringAttr("direction", "forward");
    if (!llvm::is_contained({"forward", "reverse", "bidirectional"}, direction))
      return node.emitError() << "expected direction forward, reverse or bidirectional, "
                                 "found '" << direction << "'";
    numDirections = direction == "bidirectional" ? 2 : 1;
    layout = node.intAttr("layout", 0);
    if (layout != 0 && layout != 1)
      return node.emitError() << "expected layout 0 or 1, found " << layout;
    linearBeforeReset = node.intAttr("linear_before_reset", 0) != 0;
    inputForget = node.intAttr("input_forget", 0) != 0;
    if (node.hasAttr("clip")) {
      clip = node.floatAttr("clip", 0.0f);
      if (!(*clip > 0))
        return node.emitError() << "expected a positive clip, found " << *clip;
    }
    return readActivations();
  }

  LogicalResult readActivations() {
    size_t perDirection = info.defaultActivations.size();
    SmallVector<std::string> names;
    if (std::optional<SmallVector<std::string>> given = node.stringsAttr("activations"))
      names = *given;
    else
      for (int64_t d = 0; d < numDirections; ++d)
        for (StringRef name : info.defaultActivations)
          names.push_back(name.str());
    // A bidirectional node may list one direction's activations for both.
    if (numDirections == 2 && names.size() == perDirection)
      names.append(SmallVector<std::string>(names));
    if (names.size() != perDirection * numDirections)
      return node.emitError() << "expected " << perDirection * numDirections
                              << " activations, found " << names.size();
    SmallVector<float> alphas = node.floatsAttr("activation_alpha");
    SmallVector<float> betas = node.floatsAttr("activation_beta");
    size_t nextAlpha = 0, nextBeta = 0;
    for (const std::string &name : names) {
      std::string lower = llvm::StringRef(name).lower();
      const ActivationKind *kind = llvm::find_if(
          kActivations, [&](const ActivationKind &k) { return k.name == lower; });
      if (kind == std::end(kActivations))
        return node.emitError() << "unknown activation '" << name << "'";
      Activation act{lower, kind->alpha, kind->beta};
      if (kind->numParams >= 1 && nextAlpha < alphas.size())
        act.alpha = alphas[nextAlpha++];
      if (kind->numParams == 2 && nextBeta < betas.size())
        act.beta = betas[nextBeta++];
      activations.push_back(act);
    }
    return success();
  }

  // Checks an operand's shape against `expected`; the message names it.
  LogicalResult expectShape(Value value, StringRef name, ArrayRef<int64_t> expected) {
    auto type = cast<RankedTensorType>(value.getType());
    if (type.getShape() != expected)
      return node.emitError() << "expected " << name << " of shape [" << expected
                              << "], found " << type;
    if (type.getElementType() != elementType)
      return node.emitError() << "expected " << name << " of element type " << elementType
                              << ", found " << type;
    return success();
  }

  LogicalResult readInputs() {
    for (int i : {0, 1, 2})
      if (!node.hasInput(i))
        return node.emitError() << "expected inputs X, W and R";
    x = node.input(0);
    auto xType = cast<RankedTensorType>(x.getType());
    if (xType.getRank() != 3 || !xType.hasStaticShape() ||
        !isa<FloatType>(xType.getElementType()))
      return node.emitError() << "expected a static float X of rank 3, found " << xType;
    elementType = xType.getElementType();
    if (layout == 1)
      x = transpose(b, loc, x, {1, 0, 2});
    auto seqMajor = cast<RankedTensorType>(x.getType()).getShape();
    steps = seqMajor[0];
    batch = seqMajor[1];
    int64_t inputSize = seqMajor[2];
    if (steps < 1 || batch < 1)
      return node.emitError() << "expected at least one step and one batch entry, found X "
                              << xType;
    Value r = node.input(2);
    auto rType = cast<RankedTensorType>(r.getType());
    if (rType.getRank() != 3 || !rType.hasStaticShape())
      return node.emitError() << "expected a static R of rank 3, found " << rType;
    hidden = node.intAttr("hidden_size", rType.getDimSize(2));
    if (hidden < 1)
      return node.emitError() << "expected hidden_size >= 1, found " << hidden;
    int64_t rows = info.gates * hidden;
    w = node.input(1);
    this->r = r;
    if (failed(expectShape(w, "W", {numDirections, rows, inputSize})) ||
        failed(expectShape(r, "R", {numDirections, rows, hidden})))
      return failure();
    if (node.hasInput(3)) {
      bias = node.input(3);
      if (failed(expectShape(bias, "B", {numDirections, 2 * rows})))
        return failure();
    }
    if (node.hasInput(4) && failed(readSequenceLengths()))
      return failure();
    SmallVector<int64_t> stateShape =
        layout == 0 ? SmallVector<int64_t>{numDirections, batch, hidden}
                    : SmallVector<int64_t>{batch, numDirections, hidden};
    auto readState = [&](int i, StringRef name, Value &state) -> LogicalResult {
      if (!node.hasInput(i))
        return success();
      state = node.input(i);
      if (failed(expectShape(state, name, stateShape)))
        return failure();
      if (layout == 1)
        state = transpose(b, loc, state, {1, 0, 2});
      return success();
    };
    if (failed(readState(5, "initial_h", initialH)))
      return failure();
    if (info.kind == CellKind::Lstm) {
      if (failed(readState(6, "initial_c", initialC)))
        return failure();
      if (node.hasInput(7)) {
        peepholes = node.input(7);
        if (failed(expectShape(peepholes, "P", {numDirections, 3 * hidden})))
          return failure();
      }
    } else if (node.numInputs() > 6) {
      return node.emitError() << "expected at most 6 inputs, found " << node.numInputs();
    }
    return success();
  }

  LogicalResult readSequenceLengths() {
    Value lengths = node.input(4);
    auto type = cast<RankedTensorType>(lengths.getType());
    if (!type.getElementType().isInteger(32) || type.getShape() != ArrayRef<int64_t>{batch})
      return node.emitError() << "expected sequence_lens of shape [" << batch
                              << "] and element type i32, found " << type;
    // Lengths known to cover every step need no masking.
    if (std::optional<DenseElementsAttr> known = node.knownInput(4)) {
      bool full = true;
      for (const APInt &length : known->getValues<APInt>()) {
        if (length.getSExtValue() < 0 || length.getSExtValue() > steps)
          return node.emitError() << "expected sequence_lens between 0 and " << steps
                                  << ", found " << length.getSExtValue();
        full &= length.getSExtValue() == steps;
      }
      if (full)
        return success();
    }
    sequenceLengths = lengths;
    return success();
  }

  // Direction d's [rows, columns] slice of a [D, rows, columns] weight, or
  // of a [D, n] bias as [n].
  Value perDirection(Value value, int64_t d) {
    auto type = cast<RankedTensorType>(value.getType());
    Value slice = sliceAxis(b, loc, value, 0, d, 1);
    return reshapeTo(b, loc, slice, type.getShape().drop_front());
  }

  Value initialState(Value given, int64_t d) {
    if (given)
      return perDirection(given, d);
    return createSplat(b, loc, RankedTensorType::get({batch, hidden}, elementType), 0.0);
  }

  Value clipped(Value value) {
    if (!clip)
      return value;
    value = b.create<MinOp>(loc, value, createScalar(b, loc, elementType, *clip));
    return b.create<MaxOp>(loc, value, createScalar(b, loc, elementType, -*clip));
  }

  Value gate(Value projection, int64_t index) {
    return sliceAxis(b, loc, projection, 1, index * hidden, hidden);
  }

  const Activation &act(int64_t d, int i) {
    return activations[d * info.defaultActivations.size() + i];
  }

  DirectionResult unroll(int64_t d, bool reverse) {
    int64_t rows = info.gates * hidden;
    Value wd = perDirection(w, d), rd = perDirection(r, d);
    Value wb, rb;
    if (bias) {
      Value bd = perDirection(bias, d);
      wb = sliceAxis(b, loc, bd, 0, 0, rows);
      rb = sliceAxis(b, loc, bd, 0, rows, rows);
    }
    // The input projections of all steps in one Gemm: [S * B, rows].
    int64_t inputSize = cast<RankedTensorType>(x.getType()).getDimSize(2);
    Value flatX = reshapeTo(b, loc, x, {steps * batch, inputSize});
    Value projected = reshapeTo(b, loc, gemmTransposed(b, loc, flatX, wd, wb),
                                {steps, batch, rows});
    Value peep;
    if (peepholes)
      peep = perDirection(peepholes, d);

    Value h = initialState(initialH, d);
    Value c = info.kind == CellKind::Lstm ? initialState(initialC, d) : Value();
    SmallVector<Value> outputs(steps);
    for (int64_t i = 0; i < steps; ++i) {
      int64_t t = reverse ? steps - 1 - i : i;
      Value xt = reshapeTo(b, loc, sliceAxis(b, loc, projected, 0, t, 1), {batch, rows});
      auto [newH, newC] = step(d, xt, h, c, wd, rd, rb, peep);
      if (sequenceLengths) {
        Value live = liveMask(t);
        Value zero = createScalar(b, loc, elementType, 0.0);
        outputs[t] = b.create<WhereOp>(loc, live, newH, zero);
        newH = b.create<WhereOp>(loc, live, newH, h);
        if (c)
          newC = b.create<WhereOp>(loc, live, newC, c);
      } else {
        outputs[t] = newH;
      }
      h = newH;
      c = newC;
    }
    for (Value &output : outputs)
      output = reshapeTo(b, loc, output, {1, 1, batch, hidden});
    Value y = concat(outputs, 0);
    return {y, reshapeTo(b, loc, h, {1, batch, hidden}),
            c ? reshapeTo(b, loc, c, {1, batch, hidden}) : Value()};
  }

  // [B, 1] bools: step t is within each batch entry's sequence.
  Value liveMask(int64_t t) {
    Value index = b.create<ConstantOp>(
        loc, DenseElementsAttr::get(RankedTensorType::get({}, b.getI32Type()),
                                    APInt(32, static_cast<uint64_t>(t))));
    return reshapeTo(b, loc, b.create<LessOp>(loc, index, sequenceLengths), {batch, 1});
  }

  std::pair<Value, Value> step(int64_t d, Value xt, Value h, Value c, Value wd, Value rd,
                               Value rb, Value peep) {
    switch (info.kind) {
    case CellKind::Rnn: {
      Value pre = b.create<AddOp>(loc, xt, gemmTransposed(b, loc, h, rd, rb));
      return {applyActivation(b, loc, act(d, 0), clipped(pre)), Value()};
    }
    case CellKind::Gru:
      return {gruStep(d, xt, h, rd, rb), Value()};
    case CellKind::Lstm:
      return lstmStep(d, xt, h, c, rd, rb, peep);
    }
    llvm_unreachable("unknown cell kind");
  }

  // Gates z, r, h in W's and R's row order.
  Value gruStep(int64_t d, Value xt, Value h, Value rd, Value rb) {
    Value rzr = sliceAxis(b, loc, rd, 0, 0, 2 * hidden);
    Value rh = sliceAxis(b, loc, rd, 0, 2 * hidden, hidden);
    Value rbzr = rb ? sliceAxis(b, loc, rb, 0, 0, 2 * hidden) : Value();
    Value rbh = rb ? sliceAxis(b, loc, rb, 0, 2 * hidden, hidden) : Value();
    Value recurrent = gemmTransposed(b, loc, h, rzr, rbzr);
    const Activation &f = act(d, 0), &g = act(d, 1);
    Value z = applyActivation(
        b, loc, f, clipped(b.create<AddOp>(loc, gate(xt, 0), gate(recurrent, 0))));
    Value reset = applyActivation(
        b, loc, f, clipped(b.create<AddOp>(loc, gate(xt, 1), gate(recurrent, 1))));
    Value candidateRecurrent =
        linearBeforeReset
            ? b.create<MulOp>(loc, reset, gemmTransposed(b, loc, h, rh, rbh)).getResult()
            : gemmTransposed(b, loc, b.create<MulOp>(loc, reset, h), rh, rbh);
    Value candidate = applyActivation(
        b, loc, g, clipped(b.create<AddOp>(loc, gate(xt, 2), candidateRecurrent)));
    // (1 - z) * candidate + z * h
    return b.create<AddOp>(
        loc, candidate, b.create<MulOp>(loc, z, b.create<SubOp>(loc, h, candidate)));
  }

  // Gates i, o, f, c in W's and R's row order; peepholes P are [i, o, f].
  std::pair<Value, Value> lstmStep(int64_t d, Value xt, Value h, Value c, Value rd, Value rb,
                                   Value peep) {
    Value pre = b.create<AddOp>(loc, xt, gemmTransposed(b, loc, h, rd, rb));
    auto withPeephole = [&](Value value, int64_t index, Value state) -> Value {
      if (!peep)
        return value;
      return b.create<AddOp>(loc, value,
                             b.create<MulOp>(loc, sliceAxis(b, loc, peep, 0, index * hidden,
                                                            hidden),
                                             state));
    };
    const Activation &f = act(d, 0), &g = act(d, 1), &hAct = act(d, 2);
    Value input = applyActivation(b, loc, f, clipped(withPeephole(gate(pre, 0), 0, c)));
    Value forget =
        inputForget
            ? b.create<SubOp>(loc, createScalar(b, loc, elementType, 1.0), input).getResult()
            : applyActivation(b, loc, f, clipped(withPeephole(gate(pre, 2), 2, c)));
    Value cell = applyActivation(b, loc, g, clipped(gate(pre, 3)));
    Value newC = b.create<AddOp>(loc, b.create<MulOp>(loc, forget, c),
                                 b.create<MulOp>(loc, input, cell));
    Value output = applyActivation(b, loc, f, clipped(withPeephole(gate(pre, 1), 1, newC)));
    Value newH = b.create<MulOp>(loc, output, applyActivation(b, loc, hAct, newC));
    return {newH, newC};
  }

  Value concat(ArrayRef<Value> values, int64_t axis) {
    if (values.size() == 1)
      return values.front();
    return b.create<ConcatOp>(loc, values, b.getI64IntegerAttr(axis));
  }

  NodeImporter &node;
  CellInfo info;
  OpBuilder &b;
  Location loc;
  std::string direction;
  int64_t numDirections = 1, layout = 0;
  bool linearBeforeReset = false, inputForget = false;
  std::optional<float> clip;
  SmallVector<Activation> activations;
  Type elementType;
  int64_t steps = 0, batch = 0, hidden = 0;
  Value x, w, r, bias, sequenceLengths, initialH, initialC, peepholes;
};
} // namespace

void dlc::registerRecurrentImporters(ImporterRegistry &registry) {
  registry.add("RNN", [](NodeImporter &node) {
    return RecurrentImporter(node, CellKind::Rnn).run();
  });
  registry.add("GRU", [](NodeImporter &node) {
    return RecurrentImporter(node, CellKind::Gru).run();
  });
  registry.add("LSTM", [](NodeImporter &node) {
    return RecurrentImporter(node, CellKind::Lstm).run();
  });
}
