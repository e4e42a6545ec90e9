"""2-D equal-weight mixtures of isotropic Gaussians: ring, grid and spiral."""

from __future__ import annotations

import math

import numpy as np

from ganviz.core.targets.arrays import array_ops
from ganviz.core.targets.base import LOG_SQRT_2PI, ParamSpec, Target2D

GAUSS_Z = 6.0  # bounds reach 6 std past the outermost centres


class IsoMixture2D(Target2D):
    """Equal-weight mixture of N(c_k, std²·I) over centres c_k; subclasses supply the centres."""

    SHOW_MODES = True  # False when the components are too many to count as modes (spiral)

    def _centres(self) -> np.ndarray:
        raise NotImplementedError

    def _setup(self) -> None:
        c = np.asarray(self._centres(), dtype=np.float64).reshape(-1, 2)
        s = self.params["std"]
        self.centres = c
        self._log_w = -math.log(len(c))
        mean = c.mean(axis=0)
        # law of total variance: within-component s² plus the spread of the centres
        std = np.sqrt(s * s + ((c - mean) ** 2).mean(axis=0))
        bounds = [(c[:, i].min() - GAUSS_Z * s, c[:, i].max() + GAUSS_Z * s) for i in range(2)]
        self._set_moments(mean, std, bounds, modes=c if self.SHOW_MODES else None,
                          mode_std=s if self.SHOW_MODES else None)

    def _log_prob(self, x):
        s = self.params["std"]
        xp = array_ops(x)
        c = xp.constant(self.centres, like=x)
        d = x[:, None, :] - c[None, :, :]
        sq = d[..., 0] ** 2 + d[..., 1] ** 2  # (n, k); a sum over the last axis of two takes 3× as long
        comp = -0.5 * sq / (s * s) - 2 * (math.log(s) + LOG_SQRT_2PI)
        return xp.logsumexp(comp, axis=1) + self._log_w  # finite however far from every centre

    def _sample(self, rng, n):
        k = rng.integers(len(self.centres), size=n)
        return self.centres[k] + self.params["std"] * rng.standard_normal((n, 2))

    def component_of(self, x: np.ndarray) -> np.ndarray:
        """Index of the nearest centre for each point (n, 2) -> (n,)."""
        d = ((np.asarray(x, dtype=np.float64)[:, None, :] - self.centres[None]) ** 2).sum(-1)
        return d.argmin(axis=1)


class Ring(IsoMixture2D):
    """n_modes equal Gaussians on a circle at angles 2πk/n."""

    name = "ring"
    summary = "Gaussians evenly spaced on a circle: the standard 2-D mode-collapse test."
    PARAMS = {
        "n_modes": ParamSpec(8, 1, 32, "Number of Gaussians around the circle.", integer=True),
        "radius": ParamSpec(2.0, 0.5, 10.0, "Radius of the circle."),
        "std": ParamSpec(0.02, 0.005, 1.0, "Standard deviation of each Gaussian.", log=True),
    }

    def _centres(self):
        k = self.params["n_modes"]
        angle = 2 * np.pi * np.arange(k) / k
        return self.params["radius"] * np.stack([np.cos(angle), np.sin(angle)], axis=1)


class Grid(IsoMixture2D):
    """size × size equal Gaussians on a square lattice centred at 0."""

    name = "grid"
    summary = "A square lattice of Gaussians (5×5 by default): many modes to cover."
    PARAMS = {
        "size": ParamSpec(5, 1, 9, "Gaussians along each side of the square.", integer=True),
        "spacing": ParamSpec(2.0, 0.5, 5.0, "Distance between neighbouring Gaussians."),
        "std": ParamSpec(0.05, 0.005, 1.0, "Standard deviation of each Gaussian.", log=True),
    }

    def _centres(self):
        m = self.params["size"]
        line = (np.arange(m) - (m - 1) / 2) * self.params["spacing"]
        gx, gy = np.meshgrid(line, line, indexing="ij")
        return np.stack([gx.ravel(), gy.ravel()], axis=1)


class Spiral(IsoMixture2D):
    """Equal-weight Gaussians equally spaced by arc length along r = radius·t, θ = 2π·turns·t.

    t runs over [T0, 1]. The component count grows with the arc length so neighbours are at
    most one std apart (a smooth ridge), between MIN_COMPONENTS and MAX_COMPONENTS.
    modes and mode_std are None: the components are not separate modes.
    """

    name = "spiral"
    summary = "A thin ridge along an Archimedean spiral: a curved one-dimensional manifold."
    SHOW_MODES = False
    PARAMS = {
        "turns": ParamSpec(1.5, 0.5, 3.0, "How many times the spiral winds around the centre."),
        "radius": ParamSpec(4.0, 1.0, 10.0, "Radius at the outer end of the spiral."),
        "std": ParamSpec(0.1, 0.02, 1.0, "Thickness (standard deviation) of the ridge.", log=True),
    }
    T0 = 0.15
    MIN_COMPONENTS = 100
    MAX_COMPONENTS = 1000

    def _curve(self, t: np.ndarray) -> np.ndarray:
        theta = 2 * np.pi * self.params["turns"] * t
        r = self.params["radius"] * t
        return np.stack([r * np.cos(theta), r * np.sin(theta)], axis=1)

    def _centres(self):
        t = np.linspace(self.T0, 1.0, 4001)
        # cumulative arc length by chords on a fine grid (the centres only need to be deterministic)
        seg = np.linalg.norm(np.diff(self._curve(t), axis=0), axis=1)
        arc = np.concatenate([[0.0], np.cumsum(seg)])
        k = int(np.clip(math.ceil(arc[-1] / self.params["std"]), self.MIN_COMPONENTS, self.MAX_COMPONENTS))
        return self._curve(np.interp(np.linspace(0, arc[-1], k), arc, t))
