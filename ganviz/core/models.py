"""The players: MLP generator and discriminator, and the two-number Dirac-GAN."""

from __future__ import annotations

import math

import torch
from torch import nn

from ganviz.core import remedies

ACTIVATIONS = {"relu": nn.ReLU, "leaky_relu": lambda: nn.LeakyReLU(0.2), "tanh": nn.Tanh}


ORTHOGONAL_GAIN = 0.8  # Metz et al.'s toy code: orthogonal weights scaled by 0.8, zero biases


def _linear(d_in: int, d_out: int, gen: torch.Generator, dtype: torch.dtype, init: str = "pytorch") -> nn.Linear:
    """A Linear layer initialised as `init` says, drawn from `gen` so the global RNG is never touched.

    pytorch: PyTorch's default; orthogonal: orthogonal weights with gain 0.8 and zero biases.
    """
    layer = nn.Linear(d_in, d_out, device="meta", dtype=dtype).to_empty(device="cpu")
    if init == "orthogonal":
        nn.init.orthogonal_(layer.weight, gain=ORTHOGONAL_GAIN, generator=gen)
        nn.init.zeros_(layer.bias)
        return layer
    nn.init.kaiming_uniform_(layer.weight, a=math.sqrt(5), generator=gen)
    bound = 1.0 / math.sqrt(d_in)
    nn.init.uniform_(layer.bias, -bound, bound, generator=gen)
    return layer


class MLP(nn.Module):
    """`layers` hidden layers of `hidden` units, optional batch norm, linear output."""

    def __init__(self, d_in: int, d_out: int, hidden: int, layers: int, activation: str,
                 batchnorm: bool, gen: torch.Generator, dtype: torch.dtype = torch.float32, init: str = "pytorch"):
        super().__init__()
        parts: list[nn.Module] = []
        width = d_in
        for _ in range(layers):
            parts.append(_linear(width, hidden, gen, dtype, init))
            if batchnorm:
                parts.append(nn.BatchNorm1d(hidden, dtype=dtype))
            parts.append(ACTIVATIONS[activation]())
            width = hidden
        parts.append(_linear(width, d_out, gen, dtype, init))
        self.net = nn.Sequential(*parts)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Map (n, d_in) to (n, d_out)."""
        return self.net(x)

    @property
    def output_layer(self) -> nn.Linear:
        """The last linear layer (used to set the generator's initial spread)."""
        return self.net[-1]


class Discriminator(nn.Module):
    """D's logit: an MLP from data space to one number per sample (realness).

    With pack = m it scores packs of m samples (PacGAN); with minibatch_std it also reads the
    batch's spread (see remedies.py); the body's input width must be remedies.d_input_width.
    """

    def __init__(self, body: MLP, pack: int = 1, minibatch_std: bool = False, input_scale: float = 1.0):
        super().__init__()
        self.body = body
        self.pack = pack
        self.minibatch_std = minibatch_std
        self.input_scale = input_scale  # x is multiplied by this before anything else reads it

    def _scaled(self, x: torch.Tensor) -> torch.Tensor:
        return x if self.input_scale == 1.0 else x * self.input_scale

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(n, dim) -> (n,) logits (⌈n/m⌉ with packing); sigmoid(logit) is D(x), the probability of 'true'."""
        x = self._scaled(x)
        if self.pack == 1 and not self.minibatch_std:
            return self.body(x).squeeze(-1)
        return self.body(remedies.discriminator_input(x, self.pack, self.minibatch_std)).squeeze(-1)

    def at_points(self, points: torch.Tensor, batch: torch.Tensor) -> torch.Tensor:
        """(n,) logits of single points, for drawing D on a grid; `batch` (generated samples) gives
        the minibatch-std feature, and a pack is the point repeated m times."""
        if self.pack == 1 and not self.minibatch_std:
            return self(points)
        points, batch = self._scaled(points), self._scaled(batch)
        return self.body(remedies.point_input(points, self.pack, self.minibatch_std, batch)).squeeze(-1)


class DiracGenerator(nn.Module):
    """The Dirac-GAN generator: every latent maps to the single learned point θ."""

    def __init__(self, theta0: float):
        super().__init__()
        self.theta = nn.Parameter(torch.tensor([theta0], dtype=torch.float64))

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        """(n, k) -> (n, 1), all equal to θ."""
        return self.theta.expand(z.shape[0], 1)


class DiracDiscriminator(nn.Module):
    """The Dirac-GAN discriminator with slope ψ.

    Mescheder et al. write the game as L(θ, ψ) = f(ψθ) + f(0), f(t) = −log(1 + e^(−t)), with
    ψ·x scoring 'generated'. Our losses take a 'realness' logit, so it is −ψ·x here: with the
    minimax loss this gives exactly their L and their step map.
    """

    def __init__(self, psi0: float):
        super().__init__()
        self.psi = nn.Parameter(torch.tensor([psi0], dtype=torch.float64))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(n, 1) -> (n,) realness logits −ψ·x."""
        return -(self.psi * x).squeeze(-1)
