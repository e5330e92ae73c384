//===- dlc-opt.cpp - mlir-opt with dlc's dialects, passes and pipelines ---===//
#include "compiler/Registration.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  dlc::registerAllDlc(registry);
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "dlc-opt: dlc's dialects, passes and pipelines\n",
                        registry));
}
