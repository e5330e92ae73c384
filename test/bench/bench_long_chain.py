"""Times dlc-compile on a chain of N Relu nodes, to show compile time grows
linearly with graph length: bench_long_chain.py [--dlc-compile PATH]
[--lengths 5000,10000,20000] [--width W]."""
import argparse
import os
import subprocess
import sys
import tempfile
import time

import onnx
from onnx import TensorProto, helper


def write_chain(path, length, width):
    nodes = [helper.make_node("Relu", [f"v{i}"], [f"v{i + 1}"], name=f"relu{i}")
             for i in range(length)]
    graph = helper.make_graph(
        nodes, "relu_chain", [helper.make_tensor_value_info("v0", TensorProto.FLOAT, [1, width])],
        [helper.make_tensor_value_info(f"v{length}", TensorProto.FLOAT, [1, width])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.save(model, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dlc-compile", default="build/bin/dlc-compile")
    parser.add_argument("--lengths", default="5000,10000,20000")
    parser.add_argument("--width", type=int, default=16)
    args = parser.parse_args()
    print(f"{'nodes':>8} {'seconds':>9} {'us/node':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for length in map(int, args.lengths.split(",")):
            model = os.path.join(tmp, f"chain{length}.onnx")
            write_chain(model, length, args.width)
            start = time.perf_counter()
            result = subprocess.run([args.dlc_compile, model, "-o", model + ".so"],
                                    capture_output=True, text=True)
            seconds = time.perf_counter() - start
            if result.returncode != 0:
                sys.exit(f"dlc-compile failed on {length} nodes: {result.stderr.strip()}")
            print(f"{length:>8} {seconds:>9.2f} {seconds / length * 1e6:>9.1f}")


if __name__ == "__main__":
    main()
