"""A walk through G's latent space between two latents: what G makes at evenly spaced points between them.

Linear interpolation goes straight from z_a to z_b; for a normal latent its midpoints have a smaller
norm than either end (a point of the line between two draws is less typical than the draws), so
spherical interpolation (White 2016, "Sampling generative networks") follows the great circle instead,
turning at a constant rate and keeping the norm when the ends have equal norms.
"""

from __future__ import annotations

import numpy as np
import torch

from ganviz.core.evaluation import evaluating

MODES = ("linear", "spherical")
PARALLEL = 1e-6  # below this angle (radians) the great circle is the line: interpolate linearly


def path(za: np.ndarray, zb: np.ndarray, points: int, mode: str) -> np.ndarray:
    """(points, k) latents from za to zb, both ends included."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
    t = np.linspace(0.0, 1.0, points)[:, None]
    za, zb = np.asarray(za, float), np.asarray(zb, float)
    if mode == "linear":
        return (1 - t) * za + t * zb
    na, nb = np.linalg.norm(za), np.linalg.norm(zb)
    cos = np.clip(za @ zb / (na * nb), -1.0, 1.0) if na > 0 and nb > 0 else 1.0
    omega = float(np.arccos(cos))
    if omega < PARALLEL:
        return (1 - t) * za + t * zb
    return (np.sin((1 - t) * omega) * za + np.sin(t * omega) * zb) / np.sin(omega)


def walk(G: torch.nn.Module, za: np.ndarray, zb: np.ndarray, points: int, mode: str) -> np.ndarray:
    """G's outputs along the path, (points, dim), G in evaluation mode (batch norm at its running statistics)."""
    z = torch.from_numpy(path(za, zb, points, mode))
    dtype = next(G.parameters()).dtype
    with evaluating(G):
        return G(z.to(dtype)).double().numpy()
