//===- NodeImporter.h - what an ONNX op handler sees of its node ----------===//
//
// The importer is table-driven: each ONNX op type (of a domain) has one
// handler, registered by the family file (<Family>Importers.cpp) that matches
// the graph dialect's <Family>Ops.td, or that names the ONNX family it
// composes from dlc ops (TrainingImporters.cpp). A handler reads its node
// through NodeImporter, creates dlc ops with create<OpTy>() (which infers and
// verifies result types, reporting failures at the node), and binds the
// node's outputs with setOutputs().
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_IMPORT_NODEIMPORTER_H
#define DLC_COMPILER_IMPORT_NODEIMPORTER_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Operation.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "llvm/ADT/StringMap.h"

#include <functional>
#include <optional>

namespace onnx {
class NodeProto;
class AttributeProto;
} // namespace onnx

namespace dlc {

class GraphImporter;

/// An ONNX sequence while its graph is imported. dlc has no sequence type:
/// sequence ops are resolved at import into the tensors a sequence holds,
/// so positions must be known at compile time and no graph input or output
/// may be a sequence.
struct Sequence {
  llvm::SmallVector<mlir::Value> elements;
  /// The element type of the tensors it holds (that of an empty one too).
  mlir::Type elementType;
};

/// One ONNX node being imported.
class NodeImporter {
public:
  NodeImporter(GraphImporter &graph, const onnx::NodeProto &node, mlir::Location loc,
               int64_t opset);

  mlir::OpBuilder &builder();
  mlir::MLIRContext *context();
  mlir::Location loc() const { return location; }
  const onnx::NodeProto &node() const { return proto; }
  /// The default-domain opset whose form of the op the node is written in:
  /// kTargetOpset for models converted from it or older, else the model's own.
  int64_t opset() const { return opsetVersion; }

  /// Number of inputs as written (including empty optional ones).
  int numInputs() const;
  int numOutputs() const;
  /// True if input `i` is present (not omitted and not the empty name).
  bool hasInput(int i) const;
  bool hasOutput(int i) const;
  /// The value of input `i`; emits an error and returns null if absent.
  mlir::Value input(int i);
  /// The value called `name` in the graph (an attribute may name one, as
  /// Gradient's `y` does); emits an error if there is none.
  mlir::FailureOr<mlir::Value> value(llvm::StringRef name);
  /// Inputs 0..numRequired-1, then those of the next numOptional that are
  /// present, stopping at the first absent one; emits an error and fails if a
  /// required input is missing.
  mlir::FailureOr<llvm::SmallVector<mlir::Value>> inputs(int numRequired,
                                                         int numOptional = 0);
  /// Every input as written, at least one (Concat-like and variadic ops);
  /// emits an error if there is none or one is missing.
  mlir::FailureOr<llvm::SmallVector<mlir::Value>> variadicInputs();
  /// The literal value of input `i` (an initializer, a Constant node, or a
  /// graph input bound with --const-input); emits an error naming the input
  /// if it is not known at compile time. The op type must list `i` in its
  /// registered constant operands.
  mlir::FailureOr<mlir::DenseElementsAttr> constantInput(int i);
  /// The literal value of input `i` if it is known at compile time, for
  /// checks on operands that need not be (a divisor); no error otherwise.
  std::optional<mlir::DenseElementsAttr> knownInput(int i);
  /// The values of input `i`, a compile-time literal that must be a 1-D
  /// int64 tensor (shapes, axes).
  mlir::FailureOr<llvm::SmallVector<int64_t>> constantInts(int i);

  bool hasAttr(llvm::StringRef name) const;
  int64_t intAttr(llvm::StringRef name, int64_t defaultValue) const;
  float floatAttr(llvm::StringRef name, float defaultValue) const;
  std::string stringAttr(llvm::StringRef name, llvm::StringRef defaultValue) const;
  /// An INTS attribute, or std::nullopt when absent.
  std::optional<llvm::SmallVector<int64_t>> intsAttr(llvm::StringRef name) const;
  /// A FLOATS attribute; empty when absent.
  llvm::SmallVector<float> floatsAttr(llvm::StringRef name) const;
  /// A STRINGS attribute, or std::nullopt when absent.
  std::optional<llvm::SmallVector<std::string>> stringsAttr(llvm::StringRef name) const;
  /// An INT attribute that ONNX defines as a 0/1 flag, for nodes with no dlc
  /// op whose ODS would check it; emits an error for any other value.
  mlir::FailureOr<bool> flagAttr(llvm::StringRef name, bool defaultValue) const;
  /// An INT attribute naming an ONNX element type (dtype, output_datatype),
  /// `defaultOnnxType` when absent; emits an error for one dlc lacks.
  mlir::FailureOr<mlir::Type> elementTypeAttr(llvm::StringRef name, int64_t defaultOnnxType);
  /// A TENSOR attribute as a literal; emits an error if it cannot be read.
  mlir::FailureOr<mlir::DenseElementsAttr> tensorAttr(llvm::StringRef name);
  /// Errors for attributes this importer does not know about the op.
  mlir::LogicalResult rejectUnknownAttrs(llvm::ArrayRef<llvm::StringRef> known);

  /// An error at this node ("node 'name' (OpType): ..." when printed).
  mlir::InFlightDiagnostic emitError();

  /// The node's ONNX attributes as attributes of OpTy, matched by name: OpTy's
  /// ODS arguments are the one list of the attributes it takes, with their
  /// types and defaults. An ONNX attribute OpTy does not declare is an error,
  /// as is one of the wrong ONNX type (a flag, BoolAttr in ODS, takes INT 0
  /// or 1); one ONNX omits is left out, for OpTy's ODS default to fill in.
  /// `onnxOnly` names ONNX attributes the handler reads itself (auto_pad);
  /// `derived` names OpTy attributes the handler computes, which the node
  /// may not set.
  template <typename OpTy>
  mlir::FailureOr<mlir::NamedAttrList>
  odsAttributes(llvm::ArrayRef<llvm::StringRef> onnxOnly = {},
                llvm::ArrayRef<llvm::StringRef> derived = {}) {
    mlir::NamedAttrList defaults;
    OpTy::populateDefaultAttrs(mlir::OperationName(OpTy::getOperationName(), context()),
                               defaults);
    return mapAttributes(OpTy::getAttributeNames(), defaults, onnxOnly, derived);
  }

  /// Creates OpTy with result types from its own inference; on failure the
  /// op's diagnostics are reported at this node and nothing is created.
  /// Attributes are checked against OpTy's ODS constraints first, so that
  /// inference never reads a missing or mistyped one.
  template <typename OpTy>
  mlir::FailureOr<OpTy> create(mlir::ValueRange operands,
                               llvm::ArrayRef<mlir::NamedAttribute> attrs = {}) {
    mlir::NamedAttrList all(attrs);
    OpTy::populateDefaultAttrs(mlir::OperationName(OpTy::getOperationName(), context()),
                               all);
    mlir::DictionaryAttr dictionary = all.getDictionary(context());
    typename OpTy::Adaptor adaptor(operands, dictionary);
    if (mlir::failed(adaptor.verify(location)))
      return mlir::failure();
    llvm::SmallVector<mlir::Type> types;
    if (mlir::failed(OpTy::inferReturnTypes(context(), location, operands, dictionary,
                                            mlir::OpaqueProperties(nullptr),
                                            mlir::RegionRange(), types)))
      return mlir::failure();
    return createTyped<OpTy>(types, operands, all.getAttrs());
  }

  /// Creates OpTy with the given result types, for ops whose results depend
  /// on data and so take the types the model declares; checked as create()
  /// checks.
  template <typename OpTy>
  mlir::FailureOr<OpTy> createTyped(mlir::TypeRange types, mlir::ValueRange operands,
                                    llvm::ArrayRef<mlir::NamedAttribute> attrs = {}) {
    mlir::NamedAttrList all(attrs);
    OpTy::populateDefaultAttrs(mlir::OperationName(OpTy::getOperationName(), context()),
                               all);
    typename OpTy::Adaptor adaptor(operands, all.getDictionary(context()));
    if (mlir::failed(adaptor.verify(location)))
      return mlir::failure();
    auto op = builder().create<OpTy>(location, types, operands, all.getAttrs());
    if (mlir::failed(verifyCreated(op.getOperation())))
      return mlir::failure();
    return op;
  }

  /// The static type the model declares for output `i` (as a graph output,
  /// in value_info, or by ONNX's inference), if any.
  std::optional<mlir::RankedTensorType> declaredOutputType(int i);

  /// Creates OpTy as create() does and binds its results as the node's
  /// outputs: the whole of most handlers.
  template <typename OpTy>
  mlir::LogicalResult createOutputs(mlir::ValueRange operands,
                                    llvm::ArrayRef<mlir::NamedAttribute> attrs = {}) {
    mlir::FailureOr<OpTy> op = create<OpTy>(operands, attrs);
    if (mlir::failed(op))
      return mlir::failure();
    return setOutputs((*op)->getResults());
  }

  /// Input `i`, which must be a sequence.
  mlir::FailureOr<Sequence> sequenceInput(int i);
  /// True if input `i` names a sequence.
  bool isSequenceInput(int i) const;
  /// Binds output `i` to a sequence.
  mlir::LogicalResult setSequenceOutput(int i, Sequence sequence);

  /// Binds the node's outputs, in order, to `values` (absent optional
  /// outputs are skipped); fails if a type disagrees with ONNX's inference.
  mlir::LogicalResult setOutputs(mlir::ValueRange values);
  mlir::LogicalResult setOutput(int i, mlir::Value value);

private:
  mlir::LogicalResult verifyCreated(mlir::Operation *op);
  mlir::FailureOr<mlir::NamedAttrList>
  mapAttributes(llvm::ArrayRef<llvm::StringRef> odsNames, const mlir::NamedAttrList &defaults,
                llvm::ArrayRef<llvm::StringRef> onnxOnly, llvm::ArrayRef<llvm::StringRef> derived);
  mlir::FailureOr<mlir::Attribute> convertAttribute(const onnx::AttributeProto &attr,
                                                    mlir::Attribute odsDefault);
  mlir::Value foldLiteral(mlir::Value value);
  const onnx::AttributeProto *findAttr(llvm::StringRef name) const;

  GraphImporter &graph;
  const onnx::NodeProto &proto;
  mlir::Location location;
  int64_t opsetVersion;
};

/// For importDirect's NumRequired: every input as written (Concat, Einsum).
inline constexpr int kAllInputs = -1;

/// The whole handler of an op that is its ONNX form: the node's inputs are
/// OpTy's operands in order (`NumRequired`, then up to `NumOptional` present
/// ones) and its attributes are OpTy's ODS attributes by name.
template <typename OpTy, int NumRequired, int NumOptional = 0>
mlir::LogicalResult importDirect(NodeImporter &node) {
  mlir::FailureOr<mlir::NamedAttrList> attrs = node.odsAttributes<OpTy>();
  if (mlir::failed(attrs))
    return mlir::failure();
  mlir::FailureOr<llvm::SmallVector<mlir::Value>> inputs =
      node.inputs(NumRequired == kAllInputs ? node.numInputs() : NumRequired, NumOptional);
  if (mlir::failed(inputs))
    return mlir::failure();
  return node.createOutputs<OpTy>(*inputs, attrs->getAttrs());
}

/// Imports one node; returns failure after emitting an error.
using ImportHandler = std::function<mlir::LogicalResult(NodeImporter &)>;

/// ONNX's training-operator domain (Momentum, Adagrad, Adam; opset 1).
inline constexpr llvm::StringLiteral kPreviewTrainingDomain = "ai.onnx.preview.training";

/// The table of handlers by ONNX domain and op type. The default domain is
/// "" (a node's "ai.onnx" is looked up as ""): an op type means nothing
/// without its domain.
class ImporterRegistry {
public:
  /// A handler for a default-domain op type. `constantOperands` lists the
  /// inputs that must be known at compile time (shapes, axes): graph inputs
  /// feeding them are bound with --const-input.
  void add(llvm::StringRef opType, ImportHandler handler,
           llvm::ArrayRef<int> constantOperands = {}) {
    addInDomain("", opType, std::move(handler), constantOperands);
  }
  void addInDomain(llvm::StringRef domain, llvm::StringRef opType, ImportHandler handler,
                   llvm::ArrayRef<int> constantOperands = {});
  const ImportHandler *lookup(llvm::StringRef domain, llvm::StringRef opType) const;
  llvm::ArrayRef<int> constantOperands(llvm::StringRef domain, llvm::StringRef opType) const;
  /// The op types registered in `domain`, sorted.
  std::vector<std::string> opTypes(llvm::StringRef domain = "") const;

  /// The registry with every family's handlers.
  static const ImporterRegistry &get();

private:
  struct Entry {
    ImportHandler handler;
    llvm::SmallVector<int> constantOperands;
  };
  const Entry *find(llvm::StringRef domain, llvm::StringRef opType) const;

  /// Entries by domain, then by op type.
  llvm::StringMap<llvm::StringMap<Entry>> domains;
};

// One per family of ops; each lives in <Family>Importers.cpp.
void registerCoreImporters(ImporterRegistry &registry);
void registerElementwiseImporters(ImporterRegistry &registry);
void registerConvImporters(ImporterRegistry &registry);
void registerPoolImporters(ImporterRegistry &registry);
void registerMatrixImporters(ImporterRegistry &registry);
void registerShapeImporters(ImporterRegistry &registry);
void registerReductionImporters(ImporterRegistry &registry);
void registerScanImporters(ImporterRegistry &registry);
void registerLossImporters(ImporterRegistry &registry);
void registerNormalizationImporters(ImporterRegistry &registry);
void registerIndexingImporters(ImporterRegistry &registry);
void registerLayoutImporters(ImporterRegistry &registry);
void registerGeneratorImporters(ImporterRegistry &registry);
void registerRecurrentImporters(ImporterRegistry &registry);
void registerResizeImporters(ImporterRegistry &registry);
void registerQuantizationImporters(ImporterRegistry &registry);
void registerTrainingImporters(ImporterRegistry &registry);
void registerSequenceImporters(ImporterRegistry &registry);
void registerSignalImporters(ImporterRegistry &registry);
void registerSamplingImporters(ImporterRegistry &registry);
void registerStringImporters(ImporterRegistry &registry);

} // namespace dlc

#endif // DLC_COMPILER_IMPORT_NODEIMPORTER_H
