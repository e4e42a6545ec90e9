"""Distances between distributions and training diagnostics: numpy in, python float out, natural logs."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

import numpy as np
import torch

from ganviz.core.grid import Grid

_D_CLIP = 1e-12


def _normalised(p: np.ndarray, grid: Grid) -> np.ndarray:
    """p reshaped to the grid and scaled to integrate to 1 on it (NaN everywhere if it has no mass)."""
    v = np.asarray(p, dtype=np.float64).reshape(grid.shape)
    mass = grid.integrate(v)
    return v / mass if mass > 0 else np.full(grid.shape, np.nan)


def _plogr(p: np.ndarray, r: np.ndarray) -> np.ndarray:
    """p·log(r) with the convention 0·log(anything) = 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(p > 0, p * np.log(np.where(p > 0, r, 1.0)), 0.0)


def kl(p: np.ndarray, q: np.ndarray, grid: Grid) -> float:
    """KL(p‖q) in nats of two densities on the grid, each first normalised to integrate to 1 on it.

    +inf when p has mass at a node where q has none.
    """
    p, q = _normalised(p, grid), _normalised(q, grid)
    if np.isnan(p).any() or np.isnan(q).any():
        return float("nan")
    if np.any((p > 0) & (q <= 0)):
        return float("inf")
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(p > 0, p / np.where(q > 0, q, 1.0), 1.0)
    # with both normalised by the same quadrature the sum is ≥ 0 by Jensen; clip round-off only
    return max(grid.integrate(_plogr(p, ratio)), 0.0)


def jsd(p: np.ndarray, q: np.ndarray, grid: Grid) -> float:
    """Jensen–Shannon divergence in nats, in [0, log 2]; each density is first normalised on the grid."""
    p, q = _normalised(p, grid), _normalised(q, grid)
    if np.isnan(p).any() or np.isnan(q).any():
        return float("nan")
    m = 0.5 * (p + q)
    with np.errstate(divide="ignore", invalid="ignore"):
        safe_m = np.where(m > 0, m, 1.0)
        value = 0.5 * grid.integrate(_plogr(p, p / safe_m)) + 0.5 * grid.integrate(_plogr(q, q / safe_m))
    return min(max(value, 0.0), math.log(2.0))


def d_gap(p_true: np.ndarray, p_gen: np.ndarray, d_prob: np.ndarray, d_star: np.ndarray, grid: Grid) -> float:
    """How far the learned D is from D*, where the data or the generator put mass:
    ∫ |D − D*| · (p_t + p_g)/2, both densities normalised on the grid (the band the views shade).

    0 when D = D* wherever there is mass; at most 1. NaN if either density has no mass.
    """
    pt, pg = _normalised(p_true, grid), _normalised(p_gen, grid)
    if np.isnan(pt).any() or np.isnan(pg).any():
        return float("nan")
    gap = np.abs(np.asarray(d_prob, dtype=np.float64).reshape(grid.shape) - np.asarray(d_star).reshape(grid.shape))
    weight = 0.5 * (pt + pg)
    return grid.integrate(np.where(weight > 0, gap * weight, 0.0))


def value_on_grid(p_true: np.ndarray, p_gen: np.ndarray, d_prob: np.ndarray, grid: Grid) -> float:
    """Goodfellow's V(D, G) = ∫ p_t log D + ∫ p_g log(1 − D), D a probability on the grid.

    Both densities are first normalised on the grid (as in `jsd`, so that D* = p_t/(p_t+p_g)
    gives −log 4 + 2·JSD). Where a density is zero its term is 0 whatever D is (0·log 0 = 0: D is
    clipped to [1e-12, 1 − 1e-12] only there); where it is positive and D saturates, V is −inf.
    """
    pt, pg = _normalised(p_true, grid), _normalised(p_gen, grid)
    if np.isnan(pt).any() or np.isnan(pg).any():
        return float("nan")
    d = np.asarray(d_prob, dtype=np.float64).reshape(grid.shape)
    d_t = np.where(pt > 0, d, np.clip(d, _D_CLIP, 1.0 - _D_CLIP))
    d_g = np.where(pg > 0, d, np.clip(d, _D_CLIP, 1.0 - _D_CLIP))
    return grid.integrate(_plogr(pt, d_t)) + grid.integrate(_plogr(pg, 1.0 - d_g))


def _gauss_legendre(a: np.ndarray, b: np.ndarray, f: Callable[[np.ndarray], np.ndarray], order: int = 4
                    ) -> float:
    """Σ over intervals [a_i, b_i] of the Gauss–Legendre integral of the vectorised f."""
    nodes, weights = np.polynomial.legendre.leggauss(order)
    half, mid = 0.5 * (b - a), 0.5 * (b + a)
    x = mid[:, None] + half[:, None] * nodes[None, :]
    return float(np.sum(half[:, None] * weights[None, :] * f(x)))


def w1_exact_1d(samples: np.ndarray, cdf: Callable, icdf: Callable) -> float:
    """W1 between the empirical law of (n,) samples and a 1-D target, as ∫|F_n(x) − F(x)| dx.

    The integral is split at every breakpoint of the integrand: the sorted samples (F_n jumps),
    icdf(k/n) (where F crosses a level of F_n, the kink of |·|), dense quantiles icdf(u) (which also
    land on the atoms of a discrete target, where F jumps) and a uniform x-grid; each piece is
    smooth, so 4-point Gauss–Legendre on it is accurate to far below 1e-4 relative. The range runs
    from min(icdf(1e-9), smallest sample) to max(icdf(1 − 1e-9), largest sample).
    """
    s = np.sort(np.asarray(samples, dtype=np.float64).ravel())
    n = len(s)
    if n == 0 or not np.all(np.isfinite(s)):
        return float("nan")
    tail = np.asarray(icdf(np.array([1e-9, 1.0 - 1e-9])), dtype=np.float64)
    lo, hi = min(tail[0], s[0]), max(tail[1], s[-1])
    if hi <= lo:
        return 0.0
    levels = np.arange(1, n) / n
    quantiles = np.linspace(1e-9, 1.0 - 1e-9, 8193)
    breaks = np.concatenate([s, np.asarray(icdf(levels), dtype=np.float64).ravel(),
                             np.asarray(icdf(quantiles), dtype=np.float64).ravel(),
                             np.linspace(lo, hi, 4097)])
    breaks = np.unique(np.clip(breaks[np.isfinite(breaks)], lo, hi))

    def gap(x: np.ndarray) -> np.ndarray:
        f_n = np.searchsorted(s, x, side="right") / n
        # the target's cdf is handed a flat array, the most common signature
        return np.abs(f_n - np.asarray(cdf(x.ravel()), dtype=np.float64).reshape(x.shape))

    return _gauss_legendre(breaks[:-1], breaks[1:], gap)


def w1_samples_1d(a: np.ndarray, b: np.ndarray) -> float:
    """Exact W1 between two empirical 1-D laws (sizes may differ): ∫|F_a − F_b| over the merged points."""
    a = np.sort(np.asarray(a, dtype=np.float64).ravel())
    b = np.sort(np.asarray(b, dtype=np.float64).ravel())
    if len(a) == 0 or len(b) == 0:
        return float("nan")
    pts = np.sort(np.concatenate([a, b]))
    # both CDFs are constant on each [pts_i, pts_{i+1})
    fa = np.searchsorted(a, pts[:-1], side="right") / len(a)
    fb = np.searchsorted(b, pts[:-1], side="right") / len(b)
    return float(np.sum(np.abs(fa - fb) * np.diff(pts)))


def sliced_w1(a: np.ndarray, b: np.ndarray, n_directions: int = 64) -> float:
    """Sliced W1 of two 2-D point sets: mean of w1_samples_1d over unit directions at angles π·k/n_directions.

    The directions are fixed and evenly spaced, so the value is deterministic.
    """
    angles = np.pi * np.arange(n_directions) / n_directions
    u = np.stack([np.cos(angles), np.sin(angles)], axis=1)
    pa = np.asarray(a, dtype=np.float64) @ u.T
    pb = np.asarray(b, dtype=np.float64) @ u.T
    return float(np.mean([w1_samples_1d(pa[:, k], pb[:, k]) for k in range(n_directions)]))


def mode_coverage(samples: np.ndarray, modes: np.ndarray, mode_std: float, n_std: float = 3.0,
                  min_count: int = 1) -> dict:
    """Modes captured and share of high-quality samples, as in VEEGAN and PacGAN.

    Definition of Srivastava et al. 2017 (VEEGAN, Sec. 5.1 / Table 1; the same in Lin et al. 2018,
    PacGAN, whose released MetricLogger code does exactly this): a sample is *high quality* if it lies
    within n_std = 3 standard deviations of its nearest mode; a mode is *captured* if it is the nearest
    mode of at least one (min_count = 1) high-quality sample. Both papers draw 2500 samples.
    Returns modes (int), hq (fraction), assignment ((n,) nearest-mode index, −1 if not high
    quality) and counts ((k,) high-quality samples per mode).
    """
    x = np.asarray(samples, dtype=np.float64)
    mu = np.asarray(modes, dtype=np.float64)
    n, k = len(x), len(mu)
    if n == 0:
        return {"modes": 0, "hq": float("nan"), "assignment": np.zeros(0, dtype=np.int64),
                "counts": np.zeros(k, dtype=np.int64)}
    d2 = np.sum((x[:, None, :] - mu[None, :, :]) ** 2, axis=2)
    nearest = np.argmin(d2, axis=1)
    with np.errstate(invalid="ignore"):
        good = np.sqrt(d2[np.arange(n), nearest]) < n_std * mode_std  # NaN samples are never good
    assignment = np.where(good, nearest, -1).astype(np.int64)
    counts = np.bincount(nearest[good], minlength=k).astype(np.int64)
    return {"modes": int(np.sum(counts >= min_count)), "hq": float(np.mean(good)),
            "assignment": assignment, "counts": counts}


def grad_norm(parameters: Iterable[torch.nn.Parameter]) -> float:
    """Global L2 norm of the parameters' .grad (those without a gradient count as 0)."""
    total = 0.0
    for p in parameters:
        if p.grad is not None:
            total += float(p.grad.detach().double().square().sum())
    return math.sqrt(total)
