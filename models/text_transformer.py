"""The transformer text classifier, shared by export_real_models.py (the small
stored export), test/bench/bench_peers.py and the GPU check (the benchmark
configuration: sequence 128, width 128, its last 28 tokens padding)."""
import torch
import torch.nn as nn


class TextTransformer(nn.Module):
    """Embedding + learned positions + 2 encoder layers with a padding mask
    + mean pooling + a class head."""

    def __init__(self, sequence=16, width=32, heads=4, hidden=64, vocabulary=100, classes=3):
        super().__init__()
        self.emb = nn.Embedding(vocabulary, width)
        self.pos = nn.Parameter(torch.randn(1, sequence, width) * 0.1)
        layer = nn.TransformerEncoderLayer(width, heads, hidden, dropout=0.0, batch_first=True)
        self.enc = nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)
        self.head = nn.Linear(width, classes)

    def forward(self, tokens, padding):
        h = self.enc(self.emb(tokens) + self.pos, src_key_padding_mask=padding)
        return self.head(h.mean(1))


BENCHMARK = dict(sequence=128, width=128, heads=4, hidden=512, vocabulary=1000, classes=2)
PADDING = 28


def benchmark_classifier():
    """The benchmark configuration, random weights from a fixed seed, in eval mode."""
    torch.manual_seed(0)
    return TextTransformer(**BENCHMARK).eval()


def benchmark_inputs(batch):
    """Tokens (from a seed per batch size) and the padding mask of `batch` texts."""
    generator = torch.Generator().manual_seed(batch)
    tokens = torch.randint(0, BENCHMARK["vocabulary"], (batch, BENCHMARK["sequence"]),
                           generator=generator)
    padding = torch.zeros(batch, BENCHMARK["sequence"], dtype=torch.bool)
    padding[:, BENCHMARK["sequence"] - PADDING:] = True
    return tokens, padding


def export_benchmark(path, batch):
    """Exports the benchmark classifier at `batch` (TorchScript exporter, opset 17);
    returns its inputs."""
    tokens, padding = benchmark_inputs(batch)
    # Traced with gradients on: under no_grad, PyTorch's encoder takes a fused
    # fast path that has no ONNX export.
    torch.onnx.export(benchmark_classifier(), (tokens, padding), path,
                      input_names=["tokens", "padding"], output_names=["logits"],
                      opset_version=17)
    return tokens, padding
