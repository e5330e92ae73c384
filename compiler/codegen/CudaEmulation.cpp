//===- CudaEmulation.cpp - a CUDA model's kernels built to run on the CPU -===//
#include "compiler/codegen/CudaEmulation.h"
#include "compiler/codegen/Subprocess.h"

#include "llvm/Support/FileSystem.h"

using namespace dlc;

// The header is carried inside the compiler, so that an installed dlc needs
// no source tree to emulate.
static const char kEmulationHeader[] =
#include "CudaEmulationHeader.inc"
    ;

bool dlc::buildEmulatedKernels(const std::string &source, const std::string &outputPath,
                               std::string &error) {
  ScratchDir scratch;
  if (!scratch.create("dlc-emulation", error) ||
      !scratch.write("cuda_emulation.h", kEmulationHeader, error) ||
      !scratch.write("model.cu", source, error))
    return false;
  std::vector<std::string> args{"-std=c++17", "-O1", "-shared", "-fPIC",
                                "-DDLC_CUDA_EMULATION", "-include",
                                scratch.file("cuda_emulation.h"), "-x", "c++",
                                scratch.file("model.cu"), "-o", outputPath};
  return runProgram("c++", args, scratch, /*timeoutSeconds=*/0,
                    "compiling the CUDA kernels for emulation", error);
}
