//===- ObjectEmitter.cpp - LLVM dialect to LLVM IR, assembly, object code -===//
#include "compiler/codegen/ObjectEmitter.h"

#include "dlc/abi.h"

#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace dlc;

namespace {
std::string codegen(llvm::Module &module, llvm::TargetMachine &machine,
                    llvm::CodeGenFileType type, std::string &error) {
  llvm::SmallString<0> buffer;
  llvm::raw_svector_ostream stream(buffer);
  llvm::legacy::PassManager passes;
  if (machine.addPassesToEmitFile(passes, stream, nullptr, type)) {
    error = "the target cannot emit this file type";
    return {};
  }
  passes.run(module);
  return std::string(buffer.str());
}

void prepare(llvm::Module &module, llvm::TargetMachine &machine) {
  module.setDataLayout(machine.createDataLayout());
  module.setTargetTriple(machine.getTargetTriple().str());
}
} // namespace

FailureOr<std::string> dlc::emitCode(ModuleOp module, llvm::TargetMachine &machine,
                                     CodeKind kind) {
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> llvmModule = translateModuleToLLVMIR(module, context);
  if (!llvmModule)
    return module.emitError("translation to LLVM IR failed");
  prepare(*llvmModule, machine);
  if (llvm::Error err = makeOptimizingTransformer(3, 0, &machine)(llvmModule.get())) {
    std::string message = llvm::toString(std::move(err));
    return module.emitError("LLVM optimization failed: ") << message;
  }
  if (kind == CodeKind::LLVMIR) {
    std::string text;
    llvm::raw_string_ostream stream(text);
    llvmModule->print(stream, nullptr);
    return text;
  }
  std::string error;
  std::string code = codegen(*llvmModule, machine,
                             kind == CodeKind::Object ? llvm::CodeGenFileType::ObjectFile
                                                      : llvm::CodeGenFileType::AssemblyFile,
                             error);
  if (!error.empty())
    return module.emitError(error);
  return code;
}

namespace {
// An object file of one read-only global `symbol` initialised by `makeValue`.
FailureOr<std::string>
emitConstantObject(llvm::StringRef symbol, uint64_t alignment, llvm::TargetMachine &machine,
                   llvm::function_ref<llvm::Constant *(llvm::LLVMContext &)> makeValue,
                   std::string &error) {
  llvm::LLVMContext context;
  llvm::Module module(symbol, context);
  prepare(module, machine);
  llvm::Constant *value = makeValue(context);
  auto *global = new llvm::GlobalVariable(module, value->getType(), /*isConstant=*/true,
                                          llvm::GlobalValue::ExternalLinkage, value, symbol);
  global->setAlignment(llvm::Align(alignment));
  std::string object = codegen(module, machine, llvm::CodeGenFileType::ObjectFile, error);
  if (!error.empty())
    return failure();
  return object;
}
} // namespace

FailureOr<std::string> dlc::emitWeightsObject(const std::string &bytes,
                                              llvm::TargetMachine &machine,
                                              std::string &error) {
  return emitBlobObject(DLC_WEIGHTS_SYMBOL, bytes, DLC_PARAM_ALIGNMENT, machine, error);
}

FailureOr<std::string> dlc::emitBlobObject(const char *symbol, const std::string &bytes,
                                           unsigned alignment, llvm::TargetMachine &machine,
                                           std::string &error) {
  return emitConstantObject(
      symbol, alignment, machine,
      [&](llvm::LLVMContext &context) {
        return llvm::ConstantDataArray::getRaw(bytes, bytes.size(),
                                               llvm::Type::getInt8Ty(context));
      },
      error);
}

FailureOr<std::string> dlc::emitMetadataDigestObject(uint64_t digest,
                                                     llvm::TargetMachine &machine,
                                                     std::string &error) {
  return emitConstantObject(
      DLC_METADATA_DIGEST_SYMBOL, alignof(uint64_t), machine,
      [&](llvm::LLVMContext &context) -> llvm::Constant * {
        return llvm::ConstantInt::get(llvm::Type::getInt64Ty(context), digest);
      },
      error);
}
