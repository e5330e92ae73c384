//===- CudaEmulation.h - a CUDA model's kernels built to run on the CPU ---===//
#ifndef DLC_COMPILER_CODEGEN_CUDAEMULATION_H
#define DLC_COMPILER_CODEGEN_CUDAEMULATION_H

#include <string>

namespace dlc {

/// Compiles `source` (the CUDA C++ of a model, as dlc-compile --emit cuda
/// writes it) for this CPU with the system's C++ compiler (`c++`) and
/// dlc/cuda_emulation.h into the shared library `outputPath`, which the
/// runtime uses in place of the GPU when DLC_CUDA_EMULATOR names it.
bool buildEmulatedKernels(const std::string &source, const std::string &outputPath,
                          std::string &error);

} // namespace dlc

#endif // DLC_COMPILER_CODEGEN_CUDAEMULATION_H
