"""A batched sweep reproduces, cell by cell, lone Trainer runs of the same configs and seeds."""

import math

import numpy as np
import pytest
import torch

from ganviz.core.presets import load_preset
from ganviz.core.sweep import Population, make_axis, run_sweep
from ganviz.core.sweep.metrics import final_metric
from ganviz.core.trainer import Trainer


def lone(config, steps: int, metric: str) -> tuple[float, bool]:
    """The reference: one Trainer run and its own evaluator."""
    tr = Trainer(config)
    tr.train(steps)
    return final_metric(tr, metric)


def assert_matches_lone_runs(result, steps, rtol):
    for iy in range(len(result.y_values)):
        for ix in range(len(result.x_values)):
            value, diverged = lone(result.cell_config(iy, ix), steps, result.metric_name)
            assert result.diverged[iy, ix] == diverged, (iy, ix)
            if not diverged:
                assert result.metric[iy, ix] == pytest.approx(value, rel=rtol), (iy, ix)


def test_64_cells_with_diverging_corner_match_lone_runs():
    # SGD with momentum from lr 1e-3 to 1e3: the high-lr corner diverges within 20 steps
    base = load_preset("bimodal-1d").with_changes({"hidden": 16, "optimizer_g": "sgd", "optimizer_d": "sgd",
                                                   "momentum": 0.5, "batch_size": 64})
    x, y = make_axis(base, "lr_g", 1e-3, 1e3, 8, True), make_axis(base, "lr_d", 1e-3, 1e3, 8, True)
    result = run_sweep(base, x, y, 20, "w1")
    assert result.metric.shape == result.diverged.shape == (8, 8)
    assert 10 < result.diverged.sum() < 54  # both kinds of cell are present
    assert np.isnan(result.metric[result.diverged]).all()
    assert result.modes == {"batched": 64}
    assert_matches_lone_runs(result, 20, rtol=1e-4)


def test_adam_2d_ring_with_penalty_matches_lone_runs():
    base = load_preset("ring-8").with_changes({"hidden": 16, "batch_size": 64, "regularizer": "r1",
                                               "reg_weight": 1.0, "d_steps": 2})
    x, y = make_axis(base, "lr_g", 1e-4, 1e-2, 2, True), make_axis(base, "beta1", 0.0, 0.9, 2)
    result = run_sweep(base, x, y, 15, "w1")
    assert_matches_lone_runs(result, 15, rtol=1e-4)


@pytest.mark.parametrize("regularizer", ["none", "r1", "wgan-gp"])
def test_pacgan_packs_match_lone_runs(regularizer):
    # D judges pairs: the population must pair the same consecutive samples a lone D pairs
    base = load_preset("ring-8-pacgan").with_changes({"hidden_g": 16, "hidden_d": 16, "latent_dim": 8,
                                                      "batch_size": 64, "regularizer": regularizer})
    x, y = make_axis(base, "lr_g", 1e-4, 1e-2, 2, True), make_axis(base, "seed", 0, 1, 2)
    result = run_sweep(base, x, y, 15, "w1")
    assert result.modes == {"batched": 4}
    assert_matches_lone_runs(result, 15, rtol=1e-4)


@pytest.mark.parametrize("update", ["simultaneous", "alternating"])
def test_dirac_game_matches_lone_runs(update):
    base = load_preset("dirac-gan").with_changes({"update": update})
    x, y = make_axis(base, "lr_g", 0.01, 1.0, 8, True), make_axis(base, "lr_d", 0.01, 1.0, 8, True)
    result = run_sweep(base, x, y, 50, "radius")
    assert_matches_lone_runs(result, 50, rtol=1e-9)


def test_a_diverged_cell_does_not_touch_its_neighbours():
    base = load_preset("bimodal-1d").with_changes({"hidden": 16, "optimizer_g": "sgd", "optimizer_d": "sgd",
                                                   "batch_size": 64})
    healthy = base.with_changes({"lr_g": 1e-3, "lr_d": 1e-3})
    wild = base.with_changes({"lr_g": 1e3, "lr_d": 1e3})
    together, alone = Population([healthy, wild, healthy]), Population([healthy])
    together.train(20)
    alone.train(20)
    assert together.diverged_step.tolist()[1] > 0 and together.diverged_step.tolist()[::2] == [-1, -1]
    for a, b in zip(together.G.params + together.D.params, alone.G.params + alone.D.params, strict=True):
        assert torch.isfinite(a[0]).all()
        torch.testing.assert_close(a[0], b[0], rtol=1e-6, atol=1e-7)
        torch.testing.assert_close(a[2], b[0], rtol=1e-6, atol=1e-7)


def test_the_same_seed_gives_the_same_map_bit_for_bit():
    base = load_preset("bimodal-1d").with_changes({"hidden": 8, "batch_size": 32})
    x, y = make_axis(base, "lr_g", 1e-3, 1e-2, 2, True), make_axis(base, "seed", 0, 1, 2)
    a, b = (run_sweep(base, x, y, 10, "jsd") for _ in range(2))
    np.testing.assert_array_equal(a.metric, b.metric)
    assert not math.isclose(a.metric[0, 0], a.metric[1, 0])  # the seed axis changes the run


@pytest.mark.parametrize("changes", [{}, {"optimizer_d": "sgd", "momentum": 0.5}, {"optimizer_d": "rmsprop"},
                                     {"update": "simultaneous", "regularizer": "r1", "reg_weight": 0.5},
                                     {"loss": "wasserstein", "clip": 0.05, "optimizer_d": "rmsprop"}])
def test_unrolled_gan_matches_lone_runs(changes):
    # G's loss differentiates through k steps of D's optimizer: each cell must unroll as a lone trainer does
    base = load_preset("ring-8-unrolled").with_changes({"hidden_g": 16, "hidden_d": 16, "latent_dim": 8,
                                                        "batch_size": 64, "unroll_steps": 3, **changes})
    x, y = make_axis(base, "lr_d", 1e-3, 1e-2, 2, True), make_axis(base, "seed", 0, 1, 2)
    result = run_sweep(base, x, y, 15, "w1")
    assert result.modes == {"batched": 4}
    assert_matches_lone_runs(result, 15, rtol=1e-4)
