"""The GPU check's benchmark networks, as ONNX for dlc (prepare.py, with onnx and
numpy) and as PyTorch modules for its peer column (check.py, with torch).

usage: benchmark_networks.py resnet18 OUT.onnx BATCH
       benchmark_networks.py transformer DIR BATCH   (with PyTorch: DIR/transformer.onnx
                                                      and its inputs as .npy)

ResNet-18 is torchvision's topology (BasicBlock, [2, 2, 2, 2], 1000 classes,
batch norms kept as nodes, as PyTorch's exporter writes them) written out here, so that
neither side needs torchvision. Its ONNX weights lie on a coarse grid (a few
levels per tensor): what the check times does not depend on the values, and
so the 47 MB of weights compress to a few for the trip to the GPU machine.
"""
import os
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
STAGES = [(64, 1), (128, 2), (256, 2), (512, 2)]


def resnet18_onnx(path, batch):
    """Writes ResNet-18 for batch x 3 x 224 x 224 float32 images to `path`."""
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(18)
    nodes, weights = [], []

    def tensor(name, values):
        weights.append(numpy_helper.from_array(values.astype(np.float32), name))
        return name

    def conv_bn(x, name, channels, out, kernel, stride, relu):
        fan_in = channels * kernel * kernel
        w = rng.integers(-4, 5, (out, channels, kernel, kernel)) / (2.0 * np.sqrt(fan_in))
        nodes.append(helper.make_node(
            "Conv", [x, tensor(name + ".weight", w)], [name], name=name,
            kernel_shape=[kernel, kernel], strides=[stride, stride], pads=[kernel // 2] * 4))
        bn = [tensor(name + ".bn." + p, v) for p, v in (
            ("scale", rng.integers(3, 6, out) / 4), ("bias", rng.integers(-2, 3, out) / 8),
            ("mean", rng.integers(-2, 3, out) / 8), ("var", rng.integers(2, 6, out) / 4))]
        nodes.append(helper.make_node("BatchNormalization", [name] + bn, [name + ".bn"],
                                      name=name + ".bn"))
        if not relu:
            return name + ".bn"
        nodes.append(helper.make_node("Relu", [name + ".bn"], [name + ".relu"],
                                      name=name + ".relu"))
        return name + ".relu"

    x = conv_bn("input", "conv1", 3, 64, 7, 2, True)
    nodes.append(helper.make_node("MaxPool", [x], ["pool"], name="maxpool", kernel_shape=[3, 3],
                                  strides=[2, 2], pads=[1, 1, 1, 1]))
    x, channels = "pool", 64
    for stage, (width, stride) in enumerate(STAGES, 1):
        for block in range(2):
            name = "layer%d.%d" % (stage, block)
            step = stride if block == 0 else 1
            y = conv_bn(x, name + ".conv1", channels, width, 3, step, True)
            y = conv_bn(y, name + ".conv2", width, width, 3, 1, False)
            shortcut = x
            if step != 1 or channels != width:
                shortcut = conv_bn(x, name + ".downsample", channels, width, 1, step, False)
            nodes.append(helper.make_node("Add", [y, shortcut], [name + ".add"], name=name + ".add"))
            nodes.append(helper.make_node("Relu", [name + ".add"], [name], name=name + ".relu"))
            x, channels = name, width
    nodes.append(helper.make_node("GlobalAveragePool", [x], ["gap"], name="avgpool"))
    nodes.append(helper.make_node("Flatten", ["gap"], ["flat"], name="flatten"))
    fc_w = tensor("fc.weight", rng.integers(-4, 5, (1000, 512)) / (2.0 * np.sqrt(512)))
    fc_b = tensor("fc.bias", rng.integers(-2, 3, 1000) / 8)
    nodes.append(helper.make_node("Gemm", ["flat", fc_w, fc_b], ["logits"], name="fc", transB=1))
    graph = helper.make_graph(
        nodes, "resnet18", [helper.make_tensor_value_info("input", TensorProto.FLOAT,
                                                          [batch, 3, 224, 224])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [batch, 1000])], weights)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.save(model, path)


def resnet18_torch():
    """The same network as a PyTorch module (random weights), in eval mode."""
    from torch import nn

    def conv_bn(channels, out, kernel, stride):
        return [nn.Conv2d(channels, out, kernel, stride, kernel // 2, bias=False),
                nn.BatchNorm2d(out)]

    class Block(nn.Module):
        def __init__(self, channels, width, stride):
            super().__init__()
            self.body = nn.Sequential(*conv_bn(channels, width, 3, stride), nn.ReLU(),
                                      *conv_bn(width, width, 3, 1))
            self.shortcut = nn.Identity()
            if stride != 1 or channels != width:
                self.shortcut = nn.Sequential(*conv_bn(channels, width, 1, stride))

        def forward(self, x):
            return (self.body(x) + self.shortcut(x)).relu()

    layers, channels = [*conv_bn(3, 64, 7, 2), nn.ReLU(), nn.MaxPool2d(3, 2, 1)], 64
    for width, stride in STAGES:
        layers += [Block(channels, width, stride), Block(width, width, 1)]
        channels = width
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(512, 1000)]
    return nn.Sequential(*layers).eval()


def transformer_torch(batch):
    """The transformer text classifier's benchmark configuration (models/
    text_transformer.py) and its inputs at `batch` x 128 tokens."""
    sys.path.insert(0, os.path.join(ROOT, "models"))
    import text_transformer
    return text_transformer.benchmark_classifier(), text_transformer.benchmark_inputs(batch)


def export_transformer(folder, batch):
    import numpy as np
    sys.path.insert(0, os.path.join(ROOT, "models"))
    import text_transformer
    inputs = text_transformer.export_benchmark(os.path.join(folder, "transformer.onnx"), batch)
    for name, value in zip(("tokens", "padding"), inputs):
        np.save(os.path.join(folder, "transformer_%s.npy" % name), value.numpy())


if __name__ == "__main__":
    {"resnet18": resnet18_onnx, "transformer": export_transformer}[sys.argv[1]](
        sys.argv[2], int(sys.argv[3]))
