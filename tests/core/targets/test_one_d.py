"""1-D targets: normalisation, moments, agreement with scipy.stats, quantiles, samplers, torch log_prob."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from scipy import stats

from ganviz.core.targets import make_target, target_names

# every 1-D target at its defaults and at one other setting
CASES = [
    ("gaussian", {}), ("gaussian", {"mean": -3.0, "std": 0.2}),
    ("bimodal", {}), ("bimodal", {"weight": 0.2, "mu1": 1.0, "mu2": -4.0, "std": 1.5}),
    ("uniform", {}), ("uniform", {"low": 1.0, "high": 7.5}),
    ("exponential", {}), ("exponential", {"rate": 4.0, "loc": -1.0}),
    ("laplace", {}), ("laplace", {"loc": 3.0, "scale": 0.3}),
    ("lognormal", {}), ("lognormal", {"mu": 1.0, "sigma": 0.9}),
    ("beta", {}), ("beta", {"a": 1.0, "b": 1.0}), ("beta", {"a": 30.0, "b": 2.5}),
    ("discrete", {}), ("discrete", {"n": 37, "p": 0.85}),
]
CONTINUOUS = [c for c in CASES if c[0] != "discrete"]
IDS = [f"{n}-{i}" for i, (n, _) in enumerate(CASES)]
CONT_IDS = [f"{n}-{i}" for i, (n, _) in enumerate(CONTINUOUS)]
SCIPY = [c for c in CASES if c[0] != "bimodal"]  # bimodal: checked against a mixture of norms by hand
SCIPY_IDS = [f"{n}-{i}" for i, (n, _) in enumerate(SCIPY)]


def scipy_dist(name, p):
    """The frozen scipy distribution matching a target."""
    return {
        "gaussian": lambda: stats.norm(p["mean"], p["std"]),
        "uniform": lambda: stats.uniform(p["low"], p["high"] - p["low"]),
        "exponential": lambda: stats.expon(p["loc"], 1 / p["rate"]),
        "laplace": lambda: stats.laplace(p["loc"], p["scale"]),
        "lognormal": lambda: stats.lognorm(p["sigma"], scale=np.exp(p["mu"])),
        "beta": lambda: stats.beta(p["a"], p["b"]),
        "discrete": lambda: stats.binom(p["n"], p["p"]),
    }[name]()


def grid(t, n=20001):
    lo, hi = t.bounds[0]
    return np.linspace(lo, hi, n)


def test_registry_lists_the_1d_targets():
    assert set(target_names(1)) == {"gaussian", "bimodal", "uniform", "exponential", "laplace",
                                    "lognormal", "beta", "discrete", "dirac", "samples-1d"}
    assert target_names(1)[:2] == ["gaussian", "bimodal"]


@pytest.mark.parametrize(("name", "params"), CASES, ids=IDS)
def test_density_integrates_to_one_and_moments_match_the_grid(name, params):
    t = make_target(name, params)
    x = grid(t)
    p = t.density(x[:, None])
    assert p.shape == x.shape and p.dtype == np.float64 and np.all(p >= 0)
    mass = np.trapezoid(p, x)
    assert abs(mass - 1) < 0.01
    mean = np.trapezoid(x * p, x) / mass
    var = np.trapezoid((x - mean) ** 2 * p, x) / mass
    if t.discrete:
        var -= 1 / 12  # the dequantised density adds a unit-uniform's variance
    assert t.mean.shape == (1,) and t.std.shape == (1,)
    assert abs(mean - t.mean[0]) < 0.01 * t.std[0]
    assert np.sqrt(var) == pytest.approx(t.std[0], rel=0.01)


@pytest.mark.parametrize(("name", "params"), CASES, ids=IDS)
def test_bounds_hold_all_but_a_millionth_of_the_mass(name, params):
    t = make_target(name, params)
    (lo, hi), = t.bounds
    assert lo < hi
    assert t.cdf(np.array([lo]))[0] < 1e-6 and 1 - t.cdf(np.array([hi]))[0] < 1e-6


@pytest.mark.parametrize(("name", "params"), SCIPY, ids=SCIPY_IDS)
def test_agrees_with_scipy(name, params):
    t = make_target(name, params)
    ref = scipy_dist(name, t.params)
    assert t.mean[0] == pytest.approx(ref.mean(), rel=1e-9, abs=1e-12)
    assert t.std[0] == pytest.approx(ref.std(), rel=1e-9)
    x = grid(t, 997)
    np.testing.assert_allclose(t.cdf(x), ref.cdf(x), rtol=1e-9, atol=1e-300)
    u = np.linspace(0.001, 0.999, 499)
    np.testing.assert_allclose(t.icdf(u), ref.ppf(u), rtol=1e-9, atol=1e-12)
    if t.discrete:
        k = np.arange(-2, t.params["n"] + 3)
        np.testing.assert_allclose(t.density(k[:, None].astype(float)), ref.pmf(k), rtol=1e-9, atol=0)
        np.testing.assert_allclose(t.density(k[:, None] + 0.49), ref.pmf(k), rtol=1e-9, atol=0)
        np.testing.assert_allclose(t.pmf(k), ref.pmf(k), rtol=1e-9, atol=0)
    else:
        np.testing.assert_allclose(t.density(x[:, None]), ref.pdf(x), rtol=1e-9, atol=1e-300)


@pytest.mark.parametrize("params", [{}, {"weight": 0.2, "mu1": 1.0, "mu2": -4.0, "std": 1.5}])
def test_bimodal_is_the_mixture_of_two_normals(params):
    t = make_target("bimodal", params)
    w, m1, m2, s = (t.params[k] for k in ("weight", "mu1", "mu2", "std"))
    x = grid(t, 997)
    pdf = w * stats.norm.pdf(x, m1, s) + (1 - w) * stats.norm.pdf(x, m2, s)
    cdf = w * stats.norm.cdf(x, m1, s) + (1 - w) * stats.norm.cdf(x, m2, s)
    np.testing.assert_allclose(t.density(x[:, None]), pdf, rtol=1e-9)
    np.testing.assert_allclose(t.cdf(x), cdf, rtol=1e-9, atol=1e-300)
    np.testing.assert_array_equal(t.modes, [[m1], [m2]])
    assert t.mode_std == s
    u = np.concatenate([np.linspace(1e-6, 1 - 1e-6, 2001), [1e-12, 1e-30, 1 - 1e-15]])
    np.testing.assert_allclose(t.cdf(t.icdf(u)), u, rtol=1e-10)
    assert t.icdf(np.array([0.0]))[0] == -np.inf and t.icdf(np.array([1.0]))[0] == np.inf


@pytest.mark.parametrize(("name", "params"), CONTINUOUS, ids=CONT_IDS)
def test_icdf_inverts_cdf(name, params):
    t = make_target(name, params)
    u = np.linspace(1e-6, 1 - 1e-6, 1001)
    x = t.icdf(u)
    assert np.all(np.diff(x) > 0)
    np.testing.assert_allclose(t.cdf(x), u, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(t.icdf(t.cdf(x)), x, rtol=1e-8, atol=1e-9 * t.std[0])


@pytest.mark.parametrize("params", [{}, {"n": 37, "p": 0.85}, {"n": 1, "p": 0.5}])
def test_discrete_icdf_is_the_generalised_inverse(params):
    t = make_target("discrete", params)
    n = t.params["n"]
    u = np.concatenate([np.linspace(0, 1, 2001), t.cdf(np.arange(n + 1))])
    k = t.icdf(u)
    assert np.all(k == np.round(k)) and k.min() >= 0 and k.max() <= n
    assert np.all(t.cdf(k) >= u)
    assert np.all((k == 0) | (t.cdf(k - 1) < u))
    assert t.icdf(np.array([0.0]))[0] == 0 and t.icdf(np.array([1.0]))[0] == n
    ks = np.arange(n + 1).astype(float)
    np.testing.assert_array_equal(t.icdf(t.cdf(ks)), ks)
    np.testing.assert_array_equal(t.cdf(ks + 0.7), t.cdf(ks))  # a step function


@pytest.mark.parametrize(("name", "params"), CONTINUOUS, ids=CONT_IDS)
def test_sampler_passes_ks(name, params):
    t = make_target(name, params)
    x = t.sample(np.random.default_rng(1234), 5000)
    assert x.shape == (5000, 1) and x.dtype == np.float64
    assert stats.kstest(x[:, 0], t.cdf).pvalue > 0.001


@pytest.mark.parametrize("params", [{}, {"n": 37, "p": 0.85}])
def test_discrete_sampler_passes_chi_square(params):
    t = make_target("discrete", params)
    x = t.sample(np.random.default_rng(99), 5000)[:, 0]
    assert np.all(x == np.round(x))
    n = t.params["n"]
    counts = np.bincount(x.astype(int), minlength=n + 1)
    expected = 5000 * t.pmf(np.arange(n + 1))
    # pool the thin tails so every cell expects at least 5
    keep = expected >= 5
    obs = np.append(counts[keep], counts[~keep].sum())
    exp = np.append(expected[keep], expected[~keep].sum())
    if exp[-1] == 0:
        obs, exp = obs[:-1], exp[:-1]
    assert stats.chisquare(obs, exp * obs.sum() / exp.sum()).pvalue > 0.001


def test_sampler_uses_only_its_rng():
    for name in target_names(1):
        t = make_target(name)
        a = t.sample(np.random.default_rng(5), 100)
        b = t.sample(np.random.default_rng(5), 100)
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize(("name", "params"), CASES, ids=IDS)
def test_log_prob_matches_density_and_has_finite_gradients(name, params):
    t = make_target(name, params)
    x = grid(t, 501)
    with np.errstate(divide="ignore"):
        want = np.log(t.density(x[:, None]))
    got = t.log_prob(torch.tensor(x[:, None], dtype=torch.float64))
    assert got.dtype == torch.float64 and got.shape == (501,)
    assert not torch.isnan(got).any()
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-12, atol=1e-12)

    s = torch.tensor(t.sample(np.random.default_rng(0), 256), dtype=torch.float32, requires_grad=True)
    lp = t.log_prob(s)
    assert lp.dtype == torch.float32 and torch.isfinite(lp).all()
    np.testing.assert_allclose(lp.detach().numpy(), np.log(t.density(s.detach().double().numpy())),
                               rtol=1e-4, atol=1e-4)
    lp.sum().backward()
    assert s.grad is not None and torch.isfinite(s.grad).all()


@pytest.mark.parametrize(("name", "params"), CASES, ids=IDS)
def test_log_prob_outside_the_support_is_minus_inf_not_nan(name, params):
    t = make_target(name, params)
    far = torch.tensor([[-1e4], [1e4], [-50.0], [50.0]], dtype=torch.float32, requires_grad=True)
    lp = t.log_prob(far)
    assert not torch.isnan(lp).any()
    assert lp.requires_grad  # always differentiable, even where the gradient is 0
    torch.where(torch.isfinite(lp), lp, torch.zeros_like(lp)).sum().backward()
    assert torch.isfinite(far.grad).all()


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_bimodal_stays_finite_50_std_from_both_modes(dtype):
    t = make_target("bimodal")
    s = t.mode_std
    x = torch.tensor([[t.modes.min() - 50 * s], [t.modes.max() + 50 * s], [0.0]], dtype=dtype,
                     requires_grad=True)
    lp = t.log_prob(x)
    assert torch.isfinite(lp).all()
    lp.sum().backward()
    assert torch.isfinite(x.grad).all()


def test_log_prob_rejects_wrong_shapes():
    t = make_target("gaussian")
    with pytest.raises(ValueError):
        t.log_prob(torch.zeros(5))
    with pytest.raises(ValueError):
        t.log_prob(torch.zeros(5, 2))
