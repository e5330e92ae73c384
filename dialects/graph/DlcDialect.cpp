//===- DlcDialect.cpp - registration of the dlc graph dialect -------------===//
#include "dialects/graph/DlcDialect.h"
#include "dialects/graph/LiteralFolding.h"
#include "dialects/graph/TypeInference.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace dlc::graph;

#include "dialects/graph/DlcDialect.cpp.inc"
#include "dialects/graph/DlcInterfaces.cpp.inc"

#define GET_TYPEDEF_CLASSES
#include "dialects/graph/DlcTypes.cpp.inc"

void DlcDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/graph/DlcOps.cpp.inc"
      >();
  addTypes<
#define GET_TYPEDEF_LIST
#include "dialects/graph/DlcTypes.cpp.inc"
      >();
  addLiteralFolding(*this);
}

Operation *DlcDialect::materializeConstant(OpBuilder &builder, Attribute value, Type type,
                                           Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return builder.create<ConstantOp>(loc, type, elements);
}

#define GET_OP_CLASSES
#include "dialects/graph/DlcOps.cpp.inc"
