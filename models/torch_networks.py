"""The seed models rebuilt in PyTorch from their ONNX initializers.

Shared by make_reference.py (outputs) and make_gradient_reference.py (gradients).
Each function takes the weights by initializer name and an input tensor.
"""
import numpy as np
import torch
import torch.nn.functional as F


def seed_cnn_torch(w, x):
    x = F.max_pool2d(F.relu(F.conv2d(x, w["conv1.weight"], w["conv1.bias"])), 2)
    x = F.max_pool2d(F.relu(F.conv2d(x, w["conv2.weight"], w["conv2.bias"])), 2)
    x = torch.flatten(x, 1)
    x = F.relu(F.linear(x, w["fc1.weight"], w["fc1.bias"]))
    x = F.relu(F.linear(x, w["fc2.weight"], w["fc2.bias"]))
    return F.linear(x, w["fc3.weight"], w["fc3.bias"])


def mlp_torch(w, x):
    return F.linear(F.relu(F.linear(x, w["fc1.weight"], w["fc1.bias"])),
                    w["fc2.weight"], w["fc2.bias"])


def attention_torch(w, x):
    def project(name, t):
        return t @ w[f"{name}.weight"] + w[f"{name}.bias"]

    def heads(t):
        return t.reshape(1, 8, 2, 8).permute(0, 2, 1, 3)

    q, k, v = (heads(project(n, x)) for n in ("q_proj", "k_proj", "v_proj"))
    probs = torch.softmax(q @ k.transpose(-1, -2) / np.sqrt(8.0), dim=-1)
    ctx = (probs @ v).permute(0, 2, 1, 3).reshape(1, 8, 16)
    return project("out_proj", ctx) + x
