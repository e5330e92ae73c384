//===- KernelDialect.cpp - the dlc kernel dialect -------------------------===//
#include "dialects/kernel/KernelDialect.h"

#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace dlc::kernel;

#include "dialects/kernel/KernelDialect.cpp.inc"

void DlckDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/kernel/KernelOps.cpp.inc"
      >();
}

void KernelOp::build(OpBuilder &builder, OperationState &state, StringRef name,
                     TypeRange resultTypes, ValueRange inputs) {
  state.addAttribute(getSymNameAttrName(state.name), builder.getStringAttr(name));
  state.addOperands(inputs);
  state.addTypes(resultTypes);
  Region *body = state.addRegion();
  Block *block = new Block();
  body->push_back(block);
  for (Value input : inputs)
    block->addArgument(input.getType(), input.getLoc());
}

LogicalResult KernelOp::verify() {
  Block &block = getBody().front();
  if (block.getNumArguments() != getInputs().size())
    return emitOpError("has ") << getInputs().size() << " operands but its body takes "
                               << block.getNumArguments() << " arguments";
  for (auto [index, pair] :
       llvm::enumerate(llvm::zip(getInputs().getTypes(), block.getArgumentTypes())))
    if (std::get<0>(pair) != std::get<1>(pair))
      return emitOpError("operand ") << index << " has type " << std::get<0>(pair)
                                     << " but its block argument has type "
                                     << std::get<1>(pair);
  auto yield = cast<YieldOp>(block.getTerminator());
  if (yield.getValues().getTypes() != getResultTypes())
    return emitOpError("yields ") << yield.getValues().getTypes()
                                  << " but declares results " << getResultTypes();
  return success();
}

#define GET_OP_CLASSES
#include "dialects/kernel/KernelOps.cpp.inc"
