"""Config fuzzing: random and mutated JSON configs and `--set` values given to `ganviz run` always end
with exit 0 (a run) or 2 (one line naming what was wrong), never a traceback.

Runs are kept tiny (the Dirac-GAN or 8-unit networks, 0 or 1 steps) so that many inputs fit in CI.
"""

import contextlib
import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ganviz.cli.main import main
from ganviz.core.config import base_specs, target_specs
from ganviz.core.presets import read_preset
from ganviz.core.targets import target_names
from tests.core.test_trainer_stateful import COMBINATION_KEYS

TINY = {"hidden": 8, "layers": 1, "batch_size": 16, "log_every": 1000}
BASES = {"dirac": read_preset("dirac-gan")[1], "bimodal": {**read_preset("bimodal-1d")[1], **TINY},
         "ring": {**read_preset("ring-8")[1], **TINY}}
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ALL_KEYS = sorted({*base_specs(), *(k for t in target_names() for k in target_specs(t))})

json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.integers(-2**70, 2**70),
                         st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=12),
                         st.sampled_from(["NaN", "inf", "-Infinity", "1e400", "", "true", "0x10"]))
json_values = st.recursive(json_scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                                 st.dictionaries(st.text(max_size=6), inner,
                                                                                 max_size=3)), max_leaves=8)
keys = st.one_of(st.sampled_from(ALL_KEYS), st.text(max_size=12), st.just("target.bogus"))
number_texts = st.sampled_from(["nan", "NaN", "inf", "-inf", "1e400", "-1e400", "1e-400", "0", "-0", "1.5", " 3 ",
                                "", "=", "1,2", "0.2,nan", "true", "off", "1_000", "0x10", "１２", "٣", "∞",
                                "9" * 400, "-1", "3e4", "1e308"])
set_values = st.one_of(number_texts, st.text(max_size=20))


@pytest.fixture(scope="module")
def work_dir():
    with tempfile.TemporaryDirectory() as d:
        yield Path(d)


def run_cli(argv) -> tuple[int, str]:
    """`ganviz run` in-process: the exit status and stderr. An exception escaping main() fails the test."""
    out, err_text = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err_text):
        try:
            status = main(argv)
        except SystemExit as e:  # argparse's own errors
            status = e.code
    err = err_text.getvalue()
    assert status in (0, 2), (argv, status, err)
    assert "Traceback" not in err
    if status == 2:
        first = err.split("\n")[0]  # not splitlines(): a fuzzed key may hold \x1e, which it splits at
        assert first.startswith("ganviz: error: ") and len(first) > len("ganviz: error: "), err
    return status, err


def mutate(config: dict, key: str, value) -> dict:
    """A copy of `config` with one key set to `value` (added when new)."""
    return {**config, key: value}


@FUZZ
@given(base=st.sampled_from(sorted(BASES)), key=keys, value=json_values, wrap=st.booleans(),
       steps=st.sampled_from(["0", "1"]))
def test_a_config_with_one_field_mutated(work_dir, base, key, value, wrap, steps):
    config = mutate(BASES[base], key, value)
    path = work_dir / "mutated.json"
    path.write_text(json.dumps({"format": 1, "config": config} if wrap else config))
    status, err = run_cli(["run", "--config", str(path), "--steps", steps])
    if status == 2:  # the key it names is the mutated one, or a rule it broke between keys
        assert any(k in err for k in (key, "--config", *COMBINATION_KEYS)), (key, value, err)


@FUZZ
@given(config=st.dictionaries(keys, json_values, max_size=4))
def test_random_json_objects(work_dir, config):
    path = work_dir / "random.json"
    path.write_text(json.dumps(config))
    run_cli(["run", "--config", str(path), "--steps", "0", "--set", "hidden=4", "--set", "batch_size=8"])


@FUZZ
@given(base=st.sampled_from(sorted(BASES)), cut=st.floats(0, 1), junk=st.binary(max_size=8),
       kind=st.sampled_from(["truncated", "bytes inserted", "not UTF-8", "bare NaN", "deeply nested"]))
def test_damaged_json_text(work_dir, base, cut, junk, kind):
    text = json.dumps(BASES[base]).encode()
    at = int(cut * len(text))
    data = {"truncated": text[:at], "bytes inserted": text[:at] + junk + text[at:],
            "not UTF-8": text[:at] + b"\xff\xfe\xc3" + text[at:],
            "bare NaN": text.replace(b"1000", b"NaN").replace(b"0.2", b"Infinity"),
            "deeply nested": b"[" * 100_000 + b"]" * 100_000}[kind]
    path = work_dir / "damaged.json"
    path.write_bytes(data)
    run_cli(["run", "--config", str(path), "--steps", "0"])


@FUZZ
@given(base=st.sampled_from(sorted(BASES)),
       sets=st.lists(st.tuples(keys, st.sampled_from(["=", "", "=="]), set_values), min_size=1, max_size=3),
       steps=st.sampled_from(["0", "1"]))
def test_random_set_values(work_dir, base, sets, steps):
    path = work_dir / f"{base}.json"
    path.write_text(json.dumps(BASES[base]))
    argv = ["run", "--config", str(path), "--steps", steps]
    for key, sep, value in sets:
        argv += ["--set", f"{key}{sep}{value}"]
    status, err = run_cli(argv)
    named = [f"{key}{sep}{value}".partition("=")[0].strip() for key, sep, value in sets]
    if status == 0:  # accepted only when every item was KEY=VALUE with a real key
        assert all(sep and key in ALL_KEYS for key, (_, sep, _) in zip(named, sets, strict=True)), (sets, err)
    else:  # the message names the --set item's key, or the rule between keys it broke
        assert any(k and k in err for k in named) or any(k in err for k in ("--set", *COMBINATION_KEYS)), err


@FUZZ
@given(steps=st.one_of(st.integers(-3, 1).map(str), st.sampled_from(["", "x", "1e3", "nan", "1.5", "٣"])),
       seed=st.one_of(st.none(), st.integers(-2**40, 2**40).map(str), st.sampled_from(["x", "1e400", ""])),
       threads=st.sampled_from(["1", "0", "-2", "x"]),
       out=st.sampled_from([None, "r.json", "r.npz", "r.csv", "", "nodir/r.json"]))
def test_random_command_line_options(work_dir, steps, seed, threads, out):
    path = work_dir / "base.json"
    path.write_text(json.dumps(BASES["dirac"]))
    argv = ["run", "--config", str(path), "--steps", steps, "--threads", threads]
    if seed is not None:
        argv += ["--seed", seed]
    if out is not None:
        argv += ["--out", str(work_dir / out) if out else out]
    run_cli(argv)


def test_values_at_the_edges_of_their_ranges_run(work_dir):
    """Each key at its lowest and highest accepted value: the run starts (exit 0) or the combination is refused."""
    path = work_dir / "edge.json"
    path.write_text(json.dumps(BASES["bimodal"]))
    expensive = {"batch_size", "hidden", "layers", "d_steps", "g_steps", "unroll_steps", "latent_dim"}
    for spec in base_specs().values():
        if spec.type in (int, float) and spec.key not in expensive and spec.key != "seed":
            for value in (spec.lo, spec.hi):
                status, err = run_cli(["run", "--config", str(path), "--steps", "1", "--set", f"{spec.key}={value}"])
                assert status == 0, (spec.key, value, err)


@pytest.mark.parametrize("argv_tail,data", [
    (["--config", "{path}"], b'{"lr_g": 1e-3, "loss": "\xff\xfe"}'),
    (["--config", "{path}", "--set", "target.std=1e999"], b'{"target": "gaussian", "hidden": 4}'),
])
def test_no_traceback_from_the_real_command(tmp_path, argv_tail, data):
    path = tmp_path / "c.json"
    if data is not None:
        path.write_bytes(data)
    argv = [a.format(path=path) for a in argv_tail]
    proc = subprocess.run([sys.executable, "-m", "ganviz", "run", "--steps", "0", *argv], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("ganviz: error: ") and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
