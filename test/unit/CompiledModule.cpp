//===- CompiledModule.cpp - compile an MLIR module and run it, for tests --===//
#include "CompiledModule.h"

#include "compiler/driver/Compiler.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

using namespace dlc::test;

namespace {
// Takes a status, returning whether it was success and describing it.
bool ok(dlc_status *status, std::string &error) {
  if (!status)
    return true;
  error = dlc_status_message(status);
  dlc_status_free(status);
  return false;
}
} // namespace

int64_t HostTensor::numElements() const {
  int64_t count = 1;
  for (int64_t dim : dims)
    count *= dim;
  return count;
}

dlc::test::CompiledModule::~CompiledModule() {
  dlc_session_release(session_);
  dlc_model_release(model_);
  if (!path_.empty())
    llvm::sys::fs::remove(path_);
}

bool dlc::test::CompiledModule::compile(mlir::ModuleOp module, std::string &error,
                                        bool optimize) {
  llvm::SmallString<128> path;
  if (std::error_code ec = llvm::sys::fs::createTemporaryFile("dlc-test", "so", path)) {
    error = "cannot create a temporary file: " + ec.message();
    return false;
  }
  path_ = std::string(path);
  CompileOptions options;
  options.modelPath = "test-module";
  options.outputPath = path_;
  options.optimize = optimize;
  CompileSummary summary;
  std::string diagnostics;
  {
    mlir::ScopedDiagnosticHandler handler(module.getContext(), [&](mlir::Diagnostic &diag) {
      llvm::raw_string_ostream os(diagnostics);
      os << diag.getLocation() << ": " << diag << "\n";
    });
    if (mlir::failed(compileModule(module, options, summary))) {
      error = "compilation failed: " + diagnostics;
      return false;
    }
  }
  return ok(dlc_model_load(path_.c_str(), &model_), error) &&
         ok(dlc_session_create(model_, &session_), error);
}

bool dlc::test::CompiledModule::run(const std::string &name,
                                    const std::vector<HostTensor> &inputs,
                                    std::vector<HostTensor> &outputs, std::string &error) {
  size_t entry = 0;
  if (!ok(dlc_model_find_entry(model_, name.c_str(), &entry), error))
    return false;
  std::vector<dlc_tensor> in;
  for (const HostTensor &t : inputs)
    in.push_back({t.dtype, static_cast<int32_t>(t.dims.size()), t.dims.data(),
                  const_cast<char *>(t.bytes.data()), t.bytes.size()});
  size_t numOutputs = dlc_model_entry_output_count(model_, entry);
  outputs.assign(numOutputs, HostTensor());
  std::vector<dlc_tensor> out;
  for (size_t i = 0; i < numOutputs; ++i) {
    dlc_tensor_info info;
    if (!ok(dlc_model_entry_output_info(model_, entry, i, &info), error))
      return false;
    HostTensor &t = outputs[i];
    t.dtype = info.dtype;
    t.dims.assign(info.dims, info.dims + info.rank);
    t.bytes.assign(info.byte_size, 0);
  }
  for (HostTensor &t : outputs)
    out.push_back({t.dtype, static_cast<int32_t>(t.dims.size()), t.dims.data(), t.bytes.data(),
                   t.bytes.size()});
  return ok(dlc_session_run_entry(session_, name.c_str(), in.data(), in.size(), out.data(),
                                  out.size()),
            error);
}
