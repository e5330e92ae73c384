//===- GraphImporter.h - state of one ONNX graph's import -----------------===//
#ifndef DLC_COMPILER_IMPORT_GRAPHIMPORTER_H
#define DLC_COMPILER_IMPORT_GRAPHIMPORTER_H

#include "compiler/import/NodeImporter.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringMap.h"

namespace onnx {
class GraphProto;
class TensorProto;
class TypeProto;
} // namespace onnx

namespace dlc {

/// Maps ONNX value names to SSA values while the nodes of one graph are
/// imported into a function.
class GraphImporter {
public:
  GraphImporter(mlir::MLIRContext &context, const onnx::GraphProto &graph,
                int64_t opset, const llvm::StringMap<onnx::TensorProto> &constInputs,
                const llvm::StringMap<const onnx::TypeProto *> &inferredTypes);

  /// Builds `@run` in `module`; errors are emitted as diagnostics.
  mlir::LogicalResult importInto(mlir::ModuleOp module);

  mlir::OpBuilder &builder() { return opBuilder; }
  /// The value called `name`; weights become `dlc.param` on first use.
  mlir::FailureOr<mlir::Value> lookup(llvm::StringRef name, mlir::Location useLoc);
  /// The literal called `name`, if it is known at compile time.
  std::optional<mlir::DenseElementsAttr> literal(llvm::StringRef name);
  /// The value of `value` if it is a literal: a constant or an initializer.
  static std::optional<mlir::DenseElementsAttr> literalValue(mlir::Value value);
  /// Binds the output `name` of the node at `loc`, checking its type against
  /// ONNX's own shape inference.
  mlir::LogicalResult bind(llvm::StringRef name, mlir::Value value, mlir::Location loc);
  /// The static type the model states for value `name`: a graph output's or
  /// value_info's declaration, else ONNX's inference.
  std::optional<mlir::RankedTensorType> declaredType(llvm::StringRef name);
  /// The sequence called `name`; an error at `useLoc` if it is none.
  mlir::FailureOr<Sequence> lookupSequence(llvm::StringRef name, mlir::Location useLoc);
  bool isSequence(llvm::StringRef name) const { return sequences.count(name); }
  void bindSequence(llvm::StringRef name, Sequence sequence);

private:
  mlir::LogicalResult importNode(const onnx::NodeProto &node, int index);

  mlir::MLIRContext &context;
  const onnx::GraphProto &graph;
  int64_t opset;
  const llvm::StringMap<onnx::TensorProto> &constInputs;
  const llvm::StringMap<const onnx::TypeProto *> &inferredTypes;
  mlir::OpBuilder opBuilder;
  llvm::StringMap<mlir::Value> values;
  llvm::StringMap<Sequence> sequences;
  llvm::StringMap<const onnx::TensorProto *> initializers;
  mlir::Block *entryBlock = nullptr;
};

/// A node's location: its name, or `OpType#index` when unnamed, wrapping its
/// op type so diagnostics can say both.
mlir::Location nodeLocation(mlir::MLIRContext &context, const onnx::NodeProto &node,
                            int index);

/// Where graph-level problems are reported: the graph's name.
mlir::Location graphLocation(mlir::MLIRContext &context, const onnx::GraphProto &graph);

/// The MLIR type of an ONNX tensor type, if it is fully static.
std::optional<mlir::RankedTensorType> convertTensorType(mlir::MLIRContext &context,
                                                        const onnx::TypeProto &type);

} // namespace dlc

#endif // DLC_COMPILER_IMPORT_GRAPHIMPORTER_H
