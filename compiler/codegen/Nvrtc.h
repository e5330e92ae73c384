//===- Nvrtc.h - CUDA C++ to PTX and CUBIN with NVRTC, opened at run time -===//
//
// The compiler opens libnvrtc with dlopen the first time a CUDA build needs
// it, so dlc builds and runs on machines without the CUDA toolkit and only
// `--target cuda` asks for it.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_CODEGEN_NVRTC_H
#define DLC_COMPILER_CODEGEN_NVRTC_H

#include <string>

namespace dlc {

/// What NVRTC made of a source.
struct NvrtcOutput {
  std::string ptx;   ///< virtual-architecture code, JIT-compiled by newer drivers
  std::string cubin; ///< machine code for the chosen architecture
  std::string log;   ///< warnings
};

/// Compiles `source` (named `name` in messages) for `arch` ("sm_90"): PTX
/// for compute_XX and a CUBIN for sm_XX. False with `error` set (NVRTC's log
/// included) when NVRTC is missing or the source does not compile. NVRTC is
/// looked for as $DLC_NVRTC, then libnvrtc.so.13 and libnvrtc.so on the
/// library path and under /usr/local/cuda/lib64. Outputs are cached on disk
/// by a hash of the source and `arch`, under $DLC_CACHE_DIR/nvrtc (default
/// $XDG_CACHE_HOME/dlc or ~/.cache/dlc); NVRTC's log is then empty.
bool compileWithNvrtc(const std::string &source, const std::string &name,
                      const std::string &arch, NvrtcOutput &output, std::string &error);

/// Whether `arch` is a GPU architecture NVRTC takes: sm_ and two or three digits.
bool isGpuArch(const std::string &arch);

} // namespace dlc

#endif // DLC_COMPILER_CODEGEN_NVRTC_H
