//===- OnnxLocations.h - the ONNX nodes an op came from -------------------===//
#ifndef DLC_DIALECTS_GRAPH_ONNXLOCATIONS_H
#define DLC_DIALECTS_GRAPH_ONNXLOCATIONS_H

#include "mlir/IR/Location.h"
#include "mlir/IR/Operation.h"

#include <string>
#include <vector>

namespace dlc {

/// Appends the ONNX nodes `loc` names: the importer names each op's location
/// after its node, with the op type nested inside; an op that merges several
/// (a batch norm folded into its conv) has a fused location.
void collectOnnxNodeNames(mlir::Location loc, std::vector<std::string> &names);

/// The ONNX nodes of `root` and every op inside it, each once, in walk order.
std::vector<std::string> onnxNodesIn(mlir::Operation *root);

} // namespace dlc

#endif // DLC_DIALECTS_GRAPH_ONNXLOCATIONS_H
