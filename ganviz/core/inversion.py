"""Using the code: find a latent z with G(z) ≈ x by gradient descent on ‖G(z) − x‖².

Going from data back to the code is hard in general (the seeds' "using the code"): G need not be
one-to-one, and the descent can stop in a local minimum. Several starts help: the best of a
fixed pool of latents, then a few random ones, each refined; the closest result wins.
The starts come from a stream of their own, so inverting never touches training's randomness.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from ganviz.core.latent import sample_latent

POOL = 4096  # latents scored once to pick good starts
STARTS = 8  # refined starts: the best few of the pool plus random ones
STEPS = 400
LR = 0.05
TOL = 1e-5  # stop early once a start is this close
NORMAL_BOX = 5.0  # a normal latent is kept within ±5 (beyond lies no mass worth reaching)


@dataclass(frozen=True)
class Inversion:
    """The latent found, where G sends it, and how far that is from the asked point."""

    x: np.ndarray  # (dim,)
    z: np.ndarray  # (k,)
    g_of_z: np.ndarray  # (dim,)
    distance: float  # ‖G(z) − x‖


def _box(latent: str) -> tuple[float, float]:
    return (0.0, 1.0) if latent == "uniform" else (-NORMAL_BOX, NORMAL_BOX)


def invert(G: torch.nn.Module, x, latent: str, latent_dim: int, starts: int = STARTS, steps: int = STEPS,
           seed: int = 0) -> Inversion:
    """The z (within the latent's range) that brings G(z) closest to x, from several starts.

    G's weights and mode are left as they were (it is evaluated in eval mode, without
    gradients for its parameters).
    """
    target = torch.as_tensor(np.array(x, dtype=np.float64)).reshape(1, -1)  # a copy: x may be read-only
    lo, hi = _box(latent)
    gen = torch.Generator().manual_seed(seed)
    was_training = G.training
    G.eval()
    try:
        dtype = next(G.parameters()).dtype
        target = target.to(dtype)
        z0 = _starts(G, target, latent, latent_dim, starts, gen, dtype).clamp(lo, hi)
        z = _refine(G, target, z0, lo, hi, steps)
        with torch.no_grad():
            dist = (G(z) - target).norm(dim=1)
        best = int(torch.argmin(dist))
        with torch.no_grad():
            gz = G(z[best:best + 1])[0]
    finally:
        G.train(was_training)
    return Inversion(target[0].double().numpy(), z[best].double().numpy(), gz.double().numpy(), float(dist[best]))


def _starts(G, target, latent, k, starts, gen, dtype) -> torch.Tensor:
    """The closest latents of a random pool (spread apart by taking every other rank) plus random ones."""
    pool = sample_latent(latent, POOL, k, gen, dtype)
    with torch.no_grad():
        order = torch.argsort((G(pool) - target).norm(dim=1))
    n_best = max(1, starts // 2)
    best = pool[order[: 2 * n_best: 2]]
    rand = sample_latent(latent, max(0, starts - n_best), k, gen, dtype)
    return torch.cat([best, rand])


def _refine(G, target, z0, lo, hi, steps) -> torch.Tensor:
    """Projected Adam on every start at once (each start's loss is its own), with a shrinking step."""
    z = z0.clone().requires_grad_(True)
    opt = torch.optim.Adam([z], lr=LR)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=steps, eta_min=LR * 1e-3)
    for _ in range(steps):
        err = ((G(z) - target) ** 2).sum(dim=1)
        if float(err.detach().min()) < TOL**2:
            break
        (grad,) = torch.autograd.grad(err.sum(), z)
        z.grad = grad
        opt.step()
        sched.step()
        with torch.no_grad():
            z.clamp_(lo, hi)
    return z.detach()
