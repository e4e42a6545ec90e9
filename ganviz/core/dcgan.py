"""DCGAN's players (Radford, Metz and Chintala 2016) sized for 8×8 images.

What the paper prescribes and the seeds repeat: strided convolutions in D and transposed ones in G
instead of pooling, batch norm in both networks but not in G's output layer or D's input layer, ReLU
in G (tanh at its output) and leaky ReLU (0.2) in D, trained with Adam. The activations follow the
config's activation_g / activation_d and batch norm its `batchnorm` switch, so a lesson can take one
prescription away at a time; the presets set DCGAN's own.

Both read and write images flattened to 64 numbers, as every other part of ganviz sees a sample: G
maps (n, k) to (n, 64) in [−1, 1], D's body maps (n, 64) to (n, 1).
"""

from __future__ import annotations

import math

import torch
from torch import nn

from ganviz.core.models import ACTIVATIONS

SIDE = 8


def _init(module: nn.Module, gen: torch.Generator) -> None:
    """PyTorch's default initialisation, drawn from `gen` so the global RNG is never touched."""
    for layer in module.modules():
        if isinstance(layer, nn.Conv2d | nn.ConvTranspose2d | nn.Linear):
            nn.init.kaiming_uniform_(layer.weight, a=math.sqrt(5), generator=gen)
            fan_in, _ = nn.init._calculate_fan_in_and_fan_out(layer.weight)  # as the layers' own reset does
            bound = 1.0 / math.sqrt(fan_in)
            nn.init.uniform_(layer.bias, -bound, bound, generator=gen)


def _norm2d(width: int, on: bool) -> list[nn.Module]:
    return [nn.BatchNorm2d(width)] if on else []


class DCGANGenerator(nn.Module):
    """z → a 2×2 map of 2w channels → 4×4 of w → the 8×8 image (tanh), w = `width`."""

    def __init__(self, latent_dim: int, width: int, activation: str, batchnorm: bool, gen: torch.Generator):
        super().__init__()
        act = ACTIVATIONS[activation]
        self.width = width
        self.project = nn.Sequential(nn.Linear(latent_dim, 2 * width * 4),
                                     *([nn.BatchNorm1d(2 * width * 4)] if batchnorm else []), act())
        self.up = nn.Sequential(nn.ConvTranspose2d(2 * width, width, 4, 2, 1), *_norm2d(width, batchnorm), act(),
                                nn.ConvTranspose2d(width, 1, 4, 2, 1), nn.Tanh())
        _init(self, gen)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        h = self.project(z).view(-1, 2 * self.width, 2, 2)
        return self.up(h).reshape(-1, SIDE * SIDE)


class DCGANBody(nn.Module):
    """A D body: the 8×8 image → 4×4 of w channels (no batch norm at the input layer) → 2×2 of 2w → a logit."""

    def __init__(self, width: int, activation: str, batchnorm: bool, gen: torch.Generator):
        super().__init__()
        act = ACTIVATIONS[activation]
        self.net = nn.Sequential(nn.Conv2d(1, width, 4, 2, 1), act(),
                                 nn.Conv2d(width, 2 * width, 4, 2, 1), *_norm2d(2 * width, batchnorm), act(),
                                 nn.Flatten(), nn.Linear(2 * width * 4, 1))
        _init(self, gen)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x.reshape(-1, 1, SIDE, SIDE))
