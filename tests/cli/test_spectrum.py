"""`ganviz spectrum` as a user calls it: the JSON fields against the Dirac-GAN's closed form, and one-line
errors with exit 2."""

import json
import math

import pytest

from ganviz.cli.main import main

AT_EQUILIBRIUM = ["--preset", "dirac-gan", "--set", "dirac.theta0=0", "--set", "dirac.psi0=0"]


def test_the_dirac_gan_at_its_equilibrium(tmp_path, capsys):
    out = tmp_path / "s.json"
    assert main(["spectrum", *AT_EQUILIBRIUM, "--out", str(out)]) == 0
    got = json.loads(out.read_text())
    assert got["step"] == 0 and got["method"] == "exact" and got["parameters"] == 2
    pairs = sorted(got["eigenvalues"], key=lambda p: p[1])
    assert all(abs(a - b) < 1e-6 for pair, want in zip(pairs, ([0, -0.5], [0, 0.5]), strict=True)
               for a, b in zip(pair, want, strict=True))
    assert got["residuals"] == [0.0, 0.0]
    assert got["max_step_modulus"] == pytest.approx(math.hypot(1, 0.2 * 0.5), abs=1e-9)  # h = 0.2: |1 ± 0.1i|
    assert got["verdict"] == "diverges" and got["summary"].startswith("diverges")
    assert "max |1 + hλ| = 1.004988" in capsys.readouterr().out


def test_trained_steps_and_r1_move_it_into_the_disc(tmp_path):
    out = tmp_path / "s.json"
    assert main(["spectrum", *AT_EQUILIBRIUM, "--set", "regularizer=r1", "--set", "reg_weight=0.3",
                 "--steps", "5", "--out", str(out)]) == 0
    got = json.loads(out.read_text())
    # at the equilibrium the players stay put, so step 5 has R1's closed form: −0.15 ± 0.47697i
    assert got["step"] == 5 and got["verdict"] == "converges"
    assert got["max_real"] == pytest.approx(-0.15, abs=1e-6)


@pytest.mark.parametrize("args, words", [
    (["--preset", "bimodal-1d-oracle"], "spectrum: the spectrum is of a two-player game"),
    (["--preset", "ring-8-unrolled"], "set unroll_steps=0"),
    (["--preset", "dirac-gan", "--k", "0"], "--k: must be a whole number from 1 to 100"),
    (["--preset", "dirac-gan", "--steps", "-2"], "--steps: must be a whole number ≥ 0"),
    (["--preset", "dirac-gan", "--out", "s.txt"], "--out: must end in .json"),
])
def test_bad_input_is_one_line_and_exit_2(args, words, capsys):
    assert main(["spectrum", *args]) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
