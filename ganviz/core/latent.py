"""Latent distributions: uniform on [0,1]^k (as in the seeds) and the standard normal."""

from __future__ import annotations

import numpy as np
import torch
from scipy import special  # the normal's cdf and quantile: scipy.stats would take 0.4 s to import


def sample_latent(kind: str, n: int, k: int, gen: torch.Generator, dtype=torch.float32) -> torch.Tensor:
    """n latent vectors of dimension k drawn from `gen`."""
    if kind == "uniform":
        return torch.rand(n, k, generator=gen, dtype=dtype)
    return torch.randn(n, k, generator=gen, dtype=dtype)


def latent_cdf(kind: str, z: np.ndarray) -> np.ndarray:
    """CDF F_Z of one latent coordinate."""
    return np.clip(z, 0.0, 1.0) if kind == "uniform" else special.ndtr(z)


def latent_icdf(kind: str, u: np.ndarray) -> np.ndarray:
    """Quantile function F_Z⁻¹ of one latent coordinate."""
    return np.asarray(u, dtype=float) if kind == "uniform" else special.ndtri(u)


def stratified_latent(kind: str, n: int) -> np.ndarray:
    """n one-dimensional latents at the midpoints of n equal-probability cells, ascending."""
    return latent_icdf(kind, (np.arange(n) + 0.5) / n)
