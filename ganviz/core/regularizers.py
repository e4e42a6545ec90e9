"""Discriminator regularizers: gradient penalties and instance noise.

`reg_weight` is γ for r1/r2 ((γ/2)·E‖∇ₓ logit‖²), λ for wgan-gp (λ·E(‖∇ₓ D‖ − 1)²),
the noise std σ for instance-noise and γ for consensus ((γ/2)·‖v‖² on both players' losses).
"""

from __future__ import annotations

import torch
from torch import nn

PENALTIES = ("r1", "r2", "wgan-gp")


def _grad_sq_norm(d: nn.Module, x: torch.Tensor) -> torch.Tensor:
    x = x.detach().requires_grad_(True)
    (g,) = torch.autograd.grad(d(x).sum(), x, create_graph=True)
    return (g**2).sum(dim=1)


def penalty(name: str, weight: float, d: nn.Module, real: torch.Tensor, fake: torch.Tensor,
            gen: torch.Generator) -> torch.Tensor | None:
    """The penalty to add to D's loss, or None for regularizers that are not penalties."""
    if name == "r1":
        return 0.5 * weight * _grad_sq_norm(d, real).mean()
    if name == "r2":
        return 0.5 * weight * _grad_sq_norm(d, fake).mean()
    if name == "wgan-gp":
        n = min(len(real), len(fake))
        eps = torch.rand(n, 1, generator=gen, dtype=real.dtype)
        mix = eps * real[:n].detach() + (1 - eps) * fake[:n].detach()
        norm = torch.sqrt(_grad_sq_norm(d, mix) + 1e-12)
        return weight * ((norm - 1) ** 2).mean()
    return None


def consensus(weight: float, loss_d: torch.Tensor, d_params: list[torch.Tensor], loss_g: torch.Tensor,
              g_params: list[torch.Tensor]) -> torch.Tensor:
    """γ/2·‖v‖² of the gradient field v = (∇_G L_G, ∇_D L_D), differentiable in both players.

    Consensus optimization (Mescheder, Nowozin & Geiger 2017) adds this to both players' losses:
    descending it pulls both towards points where neither wants to move.
    """
    # create_graph: the term itself is differentiated by each player's update
    grads = (torch.autograd.grad(loss_g, g_params, create_graph=True)
             + torch.autograd.grad(loss_d, d_params, create_graph=True))
    return 0.5 * weight * sum((g**2).sum() for g in grads)


def add_instance_noise(name: str, sigma: float, x: torch.Tensor, gen: torch.Generator) -> torch.Tensor:
    """x blurred by N(0, σ²) when the regularizer is instance-noise, else x itself."""
    if name != "instance-noise" or sigma == 0:
        return x
    return x + sigma * torch.randn(x.shape, generator=gen, dtype=x.dtype)
