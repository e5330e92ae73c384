//===- KernelGraph.h - the fused graph, drawn for dlc-compile --graph -----===//
#ifndef DLC_COMPILER_DRIVER_KERNELGRAPH_H
#define DLC_COMPILER_DRIVER_KERNELGRAPH_H

#include "compiler/driver/KernelReport.h"

#include "mlir/IR/BuiltinOps.h"

#include <string>
#include <vector>

namespace dlc {

/// The kernels of every entry after the linalg phase as a Graphviz digraph:
/// one cluster per entry holding its inputs, kernels and outputs, and an
/// edge, labelled with the tensor's type, wherever a kernel reads what an
/// input or another kernel produced (through views, reshapes and loops).
/// Weights are counted in their kernels' labels rather than drawn: a
/// ResNet has a hundred of them.
std::string drawKernelGraph(mlir::ModuleOp module, const std::vector<KernelStats> &kernels);

/// Writes `dot` to `path`: as Graphviz text for `.dot` and `.gv`, else
/// rendered by Graphviz's `dot` program in the format the extension names
/// (`.svg`, `.png`, `.pdf`).
mlir::LogicalResult writeKernelGraph(mlir::Location loc, const std::string &path,
                                     llvm::StringRef dot);

/// Whether `path`'s extension is one writeKernelGraph knows; sets `error`
/// to a one-line reason when it is not.
bool checkKernelGraphPath(const std::string &path, std::string &error);

} // namespace dlc

#endif // DLC_COMPILER_DRIVER_KERNELGRAPH_H
