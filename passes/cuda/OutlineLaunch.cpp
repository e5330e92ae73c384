//===- OutlineLaunch.cpp - ops of a function into a launch function -------===//
#include "passes/cuda/OutlineLaunch.h"

#include "dialects/graph/DlcAttributes.h"

#include "mlir/IR/IRMapping.h"

using namespace mlir;

func::FuncOp dlc::outlineLaunch(func::FuncOp func, StringRef name, int64_t number,
                                ArrayRef<Value> operands, ArrayRef<Operation *> prologue,
                                ArrayRef<Operation *> ops, Operation *at, Location loc,
                                SymbolTable &symbols) {
  SmallVector<Type> types;
  for (Value value : operands)
    types.push_back(value.getType());
  OpBuilder builder(func);
  builder.setInsertionPointAfter(func);
  auto launch = builder.create<func::FuncOp>(loc, name, builder.getFunctionType(types, {}));
  launch.setPrivate();
  launch->setAttr(attr::kLaunch, builder.getI64IntegerAttr(number));
  symbols.insert(launch);
  Block *body = launch.addEntryBlock();
  IRMapping mapping;
  for (auto [value, argument] : llvm::zip(operands, body->getArguments()))
    mapping.map(value, argument);
  builder.setInsertionPointToStart(body);
  for (Operation *op : prologue)
    builder.clone(*op, mapping);
  for (Operation *op : ops)
    builder.clone(*op, mapping);
  builder.create<func::ReturnOp>(loc);

  builder.setInsertionPoint(at);
  builder.create<func::CallOp>(loc, launch, operands);
  return launch;
}
