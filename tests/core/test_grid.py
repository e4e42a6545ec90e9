"""Tests for evaluation grids, linear binning and the binned Gaussian KDE."""

import math

import numpy as np
import pytest
from scipy.stats import norm

from ganviz.core.grid import Grid, _linear_bin, binned_kde, make_grid, smooth


def exact_kde_1d(samples: np.ndarray, x: np.ndarray, h: float) -> np.ndarray:
    """Direct Gaussian KDE at the nodes x, the reference for the binned one."""
    u = (x[:, None] - samples.ravel()[None, :]) / h
    return np.exp(-0.5 * u * u).mean(1) / (math.sqrt(2 * math.pi) * h)


def exact_kde_2d(samples: np.ndarray, grid: Grid, h: float) -> np.ndarray:
    """Direct isotropic 2-D Gaussian KDE on the grid, (len(y), len(x)).

    The kernel factorises over the axes, so the sum over samples is one matrix product.
    """
    kx = norm.pdf(grid.axes[0][None, :], loc=samples[:, [0]], scale=h)  # (n, len(x))
    ky = norm.pdf(grid.axes[1][None, :], loc=samples[:, [1]], scale=h)  # (n, len(y))
    return ky.T @ kx / len(samples)


def test_grid_1d_layout_and_integral():
    g = make_grid(((0.0, 2.0),), 5)
    assert g.dim == 1 and g.shape == (5,)
    assert g.cell == pytest.approx(0.5)
    np.testing.assert_array_equal(g.points[:, 0], [0.0, 0.5, 1.0, 1.5, 2.0])
    assert g.points.dtype == np.float64 and g.points.shape == (5, 1)
    # trapezoid is exact for linear integrands, and ∫x² = 8/3 + h²·(b−a)/6 for the rule
    assert g.integrate(3 * g.points[:, 0] + 1) == pytest.approx(8.0, abs=1e-14)
    assert g.integrate(g.points[:, 0] ** 2) == pytest.approx(8 / 3 + 0.25 * 2 / 6, abs=1e-14)


def test_grid_2d_layout_rows_are_y():
    g = make_grid(((0.0, 3.0), (-1.0, 1.0)), (4, 3))
    assert g.dim == 2 and g.shape == (3, 4)
    assert g.cell == pytest.approx(1.0 * 1.0)
    pts = g.points.reshape(g.shape + (2,))
    assert tuple(pts[2, 1]) == (1.0, 1.0)  # row 2 is y = 1, column 1 is x = 1
    np.testing.assert_array_equal(g.points[:4, 0], [0, 1, 2, 3])  # x varies fastest
    np.testing.assert_array_equal(g.points[:4, 1], [-1, -1, -1, -1])
    # bilinear integrands are integrated exactly: ∫∫(x + 2y + xy) over [0,3]×[−1,1] = 9
    f = pts[..., 0] + 2 * pts[..., 1] + pts[..., 0] * pts[..., 1]
    assert g.integrate(f) == pytest.approx(9.0, abs=1e-13)
    assert g.integrate(f.ravel()) == pytest.approx(9.0, abs=1e-13)


def test_grid_integrates_a_gaussian_and_rejects_bad_axes():
    g = make_grid(((-6.0, 6.0), (-6.0, 6.0)), 121)
    p = norm.pdf(g.points[:, 0]) * norm.pdf(g.points[:, 1])
    assert g.integrate(p) == pytest.approx(1.0, abs=1e-8)
    with pytest.raises(ValueError):
        Grid((np.zeros(3),) * 3)
    with pytest.raises(ValueError):
        make_grid(((0, 1), (0, 1)), (3, 4, 5))


def test_linear_bin_by_hand():
    g = make_grid(((0.0, 4.0),), 5)  # nodes 0..4
    counts = _linear_bin(np.array([[0.25], [4.0], [0.0], [-0.1], [4.1], [np.nan]]), g)
    np.testing.assert_allclose(counts, [0.75 + 1.0, 0.25, 0, 0, 1.0])
    g2 = make_grid(((0.0, 2.0), (0.0, 1.0)), (3, 2))  # x nodes 0,1,2; y nodes 0,1
    counts2 = _linear_bin(np.array([[1.5, 0.25]]), g2)
    np.testing.assert_allclose(counts2, [[0, 0.375, 0.375], [0, 0.125, 0.125]])


def test_binned_kde_matches_exact_kde_1d():
    rng = np.random.default_rng(0)
    samples = rng.normal(size=(2000, 1))
    g = make_grid(((-6.0, 6.0),), 1201)
    h = 0.2  # 20 grid spacings
    approx, exact = binned_kde(samples, g, h), exact_kde_1d(samples, g.axes[0], h)
    big = exact > 0.01 * exact.max()
    assert np.max(np.abs(approx[big] / exact[big] - 1)) < 0.01
    assert g.integrate(approx) == pytest.approx(1.0, abs=1e-6)


def test_binned_kde_matches_exact_kde_2d_and_keeps_mass_honest():
    rng = np.random.default_rng(1)
    inside = rng.normal(size=(500, 2)) * 0.8
    outside = np.full((125, 2), 50.0)  # a fifth of the samples fall off the window
    g = make_grid(((-4.0, 4.0), (-4.0, 4.0)), 161)
    h = 0.3  # 6 grid spacings
    approx = binned_kde(np.vstack([inside, outside]), g, h)
    exact = exact_kde_2d(inside, g, h) * (500 / 625)
    assert approx.shape == g.shape
    big = exact > 0.01 * exact.max()
    assert np.max(np.abs(approx[big] / exact[big] - 1)) < 0.01
    assert g.integrate(approx) == pytest.approx(0.8, abs=1e-3)


def test_binning_and_filter_preserve_count_and_mean():
    rng = np.random.default_rng(2)
    s = rng.uniform(-1, 1, size=(300, 1))
    g = make_grid(((-5.0, 5.0),), 501)
    kde = binned_kde(s, g, 0.25)
    x = g.axes[0]
    # interior samples: the nodes' weights sum to n and reproduce the sample mean exactly
    assert np.sum(kde) * g.cell * 300 == pytest.approx(300, rel=1e-10)
    assert np.sum(kde * x) * g.cell == pytest.approx(np.mean(s), abs=1e-10)


def test_smooth_widens_a_gaussian_by_the_bandwidth():
    g = make_grid(((-8.0, 8.0),), 1601)
    x = g.axes[0]
    h = 0.5
    out = smooth(norm.pdf(x), g, h)
    # N(0,1) convolved with N(0,h²) is N(0, 1 + h²)
    np.testing.assert_allclose(out, norm.pdf(x, scale=math.sqrt(1 + h * h)), atol=1e-6)
    g2 = make_grid(((-8.0, 8.0), (-8.0, 8.0)), (161, 81))
    p2 = norm.pdf(g2.points[:, 0]) * norm.pdf(g2.points[:, 1], scale=2.0)
    out2 = smooth(p2, g2, h)
    x, y = g2.points[:, 0], g2.points[:, 1]
    ref = norm.pdf(x, scale=math.sqrt(1 + h * h)) * norm.pdf(y, scale=math.sqrt(4 + h * h))
    np.testing.assert_allclose(out2.ravel(), ref, atol=2e-4)


def test_binned_kde_empty_and_wrong_dimension():
    g = make_grid(((0.0, 1.0),), 11)
    assert not binned_kde(np.zeros((0, 1)), g, 0.1).any()
    with pytest.raises(ValueError):
        binned_kde(np.zeros((3, 2)), g, 0.1)
