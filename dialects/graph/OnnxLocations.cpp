//===- OnnxLocations.cpp - the ONNX nodes an op came from -----------------===//
#include "dialects/graph/OnnxLocations.h"

#include "mlir/IR/BuiltinAttributes.h"

#include <set>

using namespace mlir;

void dlc::collectOnnxNodeNames(Location loc, std::vector<std::string> &names) {
  if (auto name = dyn_cast<NameLoc>(loc))
    names.push_back(name.getName().str());
  else if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location inner : fused.getLocations())
      collectOnnxNodeNames(inner, names);
}

std::vector<std::string> dlc::onnxNodesIn(Operation *root) {
  std::vector<std::string> nodes;
  std::set<std::string> seen;
  root->walk([&](Operation *op) {
    std::vector<std::string> names;
    collectOnnxNodeNames(op->getLoc(), names);
    for (std::string &name : names)
      if (seen.insert(name).second)
        nodes.push_back(std::move(name));
  });
  return nodes;
}
