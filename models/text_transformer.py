"""The transformer text classifier, shared by export_real_models.py (the small
stored export) and test/bench/bench_peers.py (sequence 128)."""
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
