#!/usr/bin/env bash
# Installs what dlc needs from Debian 12 (if missing) and builds it in build/.
# Sourced by .ci/run, .ci/sanitize and .ci/demo; BUILD_DIR overrides the build
# folder, DLC_CMAKE_ARGS adds configure options, DLC_BUILD_TARGETS limits the
# build to those targets.
set -euo pipefail

DLC_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$DLC_ROOT/build}
PACKAGES=(llvm-19-dev libmlir-19-dev mlir-19-tools llvm-19-tools clang-19 lld-19
  libprotobuf-dev protobuf-compiler libonnx-dev libfmt-dev libgtest-dev libgmock-dev
  ninja-build cmake ccache binutils python3 python3-onnx python3-numpy libonnx-testdata
  libclang-rt-19-dev zlib1g-dev dataset-fashion-mnist graphviz)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

start=$(date +%s)
cmake -G Ninja -S "$DLC_ROOT" -B "$BUILD_DIR" \
  -DCMAKE_BUILD_TYPE=Release -DDLC_ENABLE_ASSERTIONS=ON \
  -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 -DLLVM_USE_LINKER=lld \
  -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-19/build/utils/lit/lit.py ${DLC_CMAKE_ARGS:-}
# shellcheck disable=SC2086 # DLC_BUILD_TARGETS is a list of targets.
cmake --build "$BUILD_DIR" -j "$(nproc)" ${DLC_BUILD_TARGETS:+--target $DLC_BUILD_TARGETS}
echo "build: $(( $(date +%s) - start )) s on $(nproc) cores"
