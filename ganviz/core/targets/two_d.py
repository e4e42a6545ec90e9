"""2-D targets that are not isotropic mixtures: correlated Gaussian, banana, checkerboard."""

from __future__ import annotations

import math

import numpy as np

from ganviz.core.targets.arrays import array_ops
from ganviz.core.targets.base import LOG_SQRT_2PI, ParamSpec, Target2D, normal_log_pdf

GAUSS_Z = 6.0  # Gaussian bounds: ±6 std per axis
BANANA_Z = 5.3  # banana: |x1| <= 5.3 std1 drops 1.2e-7 of the mass


class CorrelatedGaussian(Target2D):
    """Bivariate normal with per-axis std, correlation rho and mean (mean1, mean2)."""

    name = "correlated-gaussian"
    summary = "A tilted elliptical normal: the two coordinates are correlated."
    PARAMS = {
        "std1": ParamSpec(1.0, 0.1, 5.0, "Standard deviation along x.", log=True),
        "std2": ParamSpec(1.0, 0.1, 5.0, "Standard deviation along y.", log=True),
        "rho": ParamSpec(0.8, -0.95, 0.95, "Correlation between x and y (0 = axis-aligned ellipse)."),
        "mean1": ParamSpec(0.0, -5.0, 5.0, "Centre along x."),
        "mean2": ParamSpec(0.0, -5.0, 5.0, "Centre along y."),
    }

    def _setup(self) -> None:
        m1, m2, s1, s2 = (self.params[k] for k in ("mean1", "mean2", "std1", "std2"))
        self._set_moments([m1, m2], [s1, s2], [(m1 - GAUSS_Z * s1, m1 + GAUSS_Z * s1),
                                               (m2 - GAUSS_Z * s2, m2 + GAUSS_Z * s2)])

    @property
    def cov(self) -> np.ndarray:
        """The 2×2 covariance matrix."""
        s1, s2, r = self.params["std1"], self.params["std2"], self.params["rho"]
        return np.array([[s1 * s1, r * s1 * s2], [r * s1 * s2, s2 * s2]])

    def _log_prob(self, x):
        m1, m2, s1, s2, r = (self.params[k] for k in ("mean1", "mean2", "std1", "std2", "rho"))
        z1, z2 = (x[:, 0] - m1) / s1, (x[:, 1] - m2) / s2
        q = (z1 * z1 - 2 * r * z1 * z2 + z2 * z2) / (1 - r * r)
        return -0.5 * q - (2 * LOG_SQRT_2PI + math.log(s1 * s2) + 0.5 * math.log1p(-r * r))

    def _sample(self, rng, n):
        m1, m2, s1, s2, r = (self.params[k] for k in ("mean1", "mean2", "std1", "std2", "rho"))
        z = rng.standard_normal((n, 2))
        x2 = r * z[:, 0] + math.sqrt(1 - r * r) * z[:, 1]
        return np.stack([m1 + s1 * z[:, 0], m2 + s2 * x2], axis=1)


class Banana(Target2D):
    """x1 ~ N(0, std1²), x2 | x1 ~ N(curvature·(x1² − std1²), std2²): a bent, skewed shape."""

    name = "banana"
    summary = "A curved banana shape: a normal bent by a quadratic, exact density by conditioning."
    PARAMS = {
        "std1": ParamSpec(1.0, 0.1, 3.0, "Spread along x.", log=True),
        "std2": ParamSpec(0.5, 0.05, 3.0, "Thickness: spread of y around the curve.", log=True),
        "curvature": ParamSpec(0.5, -2.0, 2.0, "How strongly y bends with x (negative bends down)."),
    }

    def _setup(self) -> None:
        s1, s2, b = self.params["std1"], self.params["std2"], self.params["curvature"]
        # E[x1²] = s1², so E[x2] = 0; Var[x2] = s2² + b²·Var[x1²] = s2² + 2 b² s1⁴
        std2 = math.sqrt(s2 * s2 + 2 * b * b * s1 ** 4)
        # over |x1| <= Z s1 the curve b(x1² − s1²) spans b·s1²·[−1, Z² − 1]
        ends = (-b * s1 * s1, b * s1 * s1 * (BANANA_Z ** 2 - 1))
        self._set_moments([0.0, 0.0], [s1, std2], [(-BANANA_Z * s1, BANANA_Z * s1),
                                                   (min(ends) - GAUSS_Z * s2, max(ends) + GAUSS_Z * s2)])

    def _log_prob(self, x):
        s1, s2, b = self.params["std1"], self.params["std2"], self.params["curvature"]
        x1, x2 = x[:, 0], x[:, 1]
        return normal_log_pdf(x1, 0.0, s1) + normal_log_pdf(x2 - b * (x1 * x1 - s1 * s1), 0.0, s2)

    def _sample(self, rng, n):
        s1, s2, b = self.params["std1"], self.params["std2"], self.params["curvature"]
        x1 = s1 * rng.standard_normal(n)
        x2 = b * (x1 * x1 - s1 * s1) + s2 * rng.standard_normal(n)
        return np.stack([x1, x2], axis=1)


class Checkerboard(Target2D):
    """Uniform on the dark squares of a size × size board of unit squares centred at 0.

    Square (i, j) covers [i − size/2, i + 1 − size/2) × [j − size/2, j + 1 − size/2) and is dark
    when i + j is even. Density 1/(#dark) on dark squares, 0 (log_prob −inf) elsewhere.
    """

    name = "checkerboard"
    summary = "Uniform on the dark squares of a checkerboard: disconnected support, sharp edges."
    PARAMS = {
        "size": ParamSpec(4, 2, 10, "Squares along each side of the board.", integer=True),
    }

    def _setup(self) -> None:
        k = self.params["size"]
        i, j = np.meshgrid(np.arange(k), np.arange(k), indexing="ij")
        dark = (i + j) % 2 == 0
        self.squares = np.stack([i[dark], j[dark]], axis=1) - k / 2  # lower-left corners of dark squares
        self._log_density = -math.log(len(self.squares))
        centres = self.squares + 0.5
        mean = centres.mean(axis=0)
        # a unit square adds 1/12 per axis to the spread of the square centres
        std = np.sqrt(1 / 12 + ((centres - mean) ** 2).mean(axis=0))
        pad = 0.25
        self._set_moments(mean, std, [(-k / 2 - pad, k / 2 + pad)] * 2)

    def _log_prob(self, x):
        k = self.params["size"]
        xp = array_ops(x)
        cell = xp.floor(xp.detached(x) + k / 2)
        i, j = cell[:, 0], cell[:, 1]
        on_board = (i >= 0) & (i < k) & (j >= 0) & (j < k)
        dark = on_board & (xp.remainder(i + j, 2) == 0)
        flat = xp.sum(x, 1) * 0 + self._log_density  # x*0 keeps the graph: gradient 0, not missing
        return xp.where(dark, flat, xp.full_like(flat, float("-inf")))

    def _sample(self, rng, n):
        corner = self.squares[rng.integers(len(self.squares), size=n)]
        return corner + rng.random((n, 2))
