"""Experiment files: atomic saves, exact round trips, and every kind of bad file refused with its reason."""

import io
import json
import os

import numpy as np
import pytest

from ganviz.core import experiment_file as ef
from ganviz.core.checkpoint import capture
from ganviz.core.errors import ConfigError
from ganviz.core.presets import load_preset
from ganviz.core.trainer import Trainer


@pytest.fixture(scope="module")
def trained():
    """A small run after 60 steps with two history records."""
    tr = Trainer(load_preset("bimodal-1d").with_changes({"hidden": 8, "log_every": 30}))
    tr.log()
    tr.train(30)
    tr.log()
    tr.train(30)
    return tr


def npz_bytes(header: dict | None, **arrays) -> bytes:
    """An .npz holding these arrays and, unless None, this JSON header."""
    buffer = io.BytesIO()
    if header is not None:
        arrays["header"] = np.array(json.dumps(header))
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def test_a_saved_experiment_reads_back_exactly(trained, tmp_path):
    path = tmp_path / "run.npz"
    state = capture(trained)
    ef.save(path, state)
    assert not (tmp_path / "run.npz.part").exists()
    got = ef.read(path)
    assert got.config == trained.config
    assert got.state.step == 60 and got.state.header["version"] == ef.VERSION
    assert got.state.arrays.keys() == state.arrays.keys()
    for name, array in state.arrays.items():
        np.testing.assert_array_equal(got.state.arrays[name], array)
        assert got.state.arrays[name].dtype == array.dtype
    np.testing.assert_array_equal(got.state.histories()["step"], [0, 30])
    with np.load(path, allow_pickle=False) as npz:  # plain numpy opens it: no code inside
        assert "module/G/net.0.weight" in npz.files


def test_a_crash_while_saving_leaves_the_previous_file_whole(trained, tmp_path, monkeypatch):
    path = tmp_path / "run.npz"
    ef.save(path, capture(trained))
    before = path.read_bytes()

    def crash(*args):
        raise OSError("disk pulled out")

    monkeypatch.setattr(os, "fsync", crash)  # dies after writing the .part, before the rename
    with pytest.raises(OSError):
        ef.save(path, capture(Trainer(load_preset("ring-8").with_changes({"hidden": 4}))))
    assert path.read_bytes() == before
    assert ef.read(path).state.step == 60


@pytest.mark.parametrize("header, message", [
    ({"format": ef.FORMAT, "version": ef.VERSION + 1}, "written by a newer ganviz"),
    ({"format": ef.FORMAT, "version": 0}, "unknown experiment format version 0"),
    ({"format": ef.FORMAT, "version": "one"}, "unknown experiment format version 'one'"),
    ({"format": "something-else", "version": 1}, "not a ganviz experiment"),
    ({"format": ef.FORMAT, "version": 1, "config": {}}, "lacks 'step'"),
    (None, "no experiment header"),
])
def test_headers_of_other_versions_and_kinds_are_refused(tmp_path, header, message):
    path = tmp_path / "x.npz"
    path.write_bytes(npz_bytes(header, weights=np.zeros(3)))
    with pytest.raises(ConfigError, match=message) as caught:
        ef.read(path)
    assert str(path) in str(caught.value)


def test_a_truncated_file_is_refused(trained, tmp_path):
    data = ef.to_bytes(capture(trained))
    path = tmp_path / "cut.npz"
    for keep in (len(data) // 2, len(data) - 10, 10):
        path.write_bytes(data[:keep])
        with pytest.raises(ConfigError, match="truncated or damaged"):
            ef.read(path)


def _with_compression_method(data: bytes, method: int) -> bytes:
    """The archive with every member marked as compressed by `method` (local and central headers)."""
    out = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        at = out.find(signature)
        while at != -1:
            out[at + offset:at + offset + 2] = method.to_bytes(2, "little")
            at = out.find(signature, at + 4)
    return bytes(out)


def test_a_member_in_an_unknown_compression_is_refused_with_a_message(trained, tmp_path):
    path = tmp_path / "odd.npz"
    path.write_bytes(_with_compression_method(ef.to_bytes(capture(trained)), 99))  # 99: AES, which zipfile lacks
    with pytest.raises(ConfigError, match=r"truncated or damaged \(NotImplementedError"):
        ef.read(path)


def test_an_archive_that_would_unpack_too_large_is_refused_before_unpacking(trained, tmp_path, monkeypatch):
    data = ef.to_bytes(capture(trained))
    path = tmp_path / "big.npz"
    path.write_bytes(data)
    monkeypatch.setattr(ef, "MAX_UNPACKED_BYTES", 1 << 10)  # 1 KiB: this small run is more
    with pytest.raises(ConfigError, match=": the archive would unpack to 0 MiB; an experiment holds at most 0 MiB$"):
        ef.read(path)
    monkeypatch.undo()
    assert ef.read(path).state is not None


def test_files_that_are_not_experiments_are_refused(tmp_path):
    png = tmp_path / "picture.npz"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    with pytest.raises(ConfigError, match="not a ganviz experiment"):
        ef.read(png)
    with pytest.raises(ConfigError, match="cannot read"):
        ef.read(tmp_path / "missing.npz")
    with pytest.raises(ConfigError, match="not a JSON experiment"):
        (tmp_path / "notes.json").write_text("hello")
        ef.read(tmp_path / "notes.json")


def test_an_array_of_python_objects_is_refused_without_unpickling(tmp_path):
    header = {"format": ef.FORMAT, "version": 1, "config": {}, "step": 0, "status": "ok"}
    evil = np.array([object()], dtype=object)
    buffer = io.BytesIO()
    np.savez(buffer, header=np.array(json.dumps(header)), evil=evil)  # numpy pickles object arrays
    path = tmp_path / "evil.npz"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(ConfigError, match="allow_pickle"):
        ef.read(path)


def test_wrong_array_shapes_are_refused_when_loading_and_nothing_changes(trained, tmp_path):
    state = capture(trained)
    state.arrays["optim/opt_d/0/exp_avg"] = np.zeros((2, 2), dtype=np.float32)
    path = tmp_path / "shapes.npz"
    ef.save(path, state)
    opened = ef.read(path)  # the header is fine; the arrays are checked against the networks
    tr = Trainer(load_preset("bimodal-1d").with_changes({"hidden": 8}))
    tr.train(5)
    before = capture(tr)
    with pytest.raises(ConfigError, match=r"optim/opt_d/0/exp_avg has shape \(2, 2\)"):
        tr.restore(opened.state)
    assert tr.step_count == 5 and capture(tr).header == before.header


def test_settings_only_json_experiments_still_open_as_config_only(tmp_path):
    config = load_preset("ring-8").with_changes({"lr_g": 2e-4})
    old = tmp_path / "old.json"
    old.write_text(json.dumps({"format": 1, "config": config.to_dict()}))  # what the app saved before
    flat = tmp_path / "flat.json"
    flat.write_text(json.dumps({"target": "ring", "lr_g": 2e-4}))
    for path in (old, flat):
        got = ef.read(path)
        assert got.state is None and got.config.target == "ring" and got.config.lr_g == 2e-4
    assert ef.read(old).config == config
    ef.save_settings(tmp_path / "new.json", config)
    assert ef.read(tmp_path / "new.json") == ef.Experiment(config, None)
    with pytest.raises(ConfigError, match="lr_g"):
        (tmp_path / "bad.json").write_text('{"config": {"lr_g": -1}}')
        ef.read(tmp_path / "bad.json")


def test_a_file_whose_config_is_refused_names_the_key(trained, tmp_path):
    state = capture(trained)
    state.header["config"]["batch_size"] = 0
    path = tmp_path / "config.npz"
    ef.save(path, state)
    with pytest.raises(ConfigError, match="batch_size"):
        ef.read(path)


def test_a_run_on_loaded_points_reopens_without_the_point_store(tmp_path, monkeypatch):
    from ganviz.core import data_file

    monkeypatch.setenv("GANVIZ_DATA_DIR", str(tmp_path / "store"))
    points = np.random.default_rng(1).normal(3.0, 0.5, size=(400, 1))
    ref = data_file.store_points(points)
    tr = Trainer(load_preset("bimodal-1d").with_changes({"target": "samples-1d", "target.data": ref,
                                                         "hidden": 8}))
    tr.train(5)
    path = tmp_path / "run.npz"
    ef.save(path, capture(tr))
    monkeypatch.setenv("GANVIZ_DATA_DIR", str(tmp_path / "elsewhere"))  # another machine: no store
    got = ef.read(path)
    assert got.config.target_params["data"] == ref
    np.testing.assert_allclose(np.sort(data_file.load_points(ref).ravel()), np.sort(points.ravel()))
