//===- import_fuzzer.cpp - ONNX bytes through the importer ----------------===//
//
// Any bytes as a .onnx file: the import must end in a verified module or in
// error diagnostics, never in a crash, a hang or a sanitizer report.
//
//===----------------------------------------------------------------------===//
#include "FuzzSupport.h"

#include "compiler/import/OnnxImporter.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const std::string path = dlc::fuzz::scratchPath("model.onnx");
  dlc::fuzz::writeScratch(path, data, size);
  mlir::MLIRContext context(mlir::MLIRContext::Threading::DISABLED);
  // Errors are the expected outcome for most inputs; printing them would
  // only slow the fuzzer down.
  mlir::ScopedDiagnosticHandler quiet(&context,
                                      [](mlir::Diagnostic &) { return mlir::success(); });
  mlir::OwningOpRef<mlir::ModuleOp> module = dlc::importOnnxModel(context, path, {});
  if (module && mlir::failed(mlir::verify(*module)))
    dlc::fuzz::fail("the importer returned a module that does not verify", path);
  return 0;
}
