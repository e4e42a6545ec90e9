"""The point targets: the kernel estimate against scipy, exact cdf/quantiles/sampler, and the config round trip."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from scipy import integrate, stats

from ganviz.core import data_file
from ganviz.core.config import from_dict, from_json
from ganviz.core.data_file import store_points
from ganviz.core.errors import ConfigError
from ganviz.core.targets import make_target
from ganviz.core.targets import samples as samples_module
from ganviz.core.targets.samples import MAX_SUPPORT, merge_cells, points_from_density, scott_bandwidth
from ganviz.core.trainer import Trainer


@pytest.fixture(autouse=True)
def store(tmp_path, monkeypatch):
    """A fresh point store per test."""
    monkeypatch.setenv("GANVIZ_DATA_DIR", str(tmp_path / "store"))
    monkeypatch.setattr(data_file, "_CACHE", {})


def points_1d(n=400, seed=0):
    rng = np.random.default_rng(seed)
    return np.concatenate([rng.normal(-1, 0.5, n // 2), rng.exponential(1.0, n - n // 2) + 1.0])[:, None]


def test_default_bandwidth_and_density_equal_scipys_gaussian_kde_in_1d():
    pts = points_1d()
    t = make_target("samples-1d", {"data": store_points(pts)})
    kde = stats.gaussian_kde(pts[:, 0])  # Scott's rule too
    assert t.bandwidth == pytest.approx(np.sqrt(kde.covariance[0, 0]), rel=1e-12)
    x = np.linspace(*t.bounds[0], 301)
    np.testing.assert_allclose(t.density(x[:, None]), kde(x), rtol=1e-10, atol=1e-14)
    lp = t.log_prob(torch.tensor(x[:, None], requires_grad=True))
    np.testing.assert_allclose(lp.exp().detach().numpy(), kde(x), rtol=1e-10, atol=1e-14)


def test_2d_density_is_the_isotropic_kernel_sum_and_integrates_to_one():
    rng = np.random.default_rng(1)
    pts = rng.normal(size=(150, 2)) * [1.0, 0.5]
    t = make_target("samples-2d", {"data": store_points(pts), "bandwidth": 0.3})
    x = rng.normal(size=(50, 2)) * 2
    want = np.mean([stats.norm.pdf(x[:, 0], p[0], 0.3) * stats.norm.pdf(x[:, 1], p[1], 0.3) for p in pts], axis=0)
    np.testing.assert_allclose(t.density(x), want, rtol=1e-12, atol=1e-13)  # kernels past 8 h: < 1e-14
    np.testing.assert_allclose(t.log_prob(torch.from_numpy(x)).exp().numpy(), want, rtol=1e-12)
    (xlo, xhi), (ylo, yhi) = t.bounds
    gx, gy = np.meshgrid(np.linspace(xlo, xhi, 301), np.linspace(ylo, yhi, 301))
    mass = integrate.trapezoid(integrate.trapezoid(t.density(np.c_[gx.ravel(), gy.ravel()]).reshape(gx.shape),
                                                   gx[0], axis=1), gy[:, 0])
    assert mass == pytest.approx(1.0, abs=1e-6)
    np.testing.assert_allclose(t.mean, pts.mean(axis=0), atol=1e-12)
    np.testing.assert_allclose(t.std ** 2, pts.var(axis=0) + 0.09, rtol=1e-12)


def test_cdf_integrates_the_density_and_icdf_inverts_it():
    t = make_target("samples-1d", {"data": store_points(points_1d())})
    for x in (-2.0, 0.3, 2.5):
        assert t.cdf(np.array(x)) == pytest.approx(integrate.quad(lambda s: t.density([[s]])[0], -np.inf, x)[0],
                                                    abs=1e-8)
    u = np.array([1e-6, 0.01, 0.25, 0.5, 0.9, 0.999999])
    np.testing.assert_allclose(t.cdf(t.icdf(u)), u, rtol=1e-9, atol=1e-12)
    assert t.icdf(np.array([0.0, 1.0])).tolist() == [-np.inf, np.inf]


def test_sampler_follows_the_density_and_uses_only_its_rng():
    t = make_target("samples-1d", {"data": store_points(points_1d())})
    draws = t.sample(np.random.default_rng(3), 20000)[:, 0]
    assert stats.kstest(draws, t.cdf).pvalue > 0.001
    np.testing.assert_array_equal(t.sample(np.random.default_rng(4), 50), t.sample(np.random.default_rng(4), 50))


def test_many_points_merge_into_weighted_cells_that_keep_the_mean():
    pts = np.random.default_rng(2).normal(size=(50_000, 2))
    centres, weights = merge_cells(pts, scott_bandwidth(pts))
    assert len(centres) <= MAX_SUPPORT and weights.sum() == pytest.approx(1.0, abs=1e-12)
    np.testing.assert_allclose(weights @ centres, pts.mean(axis=0), atol=1e-12)
    t = make_target("samples-2d", {"data": store_points(pts)})
    assert t.n_points == 50_000 and len(t.weights) <= MAX_SUPPORT
    draws = t.sample(np.random.default_rng(0), 20000)
    assert stats.kstest(draws[:, 0], "norm", args=(0, np.sqrt(1 + t.bandwidth ** 2))).pvalue > 0.001


def test_without_data_the_example_points_are_used():
    t = make_target("samples-1d")
    assert t.params == {"bandwidth": 0.0} and t.n_points == 300 and t.ref is None
    assert make_target("samples-2d").n_points == 300


def test_points_travel_with_the_config_by_name_and_live_changes_stay_cheap(monkeypatch):
    pts = np.random.default_rng(5).normal(size=(200_000, 2))
    ref = store_points(pts)
    cfg = from_dict({"target": "samples-2d", "target.data": ref})
    text = cfg.to_json()
    assert len(text) < 3000 and f'"target.data": "{ref}"' in text
    assert from_json(text) == cfg
    merged = []
    real_merge = samples_module.merge_cells
    monkeypatch.setattr(samples_module, "merge_cells", lambda *a, **k: merged.append(1) or real_merge(*a, **k))
    for lr in (1e-4, 2e-4, 3e-4):
        cfg = cfg.with_changes({"lr_g": lr})
        make_target(cfg.target, cfg.target_params)
    assert len(merged) <= 1  # the points were merged once at most, not per change
    data_file._CACHE.clear()  # a fresh process finds them in the store
    assert from_json(text).target_params == {"bandwidth": 0.0, "data": ref}
    assert cfg.with_changes({"target.bandwidth": 0.2}).target_params["data"] == ref


@pytest.mark.parametrize(("changes", "key", "message"), [
    ({"target.data": "sha256:" + "1" * 32}, "target.data", "no stored points"),
    ({"target.data": "points.csv"}, "target.data", "must name stored points"),
    ({"target.bandwidth": 1e-4}, "target.bandwidth", "must be 0 (Scott's rule) or in [0.001, 10]"),
    ({"target.bandwidth": -1}, "target.bandwidth", "must be a number in [0, 10]"),
])
def test_bad_settings_are_refused(changes, key, message):
    with pytest.raises(ConfigError) as err:
        from_dict({"target": "samples-1d", **changes})
    assert err.value.key == key and message in err.value.message


def test_points_of_the_other_dimension_are_refused():
    ref = store_points(np.zeros((5, 2)) + np.arange(5)[:, None])
    with pytest.raises(ConfigError, match="these points are 2-D; accepted by samples-1d: 1-D points"):
        from_dict({"target": "samples-1d", "target.data": ref})


def test_a_drawn_density_becomes_points_at_its_quantiles():
    x = np.linspace(0, 4, 401)
    y = np.where(x < 2, 3.0, 1.0)  # unnormalized: 3/4 of the mass on [0, 2)
    pts = points_from_density(x, y, 1000)
    assert pts.shape == (1000, 1)
    assert np.mean(pts[:, 0] < 2) == pytest.approx(0.75, abs=2e-3)
    assert np.quantile(pts[:, 0], 0.5) == pytest.approx(4 / 3, abs=0.02)
    with pytest.raises(ConfigError, match="drawing: the drawn density is zero"):
        points_from_density(x, np.zeros_like(x))
    with pytest.raises(ConfigError, match="increasing x"):
        points_from_density(x[::-1], y)


def test_a_gan_trains_and_measures_on_loaded_points():
    ref = store_points(points_1d(300))
    cfg = from_dict({"target": "samples-1d", "target.data": ref, "hidden": 8,
                     "g_init_spread": 1.0})
    tr = Trainer(cfg)
    tr.train(5)
    metrics = tr.log()
    assert all(np.isfinite(metrics[k]) for k in ("jsd", "w1"))
