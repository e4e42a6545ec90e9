"""Whole runs saved and opened in the window, rewinding with the timeline, autosave and the offer after a crash."""

import io
import json
import multiprocessing as mp

import numpy as np
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from ganviz.core import experiment_file as ef
from ganviz.core.config import from_json
from ganviz.core.presets import load_preset
from tests.app.conftest import FRAME_MS, settle, wait_frame


def small(**changes):
    """bimodal-1d with small networks and a record every 50 steps."""
    return load_preset("bimodal-1d").with_changes({"hidden": 16, "log_every": 50, **changes})




def run_then_pause(qtbot, window, past: int):
    """Play until past `past` steps, then pause; the paused frame."""
    window.transport.play_action.trigger()
    wait_frame(qtbot, window, lambda f: f.playing and f.step > past)
    window.transport.play_action.trigger()
    return wait_frame(qtbot, window, lambda f: not f.playing)


def save(qtbot, window, path):
    """File → Save as a user would (the trainer answers with its state; then the file appears)."""
    window.save_experiment(path)
    qtbot.waitUntil(path.exists, timeout=FRAME_MS)
    return ef.read(path).state


def assert_same_training_state(a, b):
    kinds = ("module", "grad", "optim", "rng")
    names = sorted(k for k in a.arrays if k.split("/")[0] in kinds)
    assert names and names == sorted(k for k in b.arrays if k.split("/")[0] in kinds)
    for name in names:
        np.testing.assert_array_equal(a.arrays[name], b.arrays[name], err_msg=name)
    assert a.header["numpy_rngs"] == b.header["numpy_rngs"] and a.step == b.step


def test_save_then_open_in_the_window_round_trips_the_whole_run(qtbot, open_window, tmp_path):
    window = open_window(small(lr_g=4e-4))
    paused = run_then_pause(qtbot, window, 220)
    saved = save(qtbot, window, tmp_path / "run.npz")
    assert saved.step == paused.step
    rows = saved.histories()["step"]
    np.testing.assert_array_equal(rows, np.arange(0, saved.step + 1, 50))  # the GUI's histories went in, all of them

    window.apply_config(small(lr_g=1e-3, loss="hinge", hidden=24))  # another experiment meanwhile
    wait_frame(qtbot, window, lambda f: from_json(f.config_json).hidden_g == 24)
    assert window.open_experiment(tmp_path / "run.npz") is True
    frame = wait_frame(qtbot, window, lambda f: f.step == saved.step and from_json(f.config_json).hidden_g == 16)
    assert not frame.playing and window.panel.config() == small(lr_g=4e-4) == window.config
    qtbot.waitUntil(lambda: window.history.arrays().get("step", [0])[-1] == saved.step, timeout=FRAME_MS)
    # the file's records, then one the trainer makes of the opened state
    np.testing.assert_array_equal(window.history.arrays()["step"], [*rows[rows < saved.step], saved.step])
    again = save(qtbot, window, tmp_path / "again.npz")
    assert_same_training_state(saved, again)


def test_a_bad_file_shows_a_message_and_leaves_the_experiment_untouched(qtbot, open_window, tmp_path, monkeypatch):
    window = open_window(small())
    paused = run_then_pause(qtbot, window, 60)
    good = save(qtbot, window, tmp_path / "good.npz")
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warnings.append(text))

    data = (tmp_path / "good.npz").read_bytes()
    (tmp_path / "cut.npz").write_bytes(data[: len(data) // 2])
    assert window.open_experiment(tmp_path / "cut.npz") is False
    assert "truncated or damaged" in warnings[-1]

    state = ef.read(tmp_path / "good.npz").state
    weight = next(k for k in state.arrays if k.startswith("module/D/") and k.endswith("weight"))
    state.arrays[weight] = np.zeros((5, 5), np.float32)
    state.header["step"] = 12345
    ef.save(tmp_path / "shapes.npz", state)
    assert window.open_experiment(tmp_path / "shapes.npz") is True  # the header is fine: the trainer checks arrays
    qtbot.waitUntil(lambda: len(warnings) == 2, timeout=FRAME_MS)
    assert "has shape (5, 5)" in warnings[-1]

    newer = io.BytesIO()
    np.savez(newer, header=np.array(json.dumps(dict(good.header, version=ef.VERSION + 1))), **good.arrays)
    (tmp_path / "newer.npz").write_bytes(newer.getvalue())
    window.open_experiment(tmp_path / "newer.npz")
    assert len(warnings) == 3 and "newer ganviz" in warnings[-1]

    state = settle(qtbot, window)  # the trainer has seen whatever the refused files sent it
    assert state.step == paused.step and state.generation == paused.generation
    assert window.panel.config() == small() and not window.session._opened_history
    assert_same_training_state(good, save(qtbot, window, tmp_path / "after.npz"))

    window.transport.play_action.trigger()  # a refused file does not even pause a playing run
    wait_frame(qtbot, window, lambda f: f.playing)
    assert window.open_experiment(tmp_path / "shapes.npz") is True
    qtbot.waitUntil(lambda: len(warnings) == 4, timeout=FRAME_MS)
    refused_at = window.last_frame.step
    frame = wait_frame(qtbot, window, lambda f: f.step > refused_at)
    assert frame.playing and window.transport.is_playing()


def test_the_timeline_rewinds_and_stepping_on_replays_the_run_exactly(qtbot, open_window, tmp_path):
    window = open_window(small())
    paused = run_then_pause(qtbot, window, 160)
    assert len(paused.checkpoints) >= 3 and paused.checkpoints[0] == 0
    qtbot.waitUntil(lambda: window.timeline.positions()[-1] == paused.step, timeout=FRAME_MS)
    before = save(qtbot, window, tmp_path / "before.npz")

    back = paused.checkpoints[-2]  # two checkpoints back
    slider = window.timeline.slider
    slider.setFocus()
    target_index = window.timeline.positions().index(back)
    while slider.value() > target_index:
        qtbot.keyClick(slider, Qt.Key_Left)  # each key asks for a rewind at once, as a release does
    frame = wait_frame(qtbot, window, lambda f: f.step == back and f.generation > paused.generation)
    assert not frame.playing and window.statusBar().currentMessage() == f"rewound at step {back:,}"
    assert max(frame.checkpoints) == back  # the abandoned future is gone
    qtbot.waitUntil(lambda: window.history.arrays()["step"][-1] == back, timeout=FRAME_MS)
    assert np.all(window.history.arrays()["step"] <= back)

    for _ in range(paused.step - back):  # the same steps again, unchanged settings
        window.client.send("step", "both")
    wait_frame(qtbot, window, lambda f: f.step == paused.step)
    assert_same_training_state(before, save(qtbot, window, tmp_path / "replayed.npz"))


def test_autosave_and_the_offer_to_restore_after_a_crash(qtbot, open_window, settings_path):
    window = open_window(small())
    paused = run_then_pause(qtbot, window, 60)
    autosave = settings_path.parent / "autosave.npz"
    assert window.autosaver.path == autosave and window.recovery is None
    window.autosaver.save_now()
    qtbot.waitUntil(autosave.exists, timeout=FRAME_MS)
    assert ef.read(autosave).state.step == paused.step
    requested = []
    window.autosaver.saver.request = lambda path: requested.append(path)
    window.autosaver.save_now()  # nothing moved: no new save is even asked for
    assert requested == []

    # a crash: the session's process is gone without a clean close
    dead = mp.get_context("spawn").Process(target=int)
    dead.start()
    dead.join()
    saved_copy = autosave.read_bytes()
    window.close()
    assert not autosave.exists()  # a clean exit leaves nothing to offer
    autosave.write_bytes(saved_copy)
    settings = QSettings(str(settings_path), QSettings.IniFormat)
    settings.setValue("session_pid", dead.pid)
    settings.sync()

    second = open_window(small(lr_g=5e-3))
    box = second.recovery
    assert box is not None and box.isVisible() and "did not close properly" in box.text()
    crashed = settings_path.parent / "autosave-crashed.npz"
    assert crashed.read_bytes() == saved_copy and not autosave.exists()  # moved out of this session's way
    second.autosaver.save_now()  # this session's autosave does not touch it
    qtbot.waitUntil(autosave.exists, timeout=FRAME_MS)
    second.close()  # nor its clean exit: the question comes again
    assert crashed.read_bytes() == saved_copy and not box.isVisible()  # gone with its window

    third = open_window(small(lr_g=5e-3))
    box = third.recovery
    assert box is not None and str(crashed) in box.text()
    box.button(QMessageBox.Open).click()
    frame = wait_frame(qtbot, third, lambda f: f.step == paused.step)
    assert from_json(frame.config_json) == small() and third.panel.config() == small()
    assert not crashed.exists()  # answered: nothing left to offer
