"""Exports the real-model table's networks with PyTorch's exporters and writes
their reference data, so the tests need no PyTorch:

    python models/export_real_models.py [--out test/models/real] [NAME ...]

For each network and exporter it writes OUT/<name>_<exporter>/model.onnx,
input_<k>.pb and expected/output_0.pb (PyTorch's output in eval mode).
Exporters: `ts13`/`ts14`/`ts17` are the TorchScript exporter at that opset,
`dynamo` and `dynamo18` the torch.export-based one at its default opset and
at 18. Weights are PyTorch's default initialisation under a fixed seed; the
CNNs are torchvision's architectures at reduced width (and a ResNet-18 of
the same topology with narrower layers) so the files stay small.
Needs PyPI's torch, torchvision and onnxscript (see models/README.md)."""
import argparse
import os

import numpy as np
import onnx
import torch
import torch.nn as nn
import torchvision
from onnx import numpy_helper
from torchvision.models import efficientnet, resnet

from text_transformer import TextTransformer


class LSTMClassifier(nn.Module):
    """A 2-layer LSTM sequence classifier on the last step."""

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(8, 16, num_layers=2, batch_first=True)
        self.fc = nn.Linear(16, 4)

    def forward(self, x):
        y, _ = self.lstm(x)
        return self.fc(y[:, -1])


class GRUClassifier(nn.Module):
    """A GRU sequence classifier on the final hidden state."""

    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(8, 16, batch_first=True)
        self.fc = nn.Linear(16, 4)

    def forward(self, x):
        _, h = self.gru(x)
        return self.fc(h[-1])


class BiLSTMTagger(nn.Module):
    """Embedding, a bidirectional LSTM and a per-token tag head."""

    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(50, 8)
        self.lstm = nn.LSTM(8, 12, bidirectional=True, batch_first=True)
        self.fc = nn.Linear(24, 5)

    def forward(self, tokens):
        y, _ = self.lstm(self.emb(tokens))
        return self.fc(y)


class GPT(nn.Module):
    """A causal decoder: token and position embeddings, 2 pre-norm blocks
    with GELU, a final LayerNorm and the vocabulary head."""

    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(64, 32)
        self.pos = nn.Embedding(16, 32)
        layer = nn.TransformerEncoderLayer(32, 4, 64, dropout=0.0, batch_first=True,
                                           norm_first=True, activation="gelu")
        self.blocks = nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)
        self.ln = nn.LayerNorm(32)
        self.head = nn.Linear(32, 64)
        self.register_buffer("causal", torch.triu(torch.full((16, 16), float("-inf")), 1))
        self.register_buffer("positions", torch.arange(16))

    def forward(self, tokens):
        h = self.emb(tokens) + self.pos(self.positions)
        return self.head(self.ln(self.blocks(h, mask=self.causal, is_causal=True)))


class UNet(nn.Module):
    """Two levels down, back up through ConvTranspose and bilinear Resize,
    with Concat skips."""

    def __init__(self):
        super().__init__()
        self.down1 = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU())
        self.down2 = nn.Sequential(nn.MaxPool2d(2), nn.Conv2d(8, 16, 3, padding=1), nn.ReLU())
        self.up = nn.ConvTranspose2d(16, 8, 2, stride=2)
        self.resize = nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False)
        self.out = nn.Conv2d(8 + 8 + 16, 2, 1)

    def forward(self, x):
        a = self.down1(x)
        b = self.down2(a)
        return self.out(torch.cat([a, self.up(b), self.resize(b)], 1))


def thin_resnet18():
    """ResNet-18's topology (BasicBlock, [2, 2, 2, 2]) at a quarter width."""
    model = resnet.ResNet(resnet.BasicBlock, [2, 2, 2, 2], num_classes=10)
    model.inplanes = 16
    model.conv1 = nn.Conv2d(3, 16, 7, 2, 3, bias=False)
    model.bn1 = nn.BatchNorm2d(16)
    model.layer1 = model._make_layer(resnet.BasicBlock, 16, 2)
    model.layer2 = model._make_layer(resnet.BasicBlock, 32, 2, stride=2)
    model.layer3 = model._make_layer(resnet.BasicBlock, 64, 2, stride=2)
    model.layer4 = model._make_layer(resnet.BasicBlock, 128, 2, stride=2)
    model.fc = nn.Linear(128, 10)
    return model


def efficientnet_b0():
    settings, last = efficientnet._efficientnet_conf("efficientnet_b0", width_mult=0.25,
                                                     depth_mult=1.0)
    return efficientnet.EfficientNet(settings, 0.2, last_channel=last, num_classes=10)


def image(size=64):
    return lambda: (torch.randn(1, 3, size, size),)


NETWORKS = {
    "lstm2": (LSTMClassifier, lambda: (torch.randn(2, 6, 8),), ["ts17", "dynamo"]),
    "gru": (GRUClassifier, lambda: (torch.randn(2, 6, 8),), ["ts17", "dynamo"]),
    "bilstm_tagger": (BiLSTMTagger, lambda: (torch.randint(0, 50, (2, 7)),),
                      ["ts17", "dynamo"]),
    "text_transformer": (TextTransformer,
                         lambda: (torch.randint(0, 100, (2, 16)),
                                  torch.tensor([[False] * 12 + [True] * 4, [False] * 16])),
                         ["ts14", "ts17", "dynamo"]),
    "gpt": (GPT, lambda: (torch.randint(0, 64, (2, 16)),), ["ts17", "dynamo"]),
    "vit": (lambda: torchvision.models.VisionTransformer(
        image_size=32, patch_size=8, num_layers=2, num_heads=4, hidden_dim=32, mlp_dim=64,
        num_classes=10), image(32), ["ts17", "dynamo"]),
    "swin": (lambda: torchvision.models.SwinTransformer(
        patch_size=[4, 4], embed_dim=16, depths=[2, 2], num_heads=[2, 2], window_size=[4, 4],
        num_classes=10), image(36), ["ts17", "dynamo"]),
    "unet": (UNet, lambda: (torch.randn(1, 3, 16, 16),), ["ts17", "dynamo"]),
    "resnet18": (thin_resnet18, image(), ["ts13", "dynamo"]),
    "mobilenet_v2": (lambda: torchvision.models.mobilenet_v2(width_mult=0.25, num_classes=10),
                     image(), ["ts13", "dynamo"]),
    "mobilenet_v3": (lambda: torchvision.models.mobilenet_v3_small(width_mult=0.25,
                                                                    num_classes=10),
                     image(), ["ts17", "dynamo"]),
    "efficientnet_b0": (efficientnet_b0, image(), ["ts17", "dynamo18"]),
    "squeezenet": (lambda: torchvision.models.squeezenet1_1(num_classes=10), image(),
                   ["ts13", "dynamo"]),
}


def export(model, args, path, exporter):
    if exporter.startswith("ts"):
        torch.onnx.export(model, args, path, opset_version=int(exporter[2:]), dynamo=False)
    else:
        torch.onnx.export(model, args, path, dynamo=True, external_data=False,
                          opset_version=18 if exporter == "dynamo18" else None)
        # Each node's metadata (stack traces, module paths) can outweigh the
        # weights of these small networks ten times over; dlc reads none of it.
        exported = onnx.load(path)
        for node in list(exported.graph.node) + [n for f in exported.functions for n in f.node]:
            del node.metadata_props[:]
        onnx.save(exported, path)


def save(value, path):
    with open(path, "wb") as f:
        f.write(numpy_helper.from_array(np.asarray(value)).SerializeToString())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "test",
                                                      "models", "real"))
    parser.add_argument("names", nargs="*", default=list(NETWORKS))
    options = parser.parse_args()
    for name in options.names:
        make, inputs, exporters = NETWORKS[name]
        torch.manual_seed(0)
        model = make().eval()
        args = inputs()
        with torch.no_grad():
            expected = model(*args)
        for exporter in exporters:
            folder = os.path.join(options.out, f"{name}_{exporter}")
            os.makedirs(os.path.join(folder, "expected"), exist_ok=True)
            export(model, args, os.path.join(folder, "model.onnx"), exporter)
            for k, value in enumerate(args):
                save(value.numpy(), os.path.join(folder, f"input_{k}.pb"))
            save(expected.numpy(), os.path.join(folder, "expected", "output_0.pb"))


if __name__ == "__main__":
    main()
