//===- DlcAttributes.cpp - verifying the dlc dialect's attributes ---------===//
#include "dialects/graph/DlcAttributes.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace dlc;

namespace {
enum class Kind { String, Unit, Count, Elements };

// Where an attribute may stand (any of these bits).
enum Place : unsigned {
  kFunction = 1,
  kParam = 2,
  kAnyOp = 4,
  kArgument = 8,
  kResult = 16,
  kModule = 32,
};

struct Rule {
  llvm::StringLiteral name;
  Kind kind;
  unsigned places;
};

constexpr Rule kRules[] = {
    {attr::kEntry, Kind::String, kFunction},
    {attr::kKernel, Kind::Unit, kFunction},
    {attr::kNumInputs, Kind::Count, kFunction},
    {attr::kNumParams, Kind::Count, kFunction},
    {attr::kArenaBytes, Kind::Count, kFunction},
    {attr::kParallelBody, Kind::Unit, kFunction},
    {attr::kTakesHost, Kind::Unit, kFunction},
    {attr::kHostField, Kind::Count, kFunction},
    {attr::kLaunch, Kind::Count, kFunction},
    {attr::kCudaSource, Kind::String, kModule},
    {attr::kCudaLaunches, Kind::String, kModule},
    {attr::kRunningStatistic, Kind::Unit, kParam},
    {attr::kParallelWork, Kind::Count, kAnyOp},
    {attr::kName, Kind::String, kArgument | kResult},
    {attr::kParamName, Kind::String, kArgument},
    {attr::kParamValue, Kind::Elements, kArgument},
    {attr::kWrt, Kind::Unit, kArgument},
    // Results become output arguments when buffers replace tensors.
    {attr::kUpdate, Kind::String, kArgument | kResult},
    {attr::kLoss, Kind::Unit, kArgument | kResult},
    {attr::kGradientOf, Kind::String, kArgument | kResult},
    {attr::kGradientOfArg, Kind::Count, kArgument | kResult},
};

bool hasKind(Attribute value, Kind kind) {
  switch (kind) {
  case Kind::String:
    return isa<StringAttr>(value);
  case Kind::Unit:
    return isa<UnitAttr>(value);
  case Kind::Count: {
    auto integer = dyn_cast<IntegerAttr>(value);
    return integer && integer.getType().isSignlessInteger() && !integer.getValue().isNegative();
  }
  case Kind::Elements:
    return isa<ElementsAttr>(value);
  }
  llvm_unreachable("every kind is handled");
}

StringRef describe(Kind kind) {
  switch (kind) {
  case Kind::String:
    return "a string";
  case Kind::Unit:
    return "a unit attribute";
  case Kind::Count:
    return "a non-negative integer";
  case Kind::Elements:
    return "a tensor of values";
  }
  llvm_unreachable("every kind is handled");
}

std::string describePlaces(unsigned places) {
  SmallVector<StringRef> names;
  if (places & kFunction)
    names.push_back("a function");
  if (places & kParam)
    names.push_back("a dlc.param");
  if (places & kAnyOp)
    names.push_back("an operation");
  if (places & kArgument)
    names.push_back("a function argument");
  if (places & kResult)
    names.push_back("a function result");
  if (places & kModule)
    names.push_back("a module");
  return llvm::join(names, " or ");
}

// `what` is where the attribute stands, for the diagnostic.
LogicalResult verify(Operation *op, NamedAttribute attribute, unsigned place, StringRef what) {
  StringRef name = attribute.getName().getValue();
  const Rule *rule =
      llvm::find_if(kRules, [&](const Rule &candidate) { return candidate.name == name; });
  if (rule == std::end(kRules))
    return op->emitOpError() << what << "unknown dlc attribute '" << name << "'";
  if (!(rule->places & place))
    return op->emitOpError() << what << "'" << name << "' belongs on "
                             << describePlaces(rule->places);
  if (!hasKind(attribute.getValue(), rule->kind))
    return op->emitOpError() << what << "'" << name << "' must be " << describe(rule->kind);
  return success();
}
} // namespace

LogicalResult graph::DlcDialect::verifyOperationAttribute(Operation *op,
                                                          NamedAttribute attribute) {
  unsigned place = kAnyOp;
  if (isa<FunctionOpInterface>(op))
    place |= kFunction;
  if (isa<ParamOp>(op))
    place |= kParam;
  if (isa<ModuleOp>(op))
    place |= kModule;
  return verify(op, attribute, place, "");
}

LogicalResult graph::DlcDialect::verifyRegionArgAttribute(Operation *op, unsigned,
                                                          unsigned argIndex,
                                                          NamedAttribute attribute) {
  return verify(op, attribute, kArgument, "argument " + std::to_string(argIndex) + ": ");
}

LogicalResult graph::DlcDialect::verifyRegionResultAttribute(Operation *op, unsigned,
                                                             unsigned resultIndex,
                                                             NamedAttribute attribute) {
  return verify(op, attribute, kResult, "result " + std::to_string(resultIndex) + ": ");
}
