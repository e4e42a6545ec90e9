"""Tests for the torch kernels: MMD², witness and log-KDE against closed forms and hand sums."""

import math

import numpy as np
import pytest
import torch
from scipy.stats import gaussian_kde

from ganviz.core.grid import make_grid
from ganviz.core.kernels import gaussian_kernel, kde_log_density, mmd2, witness


def t64(a) -> torch.Tensor:
    """A float64 tensor of shape (n, d) from nested lists."""
    return torch.tensor(a, dtype=torch.float64)


def test_gaussian_kernel_hand_values():
    x, y = t64([[0.0, 0.0], [1.0, 1.0]]), t64([[0.0, 1.0]])
    k = gaussian_kernel(x, y, [1.0, 2.0])
    # both points are at squared distance 1 from y
    expected = math.exp(-1 / 2) + math.exp(-1 / 8)
    assert k.shape == (2, 1)
    assert torch.allclose(k, torch.full((2, 1), expected, dtype=torch.float64), atol=1e-15)
    assert float(gaussian_kernel(x, x, [1.0])[0, 0]) == 1.0


def test_mmd2_tiny_inputs_by_hand():
    x, y = t64([[0.0], [1.0]]), t64([[0.0], [2.0], [3.0]])
    a, b, c = math.exp(-0.5), math.exp(-2.0), math.exp(-4.5)  # k at distances 1, 2, 3
    # xx: pairs (0,0),(0,1),(1,0),(1,1); yy: distances 0,2,3 / 2,0,1 / 3,1,0; xy: 0→{0,2,3}, 1→{1,1,2}
    sxx_off, syy_off = 2 * a, 2 * (b + c + a)
    sxy = (1 + b + c) + (a + a + b)
    biased = (2 + sxx_off) / 4 + (3 + syy_off) / 9 - 2 * sxy / 6
    unbiased = sxx_off / 2 + syy_off / 6 - 2 * sxy / 6
    assert float(mmd2(x, y, [1.0], unbiased=False)) == pytest.approx(biased, abs=1e-14)
    assert float(mmd2(x, y, [1.0], unbiased=True)) == pytest.approx(unbiased, abs=1e-14)
    # with one σ the diagonal is 1, so biased − unbiased is a closed expression in the off-diagonal sums
    gap = 2 / 4 + 3 / 9 + sxx_off * (1 / 4 - 1 / 2) + syy_off * (1 / 9 - 1 / 6)
    assert biased - unbiased == pytest.approx(gap, abs=1e-14)


def test_mmd2_identical_sets():
    x = t64([[0.0, 1.0], [2.0, -1.0], [0.5, 0.5]])
    assert float(mmd2(x, x, [0.5, 1.0], unbiased=False)) == pytest.approx(0.0, abs=1e-14)


def test_mmd2_unbiased_matches_closed_form():
    # N(0,1) vs N(1,1), σ = 1: E k = (1/√3)·exp(−μ²/6) for a difference N(μ, 2)
    exact = 2 * (1 / math.sqrt(3) - math.exp(-1 / 6) / math.sqrt(3))
    assert exact == pytest.approx(0.17727, abs=1e-5)
    g = torch.Generator().manual_seed(1)
    # float32 as in training (and 5× faster here); its round-off is far below the tolerance
    x = torch.randn(4000, 1, generator=g)
    y = torch.randn(4000, 1, generator=g) + 1.0
    # the estimator's std at n = m = 4000 is ≈ 0.0075 (measured over 20 seeds); 0.03 is 4σ
    assert float(mmd2(x, y, [1.0], unbiased=True)) == pytest.approx(exact, abs=0.03)


def test_mmd2_gradient_flows():
    x = t64([[0.0], [0.3]]).requires_grad_(True)
    y = t64([[1.0], [1.5], [2.0]])
    mmd2(x, y, [1.0], unbiased=True).backward()
    assert torch.isfinite(x.grad).all() and x.grad.abs().sum() > 0


def test_witness_hand_formula_and_gradient():
    real, gen = t64([[0.0], [1.0]]), t64([[3.0]])
    t = t64([[0.5], [3.0]]).requires_grad_(True)
    f = witness(t, real, gen, [1.0])
    e = math.exp
    expected = [0.5 * (e(-0.125) + e(-0.125)) - e(-3.125), 0.5 * (e(-4.5) + e(-2.0)) - 1.0]
    assert torch.allclose(f, t64(expected), atol=1e-14)
    f.sum().backward()
    assert torch.isfinite(t.grad).all() and t.grad.abs().sum() > 0


def test_witness_sign_and_integral():
    # real at −2, generated at +2: f is positive on the real side, negative on the generated side,
    # and integrates to 0 by symmetry (each kernel integrates to √(2π)σ)
    real, gen = t64([[-2.0]]), t64([[2.0]])
    grid = make_grid(((-10.0, 10.0),), 2001)
    f = witness(torch.from_numpy(grid.points), real, gen, [1.0]).numpy()
    assert f[np.argmin(np.abs(grid.axes[0] + 2))] > 0.9
    assert f[np.argmin(np.abs(grid.axes[0] - 2))] < -0.9
    assert grid.integrate(f) == pytest.approx(0.0, abs=1e-12)
    # the positive half is ∫_{−∞}^0 of the two kernels: √(2π)·(Φ(2) − Φ(−2)) = √(2π)·erf(√2)
    pos = np.clip(f, 0, None)
    assert grid.integrate(pos) == pytest.approx(math.sqrt(2 * math.pi) * math.erf(2 / math.sqrt(2)), rel=1e-5)


def test_kde_log_density_matches_scipy_in_1d():
    rng = np.random.default_rng(2)
    samples, points, h = rng.normal(size=300), np.linspace(-4, 4, 41), 0.3
    # scipy's kernel std is factor × (sample std, ddof=1), so this factor makes it exactly h
    kde = gaussian_kde(samples, bw_method=h / np.std(samples, ddof=1))
    ours = kde_log_density(torch.from_numpy(points[:, None]), torch.from_numpy(samples[:, None]), h).numpy()
    np.testing.assert_allclose(ours, kde.logpdf(points), rtol=1e-10)


def test_kde_log_density_matches_hand_sum_in_2d():
    rng = np.random.default_rng(2)
    samples = rng.normal(size=(200, 2)) * [1.0, 0.5]
    points = rng.normal(size=(50, 2))
    h = 0.3
    ours = kde_log_density(torch.from_numpy(points), torch.from_numpy(samples), h).numpy()
    d2 = ((points[:, None, :] - samples[None, :, :]) ** 2).sum(-1)
    hand = np.log(np.mean(np.exp(-d2 / (2 * h**2)), axis=1) / (2 * np.pi * h**2))
    np.testing.assert_allclose(ours, hand, rtol=1e-12)


def test_kde_log_density_integrates_to_one_and_has_gradients():
    samples = t64([[-1.0], [0.0], [0.2], [2.5]]).requires_grad_(True)
    grid = make_grid(((-6.0, 8.0),), 4001)
    logp = kde_log_density(torch.from_numpy(grid.points), samples, 0.4)
    assert grid.integrate(np.exp(logp.detach().numpy())) == pytest.approx(1.0, abs=1e-9)
    # far from every sample logsumexp keeps the log finite where a plain sum would underflow
    far = kde_log_density(t64([[200.0]]), samples.detach(), 0.4)
    assert torch.isfinite(far).all()
    pt = t64([[0.7]]).requires_grad_(True)
    kde_log_density(pt, samples, 0.4).sum().backward()
    assert torch.isfinite(samples.grad).all() and samples.grad.abs().sum() > 0
    assert torch.isfinite(pt.grad).all() and pt.grad.abs().sum() > 0


def test_chunked_evaluation_is_seamless():
    # more points than one chunk: results must equal a direct evaluation
    rng = np.random.default_rng(3)
    pts = torch.from_numpy(rng.normal(size=(4200, 2)))
    s = torch.from_numpy(rng.normal(size=(30, 2)))
    direct = torch.log(gaussian_kernel(pts, s, [0.5]).mean(1) / (2 * math.pi * 0.25))
    np.testing.assert_allclose(kde_log_density(pts, s, 0.5).numpy(), direct.numpy(), rtol=1e-10, atol=1e-12)
    assert witness(pts, s, s, [1.0]).abs().max() == 0
