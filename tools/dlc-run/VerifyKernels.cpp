//===- VerifyKernels.cpp - dlc-run --verify-kernels's comparison -----------===//
#include "tools/dlc-run/VerifyKernels.h"

#include "dlc/artifact.hpp"

#include "llvm/Support/Format.h"

#include <cmath>
#include <cstring>

using namespace dlc;

namespace {
const HostTensor *findByName(const std::vector<HostTensor> &tensors, const std::string &name) {
  for (const HostTensor &tensor : tensors)
    if (tensor.name == name)
      return &tensor;
  return nullptr;
}

std::string shapeOf(const HostTensor &tensor) {
  std::string text = std::string(artifact::dtypeName(tensor.dtype)) + "[";
  for (size_t d = 0; d < tensor.dims.size(); ++d)
    text += (d ? "x" : "") + std::to_string(tensor.dims[d]);
  return text + "]";
}

// The largest |a - b| over two float tensors of the same shape (0 for
// other dtypes, which must match exactly).
double maxAbsError(const HostTensor &a, const HostTensor &b) {
  double worst = 0;
  auto scan = [&](auto zero) {
    using T = decltype(zero);
    size_t count = a.data.size() / sizeof(T);
    for (size_t i = 0; i < count; ++i) {
      T x, y;
      std::memcpy(&x, a.data.data() + i * sizeof(T), sizeof(T));
      std::memcpy(&y, b.data.data() + i * sizeof(T), sizeof(T));
      double diff = std::fabs(static_cast<double>(x) - static_cast<double>(y));
      if (diff > worst)
        worst = diff;
    }
  };
  if (a.dtype == DLC_DTYPE_F32 && a.data.size() == b.data.size())
    scan(0.0f);
  else if (a.dtype == DLC_DTYPE_F64 && a.data.size() == b.data.size())
    scan(0.0);
  return worst;
}

const KernelStats *findKernel(const CompileSummary &summary, const std::string &name) {
  for (const KernelStats &kernel : summary.kernels)
    if (kernel.name == name)
      return &kernel;
  return nullptr;
}

std::string describeKernel(const CompileSummary &summary, const ExposedKernelResult &exposed) {
  std::string text = "kernel " + (exposed.kernel.empty() ? exposed.output : exposed.kernel);
  if (const KernelStats *kernel = findKernel(summary, exposed.kernel)) {
    text += " (ONNX nodes";
    for (size_t i = 0; i < kernel->nodes.size(); ++i)
      text += (i ? ", " : " ") + kernel->nodes[i];
    text += kernel->nodes.empty() ? " unknown)" : ")";
  }
  return text + " result " + std::to_string(exposed.result);
}
} // namespace

bool dlc::verifyKernelOutputs(const CompileSummary &optimized,
                              const std::vector<HostTensor> &optimizedOutputs,
                              const std::vector<HostTensor> &referenceOutputs,
                              llvm::raw_ostream &outs, llvm::raw_ostream &errs) {
  double worst = 0;
  std::string worstKernel;
  for (const ExposedKernelResult &exposed : optimized.exposed) {
    const HostTensor *actual = findByName(optimizedOutputs, exposed.output);
    const HostTensor *expected = findByName(referenceOutputs, exposed.output);
    if (!actual || !expected) {
      errs << "dlc-run: error: " << describeKernel(optimized, exposed)
           << " has no counterpart in the reference build\n";
      return false;
    }
    std::string mismatch;
    if (!tensorsMatch(*expected, *actual, kVerifyRtol, kVerifyAtol, mismatch)) {
      errs << "dlc-run: error: " << describeKernel(optimized, exposed) << ", "
           << shapeOf(*actual) << ", differs from the reference build: " << mismatch
           << " (max abs error " << llvm::format("%.3g", maxAbsError(*expected, *actual))
           << ")\n";
      return false;
    }
    double error = maxAbsError(*expected, *actual);
    if (error >= worst) {
      worst = error;
      worstKernel = exposed.kernel;
    }
  }
  outs << "verify-kernels: " << optimized.exposed.size()
       << " kernel results match the reference build (rtol " << llvm::format("%g", kVerifyRtol)
       << ", atol " << llvm::format("%g", kVerifyAtol) << "); max abs error "
       << llvm::format("%.3g", worst);
  if (!worstKernel.empty())
    outs << " in " << worstKernel;
  outs << "\n";
  return true;
}
