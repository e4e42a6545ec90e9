"""`ganviz presets` and `ganviz run` as a user calls them: output fields, errors with exit 2."""

import json
import subprocess
import sys

import numpy as np
import pytest

from ganviz.cli.main import main


def test_presets_lists_one_line_each(capsys):
    assert main(["presets"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    names = [line.split()[0] for line in lines]
    assert {"gaussian-1d", "bimodal-1d", "bimodal-1d-oracle", "bimodal-1d-gmn", "ring-8", "grid-25",
            "dirac-gan"} <= set(names)


def test_run_help_lists_every_key_with_accepted_values():
    out = subprocess.run([sys.executable, "-m", "ganviz", "run", "--help"], capture_output=True, text=True).stdout
    for key in ("target", "method", "discriminator", "loss", "clip", "regularizer", "reg_weight", "update",
                "d_steps", "g_steps", "lr_g", "lr_d", "optimizer_g", "optimizer_d", "batch_size", "latent",
                "latent_dim", "hidden", "layers", "activation", "batchnorm", "mmd_bandwidths", "kde_bandwidth",
                "seed", "log_every", "dirac.theta0"):
        assert f" {key} " in out or f"*{key} " in out, key
    assert "minimax, nonsaturating, absolute, least-squares, wasserstein, hinge" in out
    assert "ring:" in out and "radius" in out


def test_steps_zero_writes_the_initial_state_npz(tmp_path):
    out = tmp_path / "s.npz"
    assert main(["run", "--preset", "gaussian-1d", "--steps", "0", "--out", str(out)]) == 0
    d = np.load(out)
    assert str(d["status"]) == "ok" and int(d["diverged_step"]) == -1
    assert d["hist_step"].tolist() == [0]
    for name in ("hist_loss_d", "hist_loss_g", "hist_value", "hist_jsd", "hist_w1", "hist_mmd", "grid", "p_true",
                 "p_gen", "d", "d_star", "z", "g_of_z", "ideal_map", "samples", "wall_s", "steps_per_s"):
        assert name in d.files, name
    assert json.loads(str(d["config"]))["target"] == "gaussian"
    assert d["grid"].shape == d["p_true"].shape == d["d_star"].shape


def test_json_output_has_the_same_names_and_2d_shapes(tmp_path):
    out = tmp_path / "r.json"
    assert main(["run", "--preset", "ring-8", "--steps", "20", "--set", "log_every=10", "--set", "hidden=16",
                 "--out", str(out)]) == 0
    d = json.loads(out.read_text())
    assert d["hist_step"] == [0, 10, 20] and len(d["hist_modes"]) == 3 and len(d["hist_hq"]) == 3
    m, n = len(d["grid_y"]), len(d["grid_x"])
    assert np.asarray(d["d"]).shape == (m, n) and np.asarray(d["samples"]).shape[1] == 2
    assert d["diverged_step"] is None


def test_dirac_output_has_theta_and_psi_every_step(tmp_path):
    out = tmp_path / "d.npz"
    assert main(["run", "--preset", "dirac-gan", "--steps", "5", "--out", str(out)]) == 0
    d = np.load(out)
    assert d["hist_step"].tolist() == [0, 1, 2, 3, 4, 5]
    assert d["hist_theta"][0] == 1.0 and d["hist_psi"][0] == 1.0


@pytest.mark.parametrize("args,needle", [
    (["--set", "lr_g=-0.1"], "lr_g"),
    (["--set", "batch_size=0"], "batch_size"),
    (["--set", "lr_d=nan"], "lr_d"),
    (["--set", "bogus=1"], "bogus: unknown key"),
    (["--set", "target.radius=2"], "target.radius"),
    (["--set", "loss"], "--set"),
    (["--preset", "nope"], "unknown preset"),
    (["--config", "/does/not/exist.json"], "cannot read"),
    (["--out", "x.csv"], "--out"),
    (["--threads", "0"], "--threads"),
])
def test_bad_input_exits_2_with_one_message(args, needle, capsys):
    assert main(["run", "--steps", "1", *args]) == 2
    err = capsys.readouterr().err
    assert needle in err and "Traceback" not in err


def test_malformed_json_config(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text('{"lr_g": 0.1,')
    assert main(["run", "--steps", "1", "--config", str(bad)]) == 2
    assert "not valid JSON" in capsys.readouterr().err


def test_argparse_errors_exit_2_too():
    proc = subprocess.run([sys.executable, "-m", "ganviz", "run", "--steps", "many"], capture_output=True,
                          text=True)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


def test_divergence_is_a_status_with_exit_0(tmp_path):
    out = tmp_path / "div.json"
    assert main(["run", "--steps", "200", "--set", "lr_g=1000", "--set", "lr_d=1000", "--set", "optimizer_g=sgd",
                 "--set", "optimizer_d=sgd", "--out", str(out)]) == 0
    d = json.loads(out.read_text())
    assert d["status"] == "diverged" and d["diverged_step"] >= 1


def test_seed_flag_reproduces_and_differs(tmp_path):
    a, b, c = (tmp_path / f"{n}.npz" for n in "abc")
    for path, seed in ((a, 3), (b, 3), (c, 4)):
        main(["run", "--preset", "bimodal-1d", "--steps", "30", "--set", "log_every=10", "--seed", str(seed),
              "--out", str(path)])
    da, db, dc = np.load(a), np.load(b), np.load(c)
    np.testing.assert_array_equal(da["hist_loss_d"], db["hist_loss_d"])
    np.testing.assert_array_equal(da["samples"], db["samples"])
    assert not np.array_equal(da["hist_loss_d"], dc["hist_loss_d"])


def test_a_digits_run_writes_its_images_and_histories(tmp_path):
    out = tmp_path / "d.npz"
    assert main(["run", "--preset", "digits", "--steps", "20", "--set", "log_every=10", "--out", str(out)]) == 0
    d = np.load(out)
    assert d["samples"].shape == (36, 8, 8) and d["nearest"].shape == (36, 8, 8)
    assert d["nearest_dist"].shape == (36,) and d["class_share"].shape == (10,)
    assert d["hist_step"].tolist() == [0, 10, 20]
    for name in ("hist_classes", "hist_fd", "hist_class_max", "hist_nn", "hist_loss_d", "d_real", "d_fake"):
        assert name in d.files, name
    assert np.all(d["hist_fd"] > 0) and np.all((0 <= d["class_share"]) & (d["class_share"] <= 1))
    # each sample's nearest training image is one of the digits, at the distance said
    flat = d["samples"].reshape(36, 64) - d["nearest"].reshape(36, 64)
    np.testing.assert_allclose(np.sqrt((flat**2).sum(1)), d["nearest_dist"], rtol=1e-9)
