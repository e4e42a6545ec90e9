"""The Dirac-GAN's data: a point mass at 0 (Mescheder et al. 2018)."""

from __future__ import annotations

import numpy as np
import torch

from ganviz.core.targets.base import Target1D


class Dirac(Target1D):
    """All data at x = 0. It has no density; the trainer plays the two-number Dirac-GAN on it."""

    name = "dirac"
    dim = 1
    PARAMS = {}
    summary = "a point mass at 0, for the Dirac-GAN (G is one point θ, D is ψ·x)"

    def __init__(self, params=None):
        self.params = {}
        self.discrete = False
        self.mean = np.zeros(1)
        self.std = np.zeros(1)
        self.bounds = ((-1.0, 1.0),)
        self.modes = None
        self.mode_std = None

    def log_prob(self, x: torch.Tensor) -> torch.Tensor:
        """−inf everywhere: a point mass has no density (the oracle refuses this target)."""
        return torch.full(x.shape[:1], -torch.inf, dtype=x.dtype)

    def density(self, x: np.ndarray) -> np.ndarray:
        """Zero everywhere (see log_prob)."""
        return np.zeros(len(x))

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """n zeros; draws nothing from rng."""
        return np.zeros((n, 1))

    def cdf(self, x: np.ndarray) -> np.ndarray:
        """The step at 0."""
        return (np.asarray(x) >= 0).astype(float)

    def icdf(self, u: np.ndarray) -> np.ndarray:
        """0 for every u."""
        return np.zeros_like(np.asarray(u, dtype=float))
