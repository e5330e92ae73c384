//===- CompiledModule.h - compile an MLIR module and run it, for tests ----===//
//
// Unit tests of numerics go through the real compiler and runtime: a module
// is compiled to an artifact with compileModule, loaded with dlc_model_load
// and its entries run with dlc_session_run_entry. There is no evaluator.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_TEST_UNIT_COMPILEDMODULE_H
#define DLC_TEST_UNIT_COMPILEDMODULE_H

#include "dlc/runtime.h"

#include "mlir/IR/BuiltinOps.h"

#include <string>
#include <vector>

namespace dlc::test {

/// A dense tensor of any dtype, as bytes.
struct HostTensor {
  dlc_dtype dtype = DLC_DTYPE_INVALID;
  std::vector<int64_t> dims;
  std::vector<char> bytes;

  int64_t numElements() const;
  template <typename T> T *data() { return reinterpret_cast<T *>(bytes.data()); }
  template <typename T> const T *data() const {
    return reinterpret_cast<const T *>(bytes.data());
  }
};

/// A loaded artifact with one session.
class CompiledModule {
public:
  CompiledModule() = default;
  CompiledModule(const CompiledModule &) = delete;
  CompiledModule &operator=(const CompiledModule &) = delete;
  ~CompiledModule();

  /// Compiles `module` (graph dialect, entry `run` first) into a temporary
  /// artifact and loads it; `optimize` as CompileOptions has it. False with
  /// `error` (diagnostics included) on failure.
  bool compile(mlir::ModuleOp module, std::string &error, bool optimize = true);

  /// Runs entry `name` on `inputs`; fills `outputs` with its outputs.
  bool run(const std::string &name, const std::vector<HostTensor> &inputs,
           std::vector<HostTensor> &outputs, std::string &error);

  dlc_model *model() const { return model_; }
  dlc_session *session() const { return session_; }

private:
  std::string path_;
  dlc_model *model_ = nullptr;
  dlc_session *session_ = nullptr;
};

} // namespace dlc::test

#endif // DLC_TEST_UNIT_COMPILEDMODULE_H
