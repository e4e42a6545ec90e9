"""Targets made from the class's own points: a Gaussian kernel density estimate, exact as a law.

The target *is* the mixture (1/n) Σ N(x; x_i, h²·I) over the points, so its density, sampler,
cdf and quantile function are all exact and every metric works as for the built-in targets.
Above MAX_SUPPORT points, the points are first merged into at most MAX_SUPPORT weighted cells
(each cell's mean, with the cell's share of the points as weight), which keeps a density
evaluation as cheap as a mixture of that many Gaussians; the target is then the kernel mixture
over those cells. The points themselves are named by `target.data` (see data_file.py).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
from scipy import special
from scipy.spatial import cKDTree

from ganviz.core.data_file import load_points
from ganviz.core.errors import ConfigError
from ganviz.core.lazy import torch
from ganviz.core.targets.base import LOG_SQRT_2PI, ParamSpec, Target, Target1D, Target2D

MAX_SUPPORT = 2048  # kernel centres kept; more points are merged into cells
GAUSS_Z = 6.0  # bounds reach 6 bandwidths past the outermost centre
MIN_BANDWIDTH = 1e-3
_ROWS = 2048  # query rows per torch call: bounds memory at rows × MAX_SUPPORT
_NEWTON = 4  # refinement steps of the quantile function after table interpolation
DENSE_MAX = 512  # up to this many centres density() sums every kernel; beyond, only near ones
CUTOFF = 8.0  # density() sums kernels within 8 bandwidths: the rest weigh below e^(−32) ≈ 1e-14 of a peak


def scott_bandwidth(points: np.ndarray) -> float:
    """Scott's rule n^(−1/(d+4)) · σ (σ: root mean of the per-axis sample variances, ddof 1)."""
    n, d = points.shape
    sigma = math.sqrt(float(np.mean(np.var(points, axis=0, ddof=1)))) if n > 1 else 0.0
    if not sigma > 0:
        return 0.1  # all points equal: any width is a guess; this one is visible on the default views
    return max(MIN_BANDWIDTH, sigma * n ** (-1.0 / (d + 4)))


def merge_cells(points: np.ndarray, h: float, max_support: int = MAX_SUPPORT) -> tuple[np.ndarray, np.ndarray]:
    """At most `max_support` (centre, weight) pairs: the points themselves, or the means of grid cells.

    Cells start at h/2 wide and widen by half until few enough are occupied; each centre is the
    mean of its points (so the mixture keeps the data's mean), each weight their share.
    """
    n, d = points.shape
    if n <= max_support:
        return points, np.full(n, 1.0 / n)
    lo = points.min(axis=0)
    extent = float((points.max(axis=0) - lo).max())
    cell = max(h / 2, extent / max_support ** (1.0 / d))  # fewer cells than this could never fit
    while True:
        idx = np.floor((points - lo) / cell).astype(np.int64)
        key = idx[:, 0] if d == 1 else idx[:, 0] * (int(idx[:, 1].max()) + 1) + idx[:, 1]
        _, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
        if len(counts) <= max_support:
            break
        cell *= 1.5
    centres = np.stack([np.bincount(inverse, weights=points[:, j]) / counts for j in range(d)], axis=1)
    return centres, counts / n


@dataclass(frozen=True)
class _Prepared:
    centres: np.ndarray
    weights: np.ndarray
    h: float
    n_points: int


def example_points(dim: int) -> np.ndarray:
    """The points shown before any are loaded: 300 fixed draws of a lopsided two-bump law (1-D) or a ring and a blob."""
    rng = np.random.Generator(np.random.PCG64(20240611))
    if dim == 1:
        return np.concatenate([rng.normal(-1.0, 0.6, 200), rng.normal(2.0, 0.4, 100)])[:, None]
    angle = rng.uniform(0, 2 * np.pi, 200)
    ring = 2.0 * np.stack([np.cos(angle), np.sin(angle)], axis=1) + 0.15 * rng.standard_normal((200, 2))
    return np.concatenate([ring, 0.3 * rng.standard_normal((100, 2))])


@functools.lru_cache(maxsize=8)
def _prepare(ref: str | None, dim: int, bandwidth: float) -> _Prepared:
    """The kernel mixture of stored points; cached so a live change of another setting costs nothing."""
    points = example_points(dim) if ref is None else load_points(ref)
    h = bandwidth if bandwidth > 0 else scott_bandwidth(points)
    centres, weights = merge_cells(points, h)
    centres.setflags(write=False)
    weights.setflags(write=False)
    return _Prepared(centres, weights, h, len(points))


def points_from_density(x: np.ndarray, y: np.ndarray, n: int = 2000) -> np.ndarray:
    """n points at the equal-probability quantiles of the piecewise-linear density through (x, y).

    y ≥ 0 is normalized here (a drawn curve need not integrate to 1); ConfigError if it has no mass.
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.clip(np.nan_to_num(np.asarray(y, dtype=np.float64)), 0.0, None)
    if x.ndim != 1 or x.shape != y.shape or len(x) < 2 or np.any(np.diff(x) <= 0):
        raise ConfigError("drawing", "needs at least two points with increasing x")
    cdf = np.concatenate([[0.0], np.cumsum(0.5 * (y[1:] + y[:-1]) * np.diff(x))])
    if not cdf[-1] > 0:
        raise ConfigError("drawing", "the drawn density is zero everywhere; draw some mass above the axis")
    cdf /= cdf[-1]
    u = (np.arange(n) + 0.5) / n
    # within a segment the cdf is quadratic; a linear inverse per segment is within the drawing's own accuracy
    keep = np.concatenate([[True], np.diff(cdf) > 0])
    return np.interp(u, cdf[keep], x[keep])[:, None]


class _Samples(Target):
    """Shared part of the 1-D and 2-D point targets."""

    PARAMS = {
        "bandwidth": ParamSpec(0.0, 0.0, 10.0, "Kernel width h of the density made from the points "
                               "(0 = Scott's rule, n^(−1/(d+4))·σ)."),
    }

    def __init__(self, params=None):
        """Load the points named by params["data"] (the example points without it); the rest as for every target."""
        given = dict(params or {})
        ref = given.pop("data", None)
        if ref is not None:
            points = load_points(ref)
            if points.shape[1] != self.dim:
                other = f"samples-{points.shape[1]}d"
                raise ConfigError("target.data", f"these points are {points.shape[1]}-D; accepted by {self.name}: "
                                  f"{self.dim}-D points (use target {other})")
        self.ref = ref
        super().__init__(given)
        if ref is not None:
            self.params["data"] = ref  # travels with the config as `target.data`; absent: the example points

    def _check(self) -> None:
        h = self.params["bandwidth"]
        if 0 < h < MIN_BANDWIDTH:
            raise ConfigError("target.bandwidth", f"must be 0 (Scott's rule) or in [{MIN_BANDWIDTH:g}, 10], got {h!r}")

    def _setup(self) -> None:
        prep = _prepare(self.ref, self.dim, float(self.params["bandwidth"]))
        self.centres, self.weights, self.bandwidth, self.n_points = prep.centres, prep.weights, prep.h, prep.n_points
        self._log_w = np.log(self.weights)
        mean = self.weights @ self.centres
        var = self.weights @ (self.centres - mean) ** 2 + self.bandwidth ** 2  # law of total variance
        z = GAUSS_Z * self.bandwidth
        bounds = [(self.centres[:, j].min() - z, self.centres[:, j].max() + z) for j in range(self.dim)]
        self._set_moments(mean, np.sqrt(var), bounds)
        self._tree: cKDTree | None = None
        self._torch = {}  # dtype -> (centres, log weights) as tensors

    def density(self, x):
        """p(x) for x (n, dim), summing only the kernels within CUTOFF bandwidths (a k-d tree finds them)."""
        x = np.asarray(x, dtype=np.float64).reshape(-1, self.dim)
        if len(self.centres) <= DENSE_MAX:
            return self._density_dense(x)
        if self._tree is None:
            self._tree = cKDTree(self.centres)
        h = self.bandwidth
        pairs = cKDTree(x).sparse_distance_matrix(self._tree, CUTOFF * h, output_type="coo_matrix")
        kernel = np.exp(-0.5 * (pairs.data / h) ** 2) * self.weights[pairs.col]
        norm = (h * math.sqrt(2 * math.pi)) ** self.dim
        return np.bincount(pairs.row, weights=kernel, minlength=len(x)) / norm

    def _density_dense(self, x: np.ndarray) -> np.ndarray:
        # few centres: every kernel at every point, by matrix products (faster than finding neighbours)
        h, c = self.bandwidth, self.centres
        norm = (h * math.sqrt(2 * math.pi)) ** self.dim
        c2 = (c * c).sum(1)
        out = np.empty(len(x))
        for i in range(0, len(x), 4 * _ROWS):
            part = x[i:i + 4 * _ROWS]
            sq = np.maximum((part * part).sum(1)[:, None] + c2[None] - 2 * part @ c.T, 0.0)
            out[i:i + 4 * _ROWS] = np.exp(-0.5 / (h * h) * sq) @ self.weights
        return out / norm

    def _tensors(self, dtype):
        if dtype not in self._torch:
            self._torch[dtype] = (torch.tensor(self.centres, dtype=dtype), torch.tensor(self._log_w, dtype=dtype))
        return self._torch[dtype]

    def _log_prob(self, x):
        h = self.bandwidth
        c, log_w = self._tensors(x.dtype)
        norm = self.dim * (math.log(h) + LOG_SQRT_2PI)
        parts = []
        for i in range(0, x.shape[0], _ROWS):
            sq = ((x[i:i + _ROWS, None, :] - c[None]) ** 2).sum(-1)
            parts.append(torch.logsumexp(log_w - 0.5 * sq / (h * h), dim=1) - norm)
        return torch.cat(parts) if parts else x.new_zeros(0)

    def _sample(self, rng, n):
        k = len(self.weights)
        pick = rng.integers(k, size=n) if self.n_points == k else rng.choice(k, size=n, p=self.weights)
        return self.centres[pick] + self.bandwidth * rng.standard_normal((n, self.dim))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(n={self.n_points}, bandwidth={self.bandwidth:g}, data={self.ref or 'example'})"


class Samples1D(_Samples, Target1D):
    """The kernel density estimate of 1-D points loaded from a file or drawn."""

    name = "samples-1d"
    summary = "Your own 1-D data (a CSV file or a drawn density), as a kernel density estimate."

    def cdf(self, x):
        """Σ w_i Φ((x − c_i)/h), elementwise."""
        x = np.asarray(x, dtype=np.float64)
        flat = x.reshape(-1)
        out = np.empty_like(flat)
        c = self.centres[:, 0]
        for i in range(0, len(flat), _ROWS):
            out[i:i + _ROWS] = special.ndtr((flat[i:i + _ROWS, None] - c[None]) / self.bandwidth) @ self.weights
        return out.reshape(x.shape)

    def icdf(self, u):
        """The quantile function: a table of the cdf inverted by interpolation, then Newton steps."""
        u = np.asarray(u, dtype=np.float64)
        flat = u.reshape(-1)
        lo, hi = self.bounds[0]
        table_x = np.linspace(lo, hi, 4097)
        table_u = self.cdf(table_x)
        x = np.interp(flat, table_u, table_x)
        inside = (flat > 0) & (flat < 1)
        for _ in range(_NEWTON):
            p = self.density(x[:, None])
            step = np.where(p > 1e-300, (self.cdf(x) - flat) / np.maximum(p, 1e-300), 0.0)
            x = np.where(inside, np.clip(x - step, lo, hi), x)
        x = np.where(flat <= 0, -np.inf, np.where(flat >= 1, np.inf, x))
        return x.reshape(u.shape)


class Samples2D(_Samples, Target2D):
    """The kernel density estimate of 2-D points loaded from a file or placed with the mouse."""

    name = "samples-2d"
    summary = "Your own 2-D data (a CSV file or points placed with the mouse), as a kernel density estimate."
