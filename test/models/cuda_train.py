#!/usr/bin/python3
"""models.seed_cnn.cuda_train: the seed CNN's train_step through the CUDA backend.

Compiles models/seed_cnn.onnx for training (cross-entropy, SGD with momentum) for the
CPU and for CUDA (kernels compiled by NVRTC for sm_90), builds the CUDA kernels for
the CPU with dlc/cuda_emulation.h, trains both with runtime/examples/train_model.c for
a few epochs on the same random batches (the CUDA artifact on the emulated GPU), and
checks that every epoch's mean loss and the evaluation agree.
usage: cuda_train.py DLC_COMPILE TRAIN_MODEL MODEL EMULATION_HEADER WORK
Exits 77 (skipped) without a host C++ compiler.
"""
import os
import re
import shutil
import subprocess
import sys

import numpy as np

BATCH, BATCHES, EPOCHS = 8, 4, 3


def train(train_model, library, work, env):
    out = subprocess.run([train_model, library, "--epochs", str(EPOCHS), f"{work}/x.bin",
                          f"{work}/labels.bin"], check=True, capture_output=True, text=True,
                         env=env).stdout
    losses = [float(v) for v in re.findall(r"mean loss ([0-9.eE+-]+)", out)]
    evaluation = re.search(r"eval over .*", out)
    return losses, evaluation.group(0) if evaluation else ""


def main():
    dlc_compile, train_model, model, header, work = sys.argv[1:6]
    if not shutil.which("c++"):
        print("no host C++ compiler (c++): skipped")
        return 77
    common = [model, "--shape", f"input={BATCH}x3x32x32", "--loss", "cross_entropy",
              "--optimizer", "sgd:lr=0.01,momentum=0.9"]
    subprocess.run([dlc_compile, *common, "-o", f"{work}/cpu.so"], check=True)
    subprocess.run([dlc_compile, *common, "--target", "cuda", "-o", f"{work}/cuda.so"],
                   check=True)
    subprocess.run([dlc_compile, *common, "--target", "cuda", "--emit", "cuda",
                    "-o", f"{work}/kernels.cu"], check=True)
    subprocess.run(["c++", "-std=c++17", "-O1", "-shared", "-fPIC", "-DDLC_CUDA_EMULATION",
                    "-include", header, "-x", "c++", f"{work}/kernels.cu",
                    "-o", f"{work}/kernels.so"], check=True)
    rng = np.random.default_rng(5)
    rng.standard_normal((BATCH * BATCHES, 3, 32, 32)).astype(np.float32).tofile(f"{work}/x.bin")
    rng.integers(0, 10, BATCH * BATCHES).astype(np.int64).tofile(f"{work}/labels.bin")
    cpu = train(train_model, f"{work}/cpu.so", work, dict(os.environ))
    cuda = train(train_model, f"{work}/cuda.so", work,
                 dict(os.environ, DLC_CUDA_EMULATOR=f"{work}/kernels.so"))
    print("cpu: ", cpu)
    print("cuda:", cuda)
    if len(cpu[0]) != EPOCHS or not np.allclose(cpu[0], cuda[0], rtol=1e-4):
        print("the epochs' mean losses differ")
        return 1
    if cpu[1] != cuda[1]:
        print("the evaluations differ")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
