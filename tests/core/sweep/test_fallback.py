"""Cells the population cannot batch still give a lone run's numbers, and the result says how they ran."""

import pytest

from ganviz.core.errors import ConfigError
from ganviz.core.presets import load_preset
from ganviz.core.sweep import make_axis, run_sweep, why_one_by_one
from ganviz.core.sweep.metrics import final_metric
from ganviz.core.trainer import Trainer


def test_oracle_cells_run_one_by_one_with_lone_results():
    base = load_preset("bimodal-1d-oracle").with_changes({"hidden": 8, "batch_size": 64})
    x, y = make_axis(base, "lr_g", 1e-3, 1e-3, 1), make_axis(base, "seed", 0, 1, 2)
    result = run_sweep(base, x, y, 5, "jsd")
    [(mode, count)] = result.modes.items()
    assert count == 2 and mode.startswith("one by one") and "oracle" in mode
    tr = Trainer(result.cell_config(1, 0))
    tr.train(5)
    assert result.metric[1, 0] == final_metric(tr, "jsd")[0]


def test_shape_keys_split_the_grid_into_populations():
    base = load_preset("bimodal-1d").with_changes({"batch_size": 32})
    x, y = make_axis(base, "hidden", 4, 8, 2), make_axis(base, "lr_d", 1e-3, 1e-2, 2, True)
    result = run_sweep(base, x, y, 3, "w1", max_cells=64)
    assert result.modes == {"batched": 4}
    tr = Trainer(result.cell_config(0, 1))
    tr.train(3)
    assert result.metric[0, 1] == pytest.approx(final_metric(tr, "w1")[0], rel=1e-5)


def test_reasons_for_running_one_by_one():
    base = load_preset("bimodal-1d")
    assert why_one_by_one(base) is None
    assert "gmn" in why_one_by_one(load_preset("bimodal-1d-gmn"))
    assert "batch norm" in why_one_by_one(base.with_changes({"batchnorm": True}))
    assert why_one_by_one(base.with_changes({"pack": 2})) is None
    # a key the population does not implement: off only
    assert "minibatch_std" in why_one_by_one(base.with_changes({"minibatch_std": True}))


def test_bad_sweeps_are_refused_with_the_option_named():
    base = load_preset("ring-8")
    x = make_axis(base, "lr_g", 1e-4, 1e-3, 2, True)
    with pytest.raises(ConfigError, match="--metric: unknown metric 'radius' for target ring; accepted: w1"):
        run_sweep(base, x, make_axis(base, "lr_d", 1e-4, 1e-3, 2, True), 5, "radius")
    with pytest.raises(ConfigError, match="--y: the two axes must sweep different keys"):
        run_sweep(base, x, x, 5, "w1")
    with pytest.raises(ConfigError, match="--steps: must be a whole number ≥ 1"):
        run_sweep(base, x, make_axis(base, "seed", 0, 1, 2), 0, "w1")
