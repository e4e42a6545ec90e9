"""2-D targets: normalisation, moments, samplers against the density, torch log_prob and its gradients."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from scipy import special, stats

from ganviz.core.targets import make_target, target_names

# every 2-D target at its defaults and at one other setting
CASES = [
    ("correlated-gaussian", {}),
    ("correlated-gaussian", {"std1": 2.0, "std2": 0.5, "rho": -0.6, "mean1": 1.0, "mean2": -2.0}),
    ("ring", {}), ("ring", {"n_modes": 3, "radius": 1.0, "std": 0.1}),
    ("grid", {}), ("grid", {"size": 3, "spacing": 1.0, "std": 0.2}),
    ("spiral", {}), ("spiral", {"turns": 2.5, "radius": 3.0, "std": 0.2}),
    ("banana", {}), ("banana", {"std1": 0.7, "std2": 0.3, "curvature": -1.2}),
    ("checkerboard", {}), ("checkerboard", {"size": 5}),
]
IDS = [f"{n}-{i}" for i, (n, _) in enumerate(CASES)]
SMOOTH = [c for c in CASES if c[0] != "checkerboard"]
SMOOTH_IDS = [f"{n}-{i}" for i, (n, _) in enumerate(SMOOTH)]
N_SAMPLES = 20000


def narrowest(t) -> float:
    """The smallest length scale of the density, which the integration grid must resolve."""
    p = t.params
    if t.name == "correlated-gaussian":
        return float(np.sqrt(np.linalg.eigvalsh(t.cov)[0]))
    if t.name == "banana":
        return min(p["std1"], p["std2"])
    if t.name == "checkerboard":
        return 0.1
    return p["std"]


def midpoint_grid(t):
    """Cell centres and cell area of a grid over t.bounds, spacing <= narrowest/2.

    Cells per axis are a multiple of 16 (the sampler test's bins), except on the checkerboard,
    where spacing 0.05 puts cell edges on the square edges so the midpoint rule is exact there.
    """
    bins = 2 if t.name == "checkerboard" else 16
    axes = []
    for lo, hi in t.bounds:
        n = bins * math.ceil((hi - lo) / (narrowest(t) / 2) / bins - 1e-9)
        h = (hi - lo) / n
        axes.append(lo + h * (np.arange(n) + 0.5))
    g1, g2 = np.meshgrid(*axes, indexing="ij")
    area = (axes[0][1] - axes[0][0]) * (axes[1][1] - axes[1][0])
    return g1, g2, area


def grid_moments(t):
    g1, g2, area = midpoint_grid(t)
    pts = np.stack([g1.ravel(), g2.ravel()], axis=1)
    p = t.density(pts) * area
    mass = p.sum()
    mean = (pts * p[:, None]).sum(0) / mass
    d = pts - mean
    cov = (d[:, :, None] * d[:, None, :] * p[:, None, None]).sum(0) / mass
    return mass, mean, cov, p.reshape(g1.shape)


def test_registry_lists_the_2d_targets():
    assert set(target_names(2)) == {"correlated-gaussian", "ring", "grid", "spiral", "banana", "checkerboard",
                                    "samples-2d"}
    assert set(target_names()) == set(target_names(1)) | set(target_names(2)) | set(target_names(64))
    assert set(target_names(64)) == {"digits", "digits-7"}


@pytest.mark.parametrize(("name", "params"), CASES, ids=IDS)
def test_density_integrates_to_one_and_moments_match_the_grid(name, params):
    t = make_target(name, params)
    mass, mean, cov, _ = grid_moments(t)
    assert abs(mass - 1) < 0.01
    assert t.mean.shape == (2,) and t.std.shape == (2,)
    np.testing.assert_allclose(mean, t.mean, atol=0.01 * t.std.min())
    np.testing.assert_allclose(np.sqrt(np.diag(cov)), t.std, rtol=0.01)


def test_exact_moments_in_closed_form():
    cg = make_target("correlated-gaussian", CASES[1][1])
    np.testing.assert_allclose(cg.mean, [1.0, -2.0])
    np.testing.assert_allclose(cg.std, [2.0, 0.5])
    b = make_target("banana", {"std1": 0.7, "std2": 0.3, "curvature": -1.2})
    np.testing.assert_allclose(b.std, [0.7, math.sqrt(0.09 + 2 * 1.44 * 0.7 ** 4)])
    ring = make_target("ring")
    np.testing.assert_allclose(ring.mean, [0, 0], atol=1e-12)
    np.testing.assert_allclose(ring.std, np.sqrt(0.02 ** 2 + 2 ** 2 / 2))  # cos² averages to ½
    grid = make_target("grid")
    np.testing.assert_allclose(grid.std, np.sqrt(0.05 ** 2 + 8.0))  # {-4..4 step 2}: mean square 8
    cb = make_target("checkerboard")
    np.testing.assert_allclose(cb.std, np.sqrt(1 / 12 + 1.25))  # centres ±0.5, ±1.5


@pytest.mark.parametrize(("name", "params"), CASES, ids=IDS)
def test_bounds_cover_the_mass(name, params):
    t = make_target(name, params)
    x = t.sample(np.random.default_rng(3), N_SAMPLES)
    for i, (lo, hi) in enumerate(t.bounds):
        assert lo < hi
        assert np.all((x[:, i] > lo) & (x[:, i] < hi))


def test_modes_and_mode_std():
    ring = make_target("ring", {"n_modes": 6, "radius": 3.0})
    assert ring.modes.shape == (6, 2) and ring.mode_std == 0.02
    np.testing.assert_allclose(np.linalg.norm(ring.modes, axis=1), 3.0)
    np.testing.assert_allclose(ring.modes[1], [3 * math.cos(math.pi / 3), 3 * math.sin(math.pi / 3)])
    grid = make_target("grid")
    assert grid.modes.shape == (25, 2) and grid.mode_std == 0.05
    assert set(np.round(grid.modes.ravel(), 12)) == {-4.0, -2.0, 0.0, 2.0, 4.0}
    for name in ("spiral", "banana", "checkerboard", "correlated-gaussian"):
        t = make_target(name)
        assert t.modes is None and t.mode_std is None
    assert 100 <= len(make_target("spiral").centres) <= 1000


@pytest.mark.parametrize(("name", "params"), SMOOTH, ids=SMOOTH_IDS)
def test_sampler_matches_the_density_on_a_coarse_grid(name, params):
    t = make_target(name, params)
    _, _, _, p = grid_moments(t)
    # fine-grid cell masses summed into 16 × 16 bins: the expected bin probabilities
    n1, n2 = p.shape
    expected = p.reshape(16, n1 // 16, 16, n2 // 16).sum((1, 3)).ravel()
    expected /= expected.sum()
    x = t.sample(np.random.default_rng(11), N_SAMPLES)
    edges = [np.linspace(lo, hi, 17) for lo, hi in t.bounds]
    counts = np.histogram2d(x[:, 0], x[:, 1], bins=edges)[0].ravel()
    assert counts.sum() == N_SAMPLES
    expected *= N_SAMPLES
    keep = expected >= 5  # pool thin bins so the chi-square approximation holds
    obs = np.append(counts[keep], counts[~keep].sum())
    exp = np.append(expected[keep], expected[~keep].sum())
    assert stats.chisquare(obs, exp * obs.sum() / exp.sum()).pvalue > 0.001


@pytest.mark.parametrize(("name", "params"), CASES, ids=IDS)
def test_sample_moments_within_a_few_standard_errors(name, params):
    t = make_target(name, params)
    _, _, cov, _ = grid_moments(t)
    x = t.sample(np.random.default_rng(7), N_SAMPLES)
    assert x.shape == (N_SAMPLES, 2) and x.dtype == np.float64
    se = t.std / math.sqrt(N_SAMPLES)
    assert np.all(np.abs(x.mean(0) - t.mean) < 4 * se)
    d = x - t.mean
    for i, j in ((0, 0), (1, 1), (0, 1)):
        prod = d[:, i] * d[:, j]
        exact = t.std[i] ** 2 if i == j else cov[0, 1]
        assert abs(prod.mean() - exact) < 4 * prod.std() / math.sqrt(N_SAMPLES) + 1e-3 * t.std[i] * t.std[j]


def test_correlated_gaussian_covariance_and_scipy():
    t = make_target("correlated-gaussian", CASES[1][1])
    ref = stats.multivariate_normal(t.mean, t.cov)
    np.testing.assert_allclose(t.cov, [[4.0, -0.6], [-0.6, 0.25]])
    x = np.random.default_rng(0).uniform(-8, 8, size=(500, 2))
    np.testing.assert_allclose(t.density(x), ref.pdf(x), rtol=1e-9, atol=1e-300)


@pytest.mark.parametrize(("name", "params"), [c for c in CASES if c[0] in ("ring", "grid", "spiral")])
def test_mixture_density_is_the_hand_made_mixture(name, params):
    t = make_target(name, params)
    c, s = t.centres, t.params["std"]
    x = np.random.default_rng(0).uniform(-5, 5, size=(400, 2))
    comp = (stats.norm.logpdf(x[:, None, 0], c[None, :, 0], s)
            + stats.norm.logpdf(x[:, None, 1], c[None, :, 1], s))
    want = special.logsumexp(comp, axis=1) - math.log(len(c))
    got = t.log_prob(torch.tensor(x)).numpy()
    np.testing.assert_allclose(got, want, rtol=1e-9)
    np.testing.assert_allclose(t.log_prob(x), want, rtol=1e-9)  # the numpy path the window and the views use


def test_banana_density_is_the_product_of_normals():
    t = make_target("banana", {"std1": 0.7, "std2": 0.3, "curvature": -1.2})
    x = np.random.default_rng(0).uniform(-3, 3, size=(400, 2))
    want = stats.norm.pdf(x[:, 0], 0, 0.7) * stats.norm.pdf(x[:, 1], -1.2 * (x[:, 0] ** 2 - 0.49), 0.3)
    np.testing.assert_allclose(t.density(x), want, rtol=1e-9, atol=1e-300)


@pytest.mark.parametrize(("name", "params"), [c for c in CASES if c[0] in ("ring", "grid")])
def test_component_counts_match_equal_weights(name, params):
    t = make_target(name, params)
    x = t.sample(np.random.default_rng(21), N_SAMPLES)
    k = t.component_of(x)
    counts = np.bincount(k, minlength=len(t.modes))
    assert stats.chisquare(counts).pvalue > 0.001
    resid = x - t.modes[k]
    np.testing.assert_allclose(resid.std(0), t.mode_std, rtol=0.05)


@pytest.mark.parametrize("size", [4, 5, 2])
def test_checkerboard_samples_lie_on_dark_squares_evenly(size):
    t = make_target("checkerboard", {"size": size})
    assert len(t.squares) == (size * size + 1) // 2
    x = t.sample(np.random.default_rng(5), N_SAMPLES)
    cell = np.floor(x + size / 2).astype(int)
    assert np.all((cell >= 0) & (cell < size))
    assert np.all(cell.sum(1) % 2 == 0)
    np.testing.assert_allclose(t.density(x), 1 / len(t.squares))
    counts = np.unique(cell[:, 0] * size + cell[:, 1], return_counts=True)[1]
    assert len(counts) == len(t.squares) and stats.chisquare(counts).pvalue > 0.001


def test_checkerboard_density_is_zero_on_light_squares_and_off_board():
    t = make_target("checkerboard")  # 4 × 4 over [-2, 2)²; square (0, 0) at [-2, -1)² is dark
    pts = np.array([[-1.5, -1.5], [-0.5, -1.5], [0.5, 0.5], [0.5, -0.5], [2.5, 0.0], [0.0, -3.0]])
    np.testing.assert_allclose(t.density(pts), [0.125, 0.0, 0.125, 0.0, 0.0, 0.0], rtol=1e-14, atol=0)
    lp = t.log_prob(torch.tensor(pts, dtype=torch.float32, requires_grad=True))
    assert not torch.isnan(lp).any() and torch.isinf(lp[1]) and lp[1] < 0


@pytest.mark.parametrize(("name", "params"), CASES, ids=IDS)
def test_log_prob_float32_matches_float64_with_finite_gradients(name, params):
    t = make_target(name, params)
    x64 = t.sample(np.random.default_rng(0), 512)
    ref = t.log_prob(torch.tensor(x64))
    assert ref.dtype == torch.float64 and ref.shape == (512,)
    np.testing.assert_allclose(ref.numpy(), np.log(t.density(x64)), rtol=1e-12)
    x = torch.tensor(x64, dtype=torch.float32, requires_grad=True)
    lp = t.log_prob(x)
    assert lp.dtype == torch.float32 and torch.isfinite(lp).all()
    np.testing.assert_allclose(lp.detach().numpy(), ref.numpy(), rtol=1e-4, atol=1e-3)
    lp.sum().backward()
    assert torch.isfinite(x.grad).all()


@pytest.mark.parametrize(("name", "params"), CASES, ids=IDS)
def test_log_prob_far_away_is_never_nan(name, params):
    t = make_target(name, params)
    far = torch.tensor([[1e3, 1e3], [-1e3, 0.0], [0.0, 1e4]], dtype=torch.float32, requires_grad=True)
    lp = t.log_prob(far)
    assert not torch.isnan(lp).any() and lp.requires_grad
    torch.where(torch.isfinite(lp), lp, torch.zeros_like(lp)).sum().backward()
    assert torch.isfinite(far.grad).all()


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize(("name", "params"), [c for c in CASES if c[0] in ("ring", "grid", "spiral")])
def test_mixtures_stay_finite_50_std_from_every_mode(name, params, dtype):
    t = make_target(name, params)
    c, s = t.centres, t.params["std"]
    # push each centre outward until it is 50 std from the nearest centre, plus the far corners
    pts = [c.mean(0) + (c.max(0) - c.min(0) + 100 * s) * np.array(d) for d in ((1, 1), (-1, 1), (0, -1))]
    x = torch.tensor(np.array(pts), dtype=dtype, requires_grad=True)
    dist = np.linalg.norm(np.array(pts)[:, None] - c[None], axis=2).min(1)
    assert np.all(dist >= 50 * s)
    lp = t.log_prob(x)
    assert torch.isfinite(lp).all()
    lp.sum().backward()
    assert torch.isfinite(x.grad).all()


def test_sampler_uses_only_its_rng():
    for name in target_names(2):
        t = make_target(name)
        a, b = (t.sample(np.random.default_rng(5), 50) for _ in range(2))
        np.testing.assert_array_equal(a, b)
