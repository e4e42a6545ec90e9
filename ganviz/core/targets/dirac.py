"""The Dirac-GAN's data: a point mass at 0 (Mescheder et al. 2018)."""

from __future__ import annotations

import numpy as np

from ganviz.core.targets.arrays import array_ops
from ganviz.core.targets.base import Target1D


class Dirac(Target1D):
    """All data at x = 0. It has no density; the trainer plays the two-number Dirac-GAN on it."""

    name = "dirac"
    PARAMS = {}
    summary = "a point mass at 0, for the Dirac-GAN (G is one point θ, D is ψ·x)"

    def _setup(self) -> None:
        self._set_moments(mean=[0.0], std=[0.0], bounds=[(-1.0, 1.0)])

    def _log_prob_1d(self, x):
        # −inf everywhere: a point mass has no density (the config refuses the oracle here)
        return array_ops(x).full_like(x, float("-inf"))

    def _sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return np.zeros(n)  # draws nothing from rng

    def cdf(self, x: np.ndarray) -> np.ndarray:
        """The unit step at 0."""
        return (np.asarray(x, dtype=float) >= 0).astype(float)

    def icdf(self, u: np.ndarray) -> np.ndarray:
        """0 for every u."""
        return np.zeros_like(np.asarray(u, dtype=float))
