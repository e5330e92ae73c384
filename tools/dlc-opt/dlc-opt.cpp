//===- dlc-opt.cpp - mlir-opt with dlc's dialects, passes and pipelines ---===//
#include "compiler/Registration.h"
#include "compiler/support/Files.h"
#include "tools/common/ToolSupport.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  const char *tool = "dlc-opt";
  dlc::reportOutOfMemoryAsError(tool);
  mlir::DialectRegistry registry;
  dlc::registerAllDlc(registry);
  auto [input, output] = mlir::registerAndParseCLIOptions(
      argc, argv, "dlc-opt: dlc's dialects, passes and pipelines\n", registry);
  // MLIR reads its input to the end: a FIFO or a device would never end.
  std::string error;
  if ((input != "-" && !dlc::checkRegularFile(input, error)) ||
      !dlc::checkOutputPath(output, error))
    return dlc::reportError(tool, error);
  return mlir::asMainReturnCode(mlir::MlirOptMain(argc, argv, input, output, registry));
}
