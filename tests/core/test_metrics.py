"""Tests for the numpy metrics against closed forms, hand computations and scipy."""

import math
import warnings

import numpy as np
import pytest
import torch
from scipy.spatial.distance import jensenshannon
from scipy.stats import norm, wasserstein_distance

from ganviz.core.grid import binned_kde, make_grid, smooth
from ganviz.core.metrics import (
    d_gap,
    grad_norm,
    jsd,
    kl,
    mode_coverage,
    sliced_w1,
    value_on_grid,
    w1_exact_1d,
    w1_samples_1d,
)

LOG2 = math.log(2.0)
FINE = make_grid(((-15.0, 15.0),), 6001)


def box(x: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """Indicator of [lo, hi], unnormalised (the metrics normalise)."""
    return ((x >= lo) & (x <= hi)).astype(float)


# --- KL and JSD ---------------------------------------------------------------


def test_kl_of_two_gaussians_matches_closed_form():
    x = FINE.axes[0]
    p, q = norm.pdf(x, 0.0, 1.0), norm.pdf(x, 1.0, 2.0)
    # KL(N(μ1,σ1²)‖N(μ2,σ2²)) = log(σ2/σ1) + (σ1² + (μ1−μ2)²)/(2σ2²) − ½
    exact = math.log(2.0) + (1.0 + 1.0) / 8.0 - 0.5
    assert kl(p, q, FINE) == pytest.approx(exact, abs=1e-6)
    assert kl(3.0 * p, 0.5 * q, FINE) == pytest.approx(exact, abs=1e-6)  # inputs are normalised first
    assert kl(p, p, FINE) == 0.0


def test_kl_is_infinite_without_support_and_silent():
    x = FINE.axes[0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert kl(box(x, -1, 1), box(x, 0, 2), FINE) == math.inf
        assert kl(box(x, 0.5, 1), box(x, 0, 2), FINE) < math.inf
        assert jsd(box(x, -3, -2), box(x, 2, 3), FINE) == pytest.approx(LOG2, abs=1e-15)


def test_jsd_identical_disjoint_and_against_scipy():
    x = FINE.axes[0]
    p, q = norm.pdf(x, 0.0, 1.0), norm.pdf(x, 1.5, 0.7)
    assert jsd(p, p, FINE) == 0.0
    assert jsd(p, 2 * p, FINE) == pytest.approx(0.0, abs=1e-15)
    assert jsd(box(x, -5, -1), box(x, 1, 5), FINE) == pytest.approx(LOG2, abs=1e-15)
    # the same quadrature as probability vectors: trapezoid weights × density
    w = np.full(len(x), FINE.cell)
    w[[0, -1]] *= 0.5
    ref = jensenshannon(w * p, w * q) ** 2  # scipy returns the square root, natural log by default
    assert jsd(p, q, FINE) == pytest.approx(ref, abs=1e-12)
    assert 0.0 < jsd(p, q, FINE) < LOG2


def test_metrics_on_a_massless_density_are_nan():
    x = FINE.axes[0]
    assert math.isnan(jsd(np.zeros_like(x), norm.pdf(x), FINE))
    assert math.isnan(kl(norm.pdf(x), np.zeros_like(x), FINE))
    assert math.isnan(value_on_grid(np.zeros_like(x), norm.pdf(x), np.full_like(x, 0.5), FINE))
    assert math.isnan(jsd(np.full_like(x, np.nan), norm.pdf(x), FINE))


# --- Goodfellow's value function ----------------------------------------------


def test_value_at_optimal_discriminator_is_minus_log4_plus_2jsd():
    x = FINE.axes[0]
    pt, pg = norm.pdf(x, 0.0, 1.0), norm.pdf(x, 1.0, 1.5)
    d_star = pt / (pt + pg)
    v = value_on_grid(pt, pg, d_star, FINE)
    assert v == pytest.approx(-math.log(4.0) + 2.0 * jsd(pt, pg, FINE), abs=1e-6)
    # Theorem 1's lower bound is reached when the two densities agree
    assert value_on_grid(pt, pt, np.full_like(x, 0.5), FINE) == pytest.approx(-math.log(4.0), abs=1e-9)


def test_d_gap_of_a_blind_judge_is_half_the_total_variation():
    # D = 1/2 everywhere: |1/2 − p_t/(p_t+p_g)|·(p_t+p_g)/2 = |p_t − p_g|/4, and for N(0,1) against
    # N(Δ,1) the total variation ½∫|p_t − p_g| is 2Φ(Δ/2) − 1.
    x = FINE.axes[0]
    pt, pg = norm.pdf(x, 0.0, 1.0), norm.pdf(x, 1.5, 1.0)
    d_star = pt / (pt + pg)
    assert d_gap(pt, pg, np.full_like(x, 0.5), d_star, FINE) == pytest.approx((2 * norm.cdf(0.75) - 1) / 2, abs=1e-6)
    assert d_gap(pt, pg, d_star, d_star, FINE) == 0.0
    assert math.isnan(d_gap(np.zeros_like(x), pg, d_star, d_star, FINE))


def test_optimal_discriminator_maximises_value():
    x = FINE.axes[0]
    pt, pg = norm.pdf(x, -0.5, 0.8), norm.pdf(x, 1.0, 1.2)
    d_star = pt / (pt + pg)
    best = value_on_grid(pt, pg, d_star, FINE)
    rng = np.random.default_rng(0)
    for _ in range(20):
        bump = 0.05 * np.sin(rng.uniform(0.5, 3.0) * x + rng.uniform(0, 6.3))
        d = np.clip(d_star + bump, 1e-9, 1 - 1e-9)
        assert value_on_grid(pt, pg, d, FINE) < best


def test_value_zero_density_times_log_zero_is_zero():
    x = FINE.axes[0]
    pt, pg = box(x, -3, -1), box(x, 1, 3)
    d = np.where(x < 0, 1.0, 0.0)  # a perfect discriminator with saturated outputs
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert value_on_grid(pt, pg, d, FINE) == 0.0
        # a saturated wrong answer where the data has mass costs everything
        assert value_on_grid(pt, pg, 1.0 - d, FINE) == -math.inf


def test_smoothed_truth_scores_a_perfect_generator_near_zero():
    grid = make_grid(((-8.0, 8.0),), 1601)
    x, h = grid.axes[0], 0.3
    # a perfect generator without sampling noise: exact normal quantiles
    n = 20000
    samples = norm.ppf((np.arange(n) + 0.5) / n)
    p_gen = binned_kde(samples, grid, h)
    p_true = norm.pdf(x)
    assert jsd(smooth(p_true, grid, h), p_gen, grid) < 1e-5
    assert jsd(p_true, p_gen, grid) > 1e-4  # comparing with the unsmoothed truth would not be fair


# --- 1-D Wasserstein ----------------------------------------------------------


@pytest.mark.parametrize("c", [0.0, 0.7, -2.3, 10.0])
def test_w1_of_a_point_mass_against_the_normal(c):
    exact = c * (2 * norm.cdf(c) - 1) + 2 * norm.pdf(c)  # E|Z − c|
    assert w1_exact_1d(np.full(50, c), norm.cdf, norm.ppf) == pytest.approx(exact, rel=1e-7)


def test_w1_of_midpoint_sample_against_uniform():
    n = 40
    s = (np.arange(1, n + 1) - 0.5) / n
    # each cell of width 1/n contributes two triangles of area 1/(8n²)
    assert w1_exact_1d(s, lambda x: np.clip(x, 0, 1), lambda u: np.asarray(u)) == pytest.approx(
        1 / (4 * n), rel=1e-6)


def quantile_w1_normal(s: np.ndarray) -> float:
    """∫_0^1 |s_(⌈nu⌉) − Φ⁻¹(u)| du in closed form per cell, the quantile form of W1."""
    s, n = np.sort(s), len(s)
    total = 0.0
    for i, a in enumerate(s):
        lo, hi = i / n, (i + 1) / n
        # ∫ Φ⁻¹(u) du from Φ(x0) to Φ(x1) = φ(x0) − φ(x1); split at u* = Φ(a) where the sign flips
        u = min(max(norm.cdf(a), lo), hi)
        q_lo, q_u, q_hi = norm.ppf(lo), norm.ppf(u), norm.ppf(hi)
        below = a * (u - lo) - (norm.pdf(q_lo) - norm.pdf(q_u))
        above = (norm.pdf(q_u) - norm.pdf(q_hi)) - a * (hi - u)
        total += below + above
    return total


def test_w1_random_sample_against_normal_matches_quantile_form():
    s = np.random.default_rng(4).normal(0.3, 1.2, size=500)
    assert w1_exact_1d(s, norm.cdf, norm.ppf) == pytest.approx(quantile_w1_normal(s), rel=1e-7)


def test_w1_is_shift_invariant():
    s = np.random.default_rng(5).normal(size=300)
    base = w1_exact_1d(s, norm.cdf, norm.ppf)
    shifted = w1_exact_1d(s + 4.0, lambda x: norm.cdf(x, 4.0), lambda u: norm.ppf(u, 4.0))
    assert shifted == pytest.approx(base, rel=1e-6)


def test_w1_against_a_discrete_target():
    # target ½δ0 + ½δ1, samples .25 .5 .75 1: ∫|F_n − F| = .5·.25 + .25·.25 + 0 + .25·.25 = .25
    cdf = lambda x: 0.5 * (np.asarray(x) >= 0) + 0.5 * (np.asarray(x) >= 1)  # noqa: E731
    icdf = lambda u: np.where(np.asarray(u) <= 0.5, 0.0, 1.0)  # noqa: E731
    assert w1_exact_1d(np.array([0.25, 0.5, 0.75, 1.0]), cdf, icdf) == pytest.approx(0.25, abs=1e-12)
    # three atoms of unequal mass against a random sample, versus scipy's exact discrete W1
    atoms, mass = np.array([-1.0, 0.5, 2.0]), np.array([0.2, 0.5, 0.3])
    cum = np.cumsum(mass)
    cdf3 = lambda x: np.sum(mass * (np.asarray(x)[..., None] >= atoms), axis=-1)  # noqa: E731
    icdf3 = lambda u: atoms[np.minimum(np.searchsorted(cum, np.asarray(u) - 1e-15), 2)]  # noqa: E731
    s = np.random.default_rng(6).normal(0.5, 1.0, size=200)
    ref = wasserstein_distance(s, atoms, v_weights=mass)
    assert w1_exact_1d(s, cdf3, icdf3) == pytest.approx(ref, rel=1e-9)


def test_w1_samples_1d_matches_scipy_exactly():
    rng = np.random.default_rng(7)
    a, b = rng.normal(size=137), rng.standard_t(3, size=411)
    assert w1_samples_1d(a, b) == pytest.approx(wasserstein_distance(a, b), abs=1e-10)
    assert w1_samples_1d(a, a + 0.25) == pytest.approx(0.25, abs=1e-12)
    assert w1_samples_1d(a, a.copy()) == 0.0


# --- sliced W1 -----------------------------------------------------------------


def test_sliced_w1_of_a_translation():
    cloud = np.random.default_rng(8).normal(size=(400, 2))
    t = np.array([3.0, 4.0])
    # two directions, (1,0) and (0,1): projections shift by 3 and by 4
    assert sliced_w1(cloud, cloud + t, n_directions=2) == pytest.approx(3.5, abs=1e-10)
    # many directions: mean of |⟨t, u⟩| over the half circle tends to 2|t|/π
    assert sliced_w1(cloud, cloud + t, n_directions=720) == pytest.approx(2 * 5.0 / math.pi, rel=1e-4)
    angles = math.pi * np.arange(64) / 64
    hand = np.mean(np.abs(t[0] * np.cos(angles) + t[1] * np.sin(angles)))
    assert sliced_w1(cloud, cloud + t) == pytest.approx(hand, abs=1e-10)
    assert sliced_w1(cloud, cloud.copy()) == 0.0


# --- mode coverage -------------------------------------------------------------


def ring(k: int = 8, r: float = 2.0) -> np.ndarray:
    """k modes evenly spaced on a circle."""
    a = 2 * np.pi * np.arange(k) / k
    return r * np.stack([np.cos(a), np.sin(a)], axis=1)


def test_mode_coverage_on_constructed_samples():
    modes, std = ring(), 0.02
    off = np.array([[std * 2.5, 0.0]])
    samples = np.vstack([
        np.repeat(modes[[0]], 10, axis=0),  # on mode 0: high quality
        np.repeat(modes[[3]] + off, 5, axis=0),  # 2.5σ from mode 3: high quality
        np.repeat(modes[[5]] + off * 1.4, 3, axis=0),  # 3.5σ from mode 5: not
        np.zeros((2, 2)),  # the centre is far from every mode
    ])
    out = mode_coverage(samples, modes, std)
    assert out["modes"] == 2
    assert out["hq"] == pytest.approx(15 / 20)
    np.testing.assert_array_equal(out["counts"], [10, 0, 0, 5, 0, 0, 0, 0])
    np.testing.assert_array_equal(out["assignment"], [0] * 10 + [3] * 5 + [-1] * 5)
    assert mode_coverage(samples, modes, std, min_count=6)["modes"] == 1
    assert mode_coverage(samples, modes, std, n_std=4.0)["modes"] == 3


def test_mode_coverage_of_the_true_distribution_and_nonfinite_samples():
    modes, std = ring(), 0.02
    rng = np.random.default_rng(9)
    samples = modes[rng.integers(0, 8, size=2500)] + std * rng.normal(size=(2500, 2))
    out = mode_coverage(samples, modes, std)
    assert out["modes"] == 8
    # P(‖N(0, σ²I₂)‖ < 3σ) = 1 − e^{−9/2}; 2500 samples give a std of about 0.0021
    assert out["hq"] == pytest.approx(1 - math.exp(-4.5), abs=0.01)
    bad = mode_coverage(np.array([[np.nan, 0.0], [np.inf, 1.0]]), modes, std)
    assert bad["modes"] == 0 and bad["hq"] == 0.0
    np.testing.assert_array_equal(bad["assignment"], [-1, -1])


# --- gradient norm ---------------------------------------------------------------


def test_grad_norm():
    a = torch.nn.Parameter(torch.zeros(2))
    b = torch.nn.Parameter(torch.zeros(3))
    c = torch.nn.Parameter(torch.zeros(1))  # never receives a gradient
    assert grad_norm([a, b, c]) == 0.0
    (3.0 * a[0] + 4.0 * b[1] + 12.0 * b[2]).backward()
    assert grad_norm([a, b, c]) == pytest.approx(13.0, abs=1e-12)
    assert grad_norm(iter([c])) == 0.0
