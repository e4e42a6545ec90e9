"""The trainer: reproducibility, undisturbed snapshots, live changes, divergence, the ideal case."""

import math

import numpy as np
import pytest
import torch

from ganviz.core.config import default_config, from_dict
from ganviz.core.errors import ConfigError
from ganviz.core.metrics import jsd, value_on_grid
from ganviz.core.presets import load_preset
from ganviz.core.run import run
from ganviz.core.trainer import Trainer

SMALL = {"hidden": 16, "batch_size": 64, "log_every": 10}


def _state(tr: Trainer):
    return [p.detach().clone() for p in (*tr.G.parameters(), *tr.D.parameters())]


def test_same_seed_same_histories_different_seed_differs():
    cfg = load_preset("bimodal-1d").with_changes(SMALL)
    a, b = run(cfg, 40), run(cfg, 40)
    c = run(cfg.with_changes({"seed": 1}), 40)
    for key in ("hist_loss_d", "hist_loss_g", "hist_w1", "samples"):
        np.testing.assert_array_equal(a[key], b[key])
    assert not np.array_equal(a["hist_loss_d"], c["hist_loss_d"])


@pytest.mark.parametrize("preset", ["bimodal-1d", "ring-8", "bimodal-1d-oracle", "bimodal-1d-gmn"])
def test_snapshots_and_logs_do_not_disturb_training(preset):
    cfg = load_preset(preset).with_changes(SMALL)
    quiet, watched = Trainer(cfg), Trainer(cfg)
    for _ in range(5):
        quiet.train(3)
        watched.train(3)
        watched.snapshot()
        watched.snapshot(view=True)
        watched.log()
    for p, q in zip(_state(quiet), _state(watched), strict=True):
        assert torch.equal(p, q)


def test_batchnorm_snapshot_keeps_train_mode_and_running_stats():
    tr = Trainer(load_preset("bimodal-1d").with_changes({**SMALL, "batchnorm": True}))
    tr.train(3)
    stats = [b.clone() for b in tr.G.buffers()]
    tr.snapshot()
    assert tr.G.training and tr.D.training
    for a, b in zip(stats, tr.G.buffers(), strict=True):
        assert torch.equal(a, b)


def test_live_changes_apply_and_reset_keys_wait():
    tr = Trainer(load_preset("bimodal-1d").with_changes(SMALL))
    tr.train(2)
    waiting = tr.apply({"lr_g": 0.01, "loss": "hinge", "hidden_g": 8})
    assert waiting == ["hidden_g"]
    assert tr.config.lr_g == 0.01 and tr.config.loss == "hinge" and tr.config.hidden_g == 16
    assert tr.opt_g.param_groups[0]["lr"] == 0.01
    tr.train(2)
    assert tr.step_count == 4
    tr.reset()
    assert tr.step_count == 0 and tr.config.hidden_g == 8


def test_waiting_changes_survive_later_live_ones():
    tr = Trainer(load_preset("bimodal-1d").with_changes(SMALL))
    assert tr.apply({"hidden_g": 8}) == ["hidden_g"]
    assert tr.apply({"lr_g": 0.01}) == ["hidden_g"]
    assert tr.config.lr_g == 0.01
    tr.reset()
    assert (tr.config.hidden_g, tr.config.lr_g) == (8, 0.01)


def test_refused_change_leaves_everything_as_it_was():
    tr = Trainer(load_preset("bimodal-1d").with_changes(SMALL))
    before = tr.config
    with pytest.raises(ConfigError):
        tr.apply({"lr_g": 0.5, "batch_size": -3})
    assert tr.config == before


def test_switching_optimizer_and_discriminator_live():
    tr = Trainer(load_preset("bimodal-1d").with_changes(SMALL))
    tr.train(2)
    tr.apply({"optimizer_d": "sgd", "discriminator": "oracle", "regularizer": "r1"})
    tr.train(2)
    tr.apply({"discriminator": "learned", "update": "simultaneous", "method": "gmn"})
    tr.train(2)
    assert isinstance(tr.opt_d, torch.optim.SGD) and tr.status == "ok"


def test_huge_learning_rate_diverges_with_a_status_not_an_exception():
    cfg = load_preset("bimodal-1d").with_changes({**SMALL, "lr_g": 1e3, "lr_d": 1e3, "optimizer_g": "sgd",
                                                  "optimizer_d": "sgd"})
    out = run(cfg, 300)
    assert out["status"] == "diverged"
    assert 1 <= out["diverged_step"] <= 300
    assert out["steps"] == out["diverged_step"] - 1 or out["steps"] == out["diverged_step"]


@pytest.mark.parametrize("loss", ["minimax", "nonsaturating", "absolute", "least-squares", "wasserstein", "hinge"])
@pytest.mark.parametrize("reg", ["none", "r1", "r2", "wgan-gp", "instance-noise"])
def test_every_loss_and_regularizer_trains(loss, reg):
    cfg = default_config().with_changes({**SMALL, "loss": loss, "regularizer": reg, "reg_weight": 0.5,
                                         "clip": 0.5 if loss == "wasserstein" else 0.0})
    tr = Trainer(cfg)
    tr.train(3)
    m = tr.log()
    assert tr.status == "ok" and math.isfinite(m["loss_d"]) and math.isfinite(m["grad_d"])


def test_oracle_is_p_true_over_sum_and_theorem_1_holds():
    """Goodfellow's Proposition 1 and Theorem 1 on the grid."""
    tr = Trainer(load_preset("bimodal-1d-oracle"))
    tr.train(20)
    snap = tr.snapshot()
    pt, pg = snap.p_true, snap.p_gen
    total = pt + pg
    d_star = np.where(total > 0, pt / np.where(total > 0, total, 1), 0.5)
    shown = np.isfinite(snap.d)
    # drawn wherever either density has more than 1e-4 of the peak mass, left blank elsewhere
    np.testing.assert_array_equal(shown, total > 1e-4 * total.max())
    np.testing.assert_allclose(snap.d[shown], d_star[shown], rtol=1e-12)
    np.testing.assert_array_equal(snap.d, snap.d_star)
    grid = tr.evaluator.grid
    value = value_on_grid(pt, pg, d_star, grid)
    assert value == pytest.approx(-math.log(4) + 2 * jsd(pt, pg, grid), abs=1e-3)
    assert snap.metrics["value"] == pytest.approx(value, abs=1e-12)


def test_learned_d_with_g_frozen_approaches_d_star():
    # A smooth G spread over the data (tanh, normal latent) makes D* smooth; the learning rate is
    # lowered for the last third so that the comparison is not at the mercy of Adam's noise.
    cfg = load_preset("bimodal-1d").with_changes({"g_init_spread": 1.0, "batch_size": 1024, "lr_d": 2e-3,
                                                  "beta1": 0.9, "activation": "tanh", "latent": "normal"})
    tr = Trainer(cfg)
    for _ in range(2000):
        tr.step_d()
    tr.apply({"lr_d": 2e-4})
    for _ in range(1000):
        tr.step_d()
    snap = tr.snapshot()
    where = snap.p_true > 0.05 * snap.p_true.max()
    gap = np.abs(snap.d - snap.d_star)[where]
    assert gap.max() < 0.05, gap.max()


def test_one_d_snapshot_fields_and_exact_density():
    tr = Trainer(load_preset("gaussian-1d"))
    snap = tr.snapshot()
    assert snap.kind == "1d" and snap.p_gen_method == "exact"
    grid = tr.evaluator.grid
    assert grid.integrate(snap.p_true) == pytest.approx(1, abs=0.01)
    assert grid.integrate(snap.p_gen) == pytest.approx(1, abs=0.01)
    assert snap.z.shape == snap.g_of_z.shape == snap.ideal_map.shape
    # the ideal map is the inverse CDF of N(4, 1.25²) at the uniform latent, or at 1 − F_Z(z) when G is
    # nearer the decreasing map
    from scipy import stats
    u = 1 - snap.z if snap.extra["ideal_decreasing"] else snap.z
    np.testing.assert_allclose(snap.ideal_map, stats.norm(4, 1.25).ppf(u), rtol=1e-9)


def test_the_ideal_map_is_whichever_monotone_map_g_is_nearer():
    from scipy import stats

    from ganviz.core.evaluation import nearer_ideal_map

    u = (np.arange(256) + 0.5) / 256
    increasing = stats.norm(4, 1.25).ppf(u)
    ideal, decreasing = nearer_ideal_map(8 - u * 8, increasing)  # a falling G
    assert decreasing
    np.testing.assert_allclose(ideal, stats.norm(4, 1.25).ppf(1 - u), rtol=1e-9)
    ideal, decreasing = nearer_ideal_map(u * 8, increasing)
    assert not decreasing and ideal is increasing
    assert nearer_ideal_map(np.full(256, np.nan), increasing) == (increasing, False)  # a diverged G


def test_two_d_snapshot_fields():
    tr = Trainer(load_preset("ring-8"))
    snap = tr.snapshot()
    assert snap.kind == "2d" and snap.p_gen_method == "kde"
    m, n = len(snap.grid_y), len(snap.grid_x)
    for field in (snap.p_true, snap.p_gen, snap.d, snap.d_star):
        assert field.shape == (m, n)
    assert snap.samples.shape == (2500, 2)
    assert {"modes", "hq", "w1", "jsd", "mmd"} <= set(snap.metrics)


def test_gmn_snapshot_has_the_witness():
    tr = Trainer(load_preset("bimodal-1d-gmn"))
    snap = tr.snapshot()
    assert snap.witness is not None and snap.witness.shape == snap.grid.shape


def test_view_snapshot_is_lighter_and_carries_arrows_and_latent_grid():
    tr = Trainer(load_preset("ring-8"))
    full, view = tr.snapshot(), tr.snapshot(view=True)
    assert len(view.grid_x) < len(full.grid_x) and len(view.samples) < len(full.samples)
    assert view.metrics == {}
    assert view.sample_grad.shape == view.arrow_origin.shape == (300, 2) and np.isfinite(view.sample_grad).all()
    lines = view.latent_lines
    assert lines.shape[-1] == 2 and lines.shape[0] == 18  # 9 lines along each of the 2 latent axes


def test_sample_grad_is_minus_the_loss_gradient():
    """Independent check: finite differences of G's non-saturating loss in one sample's position."""
    tr = Trainer(load_preset("bimodal-1d").with_changes({"g_init_spread": 1.0}))
    tr.train(50)
    snap = tr.snapshot()
    i, h = 7, 1e-2
    x = torch.from_numpy(snap.arrow_origin[i:i + 1]).float()

    def loss_at(shift):
        # the learned-D loss is a mean of per-sample terms: n·∂mean/∂x_i is sample i's own term
        with torch.no_grad():
            return tr.generator_loss_at(x + shift, None).double().item()

    numeric = -(loss_at(h) - loss_at(-h)) / (2 * h)
    assert snap.sample_grad[i, 0] == pytest.approx(numeric, rel=1e-2, abs=1e-4)


def test_mmd_metric_matches_an_independent_estimate_with_sorted_samples():
    """With a 1-D latent the evaluation samples are sorted quantiles: the MMD² must use all of them."""
    from ganviz.core.kernels import mmd2

    tr = Trainer(load_preset("bimodal-1d-gmn"))
    tr.train(300)
    metrics = tr.log()
    gen = torch.from_numpy(tr.snapshot().samples)
    real = torch.from_numpy(tr.evaluator.real_eval)
    reference = mmd2(real, gen, tr.config.mmd_bandwidths, unbiased=True).item()  # all 2500 of each
    assert metrics["mmd"] == pytest.approx(reference, abs=0.02)
    assert metrics["mmd"] < 0.5  # taking the first 500 sorted samples gave about 2


def test_d_input_scale_is_d_reading_its_input_scaled():
    """D with d_input_scale = 0.25 is its own network applied to x/4, on the grid and in training."""
    tr = Trainer(from_dict({**SMALL, "target": "ring", "latent_dim": 2, "d_input_scale": 0.25}))
    x = torch.randn(50, 2, generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        expected = tr.D.body(x / 4).squeeze(-1)
        torch.testing.assert_close(tr.D(x), expected)
        torch.testing.assert_close(tr.D.at_points(x, x), expected)
    assert tr.train(3) == 3 and tr.status == "ok"


def test_a_learning_rate_warmup_ramps_the_dirac_steps_as_worked_out_by_hand():
    # as below, with step h·min(1, (t+1)/W)·2^(−t/τ) at iteration t: the ramp and the decay multiply
    warm, tau, h = 8, 10, 0.2
    tr = Trainer(load_preset("dirac-gan").with_changes({"lr_warmup": warm, "lr_halflife": tau}))
    tr.train(30)
    theta, psi = 1.0, 1.0
    for t in range(30):
        step = h * min(1.0, (t + 1) / warm) * 2.0 ** (-t / tau)
        slope = 1.0 / (1.0 + math.exp(psi * theta))
        theta, psi = theta - step * psi * slope, psi + step * theta * slope
    assert tr.G.theta.item() == pytest.approx(theta, rel=1e-9)
    assert tr.D.psi.item() == pytest.approx(psi, rel=1e-9)
    assert tr.opt_g.param_groups[0]["lr"] == pytest.approx(h * 2.0 ** (-29 / tau))  # the ramp is over


def test_a_learning_rate_halflife_decays_the_dirac_steps_as_worked_out_by_hand():
    # simultaneous SGD on the Dirac-GAN with step h·2^(−t/τ) at iteration t: L(θ, ψ) = f(ψθ) + f(0),
    # f(t) = −log(1 + e^(−t)); G descends L (∂L/∂θ = ψ f'(ψθ)), D ascends it (∂L/∂ψ = θ f'(ψθ))
    tau, h = 10, 0.2
    tr = Trainer(load_preset("dirac-gan").with_changes({"lr_halflife": tau}))
    tr.train(40)
    theta, psi = 1.0, 1.0
    for t in range(40):
        step = h * 2.0 ** (-t / tau)
        slope = 1.0 / (1.0 + math.exp(psi * theta))
        theta, psi = theta - step * psi * slope, psi + step * theta * slope
    assert tr.G.theta.item() == pytest.approx(theta, rel=1e-9)
    assert tr.D.psi.item() == pytest.approx(psi, rel=1e-9)
    # switched off live, the full step is back at once
    tr.apply({"lr_halflife": 0})
    tr.train(1)
    assert tr.opt_g.param_groups[0]["lr"] == 0.2
