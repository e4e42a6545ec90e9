"""A plain PyTorch GAN loop on ring-8, written as anyone would, as the speed reference.

Same networks and settings as the ring-8 preset: G 2→128→128→2 and D 2→128→128→1 (ReLU),
Adam lr 1e-3 β=(0.5, 0.999), batch 256, non-saturating loss, one D then one G step.
Prints {"steps": N, "seconds": s, "steps_per_s": r} as JSON.
"""

import json
import math
import sys
import time
from collections.abc import Callable

import numpy as np
import torch
from torch import nn
from torch.nn.functional import softplus


def ring_sample(rng: np.random.Generator, n: int) -> np.ndarray:
    """Eight Gaussians of std 0.02 on a circle of radius 2."""
    k = rng.integers(0, 8, n)
    angle = 2 * math.pi * k / 8
    centres = np.stack([2 * np.cos(angle), 2 * np.sin(angle)], axis=1)
    return centres + 0.02 * rng.standard_normal((n, 2))


def mlp(d_in: int, d_out: int) -> nn.Module:
    """Two hidden ReLU layers of 128."""
    return nn.Sequential(nn.Linear(d_in, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(), nn.Linear(128, d_out))


def timed_loop(g: nn.Module, d: nn.Module, real: Callable[[], torch.Tensor], noise: Callable[[], torch.Tensor],
               lr: float, steps: int) -> None:
    """Train g and d with Adam (β = 0.5, 0.999), one non-saturating D step then one G step, for `steps`
    iterations, and print the timing as JSON."""
    opt_g = torch.optim.Adam(g.parameters(), lr=lr, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(d.parameters(), lr=lr, betas=(0.5, 0.999))
    t0 = time.perf_counter()
    for _ in range(steps):
        x = real()
        with torch.no_grad():
            fake = g(noise())
        loss_d = softplus(-d(x)).mean() + softplus(d(fake)).mean()
        opt_d.zero_grad()
        loss_d.backward()
        opt_d.step()
        loss_g = softplus(-d(g(noise()))).mean()
        opt_g.zero_grad()
        loss_g.backward()
        opt_g.step()
    seconds = time.perf_counter() - t0
    print(json.dumps({"steps": steps, "seconds": seconds, "steps_per_s": steps / seconds}))


def main(steps: int, threads: int) -> None:
    """Train `steps` iterations on `threads` torch threads and print the timing."""
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    timed_loop(mlp(2, 2), mlp(2, 1), lambda: torch.from_numpy(ring_sample(rng, 256)).float(),
               lambda: torch.randn(256, 2), 1e-3, steps)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3000, int(sys.argv[2]) if len(sys.argv) > 2 else 1)
