# lit configuration for dlc's FileCheck tests: dialects, passes, importer, tools.
import os

import lit.formats
from lit.llvm import llvm_config

config.name = "dlc"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test", ".onnxtxt"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.dlc_build_dir, "test")
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py",
                   "runtime", "conformance", "models", "unit", "bench"]

config.substitutions.append(("%python", config.dlc_python))
config.substitutions.append(("%dlc_src", config.dlc_source_dir))
config.substitutions.append(("%train_model",
                             os.path.join(config.dlc_build_dir, "runtime", "train_model")))
llvm_config.with_environment("PATH", config.dlc_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.use_default_substitutions()
tools = ["dlc-opt", "dlc-compile", "dlc-run", "dlc-train", "FileCheck", "not", "count",
         "split-file"]
llvm_config.add_tool_substitutions(tools, [config.dlc_tools_dir, config.llvm_tools_dir])

# dlc-train's Fashion-MNIST test needs Debian's dataset-fashion-mnist.
if os.path.isdir("/usr/share/datasets/fashion-mnist"):
    config.available_features.add("fashion-mnist")

# The CUDA backend's tests need NVRTC (dlopen'ed by the compiler, as it
# finds it), ptxas and a host C++ compiler for the kernels' CPU emulation.
import glob
import shutil
if glob.glob("/usr/local/cuda/lib64/libnvrtc.so*") or os.environ.get("DLC_NVRTC"):
    config.available_features.add("nvrtc")
ptxas = shutil.which("ptxas") or shutil.which("ptxas", path="/usr/local/cuda/bin")
if ptxas:
    config.available_features.add("ptxas")
    config.substitutions.append(("%ptxas", ptxas))
if shutil.which("c++"):
    config.available_features.add("host-c++")

# AddressSanitizer reserves terabytes of shadow address space: tests that run
# a tool under an address-space limit cannot run in that build.
if "address" in getattr(config, "dlc_sanitize", ""):
    config.available_features.add("asan")
