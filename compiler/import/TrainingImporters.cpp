//===- TrainingImporters.cpp - ONNX's preview-training domain -------------===//
//
// Gradient imports as dlc.gradient, which --dlc-decompose turns into the
// reverse sweep autodiff builds.
//
// Momentum, Adagrad and Adam of the ai.onnx.preview.training domain (opset
// 1) import as compositions of elementwise dlc ops that follow ONNX's pseudo
// code (onnx/defs/training/defs.cc) step for step. They are ONNX's
// conventions, not torch.optim's, which dlc's own training follows (see
// docs/decisions.md, "Training"): these ops only run what a model spells out.
//
// A node updates k tensors. Its inputs are R (the learning rate, a float
// scalar), T (the update count, an int64 scalar), then k each of X (values),
// G (gradients) and the optimizer's state (V for Momentum, H for Adagrad, V
// then H for Adam); its outputs are k new values, then k of each new state.
//
//===----------------------------------------------------------------------===//
#include "compiler/import/NodeImporter.h"
#include "dialects/graph/DlcDialect.h"
#include "dialects/graph/GradientUtils.h"

#include "mlir/IR/TypeUtilities.h"
#include "onnx/onnx_pb.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/bit.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
// One tensor a node updates: its value, its gradient and its state, and
// then the new value and the new state, in the node's output order.
struct Slot {
  Value x, g;
  SmallVector<Value, 2> state;
  SmallVector<Value, 3> results;
};

struct OptimizerNode {
  Value rate;  // R
  Value count; // T
  SmallVector<Slot> slots;
};

// Reads and checks R, T and the k groups of X, G and `states` (the state
// tensors' names, e.g. {"V", "H"}). Every G and state tensor must have its
// X's type, and all X one element type: ONNX would broadcast them, but a new
// value or state shaped unlike the tensor it replaces is no update.
FailureOr<OptimizerNode> readOptimizerNode(NodeImporter &node, ArrayRef<StringRef> states) {
  int groups = 2 + states.size();
  int numTensors = node.numInputs() - 2;
  if (numTensors < groups || numTensors % groups != 0)
    return node.emitError() << "expected inputs R, T, then X..., G..., "
                            << llvm::join(states, "..., ")
                            << "... in groups of equal size, found " << node.numInputs()
                            << " inputs";
  int k = numTensors / groups;
  if (node.numOutputs() != (groups - 1) * k)
    return node.emitError() << "expected " << (groups - 1) * k << " outputs (X_new..., "
                            << llvm::join(states, "_new..., ") << "_new...) for " << k
                            << " tensors, found " << node.numOutputs();
  FailureOr<SmallVector<Value>> inputs = node.inputs(node.numInputs());
  if (failed(inputs))
    return failure();
  OptimizerNode result{(*inputs)[0], (*inputs)[1], {}};
  auto rateType = cast<RankedTensorType>(result.rate.getType());
  if (rateType.getRank() != 0 || !isa<FloatType>(rateType.getElementType()))
    return node.emitError() << "expected R to be a float scalar, found " << rateType;
  auto countType = cast<RankedTensorType>(result.count.getType());
  if (countType.getRank() != 0 || !countType.getElementType().isInteger(64))
    return node.emitError() << "expected T to be an int64 scalar, found " << countType;

  Type element = cast<RankedTensorType>((*inputs)[2].getType()).getElementType();
  for (int i = 0; i < k; ++i) {
    int x = 2 + i;
    auto xType = cast<RankedTensorType>((*inputs)[x].getType());
    if (!isa<FloatType>(xType.getElementType()) || xType.getElementType() != element)
      return node.emitError() << "expected every X to be a float tensor of one element "
                              << "type, found " << xType << " for '" << node.node().input(x)
                              << "'";
    // G, then the states, of this tensor.
    for (int group = 1; group < groups; ++group) {
      int index = x + group * k;
      if ((*inputs)[index].getType() != xType)
        return node.emitError() << "expected '" << node.node().input(index) << "' to be "
                                << xType << " like '" << node.node().input(x)
                                << "', found " << (*inputs)[index].getType();
    }
    Slot slot{(*inputs)[x], (*inputs)[x + k], {}, {}};
    for (int s = 0; s < static_cast<int>(states.size()); ++s)
      slot.state.push_back((*inputs)[x + (2 + s) * k]);
    result.slots.push_back(std::move(slot));
  }
  return result;
}

// Binds output j * k + i to the j-th result of slot i; fails if a step
// failed (it has reported why).
LogicalResult bindResults(NodeImporter &node, ArrayRef<Slot> slots) {
  int k = slots.size();
  for (auto [i, slot] : llvm::enumerate(slots))
    for (auto [j, value] : llvm::enumerate(slot.results))
      if (!value || failed(node.setOutput(j * k + i, value)))
        return failure();
  return success();
}

// Elementwise arithmetic at one node, in the element type of its tensors.
// Each op is created through the node, which reports a failure there; once
// an operand is null (a step failed), results are null too, so a handler
// checks once, when it binds its outputs.
class Arith {
public:
  Arith(NodeImporter &node, Type element) : node(node), element(element) {}

  /// A scalar constant, created once per node and value.
  Value constant(double value) {
    Value &constant = constants[llvm::bit_cast<uint64_t>(value)];
    if (!constant)
      constant = createScalar(node.builder(), node.loc(), element, value);
    return constant;
  }
  Value add(Value x, Value y) { return create<AddOp>({x, y}); }
  Value sub(Value x, Value y) { return create<SubOp>({x, y}); }
  Value mul(Value x, Value y) { return create<MulOp>({x, y}); }
  Value div(Value x, Value y) { return create<DivOp>({x, y}); }
  Value pow(Value x, Value y) { return create<PowOp>({x, y}); }
  Value sqrt(Value x) { return create<SqrtOp>({x}); }
  /// `k * x`; `x` itself for k == 1, which is exact.
  Value mul(double k, Value x) { return k == 1.0 ? x : mul(constant(k), x); }
  /// `x` in the element type (R may be f32 for f64 tensors; T is int64).
  Value convert(Value x) {
    if (!x || getElementTypeOrSelf(x.getType()) == element)
      return x;
    return create<CastOp>({x}, {node.builder().getNamedAttr("to", TypeAttr::get(element))});
  }
  /// `count > 0 ? x : y`, for the update count T: ONNX's optimizers treat
  /// the first update (T == 0) apart.
  Value afterFirst(Value count, Value x, Value y) {
    Value zero =
        createScalar(node.builder(), node.loc(), getElementTypeOrSelf(count.getType()), 0);
    return create<WhereOp>({create<GreaterOp>({count, zero}), x, y});
  }

private:
  template <typename OpTy>
  Value create(SmallVector<Value, 3> operands, ArrayRef<NamedAttribute> attrs = {}) {
    if (llvm::is_contained(operands, Value()))
      return nullptr;
    FailureOr<OpTy> op = node.create<OpTy>(operands, attrs);
    return succeeded(op) ? op->getResult() : Value();
  }

  NodeImporter &node;
  Type element;
  llvm::SmallDenseMap<uint64_t, Value> constants;
};

Type elementTypeOf(const OptimizerNode &opt) {
  return getElementTypeOrSelf(opt.slots.front().x.getType());
}

LogicalResult requireAttrs(NodeImporter &node, ArrayRef<StringRef> names) {
  for (StringRef name : names)
    if (!node.hasAttr(name))
      return node.emitError() << "expected attribute '" << name << "'";
  return success();
}

// G_regularized = norm_coefficient * X + G: the gradient of the L2 penalty
// 0.5 * norm_coefficient * ||X||^2 added to G.
Value regularized(Arith &a, NodeImporter &node, const Slot &slot) {
  return a.add(a.mul(node.floatAttr("norm_coefficient", 0.0f), slot.x), slot.g);
}

// V_new = alpha * V + beta_adjusted * G_regularized, beta_adjusted being 1
// on the first update; X_new = X - R * V_new ("standard") or
// X - R * (G_regularized + alpha * V_new) ("nesterov").
LogicalResult importMomentum(NodeImporter &node) {
  const StringRef names[] = {"alpha", "beta", "mode", "norm_coefficient"};
  if (failed(node.rejectUnknownAttrs(names)) || failed(requireAttrs(node, names)))
    return failure();
  std::string mode = node.stringAttr("mode", "");
  if (mode != "standard" && mode != "nesterov")
    return node.emitError() << "expected mode \"standard\" or \"nesterov\", found \"" << mode
                            << "\"";
  FailureOr<OptimizerNode> opt = readOptimizerNode(node, {"V"});
  if (failed(opt))
    return failure();
  Arith a(node, elementTypeOf(*opt));
  double alpha = node.floatAttr("alpha", 0.0f);
  Value rate = a.convert(opt->rate);
  Value beta = a.afterFirst(opt->count, a.constant(node.floatAttr("beta", 0.0f)),
                            a.constant(1.0));
  for (Slot &slot : opt->slots) {
    Value g = regularized(a, node, slot);
    Value v = a.add(a.mul(alpha, slot.state[0]), a.mul(beta, g));
    Value direction = mode == "nesterov" ? a.add(g, a.mul(alpha, v)) : v;
    slot.results = {a.sub(slot.x, a.mul(rate, direction)), v};
  }
  return bindResults(node, opt->slots);
}

// r = R / (1 + T * decay_factor); H_new = H + G_regularized^2;
// X_new = X - r * G_regularized / (sqrt(H_new) + epsilon).
LogicalResult importAdagrad(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"decay_factor", "epsilon", "norm_coefficient"})))
    return failure();
  FailureOr<OptimizerNode> opt = readOptimizerNode(node, {"H"});
  if (failed(opt))
    return failure();
  Arith a(node, elementTypeOf(*opt));
  Value decay = a.mul(a.convert(opt->count), a.constant(node.floatAttr("decay_factor", 0.0f)));
  Value rate = a.div(a.convert(opt->rate), a.add(a.constant(1.0), decay));
  Value epsilon = a.constant(node.floatAttr("epsilon", 1e-6f));
  for (Slot &slot : opt->slots) {
    Value g = regularized(a, node, slot);
    Value h = a.add(slot.state[0], a.mul(g, g));
    Value step = a.div(a.mul(rate, g), a.add(a.sqrt(h), epsilon));
    slot.results = {a.sub(slot.x, step), h};
  }
  return bindResults(node, opt->slots);
}

// V_new = alpha * V + (1 - alpha) * G_regularized;
// H_new = beta * H + (1 - beta) * G_regularized^2;
// R_adjusted = T > 0 ? R * sqrt(1 - beta^T) / (1 - alpha^T) : R;
// X_new = (1 - norm_coefficient_post) *
//         (X - R_adjusted * V_new / (sqrt(H_new) + epsilon)).
LogicalResult importAdam(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs(
          {"alpha", "beta", "epsilon", "norm_coefficient", "norm_coefficient_post"})))
    return failure();
  FailureOr<OptimizerNode> opt = readOptimizerNode(node, {"V", "H"});
  if (failed(opt))
    return failure();
  Arith a(node, elementTypeOf(*opt));
  // The attributes are f32; 1 - alpha and 1 - beta are computed from them
  // in double, then rounded to the element type.
  double alpha = node.floatAttr("alpha", 0.9f), beta = node.floatAttr("beta", 0.999f);
  double post = node.floatAttr("norm_coefficient_post", 0.0f);
  Value rate = a.convert(opt->rate);
  Value count = a.convert(opt->count);
  Value one = a.constant(1.0);
  Value corrected =
      a.div(a.mul(rate, a.sqrt(a.sub(one, a.pow(a.constant(beta), count)))),
            a.sub(one, a.pow(a.constant(alpha), count)));
  // At T == 0 the corrections are 0 / 0; the select never reads them.
  Value adjusted = a.afterFirst(opt->count, corrected, rate);
  Value epsilon = a.constant(node.floatAttr("epsilon", 1e-6f));
  for (Slot &slot : opt->slots) {
    Value g = regularized(a, node, slot);
    Value v = a.add(a.mul(alpha, slot.state[0]), a.mul(1.0 - alpha, g));
    Value h = a.add(a.mul(beta, slot.state[1]), a.mul(1.0 - beta, a.mul(g, g)));
    Value step = a.mul(adjusted, a.div(v, a.add(a.sqrt(h), epsilon)));
    slot.results = {a.mul(1.0 - post, a.sub(slot.x, step)), v, h};
  }
  return bindResults(node, opt->slots);
}
// The gradient of the value named `y` with respect to those named `xs`, at
// the values the node's inputs feed to `xs` then `zs`. dlc differentiates
// the graph as it stands, so each input must be the value it feeds.
LogicalResult importGradient(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"xs", "y", "zs"})))
    return failure();
  std::optional<SmallVector<std::string>> xs = node.stringsAttr("xs");
  if (!xs || xs->empty())
    return node.emitError() << "attribute 'xs' is required";
  if (!node.hasAttr("y"))
    return node.emitError() << "attribute 'y' is required";
  SmallVector<std::string> fed = *xs;
  if (std::optional<SmallVector<std::string>> zs = node.stringsAttr("zs"))
    llvm::append_range(fed, *zs);
  if (node.numInputs() != static_cast<int>(fed.size()))
    return node.emitError() << "expected " << fed.size()
                            << " inputs (one per name in xs and zs), found " << node.numInputs();
  for (auto [index, name] : llvm::enumerate(fed))
    if (node.node().input(index) != name)
      return node.emitError() << "input " << index << " ('" << node.node().input(index)
                              << "') must be the value '" << name
                              << "' it feeds: dlc takes gradients at the graph's own values";
  if (node.numOutputs() != static_cast<int>(xs->size()))
    return node.emitError() << "expected " << xs->size()
                            << " outputs (one per name in xs), found " << node.numOutputs();
  FailureOr<Value> target = node.value(node.stringAttr("y", ""));
  FailureOr<SmallVector<Value>> sources = node.inputs(xs->size());
  if (failed(target) || failed(sources))
    return failure();
  SmallVector<Value> operands{*target};
  llvm::append_range(operands, *sources);
  return node.createOutputs<GradientOp>(operands);
}
} // namespace

void dlc::registerTrainingImporters(ImporterRegistry &registry) {
  registry.addInDomain(kPreviewTrainingDomain, "Momentum", importMomentum);
  registry.addInDomain(kPreviewTrainingDomain, "Adagrad", importAdagrad);
  registry.addInDomain(kPreviewTrainingDomain, "Adam", importAdam);
  registry.addInDomain(kPreviewTrainingDomain, "Gradient", importGradient);
}
