//===- FunctionInlining.cpp - model-local functions become their nodes ----===//
#include "compiler/import/FunctionInlining.h"
#include "compiler/import/ModelValidation.h"

#include "mlir/IR/Diagnostics.h"
#include "onnx/onnx_pb.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <google/protobuf/unknown_field_set.h>

#include <map>

using namespace mlir;
using namespace dlc;

namespace {
using Nodes = google::protobuf::RepeatedPtrField<onnx::NodeProto>;

// Calls nest at most this deep: deeper is a recursive function, or a model
// built to exhaust the compiler.
constexpr int kMaxDepth = 32;
// Expansion may multiply nodes; past this many the model is refused.
constexpr int64_t kMaxNodes = int64_t(1) << 18;
// FunctionProto.attribute_proto (IR 9): the attributes' defaults. The
// protobuf classes dlc builds with predate it, so it is read from the
// fields they keep unparsed.
constexpr int kAttributeProtoField = 11;

std::string canonicalDomain(const std::string &domain) {
  return isDefaultDomain(domain) ? std::string() : domain;
}

std::string functionName(const onnx::FunctionProto &function) {
  return function.domain().empty() ? function.name() : function.domain() + "." + function.name();
}

// One call's view of its function: what the function's names become, and
// the attribute values its nodes' references take.
struct Binding {
  std::map<std::string, std::string> names;
  llvm::StringMap<const onnx::AttributeProto *> attributes;
  std::string prefix;

  std::string rename(const std::string &name) const {
    if (name.empty())
      return name;
    auto it = names.find(name);
    return it != names.end() ? it->second : prefix + name;
  }
};

// A function of the model, and its attributes' defaults.
struct Function {
  const onnx::FunctionProto *proto = nullptr;
  llvm::StringMap<onnx::AttributeProto> defaults;
};

class Inliner {
public:
  Inliner(Location loc, onnx::ModelProto &model) : loc(loc), model(model) {}

  LogicalResult run() {
    int64_t opset = defaultOpset(model);
    llvm::StringSet<> domains;
    for (const onnx::FunctionProto &function : model.functions()) {
      int64_t own = defaultOpset(function);
      if (own != 0 && opset != 0 && own != opset)
        return emitError(loc) << "function '" << functionName(function) << "' uses opset "
                              << own << " and the model opset " << opset
                              << "; dlc imports a model at one opset";
      auto [entry, added] = functions.try_emplace(
          std::make_pair(canonicalDomain(function.domain()), function.name()));
      if (!added)
        return emitError(loc) << "function '" << functionName(function)
                              << "' is defined twice";
      entry->second.proto = &function;
      if (failed(readDefaults(function, entry->second.defaults)))
        return failure();
      domains.insert(canonicalDomain(function.domain()));
    }
    if (functions.empty())
      return success();
    if (failed(expand(*model.mutable_graph()->mutable_node(), 0)))
      return failure();
    model.clear_functions();
    // Only the functions were in these domains; their calls are gone.
    auto *opsets = model.mutable_opset_import();
    for (int i = opsets->size() - 1; i >= 0; --i)
      if (!isDefaultDomain(opsets->Get(i).domain()) &&
          domains.contains(canonicalDomain(opsets->Get(i).domain())))
        opsets->DeleteSubrange(i, 1);
    return success();
  }

private:
  LogicalResult readDefaults(const onnx::FunctionProto &function,
                             llvm::StringMap<onnx::AttributeProto> &own) {
    const google::protobuf::UnknownFieldSet &unknown =
        function.GetReflection()->GetUnknownFields(function);
    for (int i = 0; i < unknown.field_count(); ++i) {
      const google::protobuf::UnknownField &field = unknown.field(i);
      if (field.number() != kAttributeProtoField ||
          field.type() != google::protobuf::UnknownField::TYPE_LENGTH_DELIMITED)
        continue;
      onnx::AttributeProto attribute;
      if (!attribute.ParseFromString(field.length_delimited()) || attribute.name().empty())
        return emitError(loc) << "function '" << functionName(function)
                              << "' has an attribute default that does not parse";
      own[attribute.name()] = std::move(attribute);
    }
    return success();
  }

  const Function *calledBy(const onnx::NodeProto &node) const {
    auto it = functions.find({canonicalDomain(node.domain()), node.op_type()});
    return it == functions.end() ? nullptr : &it->second;
  }

  // Expands the calls among `nodes`, in place. Subgraphs are left as they
  // are: dlc refuses control flow whatever they call.
  LogicalResult expand(Nodes &nodes, int depth) {
    Nodes result;
    for (onnx::NodeProto &node : nodes) {
      const Function *function = calledBy(node);
      if (!function) {
        if (++count > kMaxNodes)
          return tooMany();
        *result.Add() = std::move(node);
        continue;
      }
      if (depth >= kMaxDepth)
        return emitError(loc) << "calls of function '" << functionName(*function->proto)
                              << "' nest deeper than " << kMaxDepth
                              << " (a function that calls itself?)";
      FailureOr<Nodes> body = instantiate(node, *function);
      if (failed(body) || failed(expand(*body, depth + 1)))
        return failure();
      for (onnx::NodeProto &inner : *body)
        *result.Add() = std::move(inner);
    }
    nodes.Swap(&result);
    return success();
  }

  LogicalResult tooMany() {
    return emitError(loc) << "expanding the model's functions gives more than " << kMaxNodes
                          << " nodes";
  }

  // The function's nodes as `call` runs them.
  FailureOr<Nodes> instantiate(const onnx::NodeProto &call, const Function &callee) {
    const onnx::FunctionProto &function = *callee.proto;
    std::string caller = call.name().empty() ? call.op_type() : call.name();
    if (call.input_size() > function.input_size() || call.output_size() > function.output_size())
      return emitError(loc) << "node '" << caller << "' calls function '"
                            << functionName(function) << "' with " << call.input_size()
                            << " inputs and " << call.output_size() << " outputs; it declares "
                            << function.input_size() << " and " << function.output_size();
    Binding binding;
    binding.prefix = caller + "/" + std::to_string(++calls) + "/";
    for (int i = 0; i < function.input_size(); ++i)
      binding.names[function.input(i)] = i < call.input_size() ? call.input(i) : std::string();
    for (int i = 0; i < function.output_size(); ++i)
      if (i < call.output_size() && !call.output(i).empty())
        binding.names[function.output(i)] = call.output(i);
    for (const auto &entry : callee.defaults)
      binding.attributes[entry.getKey()] = &entry.getValue();
    for (const onnx::AttributeProto &attribute : call.attribute())
      binding.attributes[attribute.name()] = &attribute;
    Nodes body;
    for (const onnx::NodeProto &node : function.node()) {
      onnx::NodeProto *copy = body.Add();
      *copy = node;
      bind(*copy, binding);
    }
    return body;
  }

  static void bind(onnx::NodeProto &node, const Binding &binding) {
    for (std::string &input : *node.mutable_input())
      input = binding.rename(input);
    for (std::string &output : *node.mutable_output())
      output = binding.rename(output);
    if (!node.name().empty())
      node.set_name(binding.prefix + node.name());
    auto *attributes = node.mutable_attribute();
    for (int i = attributes->size() - 1; i >= 0; --i) {
      onnx::AttributeProto &attribute = *attributes->Mutable(i);
      if (!attribute.ref_attr_name().empty()) {
        // An attribute the call leaves unset, with no default, is unset.
        const onnx::AttributeProto *value = binding.attributes.lookup(attribute.ref_attr_name());
        if (!value) {
          attributes->DeleteSubrange(i, 1);
          continue;
        }
        std::string name = attribute.name();
        attribute = *value;
        attribute.set_name(name);
      }
    }
  }

  Location loc;
  onnx::ModelProto &model;
  std::map<std::pair<std::string, std::string>, Function> functions;
  int64_t count = 0, calls = 0;
};
} // namespace

LogicalResult dlc::inlineLocalFunctions(Location loc, onnx::ModelProto &model) {
  return Inliner(loc, model).run();
}
