"""The main window with its real trainer process: frames, live edits, single steps, reset, files, faults, death."""

import json
import math
import multiprocessing as mp
import os
import signal

import numpy as np
import pytest
from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from ganviz.app.controls.transport import SPEEDS
from ganviz.app.launch import make_error_hook
from ganviz.app.window import read_experiment
from ganviz.core.config import from_json
from ganviz.core.presets import load_preset
from tests.app.conftest import FIRST_FRAME_MS, FRAME_MS, settle, wait_frame  # noqa: F401 (others import them here)


def small(preset="bimodal-1d", **changes):
    """A preset with small networks, so that the child processes start and train quickly."""
    return load_preset(preset).with_changes({"hidden": 16, **changes})


def shown_config(frame):
    """The config the trainer is running, as the frame reports it."""
    return json.loads(frame.config_json)


def play(window):
    """Press Play (or Pause) as a user would."""
    window.transport.play_action.trigger()


def type_number(qtbot, window, key, text):
    """Type a number into a key's box and press Enter."""
    box = window.panel.field(key).input
    box.selectAll()
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key_Return)


def choose(window, key, item):
    """Pick an item of a key's drop-down."""
    combo = window.panel.field(key).input
    assert combo.findText(item) >= 0, item
    combo.setCurrentText(item)


def pause(qtbot, window):
    """Pause if playing and wait for a paused frame."""
    if window.transport.is_playing():
        play(window)
    return wait_frame(qtbot, window, lambda f: not f.playing)


def process_gone(pid):
    """True when no process has this id, or it is a zombie waiting to be reaped."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def test_first_frame_then_play_moves_the_views(qtbot, open_window):
    window = open_window(small())
    frame = window.last_frame
    assert frame.step == 0 and frame.snapshot.kind == "1d" and not frame.playing
    assert window.pages.currentIndex() == 0
    assert window.step_label.text() == "step 0"
    assert window.transport.speed() == math.inf  # the slider shows what the trainer does: as fast as it can
    before = np.array(window.density_1d.gen_curve.getData()[1])
    assert np.isfinite(before).any()
    frames0 = window.counter.frames

    play(window)
    frame = wait_frame(qtbot, window, lambda f: f.playing and f.step > 300)
    assert window.counter.frames > frames0 + 3
    after = np.array(window.density_1d.gen_curve.getData()[1])
    assert after.shape == before.shape and not np.allclose(after, before)
    assert window.state_label.text() == "running"
    assert window.step_label.text().startswith("step ") and window.step_label.text() != "step 0"
    qtbot.waitUntil(lambda: len(window.history) >= 3, timeout=FRAME_MS)  # the initial record, then every 100
    assert np.all(np.diff(window.history.arrays()["step"]) > 0)
    window.close()


def test_live_edits_reach_the_running_trainer(qtbot, open_window):
    window = open_window(small())
    play(window)
    wait_frame(qtbot, window, lambda f: f.step > 20)

    type_number(qtbot, window, "lr_g", "3e-4")
    assert window.panel.config().lr_g == pytest.approx(3e-4)
    wait_frame(qtbot, window, lambda f: shown_config(f)["lr_g"] == pytest.approx(3e-4))

    choose(window, "loss", "least-squares")
    wait_frame(qtbot, window, lambda f: shown_config(f)["loss"] == "least-squares")

    choose(window, "discriminator", "oracle")
    step = wait_frame(qtbot, window, lambda f: shown_config(f)["discriminator"] == "oracle").step
    frame = wait_frame(qtbot, window, lambda f: f.step > step + 20)  # still training, now against D*
    snap = frame.snapshot
    both = np.isfinite(snap.d) & np.isfinite(snap.d_star)
    assert both.sum() > 10
    np.testing.assert_allclose(snap.d[both], snap.d_star[both], atol=1e-9)
    assert frame.playing and frame.pending == ()
    assert window.panel.pending_keys() == [] and not window.reset_button.isVisible()
    assert shown_config(frame)["lr_g"] == pytest.approx(3e-4) and shown_config(frame)["loss"] == "least-squares"
    window.close()


def test_single_steps_move_only_their_player(qtbot, open_window):
    window = open_window(small())
    start = window.last_frame
    assert start.step == 0

    window.transport.step_actions["d"].trigger()
    after_d = wait_frame(qtbot, window, lambda f: not np.array_equal(f.snapshot.d, start.snapshot.d, equal_nan=True))
    assert after_d.step == 0
    np.testing.assert_array_equal(after_d.snapshot.p_gen, start.snapshot.p_gen)

    window.transport.step_actions["g"].trigger()
    after_g = wait_frame(qtbot, window,
                         lambda f: not np.array_equal(f.snapshot.p_gen, after_d.snapshot.p_gen, equal_nan=True))
    assert after_g.step == 0
    np.testing.assert_array_equal(after_g.snapshot.d, after_d.snapshot.d)

    window.transport.step_actions["both"].trigger()
    after_both = wait_frame(qtbot, window, lambda f: f.step == 1)
    assert not after_both.playing and not window.transport.is_playing()
    assert not np.array_equal(after_both.snapshot.p_gen, after_g.snapshot.p_gen)
    assert not np.array_equal(after_both.snapshot.d, after_g.snapshot.d)  # both players moved
    window.close()


def test_space_s_and_r_play_step_and_reset(qtbot, open_window):
    window = open_window(small())
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key_Space)
    wait_frame(qtbot, window, lambda f: f.playing and f.step > 20)
    qtbot.keyClick(window, Qt.Key_Space)
    paused = wait_frame(qtbot, window, lambda f: not f.playing)
    assert not window.transport.is_playing()
    qtbot.keyClick(window, Qt.Key_S)
    stepped = wait_frame(qtbot, window, lambda f: f.step == paused.step + 1)
    assert not stepped.playing
    qtbot.keyClick(window, Qt.Key_R)
    again = wait_frame(qtbot, window, lambda f: f.generation > paused.generation)
    assert again.step == 0 and not again.playing


def test_the_layout_and_the_last_experiment_come_back_on_the_next_start(qtbot, open_window, settings_path):
    from PySide6.QtCore import QSettings

    from ganviz.app.launch import _initial_config

    window = open_window(small(lr_g=4e-4))
    # within the offscreen screen (800×600): a restore fits a window to its screen. The docks go first: with
    # one shown, the plots' minimum room beside it makes the window wider than 760 px
    window.settings_dock.setVisible(False)
    window.lessons.dock.setVisible(False)
    QApplication.processEvents()  # the layout drops the docks' room before the resize asks for less
    window.resize(760, 540)
    assert window.size().toTuple() == (760, 540)
    type_number(qtbot, window, "lr_d", "0.0003")  # an edit after opening is remembered too
    qtbot.waitUntil(lambda: window.panel.config().lr_d == 3e-4, timeout=FRAME_MS)
    window.close()

    config = _initial_config(None, None, QSettings(str(settings_path), QSettings.IniFormat))
    assert config == small(lr_g=4e-4, lr_d=3e-4)
    again = open_window(config)
    assert again.size().toTuple() == (760, 540)
    assert not again.settings_dock.isVisible() and again.run_toolbar.isVisible()
    assert not again.lessons.dock.isVisible()
    again.close()


def test_reset_starts_over_and_applies_pending_keys(qtbot, open_window):
    window = open_window(small())
    play(window)
    wait_frame(qtbot, window, lambda f: f.step > 150)

    window.panel.field("hidden_g").input.setValue(24)  # takes effect only after a reset
    assert window.reset_button.isVisible() and "hidden_g" in window.reset_button.text()
    # and at the top of the Settings dock, where the change was made
    assert window.apply_button.isVisible() and window.apply_button.text() == "⟳ Reset to apply hidden_g"
    assert window.settings_dock.isAncestorOf(window.apply_button)
    waiting = wait_frame(qtbot, window, lambda f: f.pending == ("hidden_g",))
    assert shown_config(waiting)["hidden_g"] == 16  # still running the old networks

    paused = pause(qtbot, window)
    window.transport.reset_action.trigger()
    frame = wait_frame(qtbot, window, lambda f: f.generation > paused.generation)
    assert frame.step == 0 and not frame.playing
    assert shown_config(frame)["hidden_g"] == 24 and frame.pending == ()
    assert window.panel.pending_keys() == []
    qtbot.waitUntil(lambda: not window.reset_button.isVisible(), timeout=FRAME_MS)
    assert not window.apply_button.isVisible()
    assert window.history.arrays()["step"].tolist() == [0]  # the old run's records are gone
    assert window.step_label.text() == "step 0"
    window.close()


def test_save_and_open_round_trip_and_a_bad_file_is_refused(qtbot, open_window, tmp_path, monkeypatch):
    window = open_window(small(lr_g=2e-4, loss="hinge"))
    saved = window.panel.config()
    path = tmp_path / "experiment.json"
    window.save_experiment(path)
    assert read_experiment(path) == saved
    assert not path.with_name(path.name + ".part").exists()

    window.apply_config(saved.with_changes({"lr_g": 5e-3, "loss": "minimax", "hidden": 24}))
    assert window.panel.config() != saved
    assert window.open_experiment(path) is True
    assert window.config == saved and window.panel.config() == saved
    assert window.panel.field("loss").value() == "hinge"
    wait_frame(qtbot, window, lambda f: from_json(f.config_json) == saved and f.step == 0)

    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warnings.append(text))
    bad_files = {"broken.json": "{not json", "list.json": "[1, 2]", "value.json": '{"config": {"lr_g": -1}}',
                 "key.json": '{"lr_q": 0.1}'}
    for name, text in bad_files.items():
        (tmp_path / name).write_text(text)
    for name in [*bad_files, "missing.json"]:
        assert window.open_experiment(tmp_path / name) is False
        assert window.config == saved and window.panel.config() == saved
    assert len(warnings) == 5
    assert "not a JSON experiment" in warnings[0] and "lr_g" in warnings[2] and "lr_q" in warnings[3]
    assert "cannot read" in warnings[4]
    window.close()


def test_close_while_training_lets_the_children_leave_on_their_own(qtbot, open_window, capfd):
    window = open_window(small())
    play(window)
    wait_frame(qtbot, window, lambda f: f.step > 50)
    pid = window.client.pid
    capfd.readouterr()
    window.close()  # how long closing takes is measured in benchmarks/app_speed.py
    assert not window.isVisible()
    stopped = window.client.last_stop
    assert not stopped.forced and (stopped.trainer_exit, stopped.evaluator_exit) == (0, 0), stopped
    assert not window.client.alive
    assert process_gone(pid)
    assert not [p for p in mp.active_children() if p.is_alive()]
    out, err = capfd.readouterr()  # both children have ended: whatever they printed is in
    assert err == ""


def test_a_fault_in_a_step_is_shown_and_reset_recovers(qtbot, open_window):
    window = open_window(small())
    assert window.client.send("raise")
    play(window)
    qtbot.waitUntil(lambda: getattr(window, "error_box", None) is not None and window.error_box.isVisible(),
                    timeout=FRAME_MS)
    assert "InjectedFault" in window.error_box.text() and "Reset" in window.error_box.text()
    assert not window.transport.is_playing()
    stopped = wait_frame(qtbot, window, lambda f: not f.playing)
    state = settle(qtbot, window)  # every command so far handled: paused, not training behind the dialog
    assert state.step == stopped.step and not state.playing

    window.error_box.close()
    window.transport.reset_action.trigger()
    play(window)
    frame = wait_frame(qtbot, window, lambda f: f.generation > stopped.generation and f.step > 20)
    assert frame.playing and frame.snapshot.status == "ok"
    window.close()


def test_a_diverged_run_says_so_and_offers_reset(qtbot, open_window):
    window = open_window(small(lr_g=1000.0, lr_d=1000.0, optimizer_g="sgd", optimizer_d="sgd"))
    play(window)
    frame = wait_frame(qtbot, window, lambda f: f.snapshot.status == "diverged")
    assert "diverged" in frame.snapshot.message
    qtbot.waitUntil(lambda: "diverged" in window.state_label.text(), timeout=FRAME_MS)
    assert window.reset_button.isVisible() and window.reset_button.text() == "Reset"
    assert not window.transport.is_playing()
    window.close()


def test_a_killed_trainer_is_reported_and_reset_starts_a_new_one(qtbot, open_window):
    window = open_window(small(lr_g=4e-4))
    play(window)
    wait_frame(qtbot, window, lambda f: f.step > 250 and len(window.history) >= 2)
    window.transport.speed_slider.setValue(SPEEDS.index(1 / 4))  # slow motion: 1 step every 4 frames
    old_pid = window.client.pid
    os.kill(old_pid, signal.SIGKILL)
    qtbot.waitUntil(lambda: "stopped" in window.state_label.text(), timeout=FRAME_MS)
    assert "exit code -9" in window.state_label.text()
    assert window.reset_button.isVisible() and not window.transport.is_playing()
    assert not window.client.alive

    window.reset_button.click()
    assert window.client.alive and window.client.pid != old_pid
    frame = wait_frame(qtbot, window, lambda f: f.step == 0, FIRST_FRAME_MS)
    assert from_json(frame.config_json) == window.config and window.config.lr_g == pytest.approx(4e-4)
    assert window.history.arrays()["step"].tolist() == [0]  # nothing left of the killed run
    play(window)
    frame = wait_frame(qtbot, window, lambda f: f.playing and f.step >= 12)
    assert frame.speed == 1 / 4  # the new trainer was told the slider's speed
    assert not window.reset_button.isVisible()
    assert np.all(np.diff(window.history.arrays()["step"]) > 0)
    window.close()


def test_an_error_repeated_every_frame_shows_one_dialog_and_does_not_block(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))  # the hook names the log file
    hook = make_error_hook()
    returned = []

    def fail_three_times():  # as a view failing at three frames in a row would
        for i in range(3):
            try:
                raise RuntimeError(f"a view failed ({i})")
            except RuntimeError as e:
                hook(type(e), e, e.__traceback__)
        returned.append(True)

    def dialogs(exclude=()):
        return [w for w in QApplication.topLevelWidgets()
                if isinstance(w, QMessageBox) and w.isVisible() and w not in exclude]

    earlier = dialogs()  # left open by another test in this worker: not this hook's

    guard = QTimer(interval=1000)  # should a dialog block, close it rather than hang the test
    guard.timeout.connect(lambda: [box.close() for box in dialogs()])
    guard.start()
    loop = QEventLoop()  # a running event loop, as under app.exec()
    QTimer.singleShot(0, fail_three_times)
    QTimer.singleShot(300, loop.quit)
    loop.exec()
    guard.stop()
    shown = dialogs(earlier)
    assert returned and len(shown) == 1 and "a view failed (0)" in shown[0].text()
    assert "a view failed" in shown[0].detailedText()
    shown[0].close()


def test_until_the_first_frame_the_status_says_the_trainer_is_starting(qtbot, settings_path):
    from PySide6.QtCore import QSettings

    from ganviz.app.window import MainWindow

    window = MainWindow(small(), QSettings(str(settings_path), QSettings.IniFormat))
    qtbot.addWidget(window)
    # no frame can have come yet: frames arrive through the event loop, which has not run
    assert window.state_label.text().startswith("starting the trainer (a separate process")
    assert window.state_label.text().endswith(" s") and window._starting_timer.isActive()
    window.show()
    wait_frame(qtbot, window, lambda f: True, FIRST_FRAME_MS)
    qtbot.waitUntil(lambda: not window._starting_timer.isActive(), timeout=FRAME_MS)
    assert window.state_label.text() in ("paused", "running")
    window.close()


@pytest.mark.parametrize("preset", ["bimodal-1d", "ring-8", "dirac-gan"])
def test_before_the_first_frame_the_views_show_the_target(qtbot, settings_path, preset):
    from PySide6.QtCore import QSettings

    from ganviz.app.window import PAGES, MainWindow
    from ganviz.core.preview import preview_snapshot

    config = load_preset(preset)
    window = MainWindow(config, QSettings(str(settings_path), QSettings.IniFormat))
    qtbot.addWidget(window)
    # the event loop has not run: no frame can have come, yet the page and the target are drawn
    assert window.last_frame is None
    expected = preview_snapshot(config)
    assert window.pages.currentIndex() == PAGES[expected.kind]
    if expected.kind == "1d":
        x, y = window.density_1d.true_curve.getData()
        np.testing.assert_array_equal(x, expected.grid)
        np.testing.assert_array_equal(y, expected.p_true)
        generated = window.density_1d.gen_curve.getData()[1]
        assert generated is None or np.isnan(generated).all()  # nothing of G is known yet
    elif expected.kind == "2d":
        x, _ = window.field_2d.contours.getData()
        assert x is not None and np.isfinite(x).sum() > 100  # the ring's contours
    else:
        assert window.dirac.current.getData()[0].tolist() == [config.dirac.theta0]
    window.show()
    wait_frame(qtbot, window, lambda f: True, FIRST_FRAME_MS)  # then the trainer's own frame replaces it
    window.close()
