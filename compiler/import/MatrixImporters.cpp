//===- MatrixImporters.cpp - ONNX Gemm, MatMul and Einsum -----------------===//
#include "compiler/import/NodeImporter.h"
#include "dialects/graph/DlcDialect.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

void dlc::registerMatrixImporters(ImporterRegistry &registry) {
  registry.add("Gemm", importDirect<GemmOp, 2, /*NumOptional=*/1>);
  registry.add("MatMul", importDirect<MatMulOp, 2>);
  registry.add("Einsum", importDirect<EinsumOp, kAllInputs>);
}
