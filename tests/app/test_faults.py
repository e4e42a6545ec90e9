"""Faults in the real app, beyond test_window's first checks: after an error in a step the app stays
usable without a reset; an infinite loss pauses and refuses to go on until settings change and a
reset; a dead evaluation process is reported and a reset keeps every setting, waiting ones
included; and closing the window in any state (an error dialog open, diverged, a dead trainer,
recording, sweeping, saving) ends every child process and thread, the trainer's two on their own
(exit code 0, none terminated), with nothing on stderr. How fast closing is belongs to
benchmarks/app_speed.py, not here: these tests assert what happened, never how long it took.
"""

import multiprocessing as mp
import os
import signal
import threading

import pytest

from ganviz.app.recorder import RecordSettings
from ganviz.core.config import from_json
from tests.app.test_window import FIRST_FRAME_MS, FRAME_MS, play, settle, shown_config, small, type_number, wait_frame


def child(name):
    """The live child process of this name (ganviz-trainer, ganviz-evaluator, ganviz-sweep), or None."""
    return next((p for p in mp.active_children() if p.name == name and p.is_alive()), None)


def ganviz_threads():
    return [t for t in threading.enumerate() if t.name.startswith("ganviz-") and t.is_alive()]


def close_and_check(qtbot, window, capfd, trainer_exit=0):
    """Close as a user would: the trainer and evaluator leave on their own (the trainer with `trainer_exit`:
    a test that killed it expects -9), every child process and ganviz thread ends, and nothing was
    written to stderr during the whole test (a child's writes are all in once it has ended)."""
    window.close()
    stopped = window.client.last_stop
    assert stopped is not None and not stopped.forced, stopped
    assert (stopped.trainer_exit, stopped.evaluator_exit) == (trainer_exit, 0), stopped
    qtbot.waitUntil(lambda: not [p for p in mp.active_children() if p.is_alive()] and not ganviz_threads(),
                    timeout=FRAME_MS)
    assert capfd.readouterr().err == ""


def error_box_shown(window):
    box = getattr(window, "error_box", None)
    return box is not None and box.isVisible()


def test_after_an_error_in_a_step_the_app_stays_usable_and_closes_with_the_dialog_open(qtbot, open_window, capfd):
    window = open_window(small())
    assert window.client.send("raise")
    window.transport.step_actions["both"].trigger()  # the fault comes from a single step, not from Play
    qtbot.waitUntil(lambda: error_box_shown(window), timeout=FRAME_MS)
    assert "InjectedFault" in window.error_box.text()
    assert window.last_frame.step == 0 and not window.transport.is_playing()

    # with the dialog still open and no reset: a live edit reaches the trainer, and steps go on
    type_number(qtbot, window, "lr_g", "3e-4")
    wait_frame(qtbot, window, lambda f: shown_config(f)["lr_g"] == pytest.approx(3e-4))
    window.transport.step_actions["both"].trigger()
    wait_frame(qtbot, window, lambda f: f.step == 1 and f.snapshot.status == "ok")
    play(window)
    running = wait_frame(qtbot, window, lambda f: f.playing and f.step > 30)
    window.transport.reset_action.trigger()
    wait_frame(qtbot, window, lambda f: f.generation > running.generation)

    window.error_box.close()
    assert window.client.send("raise")  # a second fault while playing: one dialog again, paused
    if not window.transport.is_playing():
        play(window)
    qtbot.waitUntil(lambda: error_box_shown(window), timeout=FRAME_MS)
    wait_frame(qtbot, window, lambda f: not f.playing)
    close_and_check(qtbot, window, capfd)


def test_an_infinite_loss_pauses_refuses_to_go_on_and_a_reset_after_a_fix_recovers(qtbot, open_window, capfd):
    window = open_window(small(loss="least-squares", optimizer_g="sgd", optimizer_d="sgd", lr_g=30.0, lr_d=30.0))
    play(window)
    frame = wait_frame(qtbot, window, lambda f: f.snapshot.status == "diverged")
    assert "a loss became inf" in frame.snapshot.message and not frame.playing
    qtbot.waitUntil(lambda: "became inf" in window.state_label.text(), timeout=FRAME_MS)
    assert not window.transport.is_playing() and window.reset_button.isVisible()

    stuck = window.last_frame.step
    play(window)  # refused: the trainer stays paused and says so in the next frame
    window.transport.step_actions["both"].trigger()
    state = settle(qtbot, window)  # both commands have been handled
    assert state.step == stuck and state.status == "diverged" and not state.playing
    qtbot.waitUntil(lambda: not window.transport.is_playing(), timeout=FRAME_MS)

    for key in ("lr_g", "lr_d"):  # the fix: sane learning rates, then Reset
        type_number(qtbot, window, key, "0.001")
    window.reset_button.click()
    play(window)
    frame = wait_frame(qtbot, window, lambda f: f.snapshot.status == "ok" and f.playing and f.step > 50)
    assert shown_config(frame)["lr_d"] == pytest.approx(1e-3) and not window.reset_button.isVisible()

    type_number(qtbot, window, "lr_d", "30")  # a live change can diverge a running run too
    type_number(qtbot, window, "lr_g", "30")
    frame = wait_frame(qtbot, window, lambda f: f.snapshot.status == "diverged")
    assert "diverged" in window.state_label.text()
    close_and_check(qtbot, window, capfd)


def test_a_dead_evaluator_is_reported_and_reset_keeps_every_setting(qtbot, open_window, capfd):
    window = open_window(small(lr_g=4e-4))
    window.panel.field("hidden_g").input.setValue(12)  # waits for a reset
    type_number(qtbot, window, "lr_d", "2e-3")  # in force at once
    wait_frame(qtbot, window, lambda f: f.pending == ("hidden_g",) and shown_config(f)["lr_d"] == pytest.approx(2e-3))
    play(window)
    wait_frame(qtbot, window, lambda f: f.step > 20)

    os.kill(child("ganviz-evaluator").pid, signal.SIGKILL)
    qtbot.waitUntil(lambda: "stopped" in window.state_label.text(), timeout=FRAME_MS)
    # the trainer leaves quietly once its evaluator is gone, so the line may name either process
    assert "process stopped" in window.state_label.text() and window.reset_button.isVisible()
    assert not window.transport.is_playing()

    window.reset_button.click()
    frame = wait_frame(qtbot, window, lambda f: f.step == 0 and f.pending == (), FIRST_FRAME_MS)
    cfg = from_json(frame.config_json)
    assert (cfg.hidden_g, cfg.lr_g, cfg.lr_d) == (12, pytest.approx(4e-4), pytest.approx(2e-3))
    assert cfg == window.panel.config()
    play(window)
    wait_frame(qtbot, window, lambda f: f.playing and f.step > 20)

    trainer = child("ganviz-trainer")
    os.kill(trainer.pid, signal.SIGKILL)  # and now the trainer: reported, then the window closes cleanly
    qtbot.waitUntil(lambda: "trainer process stopped" in window.state_label.text(), timeout=FRAME_MS)
    close_and_check(qtbot, window, capfd, trainer_exit=-signal.SIGKILL)


def test_closing_while_recording_sweeping_and_saving_stops_everything(qtbot, open_window, capfd, tmp_path):
    window = open_window(small())
    play(window)
    wait_frame(qtbot, window, lambda f: f.playing and f.step > 20)
    gif = tmp_path / "rec.gif"
    window.recorder.start(window.view_area(), RecordSettings(gif, fps=10, width=160, height=90))
    from ganviz.app.sweep_dialog import SweepDialog

    # the window's stability-map dialog, as Lab → Stability map makes it, but not shown: showing it
    # offscreen fails in SweepDialog.metric (an attribute named like QPaintDevice.metric), reported
    dialog = SweepDialog(window.panel.config(), window)
    dialog.steps.setValue(dialog.steps.minimum())
    assert dialog.start()
    qtbot.waitUntil(lambda: child("ganviz-sweep") is not None, timeout=FRAME_MS)
    qtbot.waitUntil(lambda: window.recorder.grabbed > 0, timeout=FRAME_MS)  # some frames recorded
    assert window.recorder.recording
    window.save_experiment(tmp_path / "run.npz")  # the trainer's answer is still on its way
    close_and_check(qtbot, window, capfd)
    assert not window.recorder.recording and gif.exists()  # the recording kept what it had
    assert not dialog.running
