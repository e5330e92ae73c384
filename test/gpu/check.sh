#!/usr/bin/env bash
# The CUDA backend on a real GPU. On the machine where dlc builds:
#
#   /usr/bin/python3 test/gpu/prepare.py build test/gpu/prepared
#
# then, on the GPU machine (NVIDIA driver, CMake, a C/C++ compiler, Python with
# numpy as $PYTHON or python3, PyTorch for its column), from the repository root
# with test/gpu/prepared copied along:
#
#   bash test/gpu/check.sh [test/gpu/prepared]
#
# It builds the runtime alone (no LLVM there), runs the conformance subset, the
# seed CNN and stored PyTorch exports on the GPU against the expected outputs,
# trains the seed CNN against the CPU backend's losses, and prints a table beside
# PyTorch eager. `--emulate` (with prepare.py --emulate) runs the same check with
# the kernels on the CPU, to try it without a GPU.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
prepared=${1:-$root/test/gpu/prepared}
shift || true
runtime=${DLC_RUNTIME_BUILD:-/tmp/dlc-runtime-build}
generator=()
command -v ninja > /dev/null && generator=(-G Ninja)
cmake -S "$root/runtime" -B "$runtime" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release > /dev/null
cmake --build "$runtime" --target dlc_run_model_example dlc_train_model_example -j "$(nproc)" > /dev/null
exec "${PYTHON:-python3}" "$root/test/gpu/check.py" "$prepared" "$runtime" "$@"
