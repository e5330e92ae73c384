#!/usr/bin/python3
"""models.mlp.train_example: the MLP trained by runtime/examples/train_model.c alone.

Compiles models/mlp.onnx into a training artifact with dlc-compile (--loss
cross_entropy, SGD), writes a small separable data set as train_model's raw batch
files, runs train_model for a few epochs, and checks what it prints: the mean loss
falls every epoch and eval counts at least 90% correct.
usage: train_example.py DLC_COMPILE TRAIN_MODEL MODEL WORK
"""
import re
import subprocess
import sys

import numpy as np

BATCH, BATCHES, EPOCHS = 8, 8, 4


def main():
    dlc_compile, train_model, model, work = sys.argv[1:5]
    library = f"{work}/libmlp_train.so"
    subprocess.run([dlc_compile, model, "--shape", f"x={BATCH}x784", "--loss", "cross_entropy",
                    "--optimizer", "sgd:lr=0.05,momentum=0.5", "-o", library], check=True)
    rng = np.random.default_rng(3)
    labels = rng.integers(0, 10, BATCH * BATCHES).astype(np.int64)
    centers = rng.normal(0, 1, (10, 784)).astype(np.float32)
    images = centers[labels] + rng.normal(0, 0.3, (labels.size, 784)).astype(np.float32)
    images.tofile(f"{work}/x.bin")
    labels.tofile(f"{work}/labels.bin")
    out = subprocess.run([train_model, library, "--epochs", str(EPOCHS), f"{work}/x.bin",
                          f"{work}/labels.bin"], check=True, capture_output=True, text=True)
    print(out.stdout)
    losses = [float(v) for v in re.findall(r"epoch \d+: mean loss ([0-9.eE+-]+)", out.stdout)]
    correct = re.search(r"correct[^0-9]*([0-9]+)", out.stdout)
    assert len(losses) == EPOCHS, "expected one loss line per epoch"
    assert all(b < a for a, b in zip(losses, losses[1:])), f"loss did not fall: {losses}"
    assert correct and int(correct.group(1)) >= 0.9 * labels.size, "eval counted too few"


if __name__ == "__main__":
    main()
