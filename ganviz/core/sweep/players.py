"""The players of many cells stacked into one: batched matrix products over a leading cell axis.

Each cell's G and D come from that cell's own Trainer (so initialisation is exactly a single
run's); their weights are stacked here and written back after training for evaluation.
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F

from ganviz.core.models import MLP, DiracDiscriminator, DiracGenerator, Discriminator
from ganviz.core.sweep.stacked_linear import stacked_linear

ELEMENTWISE = (nn.ReLU, nn.LeakyReLU, nn.Tanh)


def _in_place(activation: nn.Module):
    """The activation applied in place: the linear layer's output is not kept, and a 64-cell
    population's activations are megabytes, so not writing a second copy saves memory traffic."""
    if isinstance(activation, nn.LeakyReLU):
        slope = activation.negative_slope
        return lambda x: F.leaky_relu_(x, slope)
    return torch.relu_ if isinstance(activation, nn.ReLU) else torch.tanh_


class NotBatchable(Exception):
    """The cells' networks have a shape this module cannot stack (the sweep runs them one by one)."""


class StackedMLP:
    """C copies of one MLP architecture: x (C, n, d_in) -> (C, n, d_out)."""

    def __init__(self, mlps: list[MLP]):
        first = list(mlps[0].net)
        self.plan: list = []  # (index into params, index in the Sequential) or an activation function
        self.params: list[torch.Tensor] = []
        for i, part in enumerate(first):
            if isinstance(part, nn.Linear):
                w = torch.stack([m.net[i].weight.detach().t() for m in mlps]).contiguous()
                b = torch.stack([m.net[i].bias.detach()[None, :] for m in mlps]).contiguous()
                self.plan.append((len(self.params), i))
                self.params += [w.requires_grad_(True), b.requires_grad_(True)]
            elif isinstance(part, ELEMENTWISE):
                self.plan.append(_in_place(part))
            else:
                raise NotBatchable(f"layer {type(part).__name__}")

    def __call__(self, x: torch.Tensor, frozen: bool = False, params: list[torch.Tensor] | None = None
                 ) -> torch.Tensor:
        """The cells' outputs; frozen: the weights as constants (no weight gradients are worked out);
        params: tensors shaped like self.params to use in their place (an unrolled copy)."""
        params = self.params if params is None else params
        for step in self.plan:
            if isinstance(step, tuple):
                w, b = params[step[0]], params[step[0] + 1]
                if frozen:
                    w, b = w.detach(), b.detach()
                x = stacked_linear(x, w, b)
            else:
                x = step(x)
        return x

    def write_back(self, mlps: list[MLP]) -> None:
        """Copy each cell's stacked weights into its own MLP."""
        with torch.no_grad():
            for i, layer in (s for s in self.plan if isinstance(s, tuple)):
                for c, m in enumerate(mlps):
                    m.net[layer].weight.copy_(self.params[i][c].t())
                    m.net[layer].bias.copy_(self.params[i + 1][c, 0])


class StackedDiscriminator:
    """C discriminators: x (C, n, dim) -> realness logits (C, n), or (C, n/m) when D judges packs of m."""

    def __init__(self, ds: list[Discriminator]):
        self.body = StackedMLP([d.body for d in ds])
        self.params = self.body.params
        # shape settings: equal in every cell of a population
        self.input_scale = ds[0].input_scale
        self.pack = ds[0].pack

    def __call__(self, x: torch.Tensor, frozen: bool = False, params: list[torch.Tensor] | None = None
                 ) -> torch.Tensor:
        if self.input_scale != 1.0:
            x = x * self.input_scale
        if self.pack > 1:  # m consecutive samples side by side, as remedies.pack_samples lays out a lone D's
            cells, n, dim = x.shape
            x = x.reshape(cells, n // self.pack, self.pack * dim)
        return self.body(x, frozen, params).squeeze(-1)

    def write_back(self, ds: list[Discriminator]) -> None:
        """Copy the weights back into each cell's discriminator."""
        self.body.write_back([d.body for d in ds])


class StackedDiracG:
    """C Dirac generators: every latent of cell c maps to θ_c."""

    def __init__(self, gs: list[DiracGenerator]):
        self.theta = torch.stack([g.theta.detach() for g in gs])[:, None, :].clone().requires_grad_(True)
        self.params = [self.theta]

    def __call__(self, z: torch.Tensor) -> torch.Tensor:
        return self.theta.expand(z.shape[0], z.shape[1], 1)

    def write_back(self, gs: list[DiracGenerator]) -> None:
        """Copy each θ back."""
        with torch.no_grad():
            for c, g in enumerate(gs):
                g.theta.copy_(self.theta[c, 0])


class StackedDiracD:
    """C Dirac discriminators: realness logit −ψ_c·x."""

    def __init__(self, ds: list[DiracDiscriminator]):
        self.psi = torch.stack([d.psi.detach() for d in ds])[:, None, :].clone().requires_grad_(True)
        self.params = [self.psi]

    def __call__(self, x: torch.Tensor, frozen: bool = False, params: list[torch.Tensor] | None = None
                 ) -> torch.Tensor:
        psi = self.psi if params is None else params[0]
        psi = psi.detach() if frozen else psi
        return -(psi * x).squeeze(-1)

    def write_back(self, ds: list[DiracDiscriminator]) -> None:
        """Copy each ψ back."""
        with torch.no_grad():
            for c, d in enumerate(ds):
                d.psi.copy_(self.psi[c, 0])


def stack_players(gs: list[nn.Module], ds: list[nn.Module]):
    """(stacked G, stacked D) for cells whose players share one architecture; NotBatchable otherwise."""
    if all(type(g) is DiracGenerator for g in gs) and all(type(d) is DiracDiscriminator for d in ds):
        return StackedDiracG(gs), StackedDiracD(ds)
    if not (all(type(g) is MLP for g in gs) and all(type(d) is Discriminator and type(d.body) is MLP for d in ds)):
        raise NotBatchable("players other than the plain MLP or the Dirac-GAN's")
    for group in (gs, [d.body for d in ds]):
        shapes = {tuple(tuple(p.shape) for p in m.parameters()) for m in group}
        if len(shapes) != 1:
            raise NotBatchable("cells with networks of different shapes")
    return StackedMLP(gs), StackedDiscriminator(ds)
