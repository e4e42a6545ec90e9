"""`ganviz sweep` as a user calls it: the npz fields, the summary, and one-line errors with exit 2."""

import json
import math

import numpy as np
import pytest

from ganviz.cli.main import main
from ganviz.core.presets import load_preset
from ganviz.core.trainer import Trainer


def test_dirac_sweep_writes_exactly_the_documented_fields(tmp_path, capsys):
    out = tmp_path / "map.npz"
    argv = ["sweep", "--preset", "dirac-gan", "--x", "lr_g=0.05..0.5:3:log", "--y", "lr_d=0.1..0.3:2",
            "--steps", "40", "--out", str(out)]
    assert main(argv) == 0
    d = np.load(out)
    assert sorted(d.files) == sorted(["x_key", "x_values", "y_key", "y_values", "metric_name", "metric",
                                      "diverged", "config"])
    assert (str(d["x_key"]), str(d["y_key"]), str(d["metric_name"])) == ("lr_g", "lr_d", "radius")
    np.testing.assert_allclose(d["x_values"], [0.05, 0.05 * math.sqrt(10), 0.5])
    np.testing.assert_allclose(d["y_values"], [0.1, 0.3])
    assert d["metric"].shape == d["diverged"].shape == (2, 3) and d["diverged"].dtype == bool
    assert json.loads(str(d["config"]))["target"] == "dirac"
    # cell (row 1, column 2) is a lone run with lr_d = 0.3 and lr_g = 0.5
    tr = Trainer(load_preset("dirac-gan").with_changes({"lr_d": 0.3, "lr_g": 0.5}))
    tr.train(40)
    assert d["metric"][1, 2] == pytest.approx(math.hypot(tr.G.theta.item(), tr.D.psi.item()), rel=1e-9)
    text = capsys.readouterr().out
    assert "6 cells batched" in text and "radius: 0 of 6 cells diverged" in text


def test_set_seed_and_metric_reach_the_cells(tmp_path):
    out = tmp_path / "m.npz"
    argv = ["sweep", "--preset", "bimodal-1d", "--set", "hidden=8", "--set", "batch_size=32", "--seed", "3",
            "--x", "lr_g=1e-3..1e-2:2:log", "--y", "beta1=0..0.5:2", "--steps", "5", "--metric", "jsd",
            "--out", str(out)]
    assert main(argv) == 0
    d = np.load(out)
    config = json.loads(str(d["config"]))
    assert (config["hidden_g"], config["hidden_d"], config["batch_size"], config["seed"]) == (8, 8, 32, 3)
    assert str(d["metric_name"]) == "jsd" and np.all((d["metric"] >= 0) & (d["metric"] <= math.log(2)))


@pytest.mark.parametrize("extra, message", [
    (["--x", "lr_g=0..1:3:log"], "--x: log spacing needs LO and HI > 0"),
    (["--x", "lr_g=1e-3..1e-1:0"], "--x: N must be a whole number ≥ 1"),
    (["--x", "speed=1..2:2"], "--x: unknown key 'speed'; accepted: "),
    (["--x", "lr_g=1e-3..1e-1"], "--x: expected KEY=LO..HI:N[:log]"),
    (["--metric", "modes"], "--metric: unknown metric 'modes' for target dirac; accepted: radius, w1"),
    (["--out", "map.csv"], "--out: must end in .npz"),
    (["--steps", "0"], "--steps: must be a whole number ≥ 1"),
    (["--executor", "spark"], "--executor: unknown executor 'spark'; accepted: local, dask"),
    (["--set", "lr_g=-1"], "lr_g: must be a number in [1e-07, 10000], got -1.0"),
])
def test_bad_input_exits_2_with_one_line(extra, message, capsys):
    argv = ["sweep", "--preset", "dirac-gan", "--x", "lr_g=0.1..0.2:2", "--y", "lr_d=0.1..0.2:2", "--steps", "2"]
    # later options win: the bad one replaces the good default
    assert main(argv + extra) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0], err
