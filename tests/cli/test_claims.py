"""`ganviz claims` as a user calls it: the JSON entries, the table, and one-line errors with exit 2."""

import json

import pytest

from ganviz.cli.main import main


def test_the_dirac_claims_over_two_seeds(tmp_path, capsys):
    out = tmp_path / "claims.json"
    names = [f"08-non-convergence.{name}" for name in (
        "spirals-out", "alternating-no-growth", "alternating-no-shrink", "r1-converges")]  # the Dirac-GAN's
    assert main(["claims", "--only", *names, "--seeds", "4,9", "--out", str(out), "--workers", "1"]) == 0
    entries = json.loads(out.read_text())
    assert [e["claim"] for e in entries] == names
    for e in entries:
        assert e["lesson"] == "08-non-convergence" and e["preset"] == "dirac-gan" and e["seeds"] == [4, 9]
        assert len(e["holds"]) == len(e["figure"]) == 2 and e["rate"] == sum(e["holds"]) / 2
    table = capsys.readouterr().out
    assert "08-non-convergence.r1-converges" in table and "2 of 2" in table
    assert "claims hold on ≥ 90% of seeds 4,9 (2 seeds" in table


def test_only_a_claim_id_runs_that_claim(capsys):
    assert main(["claims", "--only", "dirac-gan.spirals-out", "--seeds", "1", "--workers", "1"]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("dirac-gan.")]
    assert len(rows) == 1 and "1 of 1" in rows[0]


def test_list_names_every_claim_without_training(capsys):
    assert main(["claims", "--list", "--only", "dirac-gan"]) == 0
    assert "dirac-gan.spirals-out" in capsys.readouterr().out


@pytest.mark.parametrize("argv, words", [
    (["--seeds", "9-3"], "--seeds: the range must run upwards"),
    (["--seeds", "x"], "--seeds: expected a range such as 1000-1009"),
    (["--only", "no-such-thing"], "--only: no claim, preset or lesson with claims is called 'no-such-thing'"),
    (["--out", "claims.txt"], "--out: must end in .json"),
    (["--executor", "cloud", "--only", "dirac-gan"], "--executor: unknown executor 'cloud'; accepted: local, dask"),
    (["--workers", "0"], "--workers: must be a whole number from 1 to 64, got 0"),
])
def test_bad_input_exits_2_with_one_line(argv, words, capsys):
    assert main(["claims", *argv]) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
