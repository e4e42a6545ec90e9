"""Live changes are logged with their step and marked on the history plots."""

from ganviz.app.change_log import Change, ChangeLog
from ganviz.app.views.history_plots import LossPlot
from ganviz.core.presets import load_preset
from tests.app.conftest import settle, wait_frame


def test_a_drag_is_one_change_and_a_rewind_keeps_the_earlier_ones():
    log = ChangeLog()
    log.record(100, "lr_d", 1e-3, 5e-4)
    log.record(100, "lr_d", 5e-4, 2e-4)  # the same drag: one change from the first value
    log.record(300, "loss", "nonsaturating", "minimax")
    log.record(400, "beta1", 0.5, 0.5)  # no change at all
    assert log.changes == [Change(100, "lr_d", 1e-3, 2e-4), Change(300, "loss", "nonsaturating", "minimax")]
    assert log.changes[0].text() == "step 100: lr_d 0.001 → 0.0002"
    log.keep_before(299)
    assert [c.step for c in log.changes] == [100]
    log.clear()
    assert log.changes == []


def test_marks_are_lines_at_the_steps_with_the_changes_as_tooltips(qtbot):
    view = LossPlot()
    qtbot.addWidget(view)
    view.marks.show([Change(100, "lr_d", 1e-3, 2e-4), Change(100, "lr_g", 1e-3, 1e-4), Change(900, "pack", 1, 2)])
    assert view.marks.shown() == [(100, "step 100: lr_d 0.001 → 0.0002\nstep 100: lr_g 0.001 → 0.0001"),
                                  (900, "step 900: pack 1 → 2")]
    lines = list(view.marks.lines)
    view.marks.show([Change(50, "seed", 0, 1)])
    assert view.marks.shown() == [(50, "step 50: seed 0 → 1")] and view.marks.lines[0] is lines[0]  # reused


def test_a_live_change_in_the_window_is_marked_and_a_reset_clears_the_marks(qtbot, open_window):
    window = open_window(load_preset("bimodal-1d"))
    window.set_playing(True)
    wait_frame(qtbot, window, lambda f: f.step >= 50)
    window.set_playing(False)
    state = settle(qtbot, window)
    window.apply_live(window.config.with_changes({"lr_d": 1e-4}))
    ((step, text),) = window.losses.marks.shown()
    assert step == window.last_frame.step and text.endswith("lr_d 0.0003 → 0.0001")
    assert window.metrics.marks.shown() == window.losses.marks.shown()
    assert state.step >= 50
    window.reset()
    wait_frame(qtbot, window, lambda f: f.generation != state.generation)
    assert window.losses.marks.shown() == []



def test_a_saved_run_keeps_its_marks_and_opening_it_shows_them(qtbot, open_window, tmp_path):
    from ganviz.core import experiment_file as ef
    from tests.app.conftest import FRAME_MS

    window = open_window(load_preset("bimodal-1d").with_changes({"hidden": 16}))
    window.set_playing(True)
    wait_frame(qtbot, window, lambda f: f.step >= 50)
    window.set_playing(False)
    settle(qtbot, window)
    window.apply_live(window.config.with_changes({"lr_g": 1e-4}))
    marked = window.losses.marks.shown()
    path = tmp_path / "run.npz"
    window.save_experiment(path)
    qtbot.waitUntil(path.exists, timeout=FRAME_MS)
    ((saved,),) = [ef.read(path).state.changes()]
    assert saved == {"step": marked[0][0], "key": "lr_g", "old": 3e-4, "new": 1e-4}

    window.reset()  # another run: no marks ...
    qtbot.waitUntil(lambda: window.losses.marks.shown() == [], timeout=FRAME_MS)
    assert window.open_experiment(path) is True  # ... until the saved one is opened again
    qtbot.waitUntil(lambda: window.losses.marks.shown() == marked, timeout=FRAME_MS)
    assert window.metrics.marks.shown() == marked


def test_marks_from_a_damaged_header_are_skipped():
    log = ChangeLog()
    log.load([{"step": 10, "key": "lr_d", "old": 1e-3, "new": 1e-4}, {"step": "ten"}, "junk"])
    assert log.changes == [Change(10, "lr_d", 1e-3, 1e-4)]
    log.load("not a list")
    assert log.changes == []
