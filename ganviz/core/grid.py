"""Evaluation grids in 1-D and 2-D, and a fast Gaussian KDE binned onto them."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy.ndimage import gaussian_filter

# kernel radius in σ: scipy's default of 4 drops 6e-5 of the mass and renormalises, a visible bias
_TRUNCATE = 6.0


@dataclass(frozen=True, eq=False)  # arrays make field-wise == and hash meaningless
class Grid:
    """A regular grid of 1 or 2 evenly spaced axes; 2-D fields are (len(y), len(x)), rows = y."""

    axes: tuple[np.ndarray, ...]

    def __post_init__(self):
        if len(self.axes) not in (1, 2):
            raise ValueError(f"a grid has 1 or 2 axes, got {len(self.axes)}")
        for ax in self.axes:
            if ax.ndim != 1 or len(ax) < 2:
                raise ValueError("each grid axis is a 1-D array of at least 2 nodes")

    @property
    def dim(self) -> int:
        """Number of axes (1 or 2)."""
        return len(self.axes)

    @property
    def shape(self) -> tuple[int, ...]:
        """Field shape: (n,) in 1-D, (len(y), len(x)) in 2-D."""
        return tuple(len(ax) for ax in reversed(self.axes))

    @property
    def spacings(self) -> tuple[float, ...]:
        """Node spacing of each axis, in axis order (x, then y)."""
        return tuple(float(ax[1] - ax[0]) for ax in self.axes)

    @property
    def cell(self) -> float:
        """Length (1-D) or area (2-D) of one grid cell."""
        return float(np.prod(self.spacings))

    @cached_property
    def points(self) -> np.ndarray:
        """(N, dim) float64 nodes in row-major order of `shape` (x varies fastest in 2-D)."""
        if self.dim == 1:
            return np.asarray(self.axes[0], dtype=np.float64)[:, None]
        xx, yy = np.meshgrid(self.axes[0], self.axes[1])  # 'xy' indexing gives (len(y), len(x))
        return np.stack([xx.ravel(), yy.ravel()], axis=1).astype(np.float64)

    def integrate(self, values: np.ndarray) -> float:
        """Trapezoid integral of a field of shape `shape` (or its flattening) over the grid."""
        v = np.asarray(values, dtype=np.float64).reshape(self.shape)
        if self.dim == 1:
            return float(np.trapezoid(v, self.axes[0]))
        # inner integral along x (last axis), then along y
        return float(np.trapezoid(np.trapezoid(v, self.axes[0], axis=1), self.axes[1]))


def make_grid(bounds: tuple[tuple[float, float], ...], n: int | tuple[int, ...]) -> Grid:
    """A grid over `bounds` ((lo, hi) per axis, x first) with n nodes per axis (an int or one per axis)."""
    counts = (n,) * len(bounds) if isinstance(n, int) else tuple(n)
    if len(counts) != len(bounds):
        raise ValueError(f"{len(bounds)} bounds but {len(counts)} node counts")
    pairs = zip(bounds, counts, strict=True)
    return Grid(tuple(np.linspace(float(lo), float(hi), int(k)) for (lo, hi), k in pairs))


def _sigmas(grid: Grid, bandwidth: float, binned: bool = False) -> tuple[float, ...]:
    """Filter widths in nodes, in array-axis order (y first in 2-D).

    Linear binning already spreads each sample by a hat function of variance spacing²/6 per axis,
    so for binned counts that variance is taken off the filter: the result then approximates the
    exact KDE of the requested bandwidth to second order instead of one slightly too wide.
    """
    out = []
    for step in reversed(grid.spacings):
        var = bandwidth**2 - (step**2 / 6.0 if binned else 0.0)
        out.append(math.sqrt(max(var, 0.0)) / step)
    return tuple(out)


def smooth(density: np.ndarray, grid: Grid, bandwidth: float) -> np.ndarray:
    """Convolve a density on the grid with the KDE's Gaussian of width `bandwidth` (edge mass is lost).

    This is the smoothing `binned_kde` gives a perfect generator, so p_true passed through it is
    the fair reference for a KDE of generated samples.
    """
    field = np.asarray(density, dtype=np.float64).reshape(grid.shape)
    return gaussian_filter(field, _sigmas(grid, bandwidth), mode="constant", truncate=_TRUNCATE)


def _linear_bin(samples: np.ndarray, grid: Grid) -> np.ndarray:
    """Spread each sample over its neighbouring nodes with (bi)linear weights; outside samples are dropped."""
    # positions in units of nodes, one column per axis
    t = np.stack([(samples[:, k] - ax[0]) / (ax[1] - ax[0]) for k, ax in enumerate(grid.axes)], axis=1)
    sizes = np.array([len(ax) for ax in grid.axes])
    with np.errstate(invalid="ignore"):
        inside = np.all(np.isfinite(t) & (t >= 0) & (t <= sizes - 1), axis=1)
    t = t[inside]
    # a sample exactly on the last node goes to the last cell with weight 1 on its right end
    i = np.minimum(np.floor(t).astype(np.int64), sizes - 2)
    f = t - i
    counts = np.zeros(grid.shape)
    if grid.dim == 1:
        np.add.at(counts, i[:, 0], 1 - f[:, 0])
        np.add.at(counts, i[:, 0] + 1, f[:, 0])
        return counts
    ix, iy, fx, fy = i[:, 0], i[:, 1], f[:, 0], f[:, 1]
    np.add.at(counts, (iy, ix), (1 - fy) * (1 - fx))
    np.add.at(counts, (iy, ix + 1), (1 - fy) * fx)
    np.add.at(counts, (iy + 1, ix), fy * (1 - fx))
    np.add.at(counts, (iy + 1, ix + 1), fy * fx)
    return counts


def binned_kde(samples: np.ndarray, grid: Grid, bandwidth: float) -> np.ndarray:
    """Gaussian KDE on the grid (shape `grid.shape`) by linear binning then a Gaussian filter.

    The filter is scipy's gaussian_filter (mode="constant") of width bandwidth/spacing per axis,
    less the spread the binning adds (see `_sigmas`); the result is divided by n·cell. Samples
    outside the grid are dropped from the bins but still counted in n, so the estimate integrates
    to the share of mass inside the window rather than inventing mass. Within 1 % of the exact KDE
    where it is non-negligible once the bandwidth spans about 4 grid spacings or more.
    """
    x = np.asarray(samples, dtype=np.float64)
    x = x[:, None] if x.ndim == 1 else x
    if x.shape[1] != grid.dim:
        raise ValueError(f"samples have dimension {x.shape[1]}, the grid {grid.dim}")
    if len(x) == 0:
        return np.zeros(grid.shape)
    counts = _linear_bin(x, grid)
    sigmas = _sigmas(grid, bandwidth, binned=True)
    smoothed = gaussian_filter(counts, sigmas, mode="constant", truncate=_TRUNCATE)
    return smoothed / (len(x) * grid.cell)
