//===- KernelGraph.cpp - the fused graph, drawn for dlc-compile --graph ---===//
#include "compiler/driver/KernelGraph.h"

#include "compiler/codegen/ModelDescription.h"
#include "compiler/codegen/Subprocess.h"
#include "passes/memory/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

#include <set>

using namespace mlir;
using namespace dlc;

namespace {
// Graphviz renders large graphs in seconds; a minute means something is wrong.
constexpr unsigned kDotTimeoutSeconds = 120;
// A kernel label lists at most this many ONNX nodes, then how many more.
constexpr size_t kNodesShown = 4;

std::string quoted(StringRef text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\')
      out += '\\';
    if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out + "\"";
}

std::string typeText(Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  if (auto shaped = dyn_cast<ShapedType>(type); shaped && shaped.hasRank()) {
    for (int64_t dim : shaped.getShape())
      os << (ShapedType::isDynamic(dim) ? std::string("?") : std::to_string(dim)) << "x";
    os << shaped.getElementType();
  } else {
    os << type;
  }
  return text;
}

std::string flopsText(uint64_t flops) {
  const char *units[] = {"", "K", "M", "G", "T"};
  double value = static_cast<double>(flops);
  size_t unit = 0;
  while (value >= 1000 && unit + 1 < std::size(units)) {
    value /= 1000;
    ++unit;
  }
  std::string text;
  llvm::raw_string_ostream(text) << llvm::format(unit ? "%.1f " : "%.0f ", value)
                                 << units[unit] << "FLOP";
  return text;
}

class EntryDrawer {
public:
  EntryDrawer(func::FuncOp entry, ModuleOp module,
              const llvm::StringMap<const KernelStats *> &stats, llvm::raw_ostream &os)
      : entry(entry), module(module), stats(stats), os(os),
        prefix(entry->getAttrOfType<StringAttr>(attr::kEntry).str()) {}

  void draw() {
    os << "  subgraph " << quoted("cluster_" + prefix) << " {\n"
       << "    label=" << quoted("entry " + prefix) << ";\n";
    for (BlockArgument arg : entry.getArguments())
      if (!isWeight(arg))
        os << "    " << id(arg) << " [shape=ellipse, label="
           << quoted(argName(arg) + "\n" + typeText(arg.getType())) << "];\n";
    entry.walk([&](func::CallOp call) {
      if (isKernel(call))
        drawKernel(call);
    });
    auto ret = cast<func::ReturnOp>(entry.getBody().back().getTerminator());
    for (auto [index, value] : llvm::enumerate(ret.getOperands())) {
      std::string node = prefix + "_out" + std::to_string(index);
      auto update = entry.getResultAttrOfType<StringAttr>(index, attr::kUpdate);
      auto name = entry.getResultAttrOfType<StringAttr>(index, attr::kName);
      std::string label = update ? "update " + update.str()
                          : name ? name.str()
                                 : "output " + std::to_string(index);
      os << "    " << quoted(node) << " [shape=" << (update ? "note" : "ellipse")
         << ", label=" << quoted(label + "\n" + typeText(value.getType())) << "];\n";
      drawEdges(value, quoted(node));
    }
    os << "  }\n";
  }

private:
  bool isKernel(func::CallOp call) {
    auto callee = module.lookupSymbol<func::FuncOp>(call.getCallee());
    return callee && callee->hasAttr(attr::kKernel);
  }

  bool isWeight(BlockArgument arg) {
    return arg.getOwner() == &entry.getBody().front() &&
           entry.getArgAttr(arg.getArgNumber(), attr::kParamName);
  }

  std::string argName(BlockArgument arg) {
    auto name = entry.getArgAttrOfType<StringAttr>(arg.getArgNumber(), attr::kName);
    return name ? name.str() : "input " + std::to_string(arg.getArgNumber());
  }

  std::string id(Value source) {
    if (auto arg = dyn_cast<BlockArgument>(source))
      return quoted(prefix + "_arg" + std::to_string(arg.getArgNumber()));
    return id(cast<OpResult>(source).getOwner());
  }

  std::string id(Operation *call) {
    auto [it, inserted] = callIds.try_emplace(call, callIds.size());
    return quoted(prefix + "_k" + std::to_string(it->second));
  }

  void drawKernel(func::CallOp call) {
    std::string label = call.getCallee().str();
    unsigned weights = 0;
    for (Value operand : call.getOperands())
      for (Value source : sourcesOf(operand))
        if (auto arg = dyn_cast<BlockArgument>(source); arg && isWeight(arg))
          ++weights;
    if (const KernelStats *kernel = stats.lookup(call.getCallee())) {
      label += "\n" + flopsText(kernel->flops);
      for (size_t i = 0; i < kernel->nodes.size() && i < kNodesShown; ++i)
        label += "\n" + kernel->nodes[i];
      if (kernel->nodes.size() > kNodesShown)
        label += "\n(" + std::to_string(kernel->nodes.size() - kNodesShown) + " more nodes)";
    }
    if (weights)
      label += "\n" + std::to_string(weights) + (weights == 1 ? " weight" : " weights");
    os << "    " << id(call) << " [shape=box, label=" << quoted(label) << "];\n";
    for (Value operand : call.getOperands())
      drawEdges(operand, id(call));
  }

  void drawEdges(Value consumed, const std::string &to) {
    for (Value source : sourcesOf(consumed)) {
      auto arg = dyn_cast<BlockArgument>(source);
      if (arg && isWeight(arg))
        continue;
      std::string from = id(source);
      if (edges.insert({from, to}).second)
        os << "    " << from << " -> " << to
           << " [label=" << quoted(typeText(source.getType())) << "];\n";
    }
  }

  // The entry arguments (inputs, weights) and kernel results `value` is
  // computed from, looking through the ops between kernels (views,
  // reshapes) and into the loops that hold kernels.
  ArrayRef<Value> sourcesOf(Value value) {
    if (auto it = sources.find(value); it != sources.end())
      return it->second;
    llvm::SetVector<Value> found;
    auto addAll = [&](ValueRange values) {
      for (Value v : values) {
        ArrayRef<Value> inner = sourcesOf(v);
        found.insert(inner.begin(), inner.end());
      }
    };
    if (auto arg = dyn_cast<BlockArgument>(value)) {
      if (arg.getOwner() == &entry.getBody().front())
        found.insert(arg);
      else
        addAll(arg.getOwner()->getParentOp()->getOperands());
    } else if (auto call = value.getDefiningOp<func::CallOp>(); call && isKernel(call)) {
      found.insert(value);
    } else {
      Operation *op = value.getDefiningOp();
      addAll(op->getOperands());
      for (Region &region : op->getRegions())
        for (Block &block : region)
          if (!block.empty() && block.back().hasTrait<OpTrait::IsTerminator>())
            addAll(block.back().getOperands());
    }
    return sources[value] = found.takeVector();
  }

  func::FuncOp entry;
  ModuleOp module;
  const llvm::StringMap<const KernelStats *> &stats;
  llvm::raw_ostream &os;
  std::string prefix;
  llvm::DenseMap<Operation *, size_t> callIds;
  llvm::DenseMap<Value, SmallVector<Value>> sources;
  std::set<std::pair<std::string, std::string>> edges;
};

std::string extensionOf(const std::string &path) {
  return llvm::sys::path::extension(path).drop_front().lower();
}
} // namespace

std::string dlc::drawKernelGraph(ModuleOp module, const std::vector<KernelStats> &kernels) {
  llvm::StringMap<const KernelStats *> stats;
  for (const KernelStats &kernel : kernels)
    stats[kernel.name] = &kernel;
  std::string dot;
  llvm::raw_string_ostream os(dot);
  os << "digraph dlc {\n"
     << "  rankdir=TB;\n"
     << "  node [fontname=\"Helvetica\", fontsize=10];\n"
     << "  edge [fontname=\"Helvetica\", fontsize=8];\n";
  for (func::FuncOp entry : findEntries(module))
    EntryDrawer(entry, module, stats, os).draw();
  os << "}\n";
  return dot;
}

bool dlc::checkKernelGraphPath(const std::string &path, std::string &error) {
  std::string extension = extensionOf(path);
  if (llvm::is_contained({"dot", "gv", "svg", "png", "pdf"}, extension))
    return true;
  error = "cannot draw the graph as '" + path +
          "': name it .svg, .png, .pdf (rendered by Graphviz) or .dot";
  return false;
}

LogicalResult dlc::writeKernelGraph(Location loc, const std::string &path, StringRef dot) {
  std::string error;
  if (!checkKernelGraphPath(path, error))
    return emitError(loc) << error;
  std::string extension = extensionOf(path);
  if (extension == "dot" || extension == "gv") {
    std::unique_ptr<llvm::ToolOutputFile> file = openOutputFile(path, &error);
    if (!file)
      return emitError(loc) << "cannot write '" << path << "': " << error;
    file->os() << dot;
    file->keep();
    return success();
  }
  ScratchDir scratch;
  if (!scratch.create("dlc-graph", error))
    return emitError(loc) << error;
  std::string rendered = scratch.file("graph." + extension);
  if (!scratch.write("graph.dot", dot, error) ||
      !runProgram("dot", {"-T" + extension, "-o", rendered, scratch.file("graph.dot")}, scratch,
                  kDotTimeoutSeconds, "drawing '" + path + "' with Graphviz", error))
    return emitError(loc) << error;
  if (std::error_code ec = llvm::sys::fs::copy_file(rendered, path))
    return emitError(loc) << "cannot write '" << path << "': " << ec.message();
  return success();
}
