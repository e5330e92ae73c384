//===- CudaBackend.cpp - CUDA C++ kernels through NVRTC, host code by LLVM ===//
#include "compiler/codegen/Backend.h"
#include "compiler/codegen/Linker.h"
#include "compiler/codegen/Nvrtc.h"
#include "dialects/graph/DlcAttributes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "llvm/Support/Endian.h"

#include <map>

using namespace mlir;
using namespace dlc;

namespace {
// A blob as abi.h lays out the CUDA symbols: size, bytes, NUL.
std::string blob(const std::string &bytes) {
  std::string out(8, '\0');
  llvm::support::endian::write64le(out.data(), bytes.size());
  out += bytes;
  out.push_back('\0');
  return out;
}

class CudaBackend : public Backend {
public:
  CudaBackend(std::unique_ptr<llvm::TargetMachine> host, std::string arch,
              std::string precision)
      : host(std::move(host)), arch(std::move(arch)), precision(std::move(precision)) {}

  CodeListing listing() const override { return {"cuda", "cu", CodeKind::CudaSource}; }

  void describeTarget(artifact::ModelMetadata &metadata) const override {
    metadata.target = host->getTargetTriple().str();
    metadata.cpuFeatures = requiredCpuFeatures(*host);
    metadata.device = "cuda " + arch;
  }

  void configure(CpuPipelineOptions &options) const override {
    // Threads come from the GPU; the CPU's microkernels do not apply.
    options.parallel = false;
  }

  void buildCodegen(OpPassManager &pm, const CpuPipelineOptions &) const override {
    CudaCodegenOptions options;
    // mma.sync on tf32, bf16 and fp16 (m16n8k16) needs sm_80; "sm_" is
    // followed by the version's digits.
    options.tensorCores = std::atoi(arch.c_str() + 3) >= 80;
    options.precision = precision;
    buildCudaCodegen(pm, options);
  }

  FailureOr<std::string> emitCode(ModuleOp module, CodeKind kind) override {
    if (kind == CodeKind::LLVMIR)
      return dlc::emitCode(module, *host, kind);
    FailureOr<std::string> text = source(module);
    if (failed(text) || kind == CodeKind::CudaSource)
      return text;
    FailureOr<NvrtcOutput> compiled = compile(module, *text);
    if (failed(compiled))
      return failure();
    return kind == CodeKind::Assembly ? compiled->ptx : compiled->cubin;
  }

  FailureOr<std::string> buildLibrary(ModuleOp module, Location loc, const std::string &weights,
                                      const artifact::ModelMetadata &metadata) override {
    FailureOr<std::string> text = source(module);
    if (failed(text))
      return failure();
    FailureOr<NvrtcOutput> compiled = compile(module, *text);
    FailureOr<std::string> launches = launchTable(module);
    if (failed(compiled) || failed(launches))
      return failure();
    FailureOr<std::string> code = dlc::emitCode(module, *host, CodeKind::Object);
    if (failed(code))
      return failure();
    std::vector<std::string> objects{std::move(*code)};
    std::string error;
    std::pair<const char *, const std::string *> blobs[] = {
        {DLC_CUDA_SOURCE_SYMBOL, &*text},
        {DLC_CUDA_PTX_SYMBOL, &compiled->ptx},
        {DLC_CUDA_CUBIN_SYMBOL, &compiled->cubin},
        {DLC_CUDA_LAUNCHES_SYMBOL, &*launches}};
    for (auto [symbol, bytes] : blobs) {
      FailureOr<std::string> object = emitBlobObject(symbol, blob(*bytes), 8, *host, error);
      if (failed(object))
        return emitError(loc, "cannot emit ") << symbol << ": " << error;
      objects.push_back(std::move(*object));
    }
    return linkModelLibrary(std::move(objects), loc, weights, metadata, *host);
  }

private:
  static FailureOr<std::string> source(ModuleOp module) {
    auto text = module->getAttrOfType<StringAttr>(attr::kCudaSource);
    if (!text)
      return module.emitError("has no CUDA source: run dlc-render-cuda first");
    return text.str();
  }

  FailureOr<NvrtcOutput> compile(ModuleOp module, const std::string &text) {
    NvrtcOutput output;
    std::string error;
    if (!compileWithNvrtc(text, "model.cu", arch, output, error))
      return module.emitError(error);
    return output;
  }

  static FailureOr<std::string> launchTable(ModuleOp module) {
    auto table = module->getAttrOfType<StringAttr>(attr::kCudaLaunches);
    if (!table)
      return module.emitError("has no launch table: run dlc-render-cuda first");
    return table.str();
  }

  std::unique_ptr<llvm::TargetMachine> host;
  std::string arch;
  std::string precision;
};
} // namespace

std::unique_ptr<Backend> dlc::createCudaBackend(const TargetSpec &spec, std::string &error) {
  if (!isGpuArch(spec.gpuArch)) {
    error = "'" + spec.gpuArch + "' is not a GPU architecture (sm_90, sm_100, ...)";
    return nullptr;
  }
  if (!isGpuPrecision(spec.gpuPrecision)) {
    error = "'" + spec.gpuPrecision + "' is not a GPU precision (" + kGpuPrecisions + ")";
    return nullptr;
  }
  std::unique_ptr<llvm::TargetMachine> host = createTargetMachine(spec, error);
  if (!host)
    return nullptr;
  return std::make_unique<CudaBackend>(std::move(host), spec.gpuArch, spec.gpuPrecision);
}
